package api

import (
	"reflect"
	"strings"
	"testing"

	"basisscan/domain"
)

func TestCheckKeys(t *testing.T) {
	t.Parallel()
	untyped := reflect.TypeFor[any]()
	tests := []struct {
		body  string
		typ   reflect.Type
		field string // the field refused, "" for none
	}{
		{`{"consent": true}`, untyped, ""},
		{`{"consent": true, "consent": false}`, untyped, "consent"},
		{`{"candidate": {"name": "a", "name": "b"}}`, untyped, "candidate.name"},
		{`{"findings": [{"title": "a"}, {"title": "b", "title": "c"}]}`, untyped, "findings[1].title"},
		{`{"answers": {"a": {"x": 1}, "b": {"x": 2}}}`, untyped, ""},
		{`{"a": [1, 2, {"b": 1}], "c": 1}`, untyped, ""},
		{`{"broken": `, untyped, ""},
		{`{"consent": true}`, reflect.TypeFor[*consentRequest](), ""},
		{`{"consent": true, "Consent": false}`, reflect.TypeFor[*consentRequest](), "Consent"},
		{`{"candidate": {"Name": "a"}}`, reflect.TypeFor[*createScanRequest](), "candidate.Name"},
		{`{"sources": [{"source": "kvk"}, {"Note": "x"}]}`, reflect.TypeFor[*researchRequest](), "sources[1].Note"},
		// Answers are a map: its keys are question ids, checked by the questionnaire.
		{`{"answers": {"CV_opleiding": "x", "cv_opleiding": "y"}}`, reflect.TypeFor[*answersRequest](), ""},
	}
	for _, tt := range tests {
		t.Run(tt.body, func(t *testing.T) {
			err := checkKeys([]byte(tt.body), tt.typ)
			var field string
			if e, ok := domain.AsError(err); ok && len(e.Fields) == 1 {
				field = e.Fields[0].Field
			} else if err != nil {
				t.Fatalf("checkKeys = %v", err)
			}
			if field != tt.field {
				t.Fatalf("checkKeys refuses %q (%v); want %q", field, err, tt.field)
			}
		})
	}
}

// A deeply nested body is refused at the depth limit, not walked to the end.
func TestCheckKeysDepth(t *testing.T) {
	t.Parallel()
	untyped := reflect.TypeFor[any]()
	for _, body := range []string{strings.Repeat("[", 50000), `{"a":` + strings.Repeat(`{"a":`, 40) + "1" + strings.Repeat("}", 41)} {
		if err := checkKeys([]byte(body), untyped); err != errTooDeep {
			t.Fatalf("nesting %d deep: err = %v, want errTooDeep", strings.Count(body, "[")+strings.Count(body, "{"), err)
		}
	}
	ok := `{"answers": {"g": [{"a": [1, {"b": [2]}]}]}}`
	if err := checkKeys([]byte(ok), untyped); err != nil {
		t.Fatalf("a few levels refused: %v", err)
	}
}

// Every value the domain lists is accepted by its field's tag, and nothing
// else: the lists are not written twice.
func TestValueListsAreTheDomains(t *testing.T) {
	t.Parallel()
	lists := map[string][]string{
		"office": strs(domain.Offices), "source_kind": strs(domain.SourceKinds), "vog_status": strs(domain.VOGStatuses),
		"risk_domain": strs(domain.RiskDomains), "finding_class": strs(domain.FindingClasses),
		"conclusion": strs(domain.Conclusions), "outcome": strs(domain.Outcomes), "staff_role": strs(domain.StaffRoles),
	}
	for tag, values := range lists {
		if len(values) == 0 {
			t.Errorf("%s: the domain lists no values", tag)
		}
		for _, v := range values {
			if err := validate.Var(v, tag); err != nil {
				t.Errorf("%s refuses the domain's %q: %v", tag, v, err)
			}
		}
		if err := validate.Var("onbekend", tag); err == nil {
			t.Errorf("%s accepts a value the domain does not list", tag)
		}
	}
	if err := validate.Var(string(domain.RoleCandidate), "staff_role"); err == nil {
		t.Error("a candidate is offered as a staff role")
	}
}

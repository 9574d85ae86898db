package api_test

import (
	"net/http"
	"testing"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

// Every response, success or error, carries the security headers: nothing
// of a scan may be cached, and no response is sniffed as another type.
func TestSecurityHeaders(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.scanIn(t, domain.StateDelivered)
		for _, r := range []reply{
			e.do(t, "GET", "/healthz", "", nil),
			e.do(t, "GET", s.p(""), s.Formateur.Token, nil),
			e.do(t, "GET", s.p("/advice.pdf"), s.Formateur.Token, nil),
			e.do(t, "GET", s.p("/questionnaire"), s.Formateur.Token, nil),
			e.do(t, "GET", "/api/v1/scans", "", nil),
			e.do(t, "GET", "/nope", "", nil),
			e.do(t, "POST", s.p("/consent"), s.Candidate.Token, `{"consent": true, "consent": false}`),
		} {
			for h, want := range map[string]string{"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff",
				"X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"} {
				if got := r.Header.Get(h); got != want {
					t.Errorf("%s %s: %s = %q, want %q", r.Method, r.Path, h, got, want)
				}
			}
			if r.Header.Get("X-Request-Id") == "" {
				t.Errorf("%s %s: no X-Request-Id", r.Method, r.Path)
			}
		}
	})
}

// A key given twice is refused: which of the two was meant is a guess.
func TestDuplicateKeys(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.newScan(t)
		before := e.get(t, s)
		p := problemOf(t, e.do(t, "POST", s.p("/consent"), s.Candidate.Token, `{"consent": false, "consent": true}`), http.StatusBadRequest)
		if p.message("consent") == "" {
			t.Fatalf("the duplicate key is not named: %+v", p)
		}
		e.unchanged(t, s, before)
	})
}

// The adviser's case file holds what the formateur never sees.
func TestCaseFile(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.scanIn(t, domain.StateAdvice)
		type caseFile struct {
			Interview *struct {
				Summary string `json:"summary"`
			} `json:"interview"`
			VOG *struct {
				Reference string `json:"reference"`
			} `json:"vog"`
		}
		c := decode[caseFile](t, e.do(t, "GET", s.p("/case-file"), s.Adviser.Token, nil).want(t, http.StatusOK))
		if c.Interview == nil || c.Interview.Summary != secretInterview || c.VOG == nil || c.VOG.Reference != secretVOGRef {
			t.Fatalf("case file = %+v", c)
		}
		e.do(t, "GET", s.p("/case-file"), s.Formateur.Token, nil).want(t, http.StatusForbidden)
	})
}

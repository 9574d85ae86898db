package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"basisscan/domain"
	"basisscan/web/webtest"
	"basisscan/workflow/gormstore/storetest"
)

// A form value the API's text rule refuses (NUL, which PostgreSQL cannot
// store; control and bidi characters; too long) is refused by the pages too,
// with a page that says so, and changes nothing.
func TestFormTextRule(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		sc, email := e.NewScan(t, e.Formateur, e.Adviser)
		v := e.Visitor(t)
		v.AcceptInvitation(t, email)
		for name, reason := range map[string]string{
			"NUL":        "geen\x00reden",
			"bidi":       "reden \u202eegnal",
			"escape":     "reden \x1b[31m",
			"too long":   strings.Repeat("a", domain.MaxLongTextAnswer+1),
			"bad UTF-8":  "reden \xff",
			"line break": "reden\u2028",
		} {
			p := v.Post(t, "/scans/"+sc.ID+"/terugtrekken", url.Values{"reden": {reason}, "version": {strconv.Itoa(sc.Version)}})
			if p.Status != http.StatusBadRequest || !strings.Contains(p.Body, "teken dat wij niet kunnen verwerken") {
				t.Errorf("%s: status %d\n%s", name, p.Status, p.Body)
			}
		}
		got, err := e.Service.Scan(t.Context(), e.Actor(t, e.Formateur), sc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.State != domain.StateIntake || got.Version != sc.Version {
			t.Fatalf("a refused form changed the scan: %s, version %d", got.State, got.Version)
		}
		// A plain multi-line reason is taken.
		p := v.Post(t, "/scans/"+sc.ID+"/terugtrekken", url.Values{"reden": {"Een andere baan.\r\nDank u."}, "version": {strconv.Itoa(sc.Version)}})
		if p.Status != http.StatusOK {
			t.Fatalf("a plain reason: status %d\n%s", p.Status, p.Body)
		}
	})
}

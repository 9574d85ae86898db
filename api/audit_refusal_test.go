package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

type refusalItem struct {
	Minute    string      `json:"minute"`
	ActorID   string      `json:"actor_id"`
	ActorRole domain.Role `json:"actor_role"`
	Action    string      `json:"action"`
	Object    string      `json:"object"`
	Source    string      `json:"source"`
	Count     int         `json:"count"`
}

type auditTrailWithRefusals struct {
	Intact   bool          `json:"intact"`
	Items    []auditItem   `json:"items"`
	Refusals []refusalItem `json:"refusals"`
}

// Refused reads by an outsider never make the participants' writes fail,
// and each one is counted.
func TestRefusalsDoNotContendWithWrites(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.scanIn(t, domain.StateQuestionnaire)
		const refusals, saves = 32, 50
		var reqs []func() (reply, error)
		for range refusals {
			reqs = append(reqs, func() (reply, error) {
				return e.send("GET", s.p("/questionnaire"), e.adviser2.Token, nil)
			})
		}
		reqs = append(reqs, func() (reply, error) {
			for i := range saves {
				r, err := e.send("PUT", s.p("/questionnaire/answers"), s.Candidate.Token,
					map[string]any{"answers": map[string]any{"cv_opleiding": fmt.Sprintf("antwoord %d", i)}})
				if err != nil || r.Status != http.StatusOK {
					return r, err
				}
			}
			return reply{Status: http.StatusOK}, nil
		})
		out := e.race(t, reqs...)
		for i, r := range out[:refusals] {
			if r.Status != http.StatusNotFound {
				t.Errorf("refused read %d: %s", i, r)
			}
		}
		if r := out[refusals]; r.Status != http.StatusOK {
			t.Fatalf("a save of the candidate failed while an outsider was refused: %s", r)
		}
		trail := decode[auditTrailWithRefusals](t, e.do(t, "GET", s.p("/audit"), s.Adviser.Token, nil).want(t, http.StatusOK))
		if !trail.Intact {
			t.Fatal("the trail reads as broken")
		}
		n := 0
		for _, r := range trail.Refusals {
			if r.ActorID == e.adviser2.ID && r.Action == "read_scan" {
				n += r.Count
			}
		}
		if n != refusals {
			t.Fatalf("refusals counted %d, want %d: %+v", n, refusals, trail.Refusals)
		}
		saved := 0
		for _, it := range trail.Items {
			if it.Action == "save_answers" {
				saved++
			}
			if it.Result == domain.AuditDenied {
				t.Errorf("a refusal went into the scan's own chain: %+v", it)
			}
		}
		if saved != saves {
			t.Fatalf("%d saves in the chain, want %d", saved, saves)
		}
	})
}

// A flood of unauthenticated requests is counted exactly, in a handful of
// rows instead of one each.
func TestUnauthenticatedFloodIsAggregated(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		const flood = 200
		var reqs []func() (reply, error)
		for i := range flood {
			reqs = append(reqs, func() (reply, error) {
				token := ""
				if i%2 == 1 {
					token = fmt.Sprintf("geen-token-%d", i)
				}
				return e.send("GET", "/api/v1/scans", token, nil)
			})
		}
		for i, r := range e.race(t, reqs...) {
			if r.Status != http.StatusUnauthorized {
				t.Fatalf("request %d: %s", i, r)
			}
		}
		rs, err := e.store.Refusals(context.Background(), "")
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, r := range rs {
			if r.Action == "authenticate" {
				n += r.Count
			}
		}
		if n != flood || len(rs) > 4 {
			t.Fatalf("%d refusals in %d rows, want %d in at most 4", n, len(rs), flood)
		}
	})
}

// A download of the PDF is audited, and is no transition: the history stays
// as it was.
func TestDownloadIsAuditedNotHistory(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.scanIn(t, domain.StateDelivered)
		before := e.history(t, s)
		e.do(t, "GET", s.p("/advice.pdf"), s.Formateur.Token, nil).want(t, http.StatusOK)
		e.do(t, "GET", s.p("/advice.pdf"), s.Adviser.Token, nil).want(t, http.StatusOK)
		if after := e.history(t, s); len(after) != len(before) {
			t.Fatalf("history grew from %d to %d entries on downloads: %+v", len(before), len(after), after[len(before):])
		}
		trail := decode[auditTrailWithRefusals](t, e.do(t, "GET", s.p("/audit"), s.Adviser.Token, nil).want(t, http.StatusOK))
		n := 0
		for _, it := range trail.Items {
			if it.Action == "download_advice" && it.Result == domain.AuditOK {
				n++
			}
		}
		if n != 2 {
			t.Fatalf("%d downloads audited, want 2", n)
		}
	})
}

// An unknown signal key is a plain 404 for the signal, not a refused attempt
// on the scan.
func TestUnknownSignalKey(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.scanIn(t, domain.StateAdvice)
		for action, body := range map[string]any{"accept": nil, "dismiss": map[string]string{"reason": "Geen aanleiding gevonden."}} {
			p := problemOf(t, e.do(t, "POST", s.p("/signals/nergens.3/"+action), s.Adviser.Token, body), http.StatusNotFound)
			if !strings.Contains(p.Detail, "Dit signaal bestaat niet") {
				t.Errorf("%s: detail %q", action, p.Detail)
			}
		}
		trail := decode[auditTrailWithRefusals](t, e.do(t, "GET", s.p("/audit"), s.Adviser.Token, nil).want(t, http.StatusOK))
		for _, it := range trail.Items {
			if it.Result == domain.AuditDenied {
				t.Errorf("an unknown signal was recorded as a refused attempt: %+v", it)
			}
		}
		if len(trail.Refusals) != 0 {
			t.Errorf("an unknown signal was recorded as a refusal: %+v", trail.Refusals)
		}
	})
}

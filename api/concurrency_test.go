package api_test

import (
	"net/http"
	"testing"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

// A write naming a version with If-Match succeeds only on that version; a
// stale one gets 412 and changes nothing.
func TestIfMatch(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)

		t.Run("the ETag of a scan is its version", func(t *testing.T) {
			t.Parallel()
			s := e.scanIn(t, domain.StateQuestionnaire)
			r := e.do(t, "GET", s.p(""), s.Candidate.Token, nil).want(t, http.StatusOK)
			if got, want := r.Header.Get("ETag"), etag(decode[scanBody](t, r).Version); got != want || got != `"2"` {
				t.Errorf("ETag = %q, want %q", got, want)
			}
		})

		t.Run("answers", func(t *testing.T) {
			t.Parallel()
			s := e.scanIn(t, domain.StateQuestionnaire)
			v := e.get(t, s).Version
			put := func(ifMatch string, answer string) reply {
				return e.do(t, "PUT", s.p("/questionnaire/answers"), s.Candidate.Token,
					map[string]any{"answers": map[string]any{"cv_opleiding": answer}}, "If-Match", ifMatch)
			}
			put(etag(v), "eerste").want(t, http.StatusOK)
			before := e.get(t, s)
			p := problemOf(t, put(etag(v), "tweede"), http.StatusPreconditionFailed)
			if p.Detail == "" {
				t.Error("412 without detail")
			}
			e.unchanged(t, s, before)
			q := decode[questionnaireBody](t, e.do(t, "GET", s.p("/questionnaire"), s.Candidate.Token, nil).want(t, http.StatusOK))
			if q.Answers["cv_opleiding"] != "eerste" {
				t.Errorf("a stale write changed the answer to %v", q.Answers["cv_opleiding"])
			}
			// The current version is accepted, and so is "*".
			put(etag(v+1), "derde").want(t, http.StatusOK)
			put("*", "vierde").want(t, http.StatusOK)
			if got := e.get(t, s).Version; got != v+3 {
				t.Errorf("version = %d, want %d", got, v+3)
			}
		})

		t.Run("transitions", func(t *testing.T) {
			t.Parallel()
			for _, c := range []struct {
				name, method, suffix string
				body                 any
				state, to            domain.State
				token                func(*scan) string
			}{
				{"consent", "POST", "/consent", map[string]bool{"consent": true}, domain.StateIntake, domain.StateQuestionnaire,
					func(s *scan) string { return s.Candidate.Token }},
				{"submit questionnaire", "POST", "/questionnaire/submit", nil, domain.StateQuestionnaire, domain.StateInterview,
					func(s *scan) string { return s.Candidate.Token }},
				{"save advice", "PUT", "/advice", goodAdvice(), domain.StateAdvice, domain.StateAdvice,
					func(s *scan) string { return s.Adviser.Token }},
				{"sign off", "POST", "/sign-off", nil, domain.StateSignOff, domain.StateDelivered,
					func(s *scan) string { return s.Adviser.Token }},
				{"cancel", "POST", "/cancel", map[string]string{"reason": "x"}, domain.StateVOGCheck, domain.StateCancelled,
					func(s *scan) string { return s.Formateur.Token }},
			} {
				t.Run(c.name, func(t *testing.T) {
					t.Parallel()
					s := e.newScan(t)
					e.walk(t, s, c.state)
					if c.state == domain.StateQuestionnaire {
						e.do(t, "PUT", s.p("/questionnaire/answers"), s.Candidate.Token,
							map[string]any{"answers": answersFor(e.tmpl)}).want(t, http.StatusOK)
					}
					before := e.get(t, s)
					for _, stale := range []int{before.Version - 1, before.Version + 1} {
						if stale < 1 {
							continue
						}
						problemOf(t, e.do(t, c.method, s.p(c.suffix), c.token(s), c.body, "If-Match", etag(stale)), http.StatusPreconditionFailed)
						e.unchanged(t, s, before)
					}
					r := e.do(t, c.method, s.p(c.suffix), c.token(s), c.body, "If-Match", etag(before.Version)).want(t, http.StatusOK)
					if got := r.Header.Get("ETag"); got != etag(before.Version+1) {
						t.Errorf("ETag = %q, want %q", got, etag(before.Version+1))
					}
					if after := e.get(t, s); after.State != string(c.to) || after.Version != before.Version+1 {
						t.Errorf("after: %s version %d, want %s version %d", after.State, after.Version, c.to, before.Version+1)
					}
				})
			}
		})

		t.Run("a malformed If-Match is a 400", func(t *testing.T) {
			t.Parallel()
			s := e.scanIn(t, domain.StateIntake)
			before := e.get(t, s)
			for _, h := range []string{`"abc"`, `"0"`, `"-1"`, `"1", "2"`} {
				e.do(t, "POST", s.p("/consent"), s.Candidate.Token, map[string]bool{"consent": true}, "If-Match", h).want(t, http.StatusBadRequest)
			}
			e.unchanged(t, s, before)
		})
	})
}

// Two transitions fired at once on one scan: exactly one wins, the other is
// told why, and the history records the action once.
func TestConcurrentTransitions(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		const rounds = 4
		type req struct {
			method, suffix string
			body           any
			token          func(*scan) string
			action         string
		}
		consent := req{"POST", "/consent", map[string]bool{"consent": true}, func(s *scan) string { return s.Candidate.Token }, "consent"}
		signOff := req{"POST", "/sign-off", nil, func(s *scan) string { return s.Adviser.Token }, "sign_off"}
		withdraw := req{"POST", "/withdraw", nil, func(s *scan) string { return s.Candidate.Token }, "withdraw"}
		cancel := req{"POST", "/cancel", map[string]string{"reason": "x"}, func(s *scan) string { return s.Formateur.Token }, "cancel"}
		for _, c := range []struct {
			name    string
			state   domain.State
			a, b    req
			ifMatch bool
			loser   int
		}{
			{"two consents", domain.StateIntake, consent, consent, false, http.StatusConflict},
			{"two consents with If-Match", domain.StateIntake, consent, consent, true, http.StatusPreconditionFailed},
			{"two sign-offs", domain.StateSignOff, signOff, signOff, false, http.StatusConflict},
			{"two sign-offs with If-Match", domain.StateSignOff, signOff, signOff, true, http.StatusPreconditionFailed},
			{"withdraw against cancel", domain.StateInterview, withdraw, cancel, false, http.StatusConflict},
		} {
			t.Run(c.name, func(t *testing.T) {
				t.Parallel()
				for round := range rounds {
					s := e.scanIn(t, c.state)
					before := e.get(t, s)
					var hdr []string
					if c.ifMatch {
						hdr = []string{"If-Match", etag(before.Version)}
					}
					fire := func(r req) func() (reply, error) {
						return func() (reply, error) { return e.send(r.method, s.p(r.suffix), r.token(s), r.body, hdr...) }
					}
					got := e.race(t, fire(c.a), fire(c.b))
					var winners, losers []reply
					for _, r := range got {
						switch r.Status {
						case http.StatusOK:
							winners = append(winners, r)
						case c.loser:
							losers = append(losers, r)
						default:
							t.Errorf("round %d: unexpected %s", round, r)
						}
					}
					if len(winners) != 1 || len(losers) != 1 {
						t.Fatalf("round %d: %d won, %d lost; want exactly one of each: %v", round, len(winners), len(losers), got)
					}
					after := e.get(t, s)
					if p := checkProblem(t, losers[0]); c.loser == http.StatusConflict && p.State != after.State {
						t.Errorf("round %d: the loser's 409 names state %q, the scan is in %s", round, p.State, after.State)
					}
					if after.Version != before.Version+1 {
						t.Errorf("round %d: version %d → %d, want one write", round, before.Version, after.Version)
					}
					if w := decode[scanBody](t, winners[0]); w.State != after.State || w.Version != after.Version {
						t.Errorf("round %d: the winner saw %s v%d, the scan is %s v%d", round, w.State, w.Version, after.State, after.Version)
					}
					h := e.history(t, s)
					n := 0
					for _, it := range h {
						if it.Action == c.a.action || it.Action == c.b.action {
							n++
						}
					}
					if n != 1 {
						t.Errorf("round %d: history has %d entries for the race, want 1: %+v", round, n, h)
					}
				}
			})
		}
	})
}

// Drafts saved at the same moment lose nothing: each save either is kept or
// is refused with a 409 that tells the caller to try again.
func TestConcurrentDrafts(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		for round := range 4 {
			s := e.scanIn(t, domain.StateQuestionnaire)
			before := e.get(t, s)
			drafts := []struct {
				id    string
				value any
			}{{"cv_opleiding", "hbo"}, {"cv_afwijkingen", false}, {"familie_partner", true}}
			var reqs []func() (reply, error)
			for _, d := range drafts {
				reqs = append(reqs, func() (reply, error) {
					return e.send("PUT", s.p("/questionnaire/answers"), s.Candidate.Token, map[string]any{"answers": map[string]any{d.id: d.value}})
				})
			}
			want := map[string]any{}
			for i, r := range e.race(t, reqs...) {
				switch r.Status {
				case http.StatusOK:
					want[drafts[i].id] = drafts[i].value
				case http.StatusConflict:
				default:
					t.Errorf("round %d, save %d: %s", round, i, r)
				}
			}
			if len(want) == 0 {
				t.Errorf("round %d: no save was kept", round)
			}
			q := decode[questionnaireBody](t, e.do(t, "GET", s.p("/questionnaire"), s.Candidate.Token, nil).want(t, http.StatusOK))
			if !sameAnswers(q.Answers, want) {
				t.Errorf("round %d: answers %v, want those of the saves that succeeded: %v", round, q.Answers, want)
			}
			if after := e.get(t, s); after.Version != before.Version+len(want) {
				t.Errorf("round %d: version %d → %d, want %d writes", round, before.Version, after.Version, len(want))
			}
		}
	})
}

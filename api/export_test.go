package api_test

import (
	"net/http"
	"strings"
	"testing"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

type exportBody struct {
	Person        person `json:"person"`
	Questionnaire struct {
		Version string `json:"version"`
		Answers []struct {
			ID       string `json:"id"`
			Question string `json:"question"`
			Answer   any    `json:"answer"`
		} `json:"answers"`
	} `json:"questionnaire"`
	Scan struct {
		RecipientRole string `json:"recipient_role"`
	} `json:"scan"`
	Interview *struct {
		Summary   string `json:"summary"`
		Attendees []struct {
			Name string `json:"name"`
		} `json:"attendees"`
	} `json:"interview"`
	VOG *struct {
		Reference string `json:"reference"`
	} `json:"vog"`
	Advice     *adviceBody `json:"advice"`
	AdviceNote string      `json:"advice_note"`
	History    []historyItem
	Access     []struct {
		ActorRole domain.Role `json:"actor_role"`
		Action    string      `json:"action"`
	} `json:"access"`
}

// The candidate can take everything held on them (AVG art. 15); nobody
// else can.
func TestExport(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.scanIn(t, domain.StateAdvice)
		e.do(t, "PUT", s.p("/advice"), s.Adviser.Token, goodAdvice()).want(t, http.StatusOK)

		draft := decode[exportBody](t, e.do(t, "GET", s.p("/export"), s.Candidate.Token, nil).want(t, http.StatusOK))
		if draft.Advice != nil || draft.AdviceNote == "" {
			t.Fatalf("a draft advice was exported: %+v / %q", draft.Advice, draft.AdviceNote)
		}

		e.walk(t, s, domain.StateCandidateReview)
		r := e.do(t, "GET", s.p("/export"), s.Candidate.Token, nil).want(t, http.StatusOK)
		if !strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("Content-Disposition = %q", r.Header.Get("Content-Disposition"))
		}
		x := decode[exportBody](t, r)
		if x.Person.Email != s.Candidate.Email || x.Questionnaire.Version == "" || len(x.Questionnaire.Answers) == 0 {
			t.Fatalf("export lacks the person or the answers: %+v", x)
		}
		for _, a := range x.Questionnaire.Answers {
			if a.Question == "" || a.Answer == nil {
				t.Fatalf("answer without its question: %+v", a)
			}
		}
		if x.Interview == nil || x.Interview.Summary != secretInterview || x.VOG == nil || x.VOG.Reference == "" {
			t.Fatalf("export lacks interview or VOG: %+v %+v", x.Interview, x.VOG)
		}
		// Who attended the interview, and in which capacity the advice is received, are theirs to read too.
		if len(x.Interview.Attendees) == 0 || x.Interview.Attendees[0].Name == "" || x.Scan.RecipientRole != "formateur" {
			t.Fatalf("export lacks the interview's attendees or the recipient's role: %+v, %q", x.Interview.Attendees, x.Scan.RecipientRole)
		}
		if x.Advice == nil || x.Advice.Conclusion == "" || len(x.History) < 5 {
			t.Fatalf("export lacks the advice or history")
		}
		sawAdviserWork := false
		for _, a := range x.Access {
			sawAdviserWork = sawAdviserWork || (a.ActorRole == domain.RoleAdviser && a.Action == "save_advice")
		}
		if !sawAdviserWork {
			t.Fatalf("the access log does not show the adviser's work: %+v", x.Access)
		}

		e.do(t, "GET", s.p("/export"), s.Formateur.Token, nil).want(t, http.StatusForbidden)
		e.do(t, "GET", s.p("/export"), s.Adviser.Token, nil).want(t, http.StatusForbidden)
		other := e.newScan(t)
		e.do(t, "GET", s.p("/export"), other.Candidate.Token, nil).want(t, http.StatusNotFound)
		e.do(t, "GET", s.p("/export"), e.admin.Token, nil).want(t, http.StatusNotFound)
	})
}

// A withdrawn candidate can have their data destroyed at once; a
// content-free record remains for the formateur.
func TestErase(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		s := e.scanIn(t, domain.StateInterview)
		e.do(t, "POST", s.p("/erase"), s.Candidate.Token, nil).want(t, http.StatusConflict) // still running
		e.walk(t, s, domain.StateWithdrawn)
		e.do(t, "POST", s.p("/erase"), s.Formateur.Token, nil).want(t, http.StatusForbidden)
		e.do(t, "POST", s.p("/erase"), e.newScan(t).Candidate.Token, nil).want(t, http.StatusNotFound)
		e.do(t, "POST", s.p("/erase"), s.Candidate.Token, nil).want(t, http.StatusNoContent)
		// Their token went with their data.
		e.do(t, "GET", s.p(""), s.Candidate.Token, nil).want(t, http.StatusUnauthorized)
		b := e.get(t, s)
		if b.State != string(domain.StateWithdrawn) || b.Reference != s.Reference || b.Candidate.Name != "" ||
			strings.Contains(b.Candidate.Email, s.Candidate.Email) {
			t.Fatalf("after erasure the formateur sees %+v", b)
		}
		q := decode[questionnaireBody](t, e.do(t, "GET", s.p("/questionnaire"), s.Adviser.Token, nil).want(t, http.StatusOK))
		if len(q.Answers) != 0 {
			t.Fatalf("answers survived erasure: %v", q.Answers)
		}
		for _, h := range e.history(t, s) {
			if h.Reason != "" {
				t.Fatalf("history keeps a reason: %+v", h)
			}
		}
	})
}

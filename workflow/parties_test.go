package workflow_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"basisscan/domain"
	"basisscan/workflow"
	"basisscan/workflow/gormstore/storetest"
)

// intake returns a valid intake for the env's organisation, changed by edit.
func intake(edit func(*workflow.CreateScanInput)) workflow.CreateScanInput {
	in := workflow.CreateScanInput{CandidateName: "Kees Kandidaat", CandidateEmail: "k@example.nl",
		Office: domain.OfficeWethouder, AdviserEmail: "a@example.nl", PlannedAppointmentDate: domain.NewDate(2026, 5, 1)}
	if edit != nil {
		edit(&in)
	}
	return in
}

// fields returns the fields of an EINVALID error, or fails.
func fields(t *testing.T, err error) []string {
	t.Helper()
	e, ok := domain.AsError(err)
	if !ok || e.Code != domain.EINVALID {
		t.Fatalf("got %v, want EINVALID", err)
	}
	out := []string{}
	for _, f := range e.Fields {
		out = append(out, f.Field)
	}
	return out
}

func (e *env) staff(t *testing.T, org string, r domain.Role, email string) domain.Actor {
	t.Helper()
	_, token, err := e.svc.AddUser(ctx, org, r, "Naam "+email, email)
	if err != nil {
		t.Fatal(err)
	}
	a, err := e.svc.Authenticate(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// The recipient is the formateur in the capacity of formateur unless the
// intake names another role of the organisation's kind and another
// formateur-role account of the organisation.
func TestIntakeRecipient(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		sc, err := e.svc.CreateScan(ctx, e.formateur, intake(nil))
		if err != nil {
			t.Fatal(err)
		}
		if sc.RecipientRole != domain.RecipientFormateur || sc.Recipient.ID != e.formateur.UserID {
			t.Fatalf("default recipient: %s %+v", sc.RecipientRole, sc.Recipient)
		}
		mayor := e.staff(t, "Gemeente Zuidhaven", domain.RoleFormateur, "burgemeester@example.nl")
		sc, err = e.svc.CreateScan(ctx, e.formateur, intake(func(in *workflow.CreateScanInput) {
			in.RecipientRole, in.RecipientEmail = domain.RecipientBurgemeester, "Burgemeester@Example.nl"
		}))
		if err != nil {
			t.Fatal(err)
		}
		if sc.RecipientRole != domain.RecipientBurgemeester || sc.Recipient.ID != mayor.UserID {
			t.Fatalf("chosen recipient: %s %+v", sc.RecipientRole, sc.Recipient)
		}
		if _, err := e.svc.Scan(ctx, mayor, sc.ID); err != nil {
			t.Fatalf("the recipient cannot read the scan: %v", err)
		}
		// A gemeente has no Commissaris van de Koning; the message names its roles.
		_, err = e.svc.CreateScan(ctx, e.formateur, intake(func(in *workflow.CreateScanInput) { in.RecipientRole = domain.RecipientCommissaris }))
		if got := fields(t, err); !slices.Equal(got, []string{"recipient.role"}) {
			t.Fatalf("fields %v", got)
		}
		if e2, _ := domain.AsError(err); !strings.Contains(e2.Fields[0].Message, "burgemeester") {
			t.Errorf("message does not list the choices: %s", e2.Fields[0].Message)
		}
		// The adviser is no formateur, nor is an unknown address.
		for _, addr := range []string{"a@example.nl", "niemand@example.nl"} {
			_, err = e.svc.CreateScan(ctx, e.formateur, intake(func(in *workflow.CreateScanInput) { in.RecipientEmail = addr }))
			if got := fields(t, err); !slices.Equal(got, []string{"recipient.email"}) {
				t.Fatalf("%s: fields %v", addr, got)
			}
		}
	})
}

// The portefeuille is given at intake and edited by the formateur until the
// advice goes to the candidate.
func TestPortfolio(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		_, err := e.svc.CreateScan(ctx, e.formateur, intake(func(in *workflow.CreateScanInput) { in.Portfolio = strings.Repeat("x", 501) }))
		if got := fields(t, err); !slices.Equal(got, []string{"portfolio"}) {
			t.Fatalf("fields %v", got)
		}
		sc := e.start(t) // no portfolio
		got, err := e.svc.EditPortfolio(ctx, e.formateur, sc.ID, nil, "  Financiën en economie ")
		if err != nil || got.Portfolio != "Financiën en economie" {
			t.Fatalf("edit in questionnaire: %q, %v", got.Portfolio, err)
		}
		h, err := e.svc.History(ctx, e.formateur, sc.ID)
		if err != nil || h[len(h)-1].Action != domain.ActionEditPortfolio {
			t.Fatalf("no history entry: %v %v", h, err)
		}
		if _, err := e.svc.EditPortfolio(ctx, e.adviser, sc.ID, nil, "x"); codeOf(err) != domain.EFORBIDDEN {
			t.Fatalf("adviser edits: %v", err)
		}
		e.toReview(t, sc.ID)
		if _, err := e.svc.EditPortfolio(ctx, e.formateur, sc.ID, nil, "Wonen"); codeOf(err) != domain.ECONFLICT {
			t.Fatalf("edit in candidate_review: %v", err)
		}
		cur, _ := e.svc.Scan(ctx, e.adviser, sc.ID)
		if cur.Portfolio != "Financiën en economie" {
			t.Fatalf("portfolio changed after refusal: %q", cur.Portfolio)
		}
	})
}

// toReview takes a consented scan to candidate_review with a plain advice.
func (e *env) toReview(t *testing.T, id string) {
	t.Helper()
	e.advance(t, id, 5)
}

// advance answers a consented scan's questionnaire and takes the first n
// steps of: submit, VOG, interview, advice, submit the advice.
func (e *env) advance(t *testing.T, id string, n int) {
	t.Helper()
	e.answerAll(t, id)
	steps := []func() (*domain.Scan, error){
		func() (*domain.Scan, error) { return e.svc.SubmitQuestionnaire(ctx, e.candidate, id, nil) },
		func() (*domain.Scan, error) {
			return e.svc.RecordVOG(ctx, e.adviser, id, nil, domain.VOG{Status: domain.VOGIssued, IssuedOn: domain.NewDate(2026, 3, 20), Profile: "01"})
		},
		func() (*domain.Scan, error) { return e.svc.RecordInterview(ctx, e.adviser, id, nil, interview()) },
		func() (*domain.Scan, error) {
			return e.svc.SaveAdvice(ctx, e.adviser, id, nil, workflow.AdviceInput{Conclusion: domain.ConclusionNoObjection, Summary: "s"})
		},
		func() (*domain.Scan, error) { return e.svc.SubmitAdvice(ctx, e.adviser, id, nil) },
	}
	for i, step := range steps[:n] {
		if _, err := step(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
}

func interview() domain.Interview {
	return domain.Interview{HeldOn: domain.NewDate(2026, 3, 31), Summary: "s",
		Attendees: []domain.Attendee{{Name: "Kees Kandidaat", Role: "kandidaat"}}}
}

// A re-scan links an earlier scan of the same candidate in the same
// organisation; any other reference is refused in the same words.
func TestRescanLink(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		earlier, err := e.svc.CreateScan(ctx, e.formateur, intake(nil))
		if err != nil {
			t.Fatal(err)
		}
		other, err := e.svc.CreateScan(ctx, e.formateur, intake(func(in *workflow.CreateScanInput) { in.CandidateEmail = "ander@example.nl" }))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.AddOrganisation(ctx, "Gemeente Noordhaven", domain.KindGemeente, domain.Policy{}); err != nil {
			t.Fatal(err)
		}
		nf := e.staff(t, "Gemeente Noordhaven", domain.RoleFormateur, "f@noord.nl")
		e.staff(t, "Gemeente Noordhaven", domain.RoleAdviser, "a@noord.nl")
		abroad, err := e.svc.CreateScan(ctx, nf, intake(func(in *workflow.CreateScanInput) { in.AdviserEmail = "a@noord.nl" }))
		if err != nil {
			t.Fatal(err)
		}
		var msgs []string
		for name, ref := range map[string]string{"another candidate": other.Reference, "another organisation": abroad.Reference,
			"no such scan": "BS-2026-ZZZZZZ"} {
			_, err := e.svc.CreateScan(ctx, e.formateur, intake(func(in *workflow.CreateScanInput) {
				in.Rescan = &workflow.RescanInput{Kind: domain.RescanReappointment, EarlierReference: ref}
			}))
			if got := fields(t, err); !slices.Equal(got, []string{"rescan.earlier_reference"}) {
				t.Fatalf("%s: fields %v", name, got)
			}
			e2, _ := domain.AsError(err)
			msgs = append(msgs, e2.Fields[0].Message)
		}
		if msgs[0] != msgs[1] || msgs[1] != msgs[2] {
			t.Errorf("the refusals differ, which tells one from another: %q", msgs)
		}
		_, err = e.svc.CreateScan(ctx, e.formateur, intake(func(in *workflow.CreateScanInput) {
			in.Rescan = &workflow.RescanInput{Kind: "later", EarlierReference: earlier.Reference}
		}))
		if got := fields(t, err); !slices.Equal(got, []string{"rescan.kind"}) {
			t.Fatalf("bad kind: fields %v", got)
		}
		sc, err := e.svc.CreateScan(ctx, e.formateur, intake(func(in *workflow.CreateScanInput) {
			in.Rescan = &workflow.RescanInput{Kind: domain.RescanMidTerm, EarlierReference: strings.ToLower(earlier.Reference)}
		}))
		if err != nil {
			t.Fatal(err)
		}
		if sc.Rescan == nil || sc.Rescan.EarlierScanID != earlier.ID || sc.Rescan.EarlierReference != earlier.Reference {
			t.Fatalf("link: %+v", sc.Rescan)
		}
		v, err := e.svc.EarlierScan(ctx, e.adviser, sc)
		if err != nil || v.Reference != earlier.Reference || v.State != domain.StateIntake || v.Kind != domain.RescanMidTerm {
			t.Fatalf("adviser's view: %+v, %v", v, err)
		}
		if _, err := e.svc.EarlierScan(ctx, e.formateur, sc); codeOf(err) != domain.EFORBIDDEN {
			t.Fatalf("formateur sees the link: %v", err)
		}
	})
}

// A finding with a measure names who carries it out by when.
func TestMeasureOwnerAndDeadline(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		sc := e.start(t)
		e.advance(t, sc.ID, 3) // to the advice
		measure := func(owner domain.MeasureOwner, dl domain.MeasureDeadline) domain.Finding {
			return domain.Finding{Domain: domain.DomainFinancial, Class: domain.ClassMeasure, Title: "Schuld",
				Measure: "Regel de schuld.", MeasureOwner: owner, MeasureDeadline: dl}
		}
		save := func(f ...domain.Finding) error {
			_, err := e.svc.SaveAdvice(ctx, e.adviser, sc.ID, nil, workflow.AdviceInput{Conclusion: domain.ConclusionMeasures, Summary: "s", Findings: f})
			return err
		}
		// Today is 1 april 2026.
		err := save(measure("", domain.MeasureDeadline{}),
			measure("iemand", domain.MeasureDeadline{Kind: domain.DeadlineOnDate}),
			measure(domain.OwnerGriffie, domain.MeasureDeadline{Kind: domain.DeadlineOnDate, On: domain.NewDate(2026, 3, 31)}),
			measure(domain.OwnerGriffie, domain.MeasureDeadline{Kind: domain.DeadlineOnDate, On: domain.NewDate(2028, 4, 2)}),
			domain.Finding{Domain: domain.DomainFinancial, Class: domain.ClassAttention, Title: "Let op"})
		want := []string{"findings[0].measure_owner", "findings[0].measure_deadline", "findings[1].measure_owner",
			"findings[1].measure_deadline", "findings[2].measure_deadline", "findings[3].measure_deadline"}
		if got := fields(t, err); !slices.Equal(got, want) {
			t.Fatalf("fields %v, want %v", got, want)
		}
		if err := save(measure(domain.OwnerCandidate, domain.MeasureDeadline{Kind: domain.DeadlineBeforeAppointment}),
			measure(domain.OwnerGriffie, domain.MeasureDeadline{Kind: domain.DeadlineOnDate, On: domain.NewDate(2028, 4, 1)})); err != nil {
			t.Fatal(err)
		}
		got, err := e.svc.Advice(ctx, e.adviser, sc.ID)
		if err != nil || got.Advice.Findings[1].MeasureDeadline.On != domain.NewDate(2028, 4, 1) || got.Advice.Findings[0].MeasureOwner != domain.OwnerCandidate {
			t.Fatalf("stored: %+v, %v", got.Advice, err)
		}
	})
}

// Who attended the interview and what was discussed are stored and checked.
func TestInterviewAttendeesAndTopics(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		sc := e.start(t)
		e.advance(t, sc.ID, 1) // to the interview
		in := interview()
		in.Attendees = nil
		_, err := e.svc.RecordInterview(ctx, e.adviser, sc.ID, nil, in)
		if got := fields(t, err); !slices.Equal(got, []string{"attendees"}) {
			t.Fatalf("no attendees: %v", got)
		}
		in.Attendees = []domain.Attendee{{Name: "Kees", Role: ""}, {Name: strings.Repeat("n", 201), Role: "adviseur"}}
		in.Topics = make([]string, 31)
		for i := range in.Topics {
			in.Topics[i] = "onderwerp"
		}
		in.Topics[3] = "twee\nregels"
		_, err = e.svc.RecordInterview(ctx, e.adviser, sc.ID, nil, in)
		if got := fields(t, err); !slices.Equal(got, []string{"attendees[0].role", "attendees[1].name", "topics", "topics[3]"}) {
			t.Fatalf("bad attendees and topics: %v", got)
		}
		in.Attendees = []domain.Attendee{{Name: " Kees Kandidaat ", Role: "kandidaat"}, {Name: "", Role: " "}, {Name: "Ada Adviseur", Role: "integriteitsadviseur"}}
		in.Topics = []string{"Nevenfuncties", " ", "Financiën"}
		got, err := e.svc.RecordInterview(ctx, e.adviser, sc.ID, nil, in)
		if err != nil {
			t.Fatal(err)
		}
		got, err = e.svc.Scan(ctx, e.adviser, got.ID)
		if err != nil {
			t.Fatal(err)
		}
		if iv := got.Interview; len(iv.Attendees) != 2 || iv.Attendees[0].Name != "Kees Kandidaat" || !slices.Equal(iv.Topics, []string{"Nevenfuncties", "Financiën"}) {
			t.Fatalf("stored: %+v", got.Interview)
		}
	})
}

// A disagreeing response is weighed before sign-off; an agreeing or absent
// one needs no weighing, and reopening the advice drops the weighing.
func TestWeighingBeforeSignOff(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		for _, tt := range []struct {
			name    string
			respond func(e *env, id string) error
			weigh   bool
		}{
			{"disagrees", func(e *env, id string) error {
				_, err := e.svc.Respond(ctx, e.candidate, id, nil, workflow.ResponseInput{Agrees: false, Comment: "Klopt niet."})
				return err
			}, true},
			{"agrees", func(e *env, id string) error {
				_, err := e.svc.Respond(ctx, e.candidate, id, nil, workflow.ResponseInput{Agrees: true})
				return err
			}, false},
			{"silent", func(e *env, id string) error {
				e.clock.Advance(11 * 24 * time.Hour)
				_, err := e.svc.CloseReview(ctx, e.adviser, id, nil)
				return err
			}, false},
		} {
			t.Run(tt.name, func(t *testing.T) {
				e := setup(t, d)
				sc := e.start(t)
				e.toReview(t, sc.ID)
				if err := tt.respond(e, sc.ID); err != nil {
					t.Fatal(err)
				}
				offered := func() bool {
					cur, err := e.svc.Scan(ctx, e.adviser, sc.ID)
					if err != nil {
						t.Fatal(err)
					}
					return slices.Contains(e.svc.AllowedActions(e.adviser, cur), domain.ActionSignOff)
				}
				if !tt.weigh {
					if _, err := e.svc.WeighResponse(ctx, e.adviser, sc.ID, nil, workflow.WeighingInput{Explanation: "x"}); codeOf(err) != domain.ECONFLICT {
						t.Fatalf("weighing without a disagreeing response: %v", err)
					}
					if got, err := e.svc.SignOff(ctx, e.adviser, sc.ID, nil); err != nil || got.State != domain.StateDelivered {
						t.Fatalf("sign-off: %v", err)
					}
					return
				}
				if offered() {
					t.Fatal("sign-off offered before the weighing")
				}
				if _, err := e.svc.SignOff(ctx, e.adviser, sc.ID, nil); codeOf(err) != domain.ECONFLICT {
					t.Fatalf("sign-off without weighing: %v", err)
				}
				_, err := e.svc.WeighResponse(ctx, e.adviser, sc.ID, nil, workflow.WeighingInput{Explanation: "  "})
				if got := fields(t, err); !slices.Equal(got, []string{"explanation"}) {
					t.Fatalf("blank explanation: %v", got)
				}
				got, err := e.svc.WeighResponse(ctx, e.adviser, sc.ID, nil, workflow.WeighingInput{Explanation: "De feiten staan vast."})
				if err != nil || got.Advice.Weighing == nil || got.Advice.Weighing.By != e.adviser.UserID {
					t.Fatalf("weigh: %v", err)
				}
				if !offered() {
					t.Fatal("sign-off not offered after the weighing")
				}
				// Reopened and put to the candidate again, the old weighing is gone.
				if _, err := e.svc.ReopenAdvice(ctx, e.adviser, sc.ID, nil); err != nil {
					t.Fatal(err)
				}
				if _, err := e.svc.SubmitAdvice(ctx, e.adviser, sc.ID, nil); err != nil {
					t.Fatal(err)
				}
				if err := tt.respond(e, sc.ID); err != nil {
					t.Fatal(err)
				}
				if _, err := e.svc.SignOff(ctx, e.adviser, sc.ID, nil); codeOf(err) != domain.ECONFLICT {
					t.Fatalf("sign-off on an old weighing: %v", err)
				}
			})
		}
	})
}

package workflow_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"basisscan/domain"
	"basisscan/workflow"
	"basisscan/workflow/gormstore/storetest"
)

// Issue 12: the planned appointment date moves, the VOG runs in parallel,
// and the deadlines follow the date.
func TestAppointmentDateAndVOG(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			t.Run("date change is audited, with its rules", func(t *testing.T) { t.Parallel(); testChangeDate(t, setup(t, d)) })
			t.Run("a later date makes the VOG too old for benoemd", func(t *testing.T) { t.Parallel(); testDateAgesVOG(t, setup(t, d)) })
			t.Run("advice signed with the VOG requested", func(t *testing.T) { t.Parallel(); testVOGPending(t, setup(t, d)) })
			t.Run("refused VOG in review reopens the advice", func(t *testing.T) { t.Parallel(); testVOGRefusedInReview(t, setup(t, d)) })
			t.Run("response deadline capped by the date", func(t *testing.T) { t.Parallel(); testDeadlineCapped(t, setup(t, d)) })
			t.Run("questionnaire deadline set at consent", func(t *testing.T) { t.Parallel(); testQuestionnaireDue(t, setup(t, d)) })
		})
	}
}

// toAdvice walks a started scan to the advice with the given VOG recorded
// first (none when nil).
func (e *env) toAdvice(t *testing.T, id string, v *domain.VOG) {
	t.Helper()
	e.answerAll(t, id)
	if _, err := e.svc.SubmitQuestionnaire(ctx, e.candidate, id, nil); err != nil {
		t.Fatal(err)
	}
	if v != nil {
		if _, err := e.svc.RecordVOG(ctx, e.adviser, id, nil, *v); err != nil {
			t.Fatal(err)
		}
	}
	got, err := e.svc.RecordInterview(ctx, e.adviser, id, nil, domain.Interview{HeldOn: domain.NewDate(2026, 3, 31), Summary: "s",
		Attendees: []domain.Attendee{{Name: "Kees Kandidaat", Role: "kandidaat"}}})
	if err != nil || got.State != domain.StateAdvice {
		t.Fatalf("interview: %v, state %v", err, got)
	}
	if _, err := e.svc.SaveAdvice(ctx, e.adviser, id, nil, workflow.AdviceInput{Conclusion: domain.ConclusionNoObjection, Summary: "s"}); err != nil {
		t.Fatal(err)
	}
}

// toDelivered walks a scan in advice through review to a signed advice.
func (e *env) toDelivered(t *testing.T, id string) *domain.Scan {
	t.Helper()
	if _, err := e.svc.SubmitAdvice(ctx, e.adviser, id, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Respond(ctx, e.candidate, id, nil, workflow.ResponseInput{Agrees: true}); err != nil {
		t.Fatal(err)
	}
	sc, err := e.svc.SignOff(ctx, e.adviser, id, nil)
	if err != nil || sc.State != domain.StateDelivered {
		t.Fatalf("sign-off: %v", err)
	}
	return sc
}

// mailsTo returns the bodies of the messages to addr since message from.
func (e *env) mailsTo(addr string, from int) []string {
	var out []string
	for _, m := range e.mail.All()[from:] {
		if strings.EqualFold(m.To, addr) {
			out = append(out, m.Body)
		}
	}
	return out
}

func testChangeDate(t *testing.T, e *env) {
	sc := e.start(t) // appointment 1 mei 2026, today 1 april 2026
	change := func(a domain.Actor, d domain.Date, reason string) (*domain.Scan, error) {
		return e.svc.ChangeAppointmentDate(ctx, a, sc.ID, nil, d, reason)
	}
	for name, tt := range map[string]struct {
		date   domain.Date
		reason string
		field  string
	}{
		"no reason":       {domain.NewDate(2026, 6, 1), "  ", "reason"},
		"in the past":     {domain.NewDate(2026, 3, 31), "uitstel", "date"},
		"too far ahead":   {domain.NewDate(2028, 4, 2), "uitstel", "date"},
		"the same date":   {domain.NewDate(2026, 5, 1), "uitstel", "date"},
		"reason too long": {domain.NewDate(2026, 6, 1), strings.Repeat("x", 1001), "reason"},
	} {
		_, err := change(e.formateur, tt.date, tt.reason)
		if e2, ok := domain.AsError(err); !ok || e2.Code != domain.EINVALID || len(e2.Fields) != 1 || e2.Fields[0].Field != tt.field {
			t.Errorf("%s: %v, want EINVALID on %s", name, err, tt.field)
		}
	}
	for _, a := range []domain.Actor{e.adviser, e.candidate} {
		if _, err := change(a, domain.NewDate(2026, 6, 1), "uitstel"); codeOf(err) != domain.EFORBIDDEN {
			t.Errorf("%s changed the date: %v", a.Role, err)
		}
	}
	if got, _ := e.svc.Scan(ctx, e.formateur, sc.ID); got.PlannedAppointmentDate != domain.NewDate(2026, 5, 1) || got.Version != sc.Version {
		t.Fatalf("a refused change changed the scan: %s, version %d", got.PlannedAppointmentDate, got.Version)
	}
	before := len(e.mail.All())
	got, err := change(e.formateur, domain.NewDate(2026, 6, 15), " De raad vergadert later. ")
	if err != nil || got.PlannedAppointmentDate != domain.NewDate(2026, 6, 15) || got.State != domain.StateQuestionnaire {
		t.Fatalf("change: %v, %+v", err, got)
	}
	if reloaded, _ := e.svc.Scan(ctx, e.adviser, sc.ID); reloaded.PlannedAppointmentDate != domain.NewDate(2026, 6, 15) {
		t.Fatalf("the new date was not stored: %s", reloaded.PlannedAppointmentDate)
	}
	h, _ := e.svc.History(ctx, e.formateur, sc.ID)
	last := h[len(h)-1]
	if last.Action != domain.ActionChangeAppointment || last.ActorRole != domain.RoleFormateur ||
		last.Reason != "Beoogde benoemingsdatum gewijzigd van 1 mei 2026 naar 15 juni 2026. Reden: De raad vergadert later." {
		t.Fatalf("history: %+v", last)
	}
	chain, _ := e.store.AuditChain(ctx, sc.ID)
	audited := false
	for _, ev := range chain.Events {
		audited = audited || (ev.Action == string(domain.ActionChangeAppointment) && ev.Result == domain.AuditOK && ev.ActorRole == domain.RoleFormateur)
	}
	if !audited {
		t.Fatal("the change is not in the audit trail")
	}
	adv, cand := e.mailsTo("a@example.nl", before), e.mailsTo("k@example.nl", before)
	if len(adv) != 1 || !strings.Contains(adv[0], "van 1 mei 2026 naar 15 juni 2026") || !strings.Contains(adv[0], "VOG: nog niet vastgelegd") {
		t.Fatalf("adviser mail: %q", adv)
	}
	if len(cand) != 1 || !strings.Contains(cand[0], "De nieuwe datum is 15 juni 2026.") || strings.Contains(cand[0], "raad vergadert") {
		t.Fatalf("candidate mail: %q", cand)
	}
	// Once closed, the date is history.
	if _, err := e.svc.Cancel(ctx, e.formateur, sc.ID, nil, "gestopt"); err != nil {
		t.Fatal(err)
	}
	if _, err := change(e.formateur, domain.NewDate(2026, 7, 1), "uitstel"); codeOf(err) != domain.ECONFLICT {
		t.Fatalf("change after the end: %v", err)
	}
}

func testDateAgesVOG(t *testing.T, e *env) {
	sc := e.start(t)
	e.toAdvice(t, sc.ID, &domain.VOG{Status: domain.VOGIssued, IssuedOn: domain.NewDate(2026, 3, 20), Profile: "01"})
	signed := e.toDelivered(t, sc.ID)
	if st := e.svc.VOGStatus(signed); st.Kind != workflow.VOGValidFor || st.Text != "geldig voor de benoeming op 1 mei 2026" {
		t.Fatalf("status before the move: %+v", st)
	}
	before := len(e.mail.All())
	moved, err := e.svc.ChangeAppointmentDate(ctx, e.formateur, sc.ID, nil, domain.NewDate(2026, 7, 1), "later")
	if err != nil || moved.State != domain.StateDelivered {
		t.Fatalf("move after delivery: %v", err)
	}
	// 20 maart is more than three months before 1 juli: nobody cached "valid".
	if st := e.svc.VOGStatus(moved); st.Kind != workflow.VOGTooOld || !strings.Contains(st.Text, "1 juli 2026") {
		t.Fatalf("status after the move: %+v", st)
	}
	if adv := e.mailsTo("a@example.nl", before); len(adv) != 1 || !strings.Contains(adv[0], "VOG: niet geldig voor de benoeming op 1 juli 2026") {
		t.Fatalf("adviser mail: %q", adv)
	}
	if cand := e.mailsTo("k@example.nl", before); len(cand) != 1 || !strings.Contains(cand[0], "Uw VOG is dan ouder dan drie maanden; vraag een nieuwe aan.") {
		t.Fatalf("candidate mail: %q", cand)
	}
	_, err = e.svc.RecordOutcome(ctx, e.formateur, sc.ID, nil, domain.OutcomeAppointed)
	if e2, ok := domain.AsError(err); !ok || e2.Code != domain.EINVALID || e2.Fields[0].Field != "outcome" ||
		!strings.Contains(e2.Fields[0].Message, "Gemeentewet art. 36a lid 2") || !strings.Contains(e2.Fields[0].Message, "1 juli 2026") {
		t.Fatalf("benoemd with a VOG too old: %v", err)
	}
	// A new VOG after delivery is an addendum: the signed advice stays.
	docBefore := e.document(t, sc.ID)
	e.clock.Advance(14 * 24 * time.Hour) // 15 april
	added, err := e.svc.RecordVOG(ctx, e.adviser, sc.ID, nil, domain.VOG{Status: domain.VOGIssued, IssuedOn: domain.NewDate(2026, 4, 14), Profile: "01"})
	if err != nil || added.State != domain.StateDelivered {
		t.Fatalf("VOG after delivery: %v", err)
	}
	if added.Advice.SHA256 != signed.Advice.SHA256 || !bytes.Equal(e.document(t, sc.ID), docBefore) {
		t.Fatal("the addendum changed the signed advice or its document")
	}
	h, _ := e.svc.History(ctx, e.adviser, sc.ID)
	if last := h[len(h)-1]; last.Action != domain.ActionRecordVOG || last.From != domain.StateDelivered || last.To != domain.StateDelivered {
		t.Fatalf("no history entry of the addendum: %+v", last)
	}
	closed, err := e.svc.RecordOutcome(ctx, e.formateur, sc.ID, nil, domain.OutcomeAppointed)
	if err != nil || closed.State != domain.StateClosed {
		t.Fatalf("benoemd with a valid VOG: %v", err)
	}
}

// document returns the stored PDF of the scan's advice.
func (e *env) document(t *testing.T, id string) []byte {
	t.Helper()
	_, doc, err := e.svc.AdviceDocument(ctx, e.adviser, id, domain.DocumentAdvice)
	if err != nil {
		t.Fatal(err)
	}
	return doc.PDF
}

func testVOGPending(t *testing.T, e *env) {
	sc := e.start(t)
	e.toAdvice(t, sc.ID, &domain.VOG{Status: domain.VOGRequested})
	signed := e.toDelivered(t, sc.ID)
	if st := e.svc.VOGStatus(signed); st.Kind != workflow.VOGPending || st.Text != "aangevraagd" {
		t.Fatalf("status: %+v", st)
	}
	if _, err := e.svc.RecordOutcome(ctx, e.formateur, sc.ID, nil, domain.OutcomeAppointed); codeOf(err) != domain.EINVALID {
		t.Fatalf("benoemd with the VOG requested: %v", err)
	}
	findings := len(signed.Advice.Findings)
	refused, err := e.svc.RecordVOG(ctx, e.adviser, sc.ID, nil, domain.VOG{Status: domain.VOGRefused})
	if err != nil || refused.State != domain.StateDelivered || len(refused.Advice.Findings) != findings ||
		refused.Advice.SHA256 != signed.Advice.SHA256 {
		t.Fatalf("refusal after delivery: %v, %+v", err, refused)
	}
	seen, _ := e.svc.Scan(ctx, e.formateur, sc.ID)
	if st := e.svc.VOGStatus(seen); st.Kind != workflow.VOGWasRefused || st.Text != "VOG geweigerd" {
		t.Fatalf("formateur's status: %+v", st)
	}
	if _, err := e.svc.RecordOutcome(ctx, e.formateur, sc.ID, nil, domain.OutcomeAppointed); codeOf(err) != domain.EINVALID {
		t.Fatalf("benoemd after a refusal: %v", err)
	}
	if got, err := e.svc.RecordOutcome(ctx, e.formateur, sc.ID, nil, domain.OutcomeNotAppointed); err != nil || got.State != domain.StateClosed {
		t.Fatalf("niet benoemd: %v", err)
	}
}

func testVOGRefusedInReview(t *testing.T, e *env) {
	sc := e.start(t)
	e.toAdvice(t, sc.ID, &domain.VOG{Status: domain.VOGRequested})
	if _, err := e.svc.SubmitAdvice(ctx, e.adviser, sc.ID, nil); err != nil {
		t.Fatal(err)
	}
	got, err := e.svc.RecordVOG(ctx, e.adviser, sc.ID, nil, domain.VOG{Status: domain.VOGRefused})
	if err != nil || got.State != domain.StateAdvice || got.Advice.ReviewFrom != nil || !got.Advice.HasObstruction() {
		t.Fatalf("refusal in review: %v, %+v", err, got)
	}
	if _, err := e.svc.SubmitAdvice(ctx, e.adviser, sc.ID, nil); codeOf(err) != domain.EINVALID {
		t.Fatalf("submitted again without ontraden: %v", err)
	}
}

func testDeadlineCapped(t *testing.T, e *env) {
	sc := e.start(t) // response period 10 days; today 1 april 10:00 UTC
	e.toAdvice(t, sc.ID, &domain.VOG{Status: domain.VOGIssued, IssuedOn: domain.NewDate(2026, 3, 20), Profile: "01"})
	if _, err := e.svc.ChangeAppointmentDate(ctx, e.formateur, sc.ID, nil, domain.NewDate(2026, 4, 6), "eerder"); err != nil {
		t.Fatal(err)
	}
	before := len(e.mail.All())
	sub, err := e.svc.SubmitAdvice(ctx, e.adviser, sc.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The end of 5 april in Amsterdam (summer time), not 11 april.
	want := time.Date(2026, 4, 5, 22, 0, 0, 0, time.UTC)
	if end := e.svc.ResponseDeadline(sub); end == nil || !end.Equal(want) {
		t.Fatalf("deadline %v, want %v", end, want)
	}
	if cand := e.mailsTo("k@example.nl", before); len(cand) != 1 || !strings.Contains(cand[0], "U kunt reageren tot 6 april 2026 om 00.00 uur") {
		t.Fatalf("review mail: %q", cand)
	}
	e.clock.Set(want.Add(-time.Minute))
	if _, err := e.svc.CloseReview(ctx, e.adviser, sc.ID, nil); codeOf(err) != domain.ECONFLICT {
		t.Fatalf("closed before the capped deadline: %v", err)
	}
	// Moving the date on moves the deadline back to the period's end.
	before = len(e.mail.All())
	moved, err := e.svc.ChangeAppointmentDate(ctx, e.formateur, sc.ID, nil, domain.NewDate(2026, 5, 1), "later")
	if err != nil {
		t.Fatal(err)
	}
	full := sub.Advice.ReviewFrom.Add(10 * 24 * time.Hour)
	if end := e.svc.ResponseDeadline(moved); end == nil || !end.Equal(full) {
		t.Fatalf("deadline after the move %v, want %v", end, full)
	}
	deadline := domain.DutchDateTime(full, time.FixedZone("CEST", 2*3600))
	for _, body := range append(e.mailsTo("k@example.nl", before), e.mailsTo("a@example.nl", before)...) {
		if !strings.Contains(body, deadline) {
			t.Fatalf("mail without the new deadline %s: %q", deadline, body)
		}
	}
	e.clock.Set(want)
	if _, err := e.svc.CloseReview(ctx, e.adviser, sc.ID, nil); codeOf(err) != domain.ECONFLICT {
		t.Fatalf("closed before the moved deadline: %v", err)
	}
	e.clock.Set(full)
	if _, err := e.svc.CloseReview(ctx, e.adviser, sc.ID, nil); err != nil {
		t.Fatalf("close at the deadline: %v", err)
	}
}

func testQuestionnaireDue(t *testing.T, e *env) {
	sc := e.start(t)
	if sc.QuestionnaireDue == nil || !sc.QuestionnaireDue.Equal(sc.Consent.At.Add(7*24*time.Hour)) {
		t.Fatalf("due %v, consent at %v", sc.QuestionnaireDue, sc.Consent.At)
	}
	if got, _ := e.svc.Scan(ctx, e.adviser, sc.ID); got.QuestionnaireDue == nil || !got.QuestionnaireDue.Equal(*sc.QuestionnaireDue) {
		t.Fatalf("due not stored: %v", got.QuestionnaireDue)
	}
}

package web_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"basisscan/domain"
	"basisscan/domain/domaintest"
	"basisscan/web/webtest"
	"basisscan/workflow"
	"basisscan/workflow/gormstore/storetest"
)

// answerMark is in every text answer of adviserScan's scans, so that a
// test can tell whether a page shows answers.
const answerMark = "Antwoordtekst"

// adviserScan is a scan whose questionnaire was submitted with answers
// that fire signals, and the actors to drive it through the service.
type adviserScan struct {
	e                   *webtest.Env
	sc                  *domain.Scan
	email               string
	cand, adv, formateu domain.Actor
}

// submittedAnswers are complete answers to the 2026-2 questionnaire that
// fire at least the signal about agreements with the organisation.
func submittedAnswers(tmpl *domain.Template, extra domain.Answers) domain.Answers {
	a := domaintest.CompleteAnswers(tmpl, answerMark)
	a["zakelijke_relaties_overeenkomsten"] = true
	for k, v := range extra {
		a[k] = v
	}
	for _, m := range tmpl.Missing(a) {
		a[m] = answerMark + " toelichting"
	}
	return a
}

// newAdviserScan starts a scan and has its candidate consent, answer and
// submit, through the service.
func newAdviserScan(t *testing.T, e *webtest.Env) *adviserScan {
	t.Helper()
	return newAdviserScanWith(t, e, nil)
}

// newAdviserScanWith is newAdviserScan with some answers changed.
func newAdviserScanWith(t *testing.T, e *webtest.Env, extra domain.Answers) *adviserScan {
	t.Helper()
	ctx := context.Background()
	sc, email := e.NewScan(t, e.Formateur, e.Adviser)
	s := &adviserScan{e: e, sc: sc, email: email, adv: e.Actor(t, e.Adviser), formateu: e.Actor(t, e.Formateur),
		cand: domain.Actor{UserID: sc.Candidate.ID, Role: domain.RoleCandidate, OrganisationID: sc.OrganisationID,
			Organisations: []string{sc.OrganisationID}}}
	s.do(t, func(id string) (*domain.Scan, error) {
		return e.Service.Consent(ctx, s.cand, id, nil, workflow.ConsentInput{Given: true})
	})
	s.do(t, func(id string) (*domain.Scan, error) {
		return e.Service.SaveAnswers(ctx, s.cand, id, nil, submittedAnswers(e.Template, extra))
	})
	s.do(t, func(id string) (*domain.Scan, error) { return e.Service.SubmitQuestionnaire(ctx, s.cand, id, nil) })
	return s
}

func (s *adviserScan) do(t *testing.T, f func(id string) (*domain.Scan, error)) {
	t.Helper()
	sc, err := f(s.sc.ID)
	if err != nil {
		t.Fatalf("set up scan: %v", err)
	}
	s.sc = sc
}

// now returns the scan as stored.
func (s *adviserScan) now(t *testing.T) *domain.Scan {
	t.Helper()
	sc, err := s.e.Service.Scan(context.Background(), s.adv, s.sc.ID)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func (s *adviserScan) path(suffix string) string { return "/scans/" + s.sc.ID + suffix }

func (s *adviserScan) version(t *testing.T) string { return strconv.Itoa(s.now(t).Version) }

// validVOG is issued three weeks before the tests' today, profile 01.
func validVOG() domain.VOG {
	return domain.VOG{Status: domain.VOGIssued, IssuedOn: domain.DateOf(webtest.T0).AddDate(0, 0, -21), Profile: "01", Reference: "VOG-123"}
}

// toAdvice records VOG and interview through the service: the scan is
// then in the advice phase.
func (s *adviserScan) toAdvice(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	s.do(t, func(id string) (*domain.Scan, error) { return s.e.Service.RecordVOG(ctx, s.adv, id, nil, validVOG()) })
	s.do(t, func(id string) (*domain.Scan, error) {
		return s.e.Service.RecordInterview(ctx, s.adv, id, nil, domain.Interview{HeldOn: domain.DateOf(webtest.T0), Summary: "Goed gesprek.", Attendees: []domain.Attendee{{Name: "Kees Kandidaat", Role: "kandidaat"}}})
	})
	if s.sc.State != domain.StateAdvice {
		t.Fatalf("scan in %s, want advice", s.sc.State)
	}
}

// toSignOff writes and submits an advice, and has the candidate agree.
func (s *adviserScan) toSignOff(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	s.toAdvice(t)
	s.do(t, func(id string) (*domain.Scan, error) {
		return s.e.Service.SaveAdvice(ctx, s.adv, id, nil, workflow.AdviceInput{Conclusion: domain.ConclusionAttention,
			Summary: "Er zijn aandachtspunten.", Findings: []domain.Finding{{Domain: domain.DomainFinancial, Title: "Huurcontract",
				Class: domain.ClassAttention, Description: "Huurt een pand van de gemeente."}}})
	})
	s.do(t, func(id string) (*domain.Scan, error) { return s.e.Service.SubmitAdvice(ctx, s.adv, id, nil) })
	s.do(t, func(id string) (*domain.Scan, error) {
		return s.e.Service.Respond(ctx, s.cand, id, nil, workflow.ResponseInput{Agrees: true, Comment: "Akkoord."})
	})
}

// adviserGets are the adviser's pages of a scan.
var adviserGets = []string{"/antwoorden", "/signalen", "/bronnen", "/gesprek", "/vog", "/advies",
	"/advies/voorleggen", "/ondertekenen", "/geschiedenis", "/audit"}

// adviserPosts are the adviser's forms of a scan.
var adviserPosts = []string{"/toelichting", "/signalen/overeenkomst_met_bestuursorgaan_wethouder/overnemen",
	"/signalen/overeenkomst_met_bestuursorgaan_wethouder/terzijde", "/bronnen", "/gesprek", "/vog", "/advies",
	"/advies/voorleggen", "/advies/heropenen", "/advies/weging", "/reactietermijn/sluiten", "/ondertekenen"}

func TestAdviserPagesOnlyForTheScansAdviser(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		s := newAdviserScan(t, e)
		s.toAdvice(t)
		before := s.now(t)

		adviser := e.Visitor(t)
		adviser.SignIn(t, e.Adviser)
		want(t, adviser.Get(t, s.path("")), http.StatusOK, s.sc.Reference, "Signalen", "nog af te handelen", "Eva Smit",
			`<a href="/scans/`+s.sc.ID+`/advies">Het advies schrijven</a>`)
		want(t, adviser.Get(t, s.path("/antwoorden")), http.StatusOK, answerMark)

		formateur := e.Visitor(t)
		formateur.SignIn(t, e.Formateur)
		other := e.Visitor(t)
		other.SignIn(t, e.Adviser2)
		candidate := e.Visitor(t)
		candidate.AcceptInvitation(t, s.email)
		for name, v := range map[string]*webtest.Visitor{"formateur": formateur, "other organisation's adviser": other, "candidate": candidate} {
			for _, p := range adviserGets {
				got := v.Get(t, s.path(p))
				want(t, got, http.StatusNotFound, "Pagina niet gevonden")
				if strings.Contains(got.Body, answerMark) || strings.Contains(got.Body, "Goed gesprek") {
					t.Fatalf("%s sees content at %s", name, p)
				}
			}
			for _, p := range adviserPosts {
				want(t, v.Post(t, s.path(p), url.Values{"version": {strconv.Itoa(before.Version)}, "reason": {"Een lange genoeg reden."},
					"held_on": {"2026-03-01"}, "summary": {"x"}, "status": {"issued"}, "note": {"x"}, "questions": {"cv_opleiding"}}),
					http.StatusNotFound)
			}
		}
		// The formateur's own scan page shows no answers either.
		if p := formateur.Get(t, s.path("")); strings.Contains(p.Body, answerMark) {
			t.Fatal("the formateur's scan page shows answers")
		}
		// Another organisation's adviser does not get the scan page either.
		want(t, other.Get(t, s.path("")), http.StatusNotFound)
		if now := s.now(t); now.Version != before.Version {
			t.Fatalf("refused posts changed the scan: version %d → %d", before.Version, now.Version)
		}
	})
}

func TestAdviserAnswersAndClarification(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		s := newAdviserScan(t, e)
		v := e.Visitor(t)
		v.SignIn(t, e.Adviser)
		p := v.Get(t, s.path("/antwoorden"))
		want(t, p, http.StatusOK, "<h1>Antwoorden van de kandidaat</h1>", "Zakelijke relaties met "+webtest.OrgA, "Ja", "Nee",
			answerMark+" toelichting", `name="questions" value="zakelijke_relaties_overeenkomsten"`)
		if strings.Contains(p.Body, ">true<") || strings.Contains(p.Body, ">false<") {
			t.Fatal("raw values on the answers page")
		}

		// Nothing chosen, no note: the error summary, and nothing asked.
		bad := v.Post(t, s.path("/toelichting"), url.Values{"version": {s.version(t)}, "note": {" "}})
		want(t, bad, http.StatusUnprocessableEntity, `href="#f-questions"`, `href="#f-note"`, "Kies ten minste één vraag")
		if n := len(s.now(t).Clarifications); n != 0 {
			t.Fatalf("%d clarifications after a bad request", n)
		}

		ok := v.Post(t, s.path("/toelichting"), url.Values{"version": {s.version(t)},
			"questions": {"zakelijke_relaties_overeenkomsten"}, "note": {"Welke overeenkomsten zijn dat precies?"}})
		want(t, ok, http.StatusOK, "Uw vraag om toelichting is naar de kandidaat gestuurd.", "Welke overeenkomsten zijn dat precies?", "Nog niet beantwoord")
		cl := s.now(t).Clarifications
		if len(cl) != 1 || cl[0].Questions[0] != "zakelijke_relaties_overeenkomsten" || !cl[0].Open() {
			t.Fatalf("clarifications: %+v", cl)
		}

		// The candidate answers: the page shows it, and the change in the log.
		s.do(t, func(id string) (*domain.Scan, error) {
			return e.Service.AnswerClarification(context.Background(), s.cand, id, nil, cl[0].ID,
				domain.Answers{"zakelijke_relaties_overeenkomsten": false})
		})
		after := v.Get(t, s.path("/antwoorden"))
		want(t, after, http.StatusOK, "Beantwoord op", "<h2>Gewijzigde antwoorden</h2>", "<td>Ja</td><td>Nee</td>")
		if strings.Contains(after.Body, "Nog niet beantwoord") {
			t.Fatal("answered clarification shown as open")
		}
	})
}

func TestAdviserSignals(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		s := newAdviserScan(t, e)
		v := e.Visitor(t)
		v.SignIn(t, e.Adviser)
		const key = "overeenkomst_met_bestuursorgaan_wethouder"
		want(t, v.Get(t, s.path("/signalen")), http.StatusOK, "Overeenkomsten met het bestuursorgaan", "Nog niet afgehandeld",
			"/signalen/"+key+"/overnemen")

		// A dismissal needs a reason; the typed text stays.
		bad := v.Post(t, s.path("/signalen/"+key+"/terzijde"), url.Values{"version": {s.version(t)}, "reason": {"kort"}})
		want(t, bad, http.StatusUnprocessableEntity, "minstens 10 tekens", `href="#f-overeenkomst-met-bestuursorgaan-wethouder-reason"`, ">kort</textarea>")
		if d := s.now(t).SignalDecisions; len(d) != 0 {
			t.Fatalf("decisions after a bad dismissal: %v", d)
		}

		acc := v.Post(t, s.path("/signalen/"+key+"/overnemen"), url.Values{"version": {s.version(t)},
			"title": {"Huurovereenkomst met de gemeente"}, "class": {"beheersmaatregel"}, "domain": {"financieel"},
			"measure": {"Niet meebeslissen over de huur."}})
		want(t, acc, http.StatusOK, "Het signaal staat nu als bevinding in het advies.", "Overgenomen in het advies")
		sc := s.now(t)
		if sc.SignalDecisions[key].Status != domain.SignalAccepted || sc.Advice == nil || len(sc.Advice.Findings) != 1 ||
			sc.Advice.Findings[0].Title != "Huurovereenkomst met de gemeente" || sc.Advice.Findings[0].Class != domain.ClassMeasure {
			t.Fatalf("after accepting: %+v %+v", sc.SignalDecisions, sc.Advice)
		}

		// A stale form says so and keeps what was typed.
		stale := v.Post(t, s.path("/signalen/"+key+"/terzijde"), url.Values{"version": {strconv.Itoa(sc.Version - 1)},
			"reason": {"Toch geen bevinding, want opgezegd."}})
		want(t, stale, http.StatusConflict, "De scan is intussen gewijzigd", "Toch geen bevinding, want opgezegd.")

		dis := v.Post(t, s.path("/signalen/"+key+"/terzijde"), url.Values{"version": {s.version(t)},
			"reason": {"Toch geen bevinding, want opgezegd."}})
		want(t, dis, http.StatusOK, "Het signaal is terzijde gelegd.", "Toch geen bevinding, want opgezegd.")
		if sc := s.now(t); sc.SignalDecisions[key].Status != domain.SignalDismissed || len(sc.Advice.Findings) != 0 {
			t.Fatalf("after dismissing: %+v %+v", sc.SignalDecisions, sc.Advice)
		}
		want(t, v.Get(t, s.path("/signalen/bestaat-niet/overnemen")), http.StatusNotFound)
		want(t, v.Post(t, s.path("/signalen/bestaat-niet/overnemen"), url.Values{"version": {s.version(t)}}), http.StatusNotFound)
	})
}

func TestAdviserResearchInterviewVOG(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		s := newAdviserScan(t, e)
		v := e.Visitor(t)
		v.SignIn(t, e.Adviser)

		want(t, v.Get(t, s.path("/bronnen")), http.StatusOK, "<h1>Openbare bronnen</h1>", "Kadaster", `name="source-1-kind"`)
		add := v.Post(t, s.path("/bronnen"), url.Values{"version": {s.version(t)}, "rows": {"2"}, "do": {"add"},
			"source-0-kind": {"kadaster"}, "source-0-note": {"Eigen woning"}})
		want(t, add, http.StatusOK, `name="source-2-kind"`, "Eigen woning")
		bad := v.Post(t, s.path("/bronnen"), url.Values{"version": {s.version(t)}, "rows": {"2"},
			"source-0-kind": {"kadaster"}, "source-0-checked_on": {"2026-13-45"}, "source-0-note": {"Eigen woning"}})
		want(t, bad, http.StatusUnprocessableEntity, `href="#f-source-0-checked_on"`, "Eigen woning")
		future := v.Post(t, s.path("/bronnen"), url.Values{"version": {s.version(t)}, "rows": {"1"},
			"source-0-kind": {"kadaster"}, "source-0-checked_on": {"2027-01-01"}})
		want(t, future, http.StatusUnprocessableEntity, `href="#f-source-0-checked_on"`, "toekomst")
		if n := len(s.now(t).Research); n != 0 {
			t.Fatalf("%d sources after bad input", n)
		}
		ok := v.Post(t, s.path("/bronnen"), url.Values{"version": {s.version(t)}, "rows": {"3"},
			"source-1-kind": {"kvk"}, "source-1-checked_on": {"2026-02-27"}, "source-1-note": {"Eenmanszaak"}})
		want(t, ok, http.StatusOK, "Opgeslagen.", "Eenmanszaak")
		if r := s.now(t).Research; len(r) != 1 || r[0].Source != domain.SourceKvK || r[0].Note != "Eenmanszaak" {
			t.Fatalf("research: %+v", r)
		}

		badVOG := v.Post(t, s.path("/vog"), url.Values{"version": {s.version(t)}, "status": {"issued"},
			"issued_on": {"2026-02-09"}, "profile": {"02"}, "reference": {"R-1"}})
		want(t, badVOG, http.StatusUnprocessableEntity, `href="#f-profile"`, "screeningsprofiel 01", `value="R-1"`)
		if s.now(t).VOG != nil {
			t.Fatal("VOG recorded from bad input")
		}
		want(t, v.Post(t, s.path("/vog"), url.Values{"version": {s.version(t)}, "status": {"issued"},
			"issued_on": {"2026-02-09"}, "profile": {"01"}, "reference": {"R-1"}}), http.StatusOK, "Opgeslagen.")
		if g := s.now(t).VOG; g == nil || g.Status != domain.VOGIssued || g.Reference != "R-1" {
			t.Fatalf("VOG: %+v", g)
		}

		want(t, v.Post(t, s.path("/gesprek"), url.Values{"version": {s.version(t)}, "held_on": {"2026-03-09"}, "summary": {"Over de huur."}}),
			http.StatusUnprocessableEntity, `href="#f-held_on"`, "Over de huur.")
		want(t, v.Post(t, s.path("/gesprek"), url.Values{"version": {s.version(t)}, "held_on": {""}, "summary": {""}}),
			http.StatusUnprocessableEntity, `href="#f-held_on"`, `href="#f-summary"`)
		if s.now(t).Interview != nil {
			t.Fatal("interview recorded from bad input")
		}
		want(t, v.Post(t, s.path("/gesprek"), url.Values{"version": {s.version(t)}, "held_on": {"2026-03-02"}, "summary": {"Over de huur."},
			"attendees": {"1"}, "attendee-0-name": {""}, "attendee-0-role": {""}}),
			http.StatusUnprocessableEntity, `href="#f-attendee-0-name"`, "Over de huur.")
		want(t, v.Post(t, s.path("/gesprek"), url.Values{"version": {s.version(t)}, "held_on": {"2026-03-02"}, "summary": {"Over de huur."},
			"attendees": {"2"}, "attendee-0-name": {""}, "attendee-0-role": {""}, "attendee-1-name": {"Kees"}, "attendee-1-role": {""}}),
			http.StatusUnprocessableEntity, `href="#f-attendee-1-role"`)
		want(t, v.Post(t, s.path("/gesprek"), url.Values{"version": {s.version(t)}, "held_on": {"2026-03-02"}, "summary": {"Over de huur."},
			"attendees": {"1"}, "attendee-0-name": {"Kees"}, "attendee-0-role": {"kandidaat"}, "do": {"add-topic"}}),
			http.StatusOK, `name="topic-0"`, `value="Kees"`, "Vergeet niet vast te leggen")
		if s.now(t).Interview != nil {
			t.Fatal("interview recorded from bad input or by adding a row")
		}
		want(t, v.Post(t, s.path("/gesprek"), url.Values{"version": {s.version(t)}, "held_on": {"2026-03-02"}, "summary": {"Over de huur."},
			"attendees": {"1"}, "attendee-0-name": {"Kees"}, "attendee-0-role": {"kandidaat"},
			"topics": {"2"}, "topic-0": {"Huur"}, "topic-1": {" "}}),
			http.StatusOK, "Opgeslagen.", "advies")
		if sc := s.now(t); sc.State != domain.StateAdvice || sc.Interview.Summary != "Over de huur." ||
			len(sc.Interview.Attendees) != 1 || !slices.Equal(sc.Interview.Topics, []string{"Huur"}) {
			t.Fatalf("after the interview: %s %+v", sc.State, sc.Interview)
		}
		// Now past the interview, its page shows it without a form.
		p := v.Get(t, s.path("/gesprek"))
		want(t, p, http.StatusOK, "Over de huur.", "2 maart 2026", "Kees (kandidaat)", "Huur")
		if strings.Contains(p.Body, `action="/scans/`+s.sc.ID+`/gesprek"`) {
			t.Fatal("interview form offered after the interview")
		}
	})
}

func TestAdviserAdviceEditor(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		s := newAdviserScan(t, e)
		s.toAdvice(t)
		v := e.Visitor(t)
		v.SignIn(t, e.Adviser)
		want(t, v.Get(t, s.path("/advies")), http.StatusOK, "<h1>Advies</h1>", "Geen belemmeringen of aandachtspunten", "Financieel", `value="add-financieel"`)

		form := func(version string) url.Values {
			return url.Values{"version": {version}, "conclusion": {"beheersmaatregelen"}, "summary": {"Met maatregelen."},
				"findings": {"1"}, "finding-0-domain": {"financieel"}, "finding-0-class": {"beheersmaatregel"},
				"finding-0-title": {"Huurcontract"}, "finding-0-description": {"Huurt een pand."},
				"finding-0-measure_owner": {"griffie"}, "finding-0-measure_deadline": {"on-date"}, "finding-0-measure_deadline_on": {"2026-06-01"}}
		}
		add := form(s.version(t))
		add.Set("do", "add-relationeel")
		want(t, v.Post(t, s.path("/advies"), add), http.StatusOK, `name="finding-1-title"`, `value="Huurcontract"`, "Vergeet niet op te slaan")

		bad := v.Post(t, s.path("/advies"), form(s.version(t)))
		want(t, bad, http.StatusUnprocessableEntity, `href="#f-finding-0-measure"`, "Beschrijf de beheersmaatregel.", "Met maatregelen.")
		if s.now(t).Advice != nil {
			t.Fatal("advice saved from bad input")
		}
		good := form(s.version(t))
		good.Set("finding-0-measure", "Niet meebeslissen.")
		stale := form(strconv.Itoa(s.now(t).Version - 1))
		stale.Set("finding-0-measure", "Niet meebeslissen.")
		want(t, v.Post(t, s.path("/advies"), stale), http.StatusConflict, "De scan is intussen gewijzigd", "Niet meebeslissen.")
		want(t, v.Post(t, s.path("/advies"), good), http.StatusOK, "Opgeslagen.", "Niet meebeslissen.")
		adv := s.now(t).Advice
		if adv == nil || adv.Conclusion != domain.ConclusionMeasures || len(adv.Findings) != 1 || adv.Findings[0].Measure != "Niet meebeslissen." {
			t.Fatalf("advice: %+v", adv)
		}

		remove := form(s.version(t))
		remove.Set("do", "remove-0")
		if p := v.Post(t, s.path("/advies"), remove); strings.Contains(p.Body, `value="Huurcontract"`) {
			t.Fatal("finding still in the form after remove")
		}
		if len(s.now(t).Advice.Findings) != 1 {
			t.Fatal("remove saved without asking")
		}

		// Submitting asks first, then puts the advice to the candidate.
		want(t, v.Get(t, s.path("/advies/voorleggen")), http.StatusOK, "Ja, leg het advies voor", "Benoembaar mits de beheersmaatregelen worden uitgevoerd")
		want(t, v.Post(t, s.path("/advies/voorleggen"), url.Values{"version": {s.version(t)}}), http.StatusOK,
			"Het conceptadvies is aan de kandidaat voorgelegd.", "reactie kandidaat")
		if st := s.now(t).State; st != domain.StateCandidateReview {
			t.Fatalf("state %s after submitting", st)
		}
		// The period runs: closing it is refused, with the service's words.
		want(t, v.Post(t, s.path("/reactietermijn/sluiten"), url.Values{"version": {s.version(t)}}), http.StatusConflict, "loopt nog tot")
		want(t, v.Post(t, s.path("/advies/heropenen"), url.Values{"version": {s.version(t)}}), http.StatusOK, "Het advies is weer geopend.")
		if st := s.now(t).State; st != domain.StateAdvice {
			t.Fatalf("state %s after reopening", st)
		}
	})
}

func TestAdviserSubmitRefusedShowsWhy(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		s := newAdviserScan(t, e)
		s.toAdvice(t)
		v := e.Visitor(t)
		v.SignIn(t, e.Adviser)
		want(t, v.Post(t, s.path("/advies/voorleggen"), url.Values{"version": {s.version(t)}}), http.StatusUnprocessableEntity,
			"Kies een conclusie.", "Schrijf een samenvatting.", "Ja, leg het advies voor")
		if st := s.now(t).State; st != domain.StateAdvice {
			t.Fatalf("state %s", st)
		}
		// Signing off is not possible yet: its page says so.
		want(t, v.Get(t, s.path("/ondertekenen")), http.StatusConflict, "U kunt nu niet het advies ondertekenen")
	})
}

func TestAdviserSignOffHistoryAudit(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		s := newAdviserScan(t, e)
		s.toSignOff(t)
		v := e.Visitor(t)
		v.SignIn(t, e.Adviser)
		want(t, v.Get(t, s.path("")), http.StatusOK, "Advies ondertekenen")
		want(t, v.Get(t, s.path("/advies")), http.StatusOK, "Reactie van de kandidaat", "Akkoord.")
		want(t, v.Get(t, s.path("/ondertekenen")), http.StatusOK, "Ja, onderteken het advies", "Daarna kan niemand het nog veranderen.",
			"Eens met het advies: Akkoord.")
		want(t, v.Post(t, s.path("/ondertekenen"), url.Values{"version": {"x"}}), http.StatusBadRequest)
		want(t, v.Post(t, s.path("/ondertekenen"), url.Values{"version": {s.version(t)}}), http.StatusOK,
			"Het advies is ondertekend en aan de formateur gegeven.", "opgeleverd")
		if sc := s.now(t); sc.State != domain.StateDelivered || sc.Advice.SignedAt == nil {
			t.Fatalf("after sign-off: %s", sc.State)
		}

		h := v.Get(t, s.path("/geschiedenis"))
		want(t, h, http.StatusOK, "<h1>Geschiedenis</h1>", "Het advies ondertekenen", "van ondertekening naar opgeleverd",
			"Arjen Bakker (integriteitsadviseur)", "Eva Smit (kandidaat)")
		if strings.Contains(h.Body, "sign_off") {
			t.Fatal("internal names in the history")
		}
		want(t, v.Get(t, s.path("/signalen")), http.StatusOK)
		a := v.Get(t, s.path("/audit"))
		want(t, a, http.StatusOK, "Het logboek is compleet en ongewijzigd.", "De signalen bekeken", "Het auditlogboek bekeken", "Gelukt")
		for _, raw := range []string{"read_answers", "sign_off", "{\""} {
			if strings.Contains(a.Body, raw) {
				t.Fatalf("audit page shows %q", raw)
			}
		}
	})
}

func TestAdviserFourEyesRefusalShown(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		if err := e.Service.SetPolicy(context.Background(), webtest.OrgA, domain.Policy{TemplateVersion: webtest.Template, FourEyes: true}); err != nil {
			t.Fatal(err)
		}
		s := newAdviserScan(t, e)
		s.toSignOff(t)
		v := e.Visitor(t)
		v.SignIn(t, e.Adviser)
		// The adviser wrote the advice: signing is not offered, and a
		// signing sent anyway gets the service's reason.
		if p := v.Get(t, s.path("")); strings.Contains(p.Body, "/ondertekenen") {
			t.Fatal("sign-off offered to the advice's author under four eyes")
		}
		want(t, v.Get(t, s.path("/ondertekenen")), http.StatusConflict, "U kunt nu niet het advies ondertekenen")
		want(t, v.Post(t, s.path("/ondertekenen"), url.Values{"version": {s.version(t)}}), http.StatusForbidden,
			"Een andere adviseur moet het advies ondertekenen")
		if st := s.now(t).State; st != domain.StateSignOff {
			t.Fatalf("state %s after a refused sign-off", st)
		}
	})
}

func TestAdviserWordsOnlySignalNeedsOwnWords(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		s := newAdviserScanWith(t, e, domain.Answers{"persoonlijk_kwetsbaarheid": true})
		v := e.Visitor(t)
		v.SignIn(t, e.Adviser)
		const key = "chantabiliteit"
		p := v.Get(t, s.path("/signalen"))
		want(t, p, http.StatusOK, "Mogelijke kwetsbaarheid voor druk of chantage", "alleen in uw eigen woorden over")
		bad := v.Post(t, s.path("/signalen/"+key+"/overnemen"), url.Values{"version": {s.version(t)}, "title": {"Druk"}})
		want(t, bad, http.StatusUnprocessableEntity, `href="#f-chantabiliteit-description"`, "in uw eigen woorden", `value="Druk"`,
			`<details class="adviser-edit" open>`)
		if sc := s.now(t); len(sc.SignalDecisions) != 0 || sc.Advice != nil {
			t.Fatalf("words-only signal accepted without own words: %+v", sc.SignalDecisions)
		}
	})
}

package web

import (
	"encoding/json"
	"mime"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"basisscan/api"
	"basisscan/domain"
	"basisscan/workflow"
)

// The candidate's pages: their scan's status, consent, the questionnaire,
// the draft advice and their response, withdrawal and the export.

func (s *Server) candidateRoutes(g *gin.RouterGroup) {
	s.questionnaireRoutes(g)
	g.GET("/scans/:id/toestemming", s.consentForm)
	g.POST("/scans/:id/toestemming", s.consent)
	g.GET("/scans/:id/toestemming/weigeren", s.refuseForm)
	g.POST("/scans/:id/toestemming/weigeren", s.refuse)
	g.GET("/scans/:id/conceptadvies", s.draftAdvice)
	g.POST("/scans/:id/conceptadvies", s.respond)
	g.GET("/scans/:id/terugtrekken", s.withdrawForm)
	g.POST("/scans/:id/terugtrekken", s.withdraw)
	g.GET("/scans/:id/gegevens", s.myDataPage)
	g.GET("/scans/:id/mijn-gegevens", s.myDataDownload)
}

func init() {
	notices["geweigerd"] = "U hebt geen toestemming gegeven. De scan is gestopt."
	notices["gereageerd"] = "Dank u. Uw reactie op het conceptadvies is opgeslagen."
	notices["teruggetrokken"] = "U hebt uw kandidatuur teruggetrokken. De scan is gestopt."
}

// isStale reports whether the service refused a write because the scan
// changed since the form was shown.
func isStale(err error) bool { return domain.ErrorCodeOf(err) == domain.ESTALE }

// candidatePhase is a phase as the candidate reads it: its name and what
// happens next.
type candidatePhase struct {
	Name, Next string
}

var candidatePhases = map[domain.State]candidatePhase{
	domain.StateIntake: {"Toestemming",
		"Lees waarvoor wij uw toestemming vragen en kies of u toestemming geeft. Zonder uw toestemming begint de scan niet."},
	domain.StateQuestionnaire: {"Vragenlijst",
		"U vult de vragenlijst in. Als u klaar bent, verstuurt u hem. Daarna bekijkt de integriteitsadviseur uw antwoorden."},
	domain.StateInterview: {"Onderzoek en gesprek",
		"De integriteitsadviseur bekijkt uw antwoorden, zoekt in openbare bronnen en maakt een afspraak met u voor een gesprek."},
	domain.StateVOGCheck: {"Verklaring Omtrent het Gedrag",
		"De integriteitsadviseur wacht op uw Verklaring Omtrent het Gedrag (VOG)."},
	domain.StateAdvice: {"Advies schrijven",
		"De integriteitsadviseur schrijft het conceptadvies. U krijgt een e-mail als u het kunt lezen."},
	domain.StateCandidateReview: {"Uw reactie op het conceptadvies",
		"Lees het conceptadvies en laat weten of u het ermee eens bent. Uw reactie komt bij het advies."},
	domain.StateSignOff: {"Ondertekening",
		"De integriteitsadviseur ondertekent het advies. Daarna krijgt de formateur het advies."},
	domain.StateDelivered: {"Advies bij de formateur",
		"De formateur heeft het advies. De formateur besluit over uw benoeming."},
	domain.StateClosed: {"Afgerond",
		"De scan is afgerond. U hoeft niets meer te doen."},
	domain.StateWithdrawn: {"Teruggetrokken",
		"U hebt uw kandidatuur teruggetrokken. De scan is gestopt."},
	domain.StateCancelled: {"Gestopt",
		"De formateur heeft de scan stopgezet. U hoeft niets meer te doen."},
	domain.StateRefused: {"Geen toestemming",
		"U hebt geen toestemming gegeven. De scan is gestopt."},
}

// candidateAction is something the candidate can do now, as a link.
type candidateAction struct {
	Href, Label string
	Warning     bool // it stops the scan
}

type candidateStatusData struct {
	Scan     *domain.Scan
	Phase    candidatePhase
	Actions  []candidateAction
	Deadline *time.Time
	// CanDownload offers the signed documents, when the organisation lets
	// candidates have a copy.
	CanDownload bool
}

// candidateScan is the candidate's status page: the phase, what happens
// next and what they can do now, as the service allows it.
func (s *Server) candidateScan(c *gin.Context) {
	sc, ok := s.loadScan(c)
	if !ok {
		return
	}
	a, _ := currentActor(c)
	allowed := s.Scans.AllowedActions(a, sc)
	base := "/scans/" + sc.ID
	var acts []candidateAction
	if slices.Contains(allowed, domain.ActionConsent) {
		acts = append(acts, candidateAction{Href: base + "/toestemming", Label: "Lees de toestemmingstekst en geef uw keuze"})
	}
	if slices.Contains(allowed, domain.ActionSaveAnswers) || slices.Contains(allowed, domain.ActionSubmitQuestionnaire) {
		acts = append(acts, candidateAction{Href: base + "/vragenlijst", Label: "Vul de vragenlijst in"})
	}
	if slices.Contains(allowed, domain.ActionAnswerClarification) {
		for _, cl := range sc.Clarifications {
			if cl.Open() {
				acts = append(acts, candidateAction{Href: base + "/toelichting/" + cl.ID,
					Label: "Geef de toelichting waar de adviseur op " + domain.DutchDay(cl.RequestedAt, amsterdam) + " om vroeg"})
			}
		}
	}
	switch {
	case slices.Contains(allowed, domain.ActionRespond):
		acts = append(acts, candidateAction{Href: base + "/conceptadvies", Label: "Lees het conceptadvies en reageer"})
	case sc.Response != nil && sc.Response.Given:
		// Once they responded the advice stays theirs to reread; the
		// service still decides on the page itself.
		acts = append(acts, candidateAction{Href: base + "/conceptadvies", Label: "Lees het advies en uw reactie"})
	}
	acts = append(acts, candidateAction{Href: base + "/gegevens", Label: "Download alle gegevens die wij over u hebben"})
	if slices.Contains(allowed, domain.ActionWithdraw) {
		acts = append(acts, candidateAction{Href: base + "/terugtrekken", Label: "Trek uw kandidatuur terug", Warning: true})
	}
	s.render(c, http.StatusOK, "candidate_status.html", page{Title: "Uw basisscan", Notice: notice(c),
		Data: candidateStatusData{Scan: sc, Phase: candidatePhases[sc.State], Actions: acts, Deadline: s.Scans.ResponseDeadline(sc),
			CanDownload: s.Scans.MayDownloadAdvice(a, sc)}})
}

type consentData struct {
	Scan    *domain.Scan
	View    *workflow.ConsentView
	CanGive bool
	Choice  string // "ja" or "nee", as sent
}

// consentPage shows the consent text with the form, or without it once the
// candidate chose.
func (s *Server) consentPage(c *gin.Context, status int, choice string, errs []fieldError) {
	sc, ok := s.loadScan(c)
	if !ok {
		return
	}
	a, _ := currentActor(c)
	v, err := s.Scans.ConsentText(c.Request.Context(), a, sc.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, status, "candidate_consent.html", page{Title: "Toestemming", Errors: errs,
		Data: consentData{Scan: sc, View: v, CanGive: slices.Contains(s.Scans.AllowedActions(a, sc), domain.ActionConsent), Choice: choice}})
}

func (s *Server) consentForm(c *gin.Context) { s.consentPage(c, http.StatusOK, "", nil) }

// consent gives consent; a refusal goes to its confirmation first.
func (s *Server) consent(c *gin.Context) {
	switch c.PostForm("toestemming") {
	case "ja":
	case "nee":
		c.Redirect(http.StatusSeeOther, "/scans/"+c.Param("id")+"/toestemming/weigeren")
		return
	default:
		s.consentPage(c, http.StatusUnprocessableEntity, "",
			[]fieldError{{ID: "toestemming-ja", Message: "Kies of u toestemming geeft."}})
		return
	}
	s.fireConsent(c, true, "ja", "toestemming")
}

func (s *Server) fireConsent(c *gin.Context, given bool, choice, bericht string) {
	ver, err := formVersion(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	a, _ := currentActor(c)
	_, err = s.Scans.Consent(c.Request.Context(), a, c.Param("id"), ver,
		workflow.ConsentInput{Given: given, Version: c.PostForm("text_version")})
	switch {
	case err == nil:
		c.Redirect(http.StatusSeeOther, "/scans/"+c.Param("id")+"?bericht="+bericht)
	case isStale(err):
		s.consentPage(c, http.StatusConflict, choice, []fieldError{{Message: staleMessage}})
	case conflictStillAllowed(err, domain.ActionConsent):
		// The text changed while they read it: show the new one.
		e, _ := domain.AsError(err)
		s.consentPage(c, http.StatusConflict, choice, []fieldError{{Message: e.Message}})
	default:
		s.fail(c, err)
	}
}

// conflictStillAllowed reports whether err is a conflict after which the
// action is still allowed: something the candidate read changed (the
// consent text), not the phase.
func conflictStillAllowed(err error, act domain.Action) bool {
	e, ok := domain.AsError(err)
	return ok && e.Code == domain.ECONFLICT && slices.Contains(e.Allowed, act)
}

type refuseData struct {
	Scan        *domain.Scan
	TextVersion string
}

// refuseForm asks the candidate to confirm a refusal and says what it means.
func (s *Server) refuseForm(c *gin.Context) { s.refusePage(c, http.StatusOK, nil) }

func (s *Server) refusePage(c *gin.Context, status int, errs []fieldError) {
	sc, ok := s.loadScan(c)
	if !ok {
		return
	}
	a, _ := currentActor(c)
	if !slices.Contains(s.Scans.AllowedActions(a, sc), domain.ActionConsent) {
		c.Redirect(http.StatusSeeOther, "/scans/"+sc.ID)
		return
	}
	v, err := s.Scans.ConsentText(c.Request.Context(), a, sc.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, status, "candidate_refuse.html", page{Title: "Weet u zeker dat u geen toestemming geeft?", Errors: errs,
		Data: refuseData{Scan: sc, TextVersion: v.Consent.Version}})
}

// refuse records the confirmed refusal; the scan stops.
func (s *Server) refuse(c *gin.Context) {
	ver, err := formVersion(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	a, _ := currentActor(c)
	_, err = s.Scans.Consent(c.Request.Context(), a, c.Param("id"), ver,
		workflow.ConsentInput{Given: false, Version: c.PostForm("text_version")})
	switch {
	case err == nil:
		c.Redirect(http.StatusSeeOther, "/scans/"+c.Param("id")+"?bericht=geweigerd")
	case isStale(err), conflictStillAllowed(err, domain.ActionConsent):
		// Whatever changed, they should read the text again before choosing.
		s.consentPage(c, http.StatusConflict, "nee", []fieldError{{Message: staleMessage}})
	default:
		s.fail(c, err)
	}
}

type candidateAdviceData struct {
	Scan       *domain.Scan
	Deadline   *time.Time
	CanRespond bool
	Agrees     string // "ja" or "nee", as sent
	Comment    string
}

// adviceNotYetData is the page for a draft advice not (or no longer) put
// to the candidate; Comment is what they had typed, shown for them to keep.
type adviceNotYetData struct {
	Scan    *domain.Scan
	Phase   candidatePhase
	Comment string
}

// draftAdvice shows the advice as the service lets the candidate read it,
// with the response form while they may respond.
func (s *Server) draftAdvice(c *gin.Context) { s.advicePage(c, http.StatusOK, "", "", nil) }

func (s *Server) advicePage(c *gin.Context, status int, agrees, comment string, errs []fieldError) {
	a, _ := currentActor(c)
	sc, err := s.Scans.Advice(c.Request.Context(), a, c.Param("id"))
	if domain.ErrorCodeOf(err) == domain.ECONFLICT {
		// Too early: the service does not show the draft yet.
		sc, ok := s.loadScan(c)
		if !ok {
			return
		}
		s.render(c, http.StatusConflict, "candidate_advice_notyet.html", page{Title: "Het conceptadvies is er nog niet",
			Data: adviceNotYetData{Scan: sc, Phase: candidatePhases[sc.State], Comment: comment}})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, status, "candidate_advice.html", page{Title: "Conceptadvies", Errors: errs, Data: candidateAdviceData{Scan: sc,
		Deadline: s.Scans.ResponseDeadline(sc), CanRespond: slices.Contains(s.Scans.AllowedActions(a, sc), domain.ActionRespond),
		Agrees: agrees, Comment: comment}})
}

// respond records the candidate's response to the draft advice.
func (s *Server) respond(c *gin.Context) {
	agrees, comment := c.PostForm("eens"), c.PostForm("reactie")
	if agrees != "ja" && agrees != "nee" {
		s.advicePage(c, http.StatusUnprocessableEntity, "", comment,
			[]fieldError{{ID: "eens-ja", Message: "Kies of u het eens bent met het conceptadvies."}})
		return
	}
	ver, err := formVersion(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	a, _ := currentActor(c)
	_, err = s.Scans.Respond(c.Request.Context(), a, c.Param("id"), ver,
		workflow.ResponseInput{Agrees: agrees == "ja", Comment: strings.TrimSpace(comment)})
	if err == nil {
		c.Redirect(http.StatusSeeOther, "/scans/"+c.Param("id")+"?bericht=gereageerd")
		return
	}
	if errs, ok := formErrors(err, func(string) string { return "reactie" }); ok {
		s.advicePage(c, http.StatusUnprocessableEntity, agrees, comment, errs)
		return
	}
	if isStale(err) {
		s.advicePage(c, http.StatusConflict, agrees, comment, []fieldError{{Message: staleMessage}})
		return
	}
	s.fail(c, err)
}

type withdrawData struct {
	Scan        *domain.Scan
	CanWithdraw bool
	Reason      string
}

// withdrawForm says what withdrawing means and asks to confirm it.
func (s *Server) withdrawForm(c *gin.Context) { s.withdrawPage(c, http.StatusOK, "", nil) }

func (s *Server) withdrawPage(c *gin.Context, status int, reason string, errs []fieldError) {
	sc, ok := s.loadScan(c)
	if !ok {
		return
	}
	a, _ := currentActor(c)
	s.render(c, status, "candidate_withdraw.html", page{Title: "Kandidatuur terugtrekken", Errors: errs,
		Data: withdrawData{Scan: sc, CanWithdraw: slices.Contains(s.Scans.AllowedActions(a, sc), domain.ActionWithdraw), Reason: reason}})
}

// withdraw ends the scan at the candidate's wish.
func (s *Server) withdraw(c *gin.Context) {
	reason := strings.TrimSpace(c.PostForm("reden"))
	ver, err := formVersion(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	a, _ := currentActor(c)
	_, err = s.Scans.Withdraw(c.Request.Context(), a, c.Param("id"), ver, reason)
	if err == nil {
		c.Redirect(http.StatusSeeOther, "/scans/"+c.Param("id")+"?bericht=teruggetrokken")
		return
	}
	if errs, ok := formErrors(err, func(string) string { return "reden" }); ok {
		s.withdrawPage(c, http.StatusUnprocessableEntity, reason, errs)
		return
	}
	if isStale(err) {
		s.withdrawPage(c, http.StatusConflict, reason, []fieldError{{Message: staleMessage}})
		return
	}
	s.fail(c, err)
}

// myDataPage explains the export and links its download.
func (s *Server) myDataPage(c *gin.Context) {
	sc, ok := s.loadScan(c)
	if !ok {
		return
	}
	s.render(c, http.StatusOK, "candidate_data.html", page{Title: "Uw gegevens downloaden", Data: sc})
}

// myDataDownload sends the export as the API writes it, as a file.
func (s *Server) myDataDownload(c *gin.Context) {
	a, _ := currentActor(c)
	x, err := s.Scans.Export(c.Request.Context(), a, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	b, err := json.MarshalIndent(api.ExportDocument(x), "", "  ")
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": "mijn-gegevens-" + x.Scan.Reference + ".json"}))
	c.Data(http.StatusOK, "application/json; charset=utf-8", b)
}

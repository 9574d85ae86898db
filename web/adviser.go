package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"basisscan/domain"
	"basisscan/workflow"
)

// The adviser's pages: a scan with its answers, signals, clarifications,
// research, interview, VOG, advice, sign-off, history and audit trail.
// Each part has its own page; every write goes through the service method
// the API calls.

func (s *Server) adviserRoutes(g *gin.RouterGroup) {
	g.GET("/scans/:id/antwoorden", s.adviserAnswers)
	g.POST("/scans/:id/toelichting", s.adviserRequestClarification)
	g.GET("/scans/:id/signalen", s.adviserSignals)
	g.POST("/scans/:id/signalen/:key/overnemen", s.adviserAcceptSignal)
	g.POST("/scans/:id/signalen/:key/terzijde", s.adviserDismissSignal)
	g.GET("/scans/:id/bronnen", s.adviserSources)
	g.POST("/scans/:id/bronnen", s.adviserSaveSources)
	g.GET("/scans/:id/gesprek", s.adviserInterview)
	g.POST("/scans/:id/gesprek", s.adviserSaveInterview)
	g.GET("/scans/:id/vog", s.adviserVOG)
	g.POST("/scans/:id/vog", s.adviserSaveVOG)
	g.GET("/scans/:id/advies", s.adviserAdvice)
	g.POST("/scans/:id/advies", s.adviserSaveAdvice)
	g.GET("/scans/:id/advies/voorleggen", s.adviserConfirm(confirmSubmit))
	g.POST("/scans/:id/advies/voorleggen", s.adviserConfirmed(confirmSubmit))
	g.POST("/scans/:id/advies/heropenen", s.adviserAction(s.Scans.ReopenAdvice, "heropend"))
	g.POST("/scans/:id/reactietermijn/sluiten", s.adviserAction(s.Scans.CloseReview, "termijn-gesloten"))
	g.POST("/scans/:id/advies/weging", s.adviserSaveWeighing)
	g.GET("/scans/:id/ondertekenen", s.adviserConfirm(confirmSignOff))
	g.POST("/scans/:id/ondertekenen", s.adviserConfirmed(confirmSignOff))
	g.GET("/scans/:id/geschiedenis", s.adviserHistory)
	g.GET("/scans/:id/audit", s.adviserAudit)
}

func init() {
	notices["toelichting-gevraagd"] = "Uw vraag om toelichting is naar de kandidaat gestuurd."
	notices["signaal-overgenomen"] = "Het signaal staat nu als bevinding in het advies."
	notices["signaal-terzijde"] = "Het signaal is terzijde gelegd."
	notices["voorgelegd"] = "Het conceptadvies is aan de kandidaat voorgelegd."
	notices["heropend"] = "Het advies is weer geopend. U kunt het aanpassen."
	notices["termijn-gesloten"] = "De reactietermijn is afgesloten."
	notices["ondertekend"] = "Het advies is ondertekend en aan de formateur gegeven."
}

// part is one link of the scan page's navigation, with its status in words.
type part struct {
	Path, Name, Status string
}

type adviserScanData struct {
	Scan     *domain.Scan
	Earlier  *workflow.EarlierScanView // of a re-scan; nil for a first scan
	Deadline *time.Time
	// VOG is the VOG's status for the planned date, as the service computes
	// it; QuestionnaireDue the questionnaire's deadline while it is open.
	VOG              string
	QuestionnaireDue *time.Time
	Parts            []part
	Allowed          actionSet
	Actions          []domain.Action
	// CanDownload offers the signed documents.
	CanDownload bool
}

// actionParts are the pages on which the adviser takes an action, with
// the link's words.
var actionParts = map[domain.Action]part{
	domain.ActionRequestClarification: {"/antwoorden", "Om toelichting vragen bij de antwoorden", ""},
	domain.ActionAcceptSignal:         {"/signalen", "De signalen afhandelen", ""},
	domain.ActionDismissSignal:        {"/signalen", "De signalen afhandelen", ""},
	domain.ActionRecordResearch:       {"/bronnen", "De openbare bronnen vastleggen", ""},
	domain.ActionRecordInterview:      {"/gesprek", "Het gesprek vastleggen", ""},
	domain.ActionRecordVOG:            {"/vog", "De VOG vastleggen", ""},
	domain.ActionSaveAdvice:           {"/advies", "Het advies schrijven", ""},
	domain.ActionWeighResponse:        {"/advies", "De reactie van de kandidaat wegen", ""},
}

// Todo links what the adviser can do now to the page where it is done,
// for the actions without a button of their own.
func (d adviserScanData) Todo() []part {
	var out []part
	seen := map[string]bool{}
	for _, a := range d.Actions {
		p, ok := actionParts[a]
		if !ok || seen[p.Path] {
			continue
		}
		seen[p.Path] = true
		out = append(out, part{Path: "/scans/" + d.Scan.ID + p.Path, Name: p.Name})
	}
	return out
}

// adviserScan is the adviser's scan page: the facts of the scan, the parts
// with their status, and what can be done now.
func (s *Server) adviserScan(c *gin.Context) {
	sc, ok := s.loadScan(c)
	if !ok {
		return
	}
	s.showAdviserScan(c, sc, http.StatusOK, nil)
}

func (s *Server) showAdviserScan(c *gin.Context, sc *domain.Scan, status int, errs []fieldError) {
	a, _ := currentActor(c)
	acts := s.Scans.AllowedActions(a, sc)
	parts, err := s.scanParts(c, sc)
	if err != nil {
		s.fail(c, err)
		return
	}
	earlier, err := s.Scans.EarlierScan(c.Request.Context(), a, sc)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, status, "adviser_scan.html", page{Title: "Scan " + sc.Reference, Notice: notice(c), Errors: errs,
		Data: adviserScanData{Scan: sc, Earlier: earlier, Deadline: s.Scans.ResponseDeadline(sc), VOG: s.Scans.VOGStatus(sc).Text,
			QuestionnaireDue: questionnaireDue(sc), Parts: parts, Allowed: allowedSet(acts), Actions: acts,
			CanDownload: s.Scans.MayDownloadAdvice(a, sc)}})
}

func (s *Server) scanParts(c *gin.Context, sc *domain.Scan) ([]part, error) {
	a, _ := currentActor(c)
	answers := "Nog niet ingediend"
	if sc.SubmittedAt != nil {
		answers = "Ingediend op " + domain.DutchDay(*sc.SubmittedAt, amsterdam)
		open := 0
		for _, cl := range sc.Clarifications {
			if cl.Open() {
				open++
			}
		}
		if open > 0 {
			answers += ", " + count(open, "vraag om toelichting staat open", "vragen om toelichting staan open")
		}
	}
	signals := "Nog geen: de vragenlijst is niet ingediend"
	if sc.SubmittedAt != nil {
		open, total, err := s.Scans.SignalCounts(a, sc)
		if err != nil {
			return nil, err
		}
		switch {
		case total == 0:
			signals = "Geen signalen"
		case open == 0:
			signals = "Alle " + strconv.Itoa(total) + " afgehandeld"
		default:
			signals = strconv.Itoa(open) + " van " + strconv.Itoa(total) + " nog af te handelen"
		}
	}
	sources := "Nog niet vastgelegd"
	if n := len(sc.Research); n > 0 {
		sources = count(n, "bron vastgelegd", "bronnen vastgelegd")
	}
	interview := "Nog niet vastgelegd"
	if sc.Interview != nil {
		interview = "Gehouden op " + sc.Interview.HeldOn.Dutch()
	}
	vog := "Nog niet vastgelegd"
	if sc.VOG != nil {
		vog = vogStatusNames[sc.VOG.Status]
		if !sc.VOG.IssuedOn.IsZero() {
			vog += " op " + sc.VOG.IssuedOn.Dutch()
		}
	}
	advice := "Nog niet geschreven"
	if adv := sc.Advice; adv != nil {
		switch {
		case adv.SignedAt != nil:
			advice = "Ondertekend op " + domain.DutchDay(*adv.SignedAt, amsterdam)
		case adv.ReviewFrom != nil:
			advice = "Voorgelegd aan de kandidaat op " + domain.DutchDay(*adv.ReviewFrom, amsterdam)
		case adv.Conclusion != "":
			advice = "Concept: " + adv.Conclusion.DutchName()
		default:
			advice = "Concept, " + count(len(adv.Findings), "bevinding", "bevindingen")
		}
	}
	p := "/scans/" + sc.ID
	return []part{
		{p + "/antwoorden", "Antwoorden en vragen om toelichting", answers},
		{p + "/signalen", "Signalen", signals},
		{p + "/bronnen", "Openbare bronnen", sources},
		{p + "/gesprek", "Gesprek", interview},
		{p + "/vog", "VOG", vog},
		{p + "/advies", "Advies", advice},
		{p + "/geschiedenis", "Geschiedenis", "Alle stappen van de scan"},
		{p + "/audit", "Auditlogboek", "Wie wat heeft gedaan en gezien"},
	}, nil
}

// count says "1 bron" or "3 bronnen".
func count(n int, one, more string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + more
}

// actionSet is the actions allowed now, keyed by name so that templates
// can ask {{if .Allowed.sign_off}}.
type actionSet map[string]bool

func (m actionSet) has(a domain.Action) bool { return m[string(a)] }

func allowedSet(actions []domain.Action) actionSet {
	m := make(actionSet, len(actions))
	for _, a := range actions {
		m[string(a)] = true
	}
	return m
}

// allowed reports whether the visitor may take action on the scan now.
func (s *Server) allowed(c *gin.Context, sc *domain.Scan, action domain.Action) bool {
	a, _ := currentActor(c)
	return allowedSet(s.Scans.AllowedActions(a, sc)).has(action)
}

// formProblem turns the error of a form's service call into what the form
// shows above it: the error summary for bad input, a plain message when
// someone saved first or the process does not allow it now. It reports
// false when it showed the error page instead.
func (s *Server) formProblem(c *gin.Context, err error, ids func(string) string) ([]fieldError, int, bool) {
	if errs, ok := formErrors(err, ids); ok {
		return errs, http.StatusUnprocessableEntity, true
	}
	if errors.Is(err, domain.ErrStale) {
		return []fieldError{{Message: staleMessage}}, http.StatusConflict, true
	}
	if e, ok := domain.AsError(err); ok && e.Message != "" {
		switch e.Code {
		case domain.ECONFLICT:
			return []fieldError{{Message: e.Message}}, http.StatusConflict, true
		case domain.EFORBIDDEN:
			return []fieldError{{Message: e.Message}}, http.StatusForbidden, true
		}
	}
	s.fail(c, err)
	return nil, 0, false
}

// parseFormDate reads a date field; an empty one is the zero date.
func parseFormDate(value string) (domain.Date, bool) {
	value = strings.TrimSpace(value)
	if value == "" {
		return domain.Date{}, true
	}
	d, err := domain.ParseDate(value)
	return d, err == nil
}

// dateValue is a date as a date field's value.
func dateValue(d domain.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

const badDate = "Vul een geldige datum in, bijvoorbeeld 3 december 2026."

// vogStatusNames are the VOG statuses as the adviser reads them.
var vogStatusNames = map[domain.VOGStatus]string{
	domain.VOGRequested: "Aangevraagd",
	domain.VOGIssued:    "Afgegeven",
	domain.VOGRefused:   "Geweigerd",
}

// choice is one radio button or select option.
type choice struct {
	Value, Label string
}

func sourceChoices() []choice {
	out := make([]choice, len(domain.SourceKinds))
	for i, k := range domain.SourceKinds {
		out[i] = choice{string(k), k.DutchName()}
	}
	return out
}

func classChoices() []choice {
	out := make([]choice, len(domain.FindingClasses))
	for i, k := range domain.FindingClasses {
		out[i] = choice{string(k), k.DutchName()}
	}
	return out
}

func domainChoices() []choice {
	out := make([]choice, len(domain.RiskDomains))
	for i, k := range domain.RiskDomains {
		out[i] = choice{string(k), k.DutchName()}
	}
	return out
}

// adviserAction serves a button that fires an action without input, then
// goes back to the scan page; a refusal is shown there.
func (s *Server) adviserAction(do scanAction, done string) gin.HandlerFunc {
	return func(c *gin.Context) {
		a, _ := currentActor(c)
		v, err := formVersion(c)
		if err != nil {
			s.fail(c, err)
			return
		}
		sc, err := do(c.Request.Context(), a, c.Param("id"), v)
		if err == nil {
			c.Redirect(http.StatusSeeOther, "/scans/"+sc.ID+"?bericht="+done)
			return
		}
		errs, status, ok := s.formProblem(c, err, func(string) string { return "" })
		if !ok {
			return
		}
		if sc, ok = s.loadScan(c); ok {
			s.showAdviserScan(c, sc, status, errs)
		}
	}
}

// scanAction is a service action without input.
type scanAction func(ctx context.Context, a domain.Actor, id string, ifMatch *int) (*domain.Scan, error)

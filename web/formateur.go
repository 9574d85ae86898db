package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"basisscan/domain"
	"basisscan/workflow"
)

// The formateur's pages: their scans with phase and dates, starting a
// scan, a second adviser, the signed advice, the outcome, cancelling. A
// formateur reads no case content: the templates show only what the API's
// scan view (api toScanResponse) gives them.

func init() {
	notices["scan-gestart"] = "De scan is gestart. De kandidaat krijgt een uitnodiging per e-mail."
	notices["tweede-adviseur"] = "De tweede integriteitsadviseur is aangewezen."
	notices["uitkomst"] = "De uitkomst is vastgelegd. De scan is afgesloten."
	notices["stopgezet"] = "De scan is stopgezet."
}

func (s *Server) formateurRoutes(g *gin.RouterGroup) {
	g.GET("/scans/nieuw", s.newScanForm)
	g.POST("/scans/nieuw", s.createScan)
	g.POST("/scans/:id/tweede-adviseur", s.assignSecondAdviser)
	g.POST("/scans/:id/portefeuille", s.editPortfolio)
	g.GET("/scans/:id/uitkomst", s.outcomeForm)
	g.POST("/scans/:id/uitkomst", s.recordOutcome)
	g.POST("/scans/:id/benoemingsdatum", s.changeAppointmentDate)
	g.GET("/scans/:id/stopzetten", s.cancelForm)
	g.POST("/scans/:id/stopzetten", s.cancelScan)
}

// newScanInput holds what the formateur typed, kept when the form returns
// with errors.
type newScanInput struct {
	Name, Email, Office, Adviser string
	Day, Month, Year             string
	Offices                      []domain.Office
	// The recipient, the portefeuille and a re-scan's earlier scan.
	RecipientRole, RecipientEmail, Portfolio string
	RescanKind, EarlierReference             string
	RecipientRoles, RescanKinds              []choice
}

// withChoices fills in the choices the form offers: the recipient roles of
// the formateur's kind of organisation, and the kinds of re-scan.
func (s *Server) withChoices(c *gin.Context, f newScanInput) (newScanInput, error) {
	a, _ := currentActor(c)
	roles, err := s.Scans.RecipientRoles(c.Request.Context(), a)
	if err != nil {
		return f, err
	}
	f.Offices, f.RecipientRoles, f.RescanKinds = domain.Offices, nil, nil
	for _, r := range roles {
		f.RecipientRoles = append(f.RecipientRoles, choice{string(r), r.DutchName()})
	}
	for _, k := range domain.RescanKinds {
		f.RescanKinds = append(f.RescanKinds, choice{string(k), k.DutchName()})
	}
	if f.RecipientRole == "" {
		f.RecipientRole = string(domain.RecipientFormateur)
	}
	return f, nil
}

// showNewScan renders the intake form with its choices.
func (s *Server) showNewScan(c *gin.Context, status int, f newScanInput, errs []fieldError) {
	f, err := s.withChoices(c, f)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, status, "formateur_new.html", page{Title: "Nieuwe scan", Errors: errs, Data: f})
}

// The ids of the fields of the new-scan form, by the service's field names.
var newScanFields = map[string]string{
	"candidate.name":           "f-naam",
	"candidate.email":          "f-email",
	"office":                   "f-ambt-" + string(domain.Offices[0]),
	"adviser_email":            "f-adviseur",
	"planned_appointment_date": "f-datum-dag",
	"recipient.role":           "f-ontvanger-rol",
	"recipient.email":          "f-ontvanger-email",
	"portfolio":                "f-portefeuille",
	"rescan.kind":              "f-herhaal-soort",
	"rescan.earlier_reference": "f-herhaal-kenmerk",
}

func formateurFields(ids map[string]string) func(string) string {
	return func(f string) string {
		if id, ok := ids[f]; ok {
			return id
		}
		return ""
	}
}

func (s *Server) newScanForm(c *gin.Context) {
	s.showNewScan(c, http.StatusOK, newScanInput{}, nil)
}

// createScan starts a scan. What only a form can get wrong (an office not
// among the choices, a day that does not exist) is checked here; the rest is
// the service's.
func (s *Server) createScan(c *gin.Context) {
	f := newScanInput{Name: strings.TrimSpace(c.PostForm("naam")), Email: strings.TrimSpace(c.PostForm("email")),
		Office: c.PostForm("ambt"), Adviser: strings.TrimSpace(c.PostForm("adviseur")),
		Day: strings.TrimSpace(c.PostForm("dag")), Month: strings.TrimSpace(c.PostForm("maand")),
		Year: strings.TrimSpace(c.PostForm("jaar")), Offices: domain.Offices,
		RecipientRole: c.PostForm("ontvanger_rol"), RecipientEmail: strings.TrimSpace(c.PostForm("ontvanger_email")),
		Portfolio: c.PostForm("portefeuille"), RescanKind: c.PostForm("herhaal_soort"),
		EarlierReference: strings.TrimSpace(c.PostForm("herhaal_kenmerk"))}
	var errs []fieldError
	if !slices.Contains(domain.Offices, domain.Office(f.Office)) {
		errs = append(errs, fieldError{ID: newScanFields["office"], Message: "Kies het ambt waarvoor de kandidaat is voorgedragen."})
	}
	day, ok := formateurDate(f.Day, f.Month, f.Year)
	if !ok {
		errs = append(errs, fieldError{ID: "f-datum-dag", Message: "Vul de geplande benoemingsdatum in als dag, maand en jaar, bijvoorbeeld 4 5 2026."})
	}
	if len(errs) > 0 {
		s.showNewScan(c, http.StatusUnprocessableEntity, f, errs)
		return
	}
	a, _ := currentActor(c)
	in := workflow.CreateScanInput{CandidateName: f.Name,
		CandidateEmail: f.Email, Office: domain.Office(f.Office), AdviserEmail: f.Adviser, PlannedAppointmentDate: day,
		RecipientRole: domain.RecipientRole(f.RecipientRole), RecipientEmail: f.RecipientEmail, Portfolio: f.Portfolio}
	if f.RescanKind != "" || f.EarlierReference != "" {
		in.Rescan = &workflow.RescanInput{Kind: domain.RescanKind(f.RescanKind), EarlierReference: f.EarlierReference}
	}
	sc, err := s.Scans.CreateScan(c.Request.Context(), a, in)
	if errs, ok := formErrors(err, formateurFields(newScanFields)); ok {
		s.showNewScan(c, http.StatusUnprocessableEntity, f, errs)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/scans/"+sc.ID+"?bericht=scan-gestart")
}

// formateurDate reads a date typed as day, month and year; false when it
// is incomplete or does not exist (31 februari).
func formateurDate(day, month, year string) (domain.Date, bool) {
	d, err1 := strconv.Atoi(day)
	m, err2 := strconv.Atoi(month)
	y, err3 := strconv.Atoi(year)
	if err1 != nil || err2 != nil || err3 != nil || y < 1000 || y > 9999 {
		return domain.Date{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || int(t.Month()) != m {
		return domain.Date{}, false
	}
	return domain.DateOf(t), true
}

// outcomeNames are the outcomes as the formateur reads them.
var outcomeNames = map[domain.Outcome]string{
	domain.OutcomeAppointed:    "De kandidaat is benoemd",
	domain.OutcomeNotAppointed: "De kandidaat is niet benoemd",
}

// formateurNextSteps say, per phase, what happens next as the formateur
// reads it: without anything of the content.
var formateurNextSteps = map[domain.State]string{
	domain.StateIntake:          "De kandidaat heeft een uitnodiging gekregen en moet nog toestemming geven.",
	domain.StateQuestionnaire:   "De kandidaat vult de vragenlijst in.",
	domain.StateInterview:       "De integriteitsadviseur onderzoekt openbare bronnen en heeft een gesprek met de kandidaat.",
	domain.StateVOGCheck:        "De integriteitsadviseur wacht op de Verklaring Omtrent het Gedrag (VOG) van de kandidaat.",
	domain.StateAdvice:          "De integriteitsadviseur schrijft het advies.",
	domain.StateCandidateReview: "De kandidaat leest het conceptadvies en kan erop reageren.",
	domain.StateSignOff:         "Het advies wordt ondertekend. Daarna kunt u het hier downloaden.",
	domain.StateDelivered:       "Het ondertekende advies staat voor u klaar. Leg na het besluit over de benoeming de uitkomst vast.",
	domain.StateClosed:          "De scan is afgerond.",
	domain.StateWithdrawn:       "De kandidaat heeft zich teruggetrokken. De scan is gestopt.",
	domain.StateCancelled:       "De scan is stopgezet.",
	domain.StateRefused:         "De kandidaat heeft geen toestemming gegeven. De scan is gestopt.",
}

// formateurScanData is what the formateur's scan page shows: the API's
// formateur view, never the scan's content.
type formateurScanData struct {
	ID, Reference, Organisation string
	State                       domain.State
	Version                     int
	Office                      domain.Office
	Candidate, Adviser          domain.Person
	SecondAdviser               *domain.Person
	Recipient                   domain.Person
	RecipientRole               domain.RecipientRole
	Portfolio                   string
	PortfolioForm               string // as typed in the form, kept when it returns with an error
	Planned                     domain.Date
	Outcome                     string
	CreatedAt, UpdatedAt        time.Time

	NextStep                         string
	CanAssign, CanOutcome, CanCancel bool
	CanDownload                      bool
	CanEditPortfolio                 bool
	SecondEmail                      string // typed, kept when the form returns with an error
	Outcomes                         []outcomeChoice
	Chosen                           string
	Reason                           string

	// VOG is the VOG's status for the planned date, never its details;
	// Deadline the candidate's response deadline while it runs.
	VOG        string
	Deadline   *time.Time
	DateChange dateChangeForm
}

type outcomeChoice struct {
	Value domain.Outcome
	Label string
}

func (s *Server) formateurView(a domain.Actor, sc *domain.Scan) formateurScanData {
	allowed := s.Scans.AllowedActions(a, sc)
	d := formateurScanData{ID: sc.ID, Reference: sc.Reference, Organisation: sc.Organisation, State: sc.State,
		Version: sc.Version, Office: sc.Office, Candidate: domain.Person{Name: sc.Candidate.Name, Email: sc.Candidate.Email},
		Adviser: domain.Person{Name: sc.Adviser.Name, Email: sc.Adviser.Email}, Recipient: domain.Person{Name: sc.Recipient.Name, Email: sc.Recipient.Email},
		RecipientRole: sc.RecipientRole, Portfolio: sc.Portfolio, PortfolioForm: sc.Portfolio,
		CanEditPortfolio: slices.Contains(allowed, domain.ActionEditPortfolio) && sc.Formateur.ID == a.UserID,
		Planned:          sc.PlannedAppointmentDate, Outcome: outcomeNames[sc.Outcome], CreatedAt: sc.CreatedAt, UpdatedAt: sc.UpdatedAt,
		NextStep:    formateurNextSteps[sc.State],
		CanAssign:   slices.Contains(allowed, domain.ActionAssignSecondAdviser),
		CanOutcome:  slices.Contains(allowed, domain.ActionRecordOutcome),
		CanCancel:   slices.Contains(allowed, domain.ActionCancel),
		CanDownload: s.Scans.MayDownloadAdvice(a, sc),
		VOG:         s.Scans.VOGStatus(sc).Text,
		Deadline:    s.Scans.ResponseDeadline(sc),
		DateChange:  dateChangeForm{Can: canChangeDate(allowed)},
	}
	if sc.SecondAdviser != nil {
		d.SecondAdviser = &domain.Person{Name: sc.SecondAdviser.Name, Email: sc.SecondAdviser.Email}
	}
	for _, o := range domain.Outcomes {
		d.Outcomes = append(d.Outcomes, outcomeChoice{Value: o, Label: outcomeNames[o]})
	}
	return d
}

func (s *Server) formateurScan(c *gin.Context) {
	sc, ok := s.loadScan(c)
	if !ok {
		return
	}
	a, _ := currentActor(c)
	s.render(c, http.StatusOK, "formateur_scan.html", page{Title: "Scan " + sc.Reference, Notice: notice(c), Data: s.formateurView(a, sc)})
}

// formateurWrite reads the version and loads the scan of the address, or
// shows the page for why not.
func (s *Server) formateurWrite(c *gin.Context) (*domain.Scan, *int, bool) {
	sc, ok := s.loadScan(c)
	if !ok {
		return nil, nil, false
	}
	v, err := formVersion(c)
	if err != nil {
		s.fail(c, err)
		return nil, nil, false
	}
	return sc, v, true
}

func (s *Server) assignSecondAdviser(c *gin.Context) {
	sc, v, ok := s.formateurWrite(c)
	if !ok {
		return
	}
	a, _ := currentActor(c)
	email := strings.TrimSpace(c.PostForm("email"))
	_, err := s.Scans.AssignSecondAdviser(c.Request.Context(), a, sc.ID, v, email)
	if errs, ok := formErrors(err, func(string) string { return "f-tweede-adviseur" }); ok {
		d := s.formateurView(a, sc)
		d.SecondEmail = email
		s.render(c, http.StatusUnprocessableEntity, "formateur_scan.html", page{Title: "Scan " + sc.Reference, Errors: errs, Data: d})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/scans/"+sc.ID+"?bericht=tweede-adviseur")
}

func (s *Server) outcomeForm(c *gin.Context) {
	sc, ok := s.loadScan(c)
	if !ok {
		return
	}
	a, _ := currentActor(c)
	d := s.formateurView(a, sc)
	if !d.CanOutcome {
		s.fail(c, domain.Errorf(domain.ECONFLICT, "In deze fase van de scan kunt u geen uitkomst vastleggen."))
		return
	}
	s.render(c, http.StatusOK, "formateur_outcome.html", page{Title: "Uitkomst vastleggen", Data: d})
}

func (s *Server) recordOutcome(c *gin.Context) {
	sc, v, ok := s.formateurWrite(c)
	if !ok {
		return
	}
	a, _ := currentActor(c)
	o := domain.Outcome(c.PostForm("uitkomst"))
	if !slices.Contains(domain.Outcomes, o) {
		s.render(c, http.StatusUnprocessableEntity, "formateur_outcome.html", page{Title: "Uitkomst vastleggen",
			Errors: []fieldError{{ID: "f-uitkomst-" + string(domain.Outcomes[0]), Message: "Kies of de kandidaat is benoemd."}},
			Data:   s.formateurView(a, sc)})
		return
	}
	_, err := s.Scans.RecordOutcome(c.Request.Context(), a, sc.ID, v, o)
	if errs, ok := formErrors(err, func(string) string { return "f-uitkomst-" + string(domain.Outcomes[0]) }); ok {
		// benoemd without a valid VOG for the planned date
		s.render(c, http.StatusUnprocessableEntity, "formateur_outcome.html", page{Title: "Uitkomst vastleggen",
			Errors: errs, Data: s.formateurView(a, sc)})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/scans/"+sc.ID+"?bericht=uitkomst")
}

func (s *Server) cancelForm(c *gin.Context) {
	sc, ok := s.loadScan(c)
	if !ok {
		return
	}
	a, _ := currentActor(c)
	d := s.formateurView(a, sc)
	if !d.CanCancel {
		s.fail(c, domain.Errorf(domain.ECONFLICT, "In deze fase van de scan kunt u de scan niet meer stopzetten."))
		return
	}
	s.render(c, http.StatusOK, "formateur_cancel.html", page{Title: "Scan stopzetten", Data: d})
}

func (s *Server) cancelScan(c *gin.Context) {
	sc, v, ok := s.formateurWrite(c)
	if !ok {
		return
	}
	a, _ := currentActor(c)
	reason := c.PostForm("reden")
	_, err := s.Scans.Cancel(c.Request.Context(), a, sc.ID, v, reason)
	if errs, ok := formErrors(err, func(string) string { return "f-reden" }); ok {
		d := s.formateurView(a, sc)
		d.Reason = reason
		s.render(c, http.StatusUnprocessableEntity, "formateur_cancel.html", page{Title: "Scan stopzetten", Errors: errs, Data: d})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/scans/"+sc.ID+"?bericht=stopgezet")
}

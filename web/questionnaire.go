package web

import (
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"basisscan/domain"
	"basisscan/workflow"
)

// The candidate's questionnaire: the overview of sections, one section per
// page, the check of the answers, submission, and clarifications.

// questionnaireRoutes adds the questionnaire's pages to the candidate's group.
func (s *Server) questionnaireRoutes(g *gin.RouterGroup) {
	g.GET("/scans/:id/vragenlijst", s.questionnaireOverview)
	g.GET("/scans/:id/vragenlijst/controleren", s.questionnaireCheck)
	g.POST("/scans/:id/vragenlijst/indienen", s.submitQuestionnaire)
	g.GET("/scans/:id/vragenlijst/:section", s.questionnaireSection)
	g.POST("/scans/:id/vragenlijst/:section", s.saveSection)
	g.GET("/scans/:id/toelichting/:cid", s.clarificationForm)
	g.POST("/scans/:id/toelichting/:cid", s.answerClarification)
}

func init() {
	notices["ingediend"] = "Dank u. U hebt de vragenlijst ingediend. De integriteitsadviseur bekijkt nu uw antwoorden."
	notices["toegevoegd"] = "Opgeslagen. Er is een onderdeel toegevoegd; vul het hieronder in."
	notices["verwijderd"] = "Opgeslagen. Het onderdeel is verwijderd."
	notices["toegelicht"] = "Dank u. Uw nieuwe antwoorden zijn naar de integriteitsadviseur gestuurd."
}

// questionnaireOf loads the scan and its questionnaire, or shows why not.
func (s *Server) questionnaireOf(c *gin.Context) (*domain.Scan, *workflow.QuestionnaireView, bool) {
	sc, ok := s.loadScan(c)
	if !ok {
		return nil, nil, false
	}
	a, _ := currentActor(c)
	q, err := s.Scans.Questionnaire(c.Request.Context(), a, sc.ID)
	if err != nil {
		s.fail(c, err)
		return nil, nil, false
	}
	return sc, q, true
}

// questAllows reports whether the service lets the visitor do the action
// on the scan now: pages offer a form only then.
func (s *Server) questAllows(c *gin.Context, sc *domain.Scan, action domain.Action) bool {
	a, _ := currentActor(c)
	return slices.Contains(s.Scans.AllowedActions(a, sc), action)
}

// questZone is the time zone of the times the pages show.
func (s *Server) questZone() *time.Location {
	if s.Location != nil {
		return s.Location
	}
	return amsterdam
}

// questSectionStatus is one line of the overview's task list.
type questSectionStatus struct {
	ID, Title string
	Tag       string // the status in words
	Class     string // tag--todo, tag--busy, tag--done
}

type questOverviewPage struct {
	ScanID         string
	Sections       []questSectionStatus
	SubmittedAt    *time.Time
	Clarifications []domain.Clarification // the open ones
	Open           int                    // required answers still open in all
	Due            *time.Time             // the questionnaire's deadline, while it is open
}

// questionnaireOverview lists the sections with how far each is.
func (s *Server) questionnaireOverview(c *gin.Context) {
	sc, q, ok := s.questionnaireOf(c)
	if !ok {
		return
	}
	d := questOverviewPage{ScanID: sc.ID, SubmittedAt: q.SubmittedAt, Due: questionnaireDue(sc)}
	for i, p := range q.Template.Progress(q.Answers) {
		st := questSectionStatus{ID: p.ID, Title: p.Title}
		started := slices.ContainsFunc(q.Template.Sections[i].Questions, func(x domain.Question) bool { return q.Answers[x.ID] != nil })
		switch {
		case p.Remaining == 0:
			st.Tag, st.Class = "Klaar", "tag--done"
		case !started:
			st.Tag, st.Class = "Nog niet begonnen", "tag--todo"
		case p.Remaining == 1:
			st.Tag, st.Class = "Bezig (nog 1 antwoord nodig)", "tag--busy"
		default:
			st.Tag, st.Class = fmt.Sprintf("Bezig (nog %d antwoorden nodig)", p.Remaining), "tag--busy"
		}
		d.Open += p.Remaining
		d.Sections = append(d.Sections, st)
	}
	for _, cl := range q.Clarifications {
		if cl.Open() {
			d.Clarifications = append(d.Clarifications, cl)
		}
	}
	s.render(c, http.StatusOK, "questionnaire_overview.html", page{Title: "Vragenlijst", Notice: notice(c), Data: d})
}

type questSectionPage struct {
	ScanID      string
	Section     domain.Section
	Number      int // of the section, from 1
	Count       int // sections in all
	Questions   []questQuestion
	Version     int
	Editable    bool
	Conflict    bool
	SubmittedAt *time.Time
	Rows        []questAnswerRow // read-only, once the answers can no longer change
	Action      string           // the form's address
	ReloadURL   string
	// Clarification is set on the page that answers the adviser's request:
	// then Questions are only the reopened ones.
	Clarification *domain.Clarification
}

// questSectionIndex returns the index of the section named in the address.
func questSectionIndex(t *domain.Template, id string) int {
	return slices.IndexFunc(t.Sections, func(x domain.Section) bool { return x.ID == id })
}

// questionnaireSection shows one section's questions as a form.
func (s *Server) questionnaireSection(c *gin.Context) {
	sc, q, ok := s.questionnaireOf(c)
	if !ok {
		return
	}
	i := questSectionIndex(q.Template, c.Param("section"))
	if i < 0 {
		s.notFound(c)
		return
	}
	s.questRenderSection(c, http.StatusOK, sc, q, i, q.Answers, q.Version, nil, false)
}

// questRenderSection shows section i with the answers given: a form while
// the service takes answers, else what was answered.
func (s *Server) questRenderSection(c *gin.Context, status int, sc *domain.Scan, q *workflow.QuestionnaireView, i int,
	answers domain.Answers, version int, errs []fieldError, conflict bool) {
	sec := q.Template.Sections[i]
	base := "/scans/" + sc.ID + "/vragenlijst/"
	d := questSectionPage{ScanID: sc.ID, Section: sec, Number: i + 1, Count: len(q.Template.Sections), Version: version,
		Editable: s.questAllows(c, sc, domain.ActionSaveAnswers), Conflict: conflict, SubmittedAt: q.SubmittedAt,
		Action: base + sec.ID, ReloadURL: base + sec.ID}
	if d.Editable {
		d.Questions = questViews(q.Template, sec.Questions, answers, questInlineErrors(errs))
		if conflict {
			questMarkElsewhere(d.Questions, sec.Questions, q.Answers, answers)
		}
	} else {
		d.Rows = questAnswerRows(q.Template, sec, answers, base)
	}
	title := sec.Title
	if conflict {
		title = "Niet opgeslagen: " + sec.Title
	}
	s.render(c, status, "questionnaire_section.html", page{Title: title, Errors: errs, Notice: notice(c), Data: d})
}

// questMarkElsewhere notes on the conflict page, beside each question, the
// answer saved elsewhere where it differs from the one in this form, so
// that the candidate sees what "save anyway" replaces.
func questMarkElsewhere(views []questQuestion, qs []domain.Question, stored, typed domain.Answers) {
	for i, q := range qs {
		if reflect.DeepEqual(stored[q.ID], typed[q.ID]) {
			continue
		}
		switch {
		case q.Type == domain.QuestionGroup:
			views[i].Elsewhere = "deze lijst is elders anders opgeslagen"
		case stored[q.ID] == nil:
			views[i].Elsewhere = "geen antwoord"
		default:
			views[i].Elsewhere = questAnswerText(q, stored[q.ID])
		}
	}
}

// questInlineErrors maps the summary's field ids to the message each field shows.
func questInlineErrors(errs []fieldError) map[string]string {
	out := map[string]string{}
	for _, e := range errs {
		out[e.ID] = e.Message
	}
	return out
}

// questFieldErrors turns the service's EINVALID about answers into the error
// summary, each linked to its field.
func questFieldErrors(err error) ([]fieldError, bool) {
	var e *domain.Error
	if !errors.As(err, &e) || e.Code != domain.EINVALID {
		return nil, false
	}
	var out []fieldError
	for _, f := range e.Fields {
		p := strings.TrimPrefix(f.Field, "answers.")
		out = append(out, fieldError{ID: fieldID(p), Message: f.Message})
	}
	if len(out) == 0 {
		out = append(out, fieldError{Message: e.Message})
	}
	return out, true
}

// questWantsJSON reports whether the autosave script sent the form.
func questWantsJSON(c *gin.Context) bool {
	return strings.Contains(c.GetHeader("Accept"), "application/json")
}

// questSaveReply is what the autosave script gets after a save.
type questSaveReply struct {
	Version int               `json:"version"`
	Visible []string          `json:"visible"`
	IDs     map[string]string `json:"ids"`
	SavedAt string            `json:"saved_at"`
	Status  string            `json:"status"`
}

type questSaveProblem struct {
	Message string       `json:"message"`
	Errors  []fieldError `json:"errors,omitempty"`
	Reload  string       `json:"reload,omitempty"`
}

// questConflictMessage says what a save that lost the race to another window means.
const questConflictMessage = "Uw antwoorden zijn niet opgeslagen: ze zijn intussen ergens anders gewijzigd, " +
	"bijvoorbeeld in een ander venster of op een ander apparaat. Wat u hier typte, staat nog in het formulier."

// saveSection saves the answers of one section: with the buttons of the
// form (then the next page follows), or from the autosave script (then
// JSON). A form with an old version gets the conflict page: 409, where the
// API answers 412, because a page has no If-Match to fail; it shows what
// was typed again, with the new version, so that nothing typed is lost.
func (s *Server) saveSection(c *gin.Context) {
	sc, q, ok := s.questionnaireOf(c)
	if !ok {
		return
	}
	i := questSectionIndex(q.Template, c.Param("section"))
	if i < 0 {
		s.notFound(c)
		return
	}
	sec := q.Template.Sections[i]
	version, err := strconv.Atoi(c.PostForm("version"))
	if err != nil {
		s.fail(c, domain.Errorf(domain.EMALFORMED, "Het formulier is onvolledig. Laad de pagina opnieuw."))
		return
	}
	form := c.Request.PostForm
	patch := questPatch(form, sec.Questions)
	action := c.PostForm("actie")
	added := questGroupAction(patch, sec.Questions, action)
	a, _ := currentActor(c)
	saved, err := s.Scans.SaveAnswers(c.Request.Context(), a, sc.ID, &version, patch)
	base := "/scans/" + sc.ID + "/vragenlijst/"
	if err != nil {
		typed := q.Answers.Merge(patch)
		if errors.Is(err, domain.ErrStale) {
			if questWantsJSON(c) {
				c.JSON(http.StatusConflict, questSaveProblem{Message: questConflictMessage, Reload: base + sec.ID})
				return
			}
			s.questRenderSection(c, http.StatusConflict, sc, q, i, typed, q.Version, nil, true)
			return
		}
		if errs, ok := questFieldErrors(err); ok {
			if questWantsJSON(c) {
				c.JSON(http.StatusUnprocessableEntity, questSaveProblem{Message: "Niet opgeslagen. Controleer de vragen met een foutmelding.", Errors: errs})
				return
			}
			s.questRenderSection(c, http.StatusUnprocessableEntity, sc, q, i, typed, version, errs, false)
			return
		}
		if questWantsJSON(c) {
			e, _ := domain.AsError(err)
			msg := "Niet opgeslagen. Er ging iets mis; probeer het later opnieuw."
			if e != nil && domain.ErrorCodeOf(err) != domain.EINTERNAL && e.Message != "" {
				msg = "Niet opgeslagen. " + e.Message
			}
			c.JSON(http.StatusConflict, questSaveProblem{Message: msg})
			return
		}
		s.fail(c, err)
		return
	}
	if questWantsJSON(c) {
		after, err := s.Scans.QuestionnaireAfter(saved)
		if err != nil {
			c.JSON(http.StatusInternalServerError, questSaveProblem{Message: "Er ging iets mis aan onze kant."})
			return
		}
		views := questViews(after.Template, after.Template.Sections[i].Questions, after.Answers, nil)
		at := domain.DutchTime(saved.UpdatedAt, s.questZone())
		c.JSON(http.StatusOK, questSaveReply{Version: saved.Version, Visible: questVisibleBlocks(views), IDs: questEntryIDs(views),
			SavedAt: at, Status: "Opgeslagen om " + at})
		return
	}
	switch {
	case added != "":
		c.Redirect(http.StatusSeeOther, base+sec.ID+"?bericht=toegevoegd#"+questBlockID(added))
	case strings.HasPrefix(action, "verwijder:"):
		c.Redirect(http.StatusSeeOther, base+sec.ID+"?bericht=verwijderd")
	case action == "verder" && i+1 < len(q.Template.Sections):
		c.Redirect(http.StatusSeeOther, base+q.Template.Sections[i+1].ID)
	case action == "verder":
		c.Redirect(http.StatusSeeOther, base+"controleren")
	default:
		c.Redirect(http.StatusSeeOther, base+sec.ID+"?bericht=opgeslagen")
	}
}

// questAnswerRow is one answer on the check page.
type questAnswerRow struct {
	Question string
	Answer   string // empty: not answered
	Link     string // to change it
}

// questMissing is one required answer still open.
type questMissing struct {
	ID, Question, Link string
}

type questCheckSection struct {
	ID, Title string
	Rows      []questAnswerRow
	Missing   []questMissing
}

type questCheckPage struct {
	ScanID      string
	Sections    []questCheckSection
	Missing     int
	Version     int
	CanSubmit   bool
	SubmittedAt *time.Time
}

// questAnswerRows lists the shown questions of a section with their answers in
// Dutch; a group gives a row per entry.
func questAnswerRows(t *domain.Template, sec domain.Section, answers domain.Answers, base string) []questAnswerRow {
	var rows []questAnswerRow
	for _, q := range sec.Questions {
		if !t.Visible(q, answers) {
			continue
		}
		link := base + sec.ID + "#" + fieldID(q.ID)
		if q.Type != domain.QuestionGroup {
			rows = append(rows, questAnswerRow{Question: q.Text, Answer: questAnswerText(q, answers[q.ID]), Link: link})
			continue
		}
		entries, _ := answers[q.ID].([]any)
		if len(entries) == 0 {
			rows = append(rows, questAnswerRow{Question: q.Text, Link: link})
		}
		for i, e := range entries {
			entry, _ := e.(map[string]any)
			shown := questVisibleFields(t, answers, q, entry)
			var lines []string
			for _, f := range q.Fields {
				if shown[f.ID] || entry[f.ID] != nil {
					ans := questAnswerText(f, entry[f.ID])
					if ans == "" {
						ans = "niet beantwoord"
					}
					lines = append(lines, f.Text+" "+ans)
				}
			}
			at := fmt.Sprintf("%s[%d]", q.ID, i)
			rows = append(rows, questAnswerRow{Question: fmt.Sprintf("%s (onderdeel %d)", q.Text, i+1),
				Answer: strings.Join(lines, "\n"), Link: base + sec.ID + "#" + questBlockID(at)})
		}
	}
	return rows
}

// questQuestionText names the question at an answer path.
func questQuestionText(t *domain.Template, path string) string {
	id, rest, _ := strings.Cut(path, "[")
	q, ok := t.Question(id)
	if !ok {
		return path
	}
	if rest == "" {
		return q.Text
	}
	n, field, _ := strings.Cut(rest, "].")
	for _, f := range q.Fields {
		if f.ID == field {
			i, _ := strconv.Atoi(n)
			return fmt.Sprintf("%s (onderdeel %d)", f.Text, i+1)
		}
	}
	return q.Text
}

func (s *Server) questCheckData(c *gin.Context, sc *domain.Scan, q *workflow.QuestionnaireView) questCheckPage {
	base := "/scans/" + sc.ID + "/vragenlijst/"
	d := questCheckPage{ScanID: sc.ID, Version: q.Version, SubmittedAt: q.SubmittedAt,
		CanSubmit: s.questAllows(c, sc, domain.ActionSubmitQuestionnaire)}
	progress := q.Template.Progress(q.Answers)
	for i, sec := range q.Template.Sections {
		cs := questCheckSection{ID: sec.ID, Title: sec.Title, Rows: questAnswerRows(q.Template, sec, q.Answers, base)}
		for _, p := range progress[i].Missing {
			cs.Missing = append(cs.Missing, questMissing{ID: "ontbreekt-" + fieldID(p), Question: questQuestionText(q.Template, p),
				Link: base + sec.ID + "#" + fieldID(p)})
		}
		d.Missing += len(cs.Missing)
		d.Sections = append(d.Sections, cs)
	}
	return d
}

// questionnaireCheck shows all answers and what is still missing.
func (s *Server) questionnaireCheck(c *gin.Context) {
	sc, q, ok := s.questionnaireOf(c)
	if !ok {
		return
	}
	s.render(c, http.StatusOK, "questionnaire_check.html", page{Title: "Controleer uw antwoorden", Data: s.questCheckData(c, sc, q)})
}

// submitQuestionnaire submits the answers; what is missing comes back as
// the error summary of the check page, each linked to its line there.
func (s *Server) submitQuestionnaire(c *gin.Context) {
	sc, q, ok := s.questionnaireOf(c)
	if !ok {
		return
	}
	version, err := strconv.Atoi(c.PostForm("version"))
	if err != nil {
		s.fail(c, domain.Errorf(domain.EMALFORMED, "Het formulier is onvolledig. Laad de pagina opnieuw."))
		return
	}
	a, _ := currentActor(c)
	if _, err := s.Scans.SubmitQuestionnaire(c.Request.Context(), a, sc.ID, &version); err != nil {
		var e *domain.Error
		if errors.As(err, &e) && e.Code == domain.EINVALID {
			errs := []fieldError{{Message: e.Message}}
			for _, f := range e.Fields {
				p := strings.TrimPrefix(f.Field, "answers.")
				errs = append(errs, fieldError{ID: "ontbreekt-" + fieldID(p), Message: questQuestionText(q.Template, p) + ": " + f.Message})
			}
			s.render(c, http.StatusUnprocessableEntity, "questionnaire_check.html",
				page{Title: "Controleer uw antwoorden", Errors: errs, Data: s.questCheckData(c, sc, q)})
			return
		}
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/scans/"+sc.ID+"?bericht=ingediend")
}

// questClarificationOf finds the clarification of the address and the
// questions it reopens.
func (s *Server) questClarificationOf(c *gin.Context, q *workflow.QuestionnaireView) (domain.Clarification, []domain.Question, bool) {
	i := slices.IndexFunc(q.Clarifications, func(x domain.Clarification) bool { return x.ID == c.Param("cid") })
	if i < 0 {
		s.notFound(c)
		return domain.Clarification{}, nil, false
	}
	cl := q.Clarifications[i]
	var qs []domain.Question
	for _, id := range s.Scans.Reopened(q.Template, cl) {
		if x, ok := q.Template.Question(id); ok {
			qs = append(qs, x)
		}
	}
	return cl, qs, true
}

func (s *Server) questRenderClarification(c *gin.Context, status int, sc *domain.Scan, q *workflow.QuestionnaireView,
	cl domain.Clarification, qs []domain.Question, answers domain.Answers, version int, errs []fieldError, conflict bool) {
	action := "/scans/" + sc.ID + "/toelichting/" + cl.ID
	d := questSectionPage{ScanID: sc.ID, Clarification: &cl, Version: version, Conflict: conflict,
		Editable:  cl.Open() && s.questAllows(c, sc, domain.ActionAnswerClarification),
		Questions: questViews(q.Template, qs, answers, questInlineErrors(errs)), Action: action, ReloadURL: action}
	title := "Vraag om toelichting"
	if conflict {
		title = "Niet opgeslagen: " + title
	}
	s.render(c, status, "questionnaire_section.html", page{Title: title, Errors: errs, Data: d})
}

// clarificationForm shows the adviser's note and only the reopened questions.
func (s *Server) clarificationForm(c *gin.Context) {
	sc, q, ok := s.questionnaireOf(c)
	if !ok {
		return
	}
	cl, qs, ok := s.questClarificationOf(c, q)
	if !ok {
		return
	}
	s.questRenderClarification(c, http.StatusOK, sc, q, cl, qs, q.Answers, q.Version, nil, false)
}

// answerClarification sends the new answers. Adding or removing a group
// entry only shows the form again, and the script only learns which
// questions the typed answers show: answering closes the request, so
// nothing is saved before the candidate sends it.
func (s *Server) answerClarification(c *gin.Context) {
	sc, q, ok := s.questionnaireOf(c)
	if !ok {
		return
	}
	cl, qs, ok := s.questClarificationOf(c, q)
	if !ok {
		return
	}
	version, err := strconv.Atoi(c.PostForm("version"))
	if err != nil {
		s.fail(c, domain.Errorf(domain.EMALFORMED, "Het formulier is onvolledig. Laad de pagina opnieuw."))
		return
	}
	patch := questPatch(c.Request.PostForm, qs)
	typed := q.Answers.Merge(patch)
	if questWantsJSON(c) {
		// The script asks which questions the typed answers show; nothing
		// is saved, since answering closes the request.
		views := questViews(q.Template, qs, typed, nil)
		c.JSON(http.StatusOK, questSaveReply{Version: version, Visible: questVisibleBlocks(views), IDs: map[string]string{}})
		return
	}
	if action := c.PostForm("actie"); action != "" && action != "verstuur" {
		questGroupAction(patch, qs, action)
		s.questRenderClarification(c, http.StatusOK, sc, q, cl, qs, q.Answers.Merge(patch), version, nil, false)
		return
	}
	a, _ := currentActor(c)
	if _, err := s.Scans.AnswerClarification(c.Request.Context(), a, sc.ID, &version, cl.ID, patch); err != nil {
		if errors.Is(err, domain.ErrStale) {
			s.questRenderClarification(c, http.StatusConflict, sc, q, cl, qs, typed, q.Version, nil, true)
			return
		}
		if errs, ok := questFieldErrors(err); ok {
			s.questRenderClarification(c, http.StatusUnprocessableEntity, sc, q, cl, qs, typed, version, errs, false)
			return
		}
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/scans/"+sc.ID+"?bericht=toegelicht")
}

package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"basisscan/domain"
)

// Rows of the interview form: one per attendee and per topic, added and
// removed by buttons so that the form works without JavaScript, as the
// questionnaire's group entries do.
type attendeeRow struct {
	Index      int
	Name, Role string
}

type topicRow struct {
	Index int
	Text  string
}

// Number is the row's number as people count.
func (r attendeeRow) Number() int { return r.Index + 1 }

// Number is the row's number as people count.
func (r topicRow) Number() int { return r.Index + 1 }

type interviewForm struct {
	HeldOn, Summary string
	Attendees       []attendeeRow
	Topics          []topicRow
}

type interviewData struct {
	Scan     *domain.Scan
	Version  int
	Editable bool
	Form     interviewForm
}

// interviewFormOf is the recorded interview as the form holds it; before
// one is recorded, the candidate and the adviser are proposed as attendees.
func interviewFormOf(sc *domain.Scan) interviewForm {
	iv := sc.Interview
	if iv == nil {
		return interviewForm{Attendees: []attendeeRow{{0, sc.Candidate.Name, "kandidaat"}, {1, sc.Adviser.Name, "integriteitsadviseur"}}}
	}
	f := interviewForm{HeldOn: dateValue(iv.HeldOn), Summary: iv.Summary}
	for i, at := range iv.Attendees {
		f.Attendees = append(f.Attendees, attendeeRow{i, at.Name, at.Role})
	}
	for i, t := range iv.Topics {
		f.Topics = append(f.Topics, topicRow{i, t})
	}
	return f
}

// withRows keeps one row of each kind in the form, so that there is always
// a field to type in and for an error to point at.
func (f interviewForm) withRows() interviewForm {
	if len(f.Attendees) == 0 {
		f.Attendees = []attendeeRow{{Index: 0}}
	}
	if len(f.Topics) == 0 {
		f.Topics = []topicRow{{Index: 0}}
	}
	return f
}

func (s *Server) adviserInterview(c *gin.Context) {
	sc, ok := s.loadScan(c)
	if !ok {
		return
	}
	s.showInterview(c, sc, interviewFormOf(sc), http.StatusOK, nil, notice(c))
}

func (s *Server) showInterview(c *gin.Context, sc *domain.Scan, f interviewForm, status int, errs []fieldError, note string) {
	s.render(c, status, "adviser_interview.html", page{Title: "Gesprek " + sc.Reference, Errors: errs, Notice: note,
		Data: interviewData{Scan: sc, Version: sc.Version, Editable: s.allowed(c, sc, domain.ActionRecordInterview), Form: f.withRows()}})
}

// parseInterviewForm reads the form; rows are attendee-<i>-… and topic-<i>.
func parseInterviewForm(c *gin.Context) interviewForm {
	f := interviewForm{HeldOn: c.PostForm("held_on"), Summary: c.PostForm("summary")}
	n, _ := strconv.Atoi(c.PostForm("attendees"))
	for i := range min(n, 50) {
		p := "attendee-" + strconv.Itoa(i) + "-"
		f.Attendees = append(f.Attendees, attendeeRow{i, c.PostForm(p + "name"), c.PostForm(p + "role")})
	}
	n, _ = strconv.Atoi(c.PostForm("topics"))
	for i := range min(n, 50) {
		f.Topics = append(f.Topics, topicRow{i, c.PostForm("topic-" + strconv.Itoa(i))})
	}
	return f
}

// rowAction adds or removes a row as the pressed button asks; it reports
// whether the button was one of those, and what to tell the adviser.
func (f *interviewForm) rowAction(do string) (string, bool) {
	switch {
	case do == "add-attendee":
		f.Attendees = append(f.Attendees, attendeeRow{Index: len(f.Attendees)})
		return "Er is een regel voor een aanwezige bijgekomen. Vergeet niet vast te leggen.", true
	case do == "add-topic":
		f.Topics = append(f.Topics, topicRow{Index: len(f.Topics)})
		return "Er is een regel voor een onderwerp bijgekomen. Vergeet niet vast te leggen.", true
	}
	if r, ok := strings.CutPrefix(do, "remove-attendee-"); ok {
		f.Attendees = removeRow(f.Attendees, r, func(x *attendeeRow, i int) { x.Index = i })
		return "De aanwezige is uit het formulier gehaald. Leg het gesprek vast om dit te bewaren.", true
	}
	if r, ok := strings.CutPrefix(do, "remove-topic-"); ok {
		f.Topics = removeRow(f.Topics, r, func(x *topicRow, i int) { x.Index = i })
		return "Het onderwerp is uit het formulier gehaald. Leg het gesprek vast om dit te bewaren.", true
	}
	return "", false
}

// removeRow drops the row numbered index (as the button sent it) and
// numbers the rest again.
func removeRow[T any](rows []T, index string, renumber func(*T, int)) []T {
	if i, err := strconv.Atoi(index); err == nil && i >= 0 && i < len(rows) {
		rows = slices.Delete(rows, i, i+1)
	}
	for j := range rows {
		renumber(&rows[j], j)
	}
	return rows
}

func (s *Server) adviserSaveInterview(c *gin.Context) {
	f := parseInterviewForm(c)
	if note, ok := f.rowAction(c.PostForm("do")); ok {
		if sc, ok := s.loadScan(c); ok {
			s.showInterview(c, sc, f, http.StatusOK, nil, note)
		}
		return
	}
	var errs []fieldError
	d, ok := parseFormDate(f.HeldOn)
	switch {
	case !ok:
		errs = append(errs, fieldError{ID: "f-held_on", Message: badDate})
	case d.IsZero():
		errs = append(errs, fieldError{ID: "f-held_on", Message: "Vul in wanneer het gesprek was."})
	}
	if strings.TrimSpace(f.Summary) == "" {
		errs = append(errs, fieldError{ID: "f-summary", Message: "Vat het gesprek samen."})
	}
	// Rows left empty are no attendees or topics; the service numbers
	// those sent, so each keeps its row for the errors.
	in := domain.Interview{HeldOn: d, Summary: strings.TrimSpace(f.Summary), Attendees: []domain.Attendee{}, Topics: []string{}}
	var attendeeRows, topicRows []int
	for _, r := range f.Attendees {
		if strings.TrimSpace(r.Name+r.Role) != "" {
			attendeeRows = append(attendeeRows, r.Index)
			in.Attendees = append(in.Attendees, domain.Attendee{Name: strings.TrimSpace(r.Name), Role: strings.TrimSpace(r.Role)})
		}
	}
	for _, r := range f.Topics {
		if strings.TrimSpace(r.Text) != "" {
			topicRows = append(topicRows, r.Index)
			in.Topics = append(in.Topics, strings.TrimSpace(r.Text))
		}
	}
	status := http.StatusUnprocessableEntity
	if len(errs) == 0 {
		a, _ := currentActor(c)
		v, err := formVersion(c)
		if err == nil {
			var sc *domain.Scan
			if sc, err = s.Scans.RecordInterview(c.Request.Context(), a, c.Param("id"), v, in); err == nil {
				c.Redirect(http.StatusSeeOther, "/scans/"+sc.ID+"?bericht=opgeslagen")
				return
			}
		}
		if errs, status, ok = s.formProblem(c, err, func(field string) string { return interviewFieldID(field, attendeeRows, topicRows) }); !ok {
			return
		}
	}
	if sc, ok := s.loadScan(c); ok {
		s.showInterview(c, sc, f, status, errs, "")
	}
}

// interviewFieldID maps a field of the service ("attendees[1].role") to the
// form's field, through the form row of each attendee and topic sent.
func interviewFieldID(field string, attendeeRows, topicRows []int) string {
	row := func(rows []int, i int) int {
		if i >= 0 && i < len(rows) {
			return rows[i]
		}
		return 0
	}
	var i int
	var rest string
	switch {
	case field == "attendees":
		return "f-attendee-0-name"
	case field == "topics":
		return "f-topic-0"
	}
	if n, _ := fmt.Sscanf(field, "attendees[%d].%s", &i, &rest); n == 2 {
		return fmt.Sprintf("f-attendee-%d-%s", row(attendeeRows, i), rest)
	}
	if n, _ := fmt.Sscanf(field, "topics[%d]", &i); n == 1 {
		return fmt.Sprintf("f-topic-%d", row(topicRows, i))
	}
	return "f-" + field
}

package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"basisscan/domain"
	"basisscan/workflow"
)

// fieldValue is one answer of a group entry, in words.
type fieldValue struct{ Label, Value string }

// entryView is one entry of a group answer.
type entryView struct {
	Number int
	Fields []fieldValue
}

// answerRow is one question with its answer, as the adviser reads it.
type answerRow struct {
	ID, Question, Value string
	Entries             []entryView // for a group
	Asked               bool        // ticked for a clarification
	CheckID             string      // id of its checkbox; the first is the one errors link to
}

type answerSection struct {
	ID, Title string
	Rows      []answerRow
}

type clarificationView struct {
	ID          string
	Note        string
	Questions   []string // their texts
	RequestedAt time.Time
	AnsweredAt  *time.Time
}

type answerChangeView struct {
	Question, Previous, Value string
	At                        time.Time
}

type answersData struct {
	Scan           *domain.Scan
	Version        int
	Submitted      *time.Time
	CanAsk         bool
	Sections       []answerSection
	Clarifications []clarificationView
	Log            []answerChangeView
	Note           string
}

func (s *Server) adviserAnswers(c *gin.Context) {
	sc, ok := s.loadScan(c)
	if !ok {
		return
	}
	s.showAnswers(c, sc, nil, "", http.StatusOK, nil)
}

// showAnswers renders the answers page; asked and note are what the
// clarification form holds.
func (s *Server) showAnswers(c *gin.Context, sc *domain.Scan, asked []string, note string, status int, errs []fieldError) {
	a, _ := currentActor(c)
	q, err := s.Scans.Questionnaire(c.Request.Context(), a, sc.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := answersView(q, asked)
	d.Scan, d.Note, d.CanAsk = sc, note, s.allowed(c, sc, domain.ActionRequestClarification)
	s.render(c, status, "adviser_answers.html", page{Title: "Antwoorden " + sc.Reference, Errors: errs, Notice: notice(c), Data: d})
}

func answersView(q *workflow.QuestionnaireView, asked []string) answersData {
	t := q.Template
	tick := map[string]bool{}
	for _, id := range asked {
		tick[id] = true
	}
	d := answersData{Version: q.Version, Submitted: q.SubmittedAt}
	first := true
	for _, sec := range t.Sections {
		as := answerSection{ID: sec.ID, Title: sec.Title}
		for _, qu := range sec.Questions {
			if !t.Visible(qu, q.Answers) {
				continue
			}
			row := answerRow{ID: qu.ID, Question: qu.Text, Asked: tick[qu.ID], CheckID: "f-ask-" + qu.ID}
			if first {
				row.CheckID, first = "f-questions", false
			}
			if qu.Type == domain.QuestionGroup {
				entries, _ := q.Answers[qu.ID].([]any)
				for i, e := range entries {
					entry, _ := e.(map[string]any)
					var fv []fieldValue
					for _, f := range qu.Fields {
						if v, ok := entry[f.ID]; ok {
							fv = append(fv, fieldValue{Label: f.Text, Value: answerText(f, v)})
						}
					}
					row.Entries = append(row.Entries, entryView{Number: i + 1, Fields: fv})
				}
				if len(entries) == 0 {
					row.Value = "Geen"
				}
			} else {
				row.Value = answerText(qu, q.Answers[qu.ID])
			}
			as.Rows = append(as.Rows, row)
		}
		d.Sections = append(d.Sections, as)
	}
	for _, cl := range q.Clarifications {
		v := clarificationView{ID: cl.ID, Note: cl.Note, RequestedAt: cl.RequestedAt, AnsweredAt: cl.AnsweredAt}
		for _, id := range cl.Questions {
			if qu, ok := t.Question(id); ok {
				v.Questions = append(v.Questions, qu.Text)
			}
		}
		d.Clarifications = append(d.Clarifications, v)
	}
	for _, ch := range q.AnswerLog {
		qu, _ := t.Question(ch.Question)
		d.Log = append(d.Log, answerChangeView{Question: qu.Text, Previous: answerText(qu, ch.Previous),
			Value: answerText(qu, ch.Value), At: ch.At})
	}
	return d
}

// answerText is an answer in words: Ja or Nee, the label of an option, a
// date in Dutch.
func answerText(q domain.Question, v any) string {
	label := func(val string) string {
		for _, o := range q.Options {
			if o.Value == val {
				return o.Label
			}
		}
		return val
	}
	switch x := v.(type) {
	case nil:
		return "Niet beantwoord"
	case bool:
		if x {
			return "Ja"
		}
		return "Nee"
	case float64:
		return strings.Replace(strconv.FormatFloat(x, 'f', -1, 64), ".", ",", 1)
	case string:
		switch q.Type {
		case domain.QuestionChoice:
			return label(x)
		case domain.QuestionDate:
			if d, err := domain.ParseDate(x); err == nil {
				return d.Dutch()
			}
		}
		if strings.TrimSpace(x) == "" {
			return "Niet beantwoord"
		}
		return x
	case []any:
		if q.Type == domain.QuestionGroup {
			return count(len(x), "onderdeel", "onderdelen")
		}
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, label(s))
			}
		}
		if len(out) == 0 {
			return "Geen"
		}
		return strings.Join(out, ", ")
	}
	return "Beantwoord"
}

func (s *Server) adviserRequestClarification(c *gin.Context) {
	asked := c.PostFormArray("questions")
	note := c.PostForm("note")
	var errs []fieldError
	if len(asked) == 0 {
		errs = append(errs, fieldError{ID: "f-questions", Message: "Kies ten minste één vraag waarover u toelichting wilt."})
	}
	if strings.TrimSpace(note) == "" {
		errs = append(errs, fieldError{ID: "f-note", Message: "Schrijf op wat u de kandidaat wilt vragen."})
	}
	status := http.StatusUnprocessableEntity
	if len(errs) == 0 {
		a, _ := currentActor(c)
		v, err := formVersion(c)
		if err == nil {
			var sc *domain.Scan
			in := workflow.ClarificationInput{Questions: asked, Note: note}
			if sc, err = s.Scans.RequestClarification(c.Request.Context(), a, c.Param("id"), v, in); err == nil {
				c.Redirect(http.StatusSeeOther, "/scans/"+sc.ID+"/antwoorden?bericht=toelichting-gevraagd")
				return
			}
		}
		var ok bool
		if errs, status, ok = s.formProblem(c, err, func(field string) string {
			if field == "note" {
				return "f-note"
			}
			return "f-questions"
		}); !ok {
			return
		}
	}
	if sc, ok := s.loadScan(c); ok {
		s.showAnswers(c, sc, asked, note, status, errs)
	}
}

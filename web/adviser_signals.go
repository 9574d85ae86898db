package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"basisscan/domain"
	"basisscan/workflow"
)

// signalForm is what the accept and dismiss forms of one signal hold.
type signalForm struct {
	Title, Description, Measure, Class, Domain, Reason string
}

// signalView is a suggested finding as the adviser reads it.
type signalView struct {
	Key, ID                          string // ID prefixes its form fields' ids
	Title, Description, Measure      string
	LegalBasis, Section, Question    string
	Answer                           string
	Entry                            []fieldValue
	Class, Domain                    string // in words
	Status, Tag                      string
	Open, Accepted, Dismissed        bool
	WordsOnly                        bool
	EditOpen                         bool // the fields to change the suggestion are shown
	Reason                           string
	DecidedAt                        *time.Time
	Form                             signalForm
	DefaultClass, DefaultDomainValue string
}

type signalsData struct {
	Scan      *domain.Scan
	Version   int
	CanDecide bool
	Signals   []signalView
	Classes   []choice
	Domains   []choice
}

var signalStatusNames = map[domain.SignalStatus][2]string{
	domain.SignalOpen:      {"Nog niet afgehandeld", "tag--todo"},
	domain.SignalAccepted:  {"Overgenomen in het advies", "tag--done"},
	domain.SignalDismissed: {"Terzijde gelegd", "tag--busy"},
}

// signalFieldID is the id prefix of a signal's form fields: the key with
// only characters an id and a URL fragment take as they are.
func signalFieldID(key string) string {
	return "f-" + strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '-'
	}, strings.ToLower(key)) + "-"
}

func (s *Server) adviserSignals(c *gin.Context) {
	sc, ok := s.loadScan(c)
	if !ok {
		return
	}
	s.showSignals(c, sc, "", signalForm{}, http.StatusOK, nil)
}

// showSignals renders the signals; typed is what was typed in the forms of
// the signal with key.
func (s *Server) showSignals(c *gin.Context, sc *domain.Scan, key string, typed signalForm, status int, errs []fieldError) {
	a, _ := currentActor(c)
	ctx := c.Request.Context()
	views, err := s.Scans.Signals(ctx, a, sc.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	// The questions, to put the triggering answers in words.
	q, err := s.Scans.Questionnaire(ctx, a, sc.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := signalsData{Scan: sc, Version: sc.Version, CanDecide: s.allowed(c, sc, domain.ActionAcceptSignal),
		Classes: classChoices(), Domains: domainChoices()}
	for _, v := range views {
		d.Signals = append(d.Signals, signalViewOf(q, v, key, typed))
	}
	s.render(c, status, "adviser_signals.html", page{Title: "Signalen " + sc.Reference, Errors: errs, Notice: notice(c), Data: d})
}

func signalViewOf(q *workflow.QuestionnaireView, v workflow.SignalView, key string, typed signalForm) signalView {
	r := v.Rule
	st := signalStatusNames[v.Status]
	out := signalView{Key: v.Key, ID: signalFieldID(v.Key), Title: r.Title, Description: r.Description, Measure: r.Measure,
		LegalBasis: r.LegalBasis, Section: v.Section, Class: r.Class.DutchName(), Domain: r.Domain.DutchName(),
		Status: st[0], Tag: st[1], Open: v.Status == domain.SignalOpen, Accepted: v.Status == domain.SignalAccepted,
		Dismissed: v.Status == domain.SignalDismissed, WordsOnly: r.AdviserWordsOnly, Reason: v.Reason, DecidedAt: v.DecidedAt,
		DefaultClass: string(r.Class), DefaultDomainValue: string(r.Domain)}
	groupID, fieldName, inGroup := strings.Cut(r.When.Question, ".")
	if qu, ok := q.Template.Question(groupID); ok {
		out.Question = qu.Text
		if !inGroup {
			out.Answer = answerText(qu, v.Answer)
		}
		for _, f := range qu.Fields {
			if f.ID == fieldName {
				out.Question = qu.Text + " – " + f.Text
				out.Answer = answerText(f, v.Answer)
			}
			if val, ok := v.Entry[f.ID]; ok && inGroup {
				out.Entry = append(out.Entry, fieldValue{Label: f.Text, Value: answerText(f, val)})
			}
		}
	}
	if v.Key == key {
		out.Form, out.EditOpen = typed, true
	}
	out.EditOpen = out.EditOpen || r.AdviserWordsOnly
	if out.Form.Class == "" {
		out.Form.Class = out.DefaultClass
	}
	if out.Form.Domain == "" {
		out.Form.Domain = out.DefaultDomainValue
	}
	return out
}

func (s *Server) adviserAcceptSignal(c *gin.Context) {
	key := c.Param("key")
	f := signalForm{Title: c.PostForm("title"), Description: c.PostForm("description"), Measure: c.PostForm("measure"),
		Class: c.PostForm("class"), Domain: c.PostForm("domain")}
	a, _ := currentActor(c)
	v, err := formVersion(c)
	if err == nil {
		var sc *domain.Scan
		// Empty fields keep the suggestion's text: the service decides.
		edit := workflow.FindingEdit{Domain: domain.RiskDomain(f.Domain), Class: domain.FindingClass(f.Class),
			Title: strings.TrimSpace(f.Title), Description: strings.TrimSpace(f.Description), Measure: strings.TrimSpace(f.Measure)}
		if sc, err = s.Scans.AcceptSignal(c.Request.Context(), a, c.Param("id"), v, key, edit); err == nil {
			c.Redirect(http.StatusSeeOther, "/scans/"+sc.ID+"/signalen?bericht=signaal-overgenomen")
			return
		}
	}
	s.signalFailed(c, key, f, err)
}

func (s *Server) adviserDismissSignal(c *gin.Context) {
	key := c.Param("key")
	f := signalForm{Reason: c.PostForm("reason")}
	a, _ := currentActor(c)
	v, err := formVersion(c)
	if err == nil {
		var sc *domain.Scan
		if sc, err = s.Scans.DismissSignal(c.Request.Context(), a, c.Param("id"), v, key, f.Reason); err == nil {
			c.Redirect(http.StatusSeeOther, "/scans/"+sc.ID+"/signalen?bericht=signaal-terzijde")
			return
		}
	}
	s.signalFailed(c, key, f, err)
}

// signalFailed shows the signals again with the typed form and the error.
func (s *Server) signalFailed(c *gin.Context, key string, f signalForm, err error) {
	prefix := signalFieldID(key)
	errs, status, ok := s.formProblem(c, err, func(field string) string { return prefix + field })
	if !ok {
		return
	}
	if sc, ok := s.loadScan(c); ok {
		s.showSignals(c, sc, key, f, status, errs)
	}
}

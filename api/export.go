package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"basisscan/domain"
	"basisscan/workflow"
)

// The export of a candidate's data (AVG art. 15): self-describing, so that
// it can be read without this service. Question texts travel with answers.

type exportResponse struct {
	ExportedAt    time.Time           `json:"exported_at"`
	Person        personResponse      `json:"person"`
	Scan          exportScan          `json:"scan"`
	Consent       *exportConsent      `json:"consent"`
	Questionnaire exportQuestionnaire `json:"questionnaire"`
	Interview     *exportInterview    `json:"interview"`
	Research      []exportSource      `json:"research"`
	VOG           *exportVOG          `json:"vog"`
	Advice        *adviceResponse     `json:"advice"`
	AdviceNote    string              `json:"advice_note,omitempty"`
	History       []historyResponse   `json:"history"`
	Access        []exportAccess      `json:"access"`
}

type exportScan struct {
	ID                     string               `json:"id"`
	Reference              string               `json:"reference"`
	State                  domain.State         `json:"state"`
	Office                 domain.Office        `json:"office"`
	Organisation           string               `json:"organisation"`
	PlannedAppointmentDate domain.Date          `json:"planned_appointment_date"`
	Adviser                personResponse       `json:"adviser"`
	Recipient              personResponse       `json:"recipient"`
	RecipientRole          domain.RecipientRole `json:"recipient_role"`
	Portfolio              string               `json:"portfolio,omitempty"`
	QuestionnaireDue       *time.Time           `json:"questionnaire_due,omitempty"`
	Outcome                domain.Outcome       `json:"outcome,omitempty"`
	EndReason              string               `json:"end_reason,omitempty"`
	CreatedAt              time.Time            `json:"created_at"`
}

type exportConsent struct {
	Given       bool      `json:"given"`
	TextVersion string    `json:"text_version"`
	At          time.Time `json:"at"`
}

type exportQuestionnaire struct {
	Version     string         `json:"version"`
	SubmittedAt *time.Time     `json:"submitted_at"`
	Answers     []exportAnswer `json:"answers"`
}

type exportAnswer struct {
	ID       string `json:"id"`
	Section  string `json:"section"`
	Question string `json:"question"`
	Answer   any    `json:"answer"`
}

type exportInterview struct {
	HeldOn    domain.Date      `json:"held_on"`
	Summary   string           `json:"summary"`
	Attendees []exportAttendee `json:"attendees"`
	Topics    []string         `json:"topics"`
}

type exportAttendee struct {
	Name string `json:"name"`
	Role string `json:"role"`
}

type exportSource struct {
	Source    domain.SourceKind `json:"source"`
	CheckedOn domain.Date       `json:"checked_on"`
	Note      string            `json:"note"`
}

type exportVOG struct {
	Status    domain.VOGStatus `json:"status"`
	IssuedOn  domain.Date      `json:"issued_on"`
	Profile   string           `json:"profile"`
	Reference string           `json:"reference"`
}

type exportAccess struct {
	At        time.Time          `json:"at"`
	ActorRole domain.Role        `json:"actor_role"`
	Action    string             `json:"action"`
	Object    string             `json:"object"`
	Result    domain.AuditResult `json:"result"`
}

func toExportResponse(x *workflow.Export) exportResponse {
	sc := x.Scan
	out := exportResponse{
		ExportedAt: x.At, Person: person(sc.Candidate),
		Scan: exportScan{ID: sc.ID, Reference: sc.Reference, State: sc.State, Office: sc.Office, Organisation: sc.Organisation,
			PlannedAppointmentDate: sc.PlannedAppointmentDate, Adviser: person(sc.Adviser), Recipient: person(sc.Recipient),
			RecipientRole: sc.RecipientRole, Portfolio: sc.Portfolio, QuestionnaireDue: sc.QuestionnaireDue,
			Outcome: sc.Outcome, EndReason: sc.EndReason, CreatedAt: sc.CreatedAt},
		Questionnaire: exportQuestionnaire{Version: x.Template.Version, SubmittedAt: sc.SubmittedAt, Answers: []exportAnswer{}},
		Research:      []exportSource{}, History: []historyResponse{}, Access: []exportAccess{},
	}
	if c := sc.Consent; c != nil {
		out.Consent = &exportConsent{Given: c.Given, TextVersion: c.TextVersion, At: c.At}
	}
	for _, sec := range x.Template.Sections {
		for _, q := range sec.Questions {
			if v, ok := sc.Answers[q.ID]; ok {
				out.Questionnaire.Answers = append(out.Questionnaire.Answers,
					exportAnswer{ID: q.ID, Section: sec.Title, Question: q.Text, Answer: v})
			}
		}
	}
	if i := sc.Interview; i != nil {
		out.Interview = &exportInterview{HeldOn: i.HeldOn, Summary: i.Summary, Attendees: []exportAttendee{}, Topics: i.Topics}
		for _, at := range i.Attendees {
			out.Interview.Attendees = append(out.Interview.Attendees, exportAttendee(at))
		}
		if out.Interview.Topics == nil {
			out.Interview.Topics = []string{}
		}
	}
	for _, r := range sc.Research {
		out.Research = append(out.Research, exportSource{Source: r.Source, CheckedOn: r.CheckedOn, Note: r.Note})
	}
	if v := sc.VOG; v != nil {
		out.VOG = &exportVOG{Status: v.Status, IssuedOn: v.IssuedOn, Profile: v.Profile, Reference: v.Reference}
	}
	switch {
	case x.AdviceShown:
		a := withWeighing(toAdviceResponse(sc), sc, domain.RoleCandidate)
		out.Advice = &a
	case sc.Advice != nil:
		out.AdviceNote = "Het advies is nog in voorbereiding. U ontvangt het concept ter reactie zodra de adviseur het aan u voorlegt."
	}
	for _, h := range x.History {
		out.History = append(out.History, historyResponse{Seq: h.Seq, From: h.From, To: h.To, Action: h.Action,
			ActorRole: h.ActorRole, Reason: h.Reason, At: h.At})
	}
	for _, e := range x.Access {
		out.Access = append(out.Access, exportAccess{At: e.At, ActorRole: e.ActorRole, Action: e.Action, Object: e.Object, Result: e.Result})
	}
	return out
}

// ExportDocument returns the export as the API writes it, for the pages'
// download: the candidate gets one format wherever they ask.
func ExportDocument(x *workflow.Export) any { return toExportResponse(x) }

func (s *Server) export(c *gin.Context) {
	x, err := s.Scans.Export(c.Request.Context(), actor(c), c.Param("id"))
	if err != nil {
		respondError(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="mijn-gegevens-`+x.Scan.Reference+`.json"`)
	c.JSON(http.StatusOK, toExportResponse(x))
}

func (s *Server) erase(c *gin.Context) {
	var req emptyRequest
	if err := bindStrict(c, &req); err != nil {
		respondError(c, err)
		return
	}
	if err := s.Scans.Erase(c.Request.Context(), actor(c), c.Param("id")); err != nil {
		respondError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// caseFileResponse is the adviser's view of what was recorded in a scan.
type caseFileResponse struct {
	Consent     *exportConsent   `json:"consent"`
	SubmittedAt *time.Time       `json:"questionnaire_submitted_at"`
	Interview   *exportInterview `json:"interview"`
	Research    []exportSource   `json:"research"`
	VOG         *exportVOG       `json:"vog"`
}

func (s *Server) caseFile(c *gin.Context) {
	sc, err := s.Scans.CaseFile(c.Request.Context(), actor(c), c.Param("id"))
	if err != nil {
		respondError(c, err)
		return
	}
	out := caseFileResponse{SubmittedAt: sc.SubmittedAt, Research: []exportSource{}}
	if v := sc.Consent; v != nil {
		out.Consent = &exportConsent{Given: v.Given, TextVersion: v.TextVersion, At: v.At}
	}
	if i := sc.Interview; i != nil {
		out.Interview = &exportInterview{HeldOn: i.HeldOn, Summary: i.Summary, Attendees: []exportAttendee{}, Topics: i.Topics}
		for _, at := range i.Attendees {
			out.Interview.Attendees = append(out.Interview.Attendees, exportAttendee(at))
		}
		if out.Interview.Topics == nil {
			out.Interview.Topics = []string{}
		}
	}
	for _, r := range sc.Research {
		out.Research = append(out.Research, exportSource{Source: r.Source, CheckedOn: r.CheckedOn, Note: r.Note})
	}
	if v := sc.VOG; v != nil {
		out.VOG = &exportVOG{Status: v.Status, IssuedOn: v.IssuedOn, Profile: v.Profile, Reference: v.Reference}
	}
	setETag(c, sc.Version)
	c.JSON(http.StatusOK, out)
}

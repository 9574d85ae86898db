package web

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"basisscan/domain"
)

// historyRow is one step of the scan's history, in words.
type historyRow struct {
	At               time.Time
	Who, What        string
	From, To, Reason string
	Moved            bool
}

type historyData struct {
	Scan *domain.Scan
	Rows []historyRow
}

// who names the actor: the person's name when they take part in the scan,
// with their role.
func who(sc *domain.Scan, id string, r domain.Role) string {
	people := []domain.Person{sc.Candidate, sc.Adviser, sc.Formateur}
	if sc.SecondAdviser != nil {
		people = append(people, *sc.SecondAdviser)
	}
	for _, p := range people {
		if p.ID != "" && p.ID == id && p.Name != "" {
			return p.Name + " (" + r.DutchName() + ")"
		}
	}
	if r == "" {
		return "het systeem"
	}
	return "een " + r.DutchName()
}

func (s *Server) adviserHistory(c *gin.Context) {
	sc, ok := s.loadScan(c)
	if !ok {
		return
	}
	a, _ := currentActor(c)
	h, err := s.Scans.History(c.Request.Context(), a, sc.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := historyData{Scan: sc}
	for _, e := range h {
		d.Rows = append(d.Rows, historyRow{At: e.At, Who: who(sc, e.ActorID, e.ActorRole), What: capitalise(e.Action.DutchPhrase()),
			From: e.From.DutchName(), To: e.To.DutchName(), Moved: e.From != e.To && e.From != "", Reason: e.Reason})
	}
	s.render(c, http.StatusOK, "adviser_history.html", page{Title: "Geschiedenis " + sc.Reference, Data: d})
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	if r[0] >= 'a' && r[0] <= 'z' {
		r[0] -= 'a' - 'A'
	}
	return string(r)
}

// auditActions are what the audit trail records beside the actions of the
// process, in words.
var auditActions = map[string]string{
	"read_scan":       "De scan bekeken",
	"read_answers":    "De antwoorden bekeken",
	"read_signals":    "De signalen bekeken",
	"read_advice":     "Het advies bekeken",
	"read_audit":      "Het auditlogboek bekeken",
	"read_consent":    "De toestemmingstekst bekeken",
	"read_case_file":  "Het dossier bekeken",
	"export":          "Alle gegevens gedownload",
	"erase":           "De inhoud gewist",
	"start":           "De scan gestart",
	"download_advice": "Het advies gedownload",
}

// auditAction is an audited action in words.
func auditAction(action string) string {
	if w, ok := auditActions[action]; ok {
		return w
	}
	a := domain.Action(action)
	for _, known := range domain.Actions {
		if a == known {
			return capitalise(a.DutchPhrase())
		}
	}
	return "Een andere handeling"
}

type auditRow struct {
	Seq       int
	At        time.Time
	Who, What string
	Refused   bool
}

type refusalRow struct {
	Minute    time.Time
	Who, What string
	Count     int
}

type auditData struct {
	Scan     *domain.Scan
	Intact   bool
	BreakAt  int
	Rows     []auditRow
	Refusals []refusalRow
}

func (s *Server) adviserAudit(c *gin.Context) {
	sc, ok := s.loadScan(c)
	if !ok {
		return
	}
	a, _ := currentActor(c)
	trail, err := s.Scans.AuditTrail(c.Request.Context(), a, sc.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := auditData{Scan: sc, Intact: trail.Break == nil}
	if trail.Break != nil {
		d.BreakAt = trail.Break.Seq
	}
	for _, e := range trail.Chain.Events {
		d.Rows = append(d.Rows, auditRow{Seq: e.Seq, At: e.At, Who: who(sc, e.ActorID, e.ActorRole), What: auditAction(e.Action),
			Refused: e.Result == domain.AuditDenied})
	}
	for _, r := range trail.Refusals {
		d.Refusals = append(d.Refusals, refusalRow{Minute: r.Minute, Who: who(sc, r.ActorID, r.ActorRole), What: auditAction(r.Action), Count: r.Count})
	}
	s.render(c, http.StatusOK, "adviser_audit.html", page{Title: "Auditlogboek " + sc.Reference, Data: d})
}

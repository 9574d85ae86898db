package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"basisscan/domain"
	"basisscan/workflow"
)

// scanRow is one scan in a list: what every role may see of it.
type scanRow struct {
	Scan     *domain.Scan
	Deadline *time.Time // of the candidate's response, while it runs
	// QuestionnaireDue is the questionnaire's deadline while it is open,
	// for the adviser and the candidate.
	QuestionnaireDue *time.Time
}

type scanListData struct {
	Groups []scanGroup
	Role   domain.Role
	Next   string // the address of the next page, or ""
}

// pageParam is the query parameter of a list's page: the cursor of the
// page before.
const pageParam = "vanaf"

// scanGroup holds the scans in one phase: a work list reads by phase.
type scanGroup struct {
	Phase string
	ID    string // of its heading
	Rows  []scanRow
}

// byPhase groups rows by phase, in the order of the process, and within a
// phase by planned appointment date, soonest first.
func byPhase(rows []scanRow) []scanGroup {
	var out []scanGroup
	for _, st := range domain.States {
		var g []scanRow
		for _, r := range rows {
			if r.Scan.State == st {
				g = append(g, r)
			}
		}
		if len(g) == 0 {
			continue
		}
		slices.SortStableFunc(g, func(a, b scanRow) int {
			return a.Scan.PlannedAppointmentDate.Time().Compare(b.Scan.PlannedAppointmentDate.Time())
		})
		name := []rune(st.DutchName())
		out = append(out, scanGroup{Phase: strings.ToUpper(string(name[:1])) + string(name[1:]), ID: "fase-" + string(st), Rows: g})
	}
	return out
}

// scanList lists the visitor's scans: a candidate with one scan goes
// straight to it.
func (s *Server) scanList(c *gin.Context) {
	a, _ := currentActor(c)
	if a.Role == domain.RoleAdmin { // an admin has no scans: their start is the accounts
		c.Redirect(http.StatusSeeOther, "/beheer/accounts")
		return
	}
	cursor := c.Query(pageParam)
	list, err := s.Scans.ListScans(c.Request.Context(), a, workflow.ListInput{Limit: domain.DefaultPageSize, Cursor: cursor})
	if err != nil {
		s.fail(c, err)
		return
	}
	scans := list.Scans
	if a.Role == domain.RoleCandidate && len(scans) == 1 && cursor == "" && list.NextCursor == "" {
		c.Redirect(http.StatusSeeOther, "/scans/"+scans[0].ID)
		return
	}
	rows := make([]scanRow, len(scans))
	for i := range scans {
		rows[i] = scanRow{Scan: &scans[i], Deadline: s.Scans.ResponseDeadline(&scans[i])}
		if a.Role != domain.RoleFormateur {
			rows[i].QuestionnaireDue = questionnaireDue(&scans[i])
		}
	}
	title := map[domain.Role]string{domain.RoleAdviser: "Werklijst", domain.RoleFormateur: "Scans",
		domain.RoleCandidate: "Mijn scans"}[a.Role]
	if title == "" {
		s.notFound(c)
		return
	}
	data := scanListData{Groups: byPhase(rows), Role: a.Role}
	if list.NextCursor != "" {
		data.Next = "/scans?" + url.Values{pageParam: {list.NextCursor}}.Encode()
	}
	s.render(c, http.StatusOK, "scans.html", page{Title: title, Notice: notice(c), Data: data})
}

// scanPage shows a scan as the visitor's role sees it.
func (s *Server) scanPage(c *gin.Context) {
	a, _ := currentActor(c)
	switch a.Role {
	case domain.RoleCandidate:
		s.candidateScan(c)
	case domain.RoleAdviser:
		s.adviserScan(c)
	case domain.RoleFormateur:
		s.formateurScan(c)
	default:
		s.notFound(c)
	}
}

// notices are the confirmations a redirect after a form may ask for.
var notices = map[string]string{
	"opgeslagen":  "Opgeslagen.",
	"verstuurd":   "Verstuurd.",
	"toestemming": "Dank u. U hebt toestemming gegeven.",
}

func notice(c *gin.Context) string { return notices[c.Query("bericht")] }

// loadScan returns the scan of the address as the visitor may see it, or
// shows the page for why not.
func (s *Server) loadScan(c *gin.Context) (*domain.Scan, bool) {
	a, _ := currentActor(c)
	sc, err := s.Scans.Scan(c.Request.Context(), a, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	return sc, true
}

package web

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"basisscan/domain"
)

// scanRow is one scan in a list: what every role may see of it.
type scanRow struct {
	Scan     *domain.Scan
	Deadline *time.Time // of the candidate's response, while it runs
}

type scanListData struct {
	Rows []scanRow
	Role domain.Role
}

// scanList lists the visitor's scans: a candidate with one scan goes
// straight to it.
func (s *Server) scanList(c *gin.Context) {
	a, _ := currentActor(c)
	if a.Role == domain.RoleAdmin { // an admin has no scans: their start is the accounts
		c.Redirect(http.StatusSeeOther, "/beheer/accounts")
		return
	}
	scans, err := s.Scans.Scans(c.Request.Context(), a)
	if err != nil {
		s.fail(c, err)
		return
	}
	if a.Role == domain.RoleCandidate && len(scans) == 1 {
		c.Redirect(http.StatusSeeOther, "/scans/"+scans[0].ID)
		return
	}
	rows := make([]scanRow, len(scans))
	for i := range scans {
		rows[i] = scanRow{Scan: &scans[i], Deadline: s.Scans.ResponseDeadline(&scans[i])}
	}
	title := map[domain.Role]string{domain.RoleAdviser: "Werklijst", domain.RoleFormateur: "Scans",
		domain.RoleCandidate: "Mijn scans"}[a.Role]
	if title == "" {
		s.notFound(c)
		return
	}
	s.render(c, http.StatusOK, "scans.html", page{Title: title, Notice: notice(c), Data: scanListData{Rows: rows, Role: a.Role}})
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

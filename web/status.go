package web

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"basisscan/domain"
)

type statusData struct {
	Scan     *domain.Scan
	Allowed  []domain.Action
	Deadline *time.Time
}

// nextSteps say, per phase, what happens next, as the candidate reads it.
var nextSteps = map[domain.State]string{
	domain.StateIntake:          "De scan wordt voorbereid.",
	domain.StateQuestionnaire:   "U geeft toestemming en vult de vragenlijst in. Daarna bekijkt de integriteitsadviseur uw antwoorden.",
	domain.StateInterview:       "De integriteitsadviseur zoekt in openbare bronnen en maakt een afspraak met u voor een gesprek.",
	domain.StateVOGCheck:        "De integriteitsadviseur wacht op uw Verklaring Omtrent het Gedrag (VOG).",
	domain.StateAdvice:          "De integriteitsadviseur schrijft het conceptadvies. U krijgt het te lezen voordat het verder gaat.",
	domain.StateCandidateReview: "Lees het conceptadvies en laat weten of u het ermee eens bent.",
	domain.StateSignOff:         "Het advies wordt ondertekend en daarna aan de formateur gegeven.",
	domain.StateDelivered:       "Het advies is aan de formateur gegeven. Die besluit over de benoeming.",
	domain.StateClosed:          "De scan is afgerond.",
	domain.StateWithdrawn:       "De kandidatuur is teruggetrokken. De scan is gestopt.",
	domain.StateCancelled:       "De scan is stopgezet.",
	domain.StateRefused:         "Er is geen toestemming gegeven. De scan is gestopt.",
}

func (d statusData) NextStep() string { return nextSteps[d.Scan.State] }

// statusPage says which phase the scan is in and what the visitor can do.
func (s *Server) statusPage(c *gin.Context) {
	sc, ok := s.loadScan(c)
	if !ok {
		return
	}
	a, _ := currentActor(c)
	s.render(c, http.StatusOK, "scan_status.html", page{Title: "Scan " + sc.Reference, Notice: notice(c),
		Data: statusData{Scan: sc, Allowed: s.Scans.AllowedActions(a, sc), Deadline: s.Scans.ResponseDeadline(sc)}})
}

package api

import (
	"context"

	"github.com/gin-gonic/gin"

	"basisscan/domain"
)

// scanView is the scan as the actor may see it: the phase-level view, with
// the VOG's status and the deadlines worked out by the workflow. The
// questionnaire's deadline is for those who work on the questionnaire.
func (s *Server) scanView(a domain.Actor, sc *domain.Scan) scanResponse {
	out := toScanResponse(sc, s.Scans.AllowedActions(a, sc), a.Role)
	v := s.Scans.VOGStatus(sc)
	out.VOGStatus = vogStatusResponse{Status: string(v.Kind), Text: v.Text}
	out.ResponseDeadline = s.Scans.ResponseDeadline(sc)
	if a.Role == domain.RoleAdviser || a.Role == domain.RoleCandidate {
		out.QuestionnaireDue = sc.QuestionnaireDue
	}
	return out
}

// appointmentChange is the new planned appointment date and why.
type appointmentChange struct {
	date   domain.Date
	reason string
}

func (r appointmentDateRequest) toDomain() (appointmentChange, error) {
	d, err := parseDate("date", r.Date)
	return appointmentChange{date: d, reason: r.Reason}, err
}

// changeAppointmentDate is PUT /scans/:id/planned-appointment-date.
func (s *Server) changeAppointmentDate() gin.HandlerFunc {
	return withBody(s, func(ctx context.Context, a domain.Actor, id string, ifMatch *int, in appointmentChange) (*domain.Scan, error) {
		return s.Scans.ChangeAppointmentDate(ctx, a, id, ifMatch, in.date, in.reason)
	}, appointmentDateRequest.toDomain)
}

package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"basisscan/workflow"
)

type invitationData struct {
	*workflow.InvitationView
	Code string
}

// invitation shows who invites the candidate and what will happen. It
// does not use up the code: only the button (a POST) does.
func (s *Server) invitation(c *gin.Context) {
	v, err := s.Scans.Invitation(c.Request.Context(), c.Param("code"))
	if err != nil {
		s.codeFailed(c, err, "Deze uitnodiging werkt niet meer", "invitation_gone.html")
		return
	}
	s.render(c, http.StatusOK, "invitation.html", page{Title: "Uitnodiging", Data: invitationData{v, c.Param("code")}})
}

func (s *Server) acceptInvitation(c *gin.Context) {
	secret, err := s.Scans.StartSessionByInvitation(c.Request.Context(), c.Param("code"))
	if err != nil {
		s.codeFailed(c, err, "Deze uitnodiging werkt niet meer", "invitation_gone.html")
		return
	}
	s.startSession(c, secret)
	c.Redirect(http.StatusSeeOther, "/scans")
}

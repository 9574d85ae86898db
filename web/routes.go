package web

import (
	"github.com/gin-gonic/gin"

	"basisscan/domain"
)

// routes lists every page in one place. Addresses are Dutch, as people
// see them; the invitation link keeps the path the e-mails carry.
func (s *Server) routes(r *gin.RouterGroup) {
	r.GET("/", s.home)
	r.GET("/privacy", s.privacy)
	r.GET("/inloggen", s.signInForm)
	r.POST("/inloggen", s.requestLink)
	r.GET("/aanmelden/:code", s.signInCode)
	r.POST("/aanmelden/:code", s.useSignInCode)
	r.POST("/afmelden", s.signOut)
	r.GET("/invitations/:code", s.invitation)
	r.POST("/invitations/:code", s.acceptInvitation)

	in := r.Group("", s.requireActor)
	in.GET("/scans", s.scanList)
	in.GET("/scans/:id", s.scanPage)
	// The signed documents, for every role the workflow gives them to.
	in.GET("/scans/:id/advies.pdf", s.document(domain.DocumentAdvice))
	in.GET("/scans/:id/advies-raad.pdf", s.document(domain.DocumentRaad))

	s.candidateRoutes(r.Group("", s.requireRole(domain.RoleCandidate)))
	s.adviserRoutes(r.Group("", s.requireRole(domain.RoleAdviser)))
	s.formateurRoutes(r.Group("", s.requireRole(domain.RoleFormateur)))
	s.adminRoutes(r.Group("", s.requireRole(domain.RoleAdmin)))
}

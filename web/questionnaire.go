package web

import "github.com/gin-gonic/gin"

// The candidate's questionnaire: the overview of sections, one section per
// page, the check of the answers, submission, and clarifications.

func (s *Server) questionnaireRoutes(g *gin.RouterGroup) {}

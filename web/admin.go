package web

import "github.com/gin-gonic/gin"

// The admin's pages: the staff accounts of their organisation.

func (s *Server) adminRoutes(g *gin.RouterGroup) {}

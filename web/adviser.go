package web

import "github.com/gin-gonic/gin"

// The adviser's pages: the work list, and a scan with its answers,
// signals, clarifications, research, interview, VOG, advice, sign-off,
// history and audit trail.

func (s *Server) adviserRoutes(g *gin.RouterGroup) {}

func (s *Server) adviserScan(c *gin.Context) { s.statusPage(c) }

package web

import "github.com/gin-gonic/gin"

// Routes lists the pages' routes, for the access test that tries each.
func (s *Server) Routes() gin.RoutesInfo { return s.engine.Routes() }

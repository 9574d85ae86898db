package api

import (
	_ "embed"
	"net/http"

	"github.com/gin-gonic/gin"
)

// openAPIDocument is the OpenAPI 3.1 document of the API, kept in
// api/openapi/openapi.json. The api tests validate every response they get
// against it, and check that it names exactly the routes of routes.go, so
// that it cannot drift from the code.
//
//go:embed openapi/openapi.json
var openAPIDocument []byte

// openAPI is GET /api/v1/openapi.json: the document, for anyone.
func (s *Server) openAPI(c *gin.Context) {
	c.Data(http.StatusOK, "application/json", openAPIDocument)
}

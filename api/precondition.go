package api

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"basisscan/domain"
)

// creating are the writes that make a resource rather than change one: they
// have no version to name, so RequireIfMatch leaves them alone.
var creating = map[string]bool{
	"POST /api/v1/scans":    true,
	"POST /api/v1/users":    true,
	"POST /api/v1/webhooks": true,
}

// unversioned are the writes on resources without an ETag: with
// RequireIfMatch they take If-Match: * ("as it exists"), since there is no
// version to send.
var unversioned = map[string]bool{
	"POST /api/v1/users/:uid/deactivate":         true,
	"POST /api/v1/users/:uid/activate":           true,
	"POST /api/v1/users/:uid/tokens/:tid/revoke": true,
	"POST /api/v1/candidates/deactivate":         true,
	"POST /api/v1/scans/:id/erase":               true,
	"DELETE /api/v1/webhooks/:wid":               true,
}

var errIfMatchRequired = &domain.Error{Code: domain.EPRECONDITION,
	Message: "Stuur bij deze wijziging de header If-Match met de versie van de scan die u hebt gelezen (de ETag, zoals \"3\"), zodat u geen wijziging van een ander overschrijft. Er is niets gewijzigd."}

var errIfMatchAnyRequired = &domain.Error{Code: domain.EPRECONDITION,
	Message: "Stuur bij deze wijziging de header If-Match: * om te bevestigen dat u dit bestaande gegeven wijzigt. Er is niets gewijzigd."}

// requireIfMatch refuses, when the deployment requires it, a write on an
// existing resource that names no version: 428, before anything is read
// or changed. A scan's write must name its version; "*" would skip the
// check it asks for. A write on a resource without versions takes "*".
func (s *Server) requireIfMatch(c *gin.Context) {
	if !s.RequireIfMatch {
		c.Next()
		return
	}
	switch c.Request.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		c.Next()
		return
	}
	route := c.Request.Method + " " + c.FullPath()
	if creating[route] {
		c.Next()
		return
	}
	h := strings.TrimSpace(c.GetHeader("If-Match"))
	switch {
	case unversioned[route]:
		if h == "" {
			respondError(c, errIfMatchAnyRequired)
			return
		}
	case h == "" || h == "*":
		respondError(c, errIfMatchRequired)
		return
	}
	c.Next()
}

package web

import (
	"mime"
	"net/http"

	"github.com/gin-gonic/gin"

	"basisscan/domain"
)

// document serves a signed document of the kind as a download named with
// the scan's reference, as the API does. Whether the visitor may have it is
// the workflow's (AdviceDocument), for every role alike.
func (s *Server) document(kind domain.DocumentKind) gin.HandlerFunc {
	return func(c *gin.Context) {
		a, _ := currentActor(c)
		sc, doc, err := s.Scans.AdviceDocument(c.Request.Context(), a, c.Param("id"), kind)
		if err != nil {
			s.fail(c, err)
			return
		}
		c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": kind.FileName(sc.Reference)}))
		c.Data(http.StatusOK, "application/pdf", doc.PDF)
	}
}

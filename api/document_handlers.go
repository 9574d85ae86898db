package api

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"mime"
	"net/http"

	"github.com/gin-gonic/gin"

	"basisscan/domain"
)

// document serves a stored document of the kind as an attachment, byte for
// byte as stored at sign-off, with the SHA-256 of those bytes in Repr-Digest.
// Who may have which is the workflow's (AdviceDocument).
func (s *Server) document(kind domain.DocumentKind) gin.HandlerFunc {
	return func(c *gin.Context) {
		sc, doc, err := s.Scans.AdviceDocument(c.Request.Context(), actor(c), c.Param("id"), kind)
		if err != nil {
			respondError(c, err)
			return
		}
		sum, err := hex.DecodeString(doc.SHA256)
		if err != nil {
			respondError(c, fmt.Errorf("stored digest of scan %s: %w", sc.ID, err))
			return
		}
		c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": kind.FileName(sc.Reference)}))
		c.Header("Repr-Digest", "sha-256=:"+base64.StdEncoding.EncodeToString(sum)+":")
		c.Header("ETag", `"`+doc.SHA256+`"`)
		c.Data(http.StatusOK, "application/pdf", doc.PDF)
	}
}

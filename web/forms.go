package web

import (
	"strconv"

	"github.com/gin-gonic/gin"

	"basisscan/domain"
)

// staleMessage answers a form sent after the scan changed: the page below
// it shows the scan as it is now, with what was typed kept.
const staleMessage = "De scan is intussen gewijzigd, in een ander venster of door iemand anders. " +
	"Wat u invulde, staat hieronder nog. Controleer het en verstuur het opnieuw."

// formVersion returns the scan version the form was made from. Returns
// EMALFORMED when the form has none: without it a write could overwrite
// changes its sender never saw.
func formVersion(c *gin.Context) (*int, error) {
	v, err := strconv.Atoi(c.PostForm("version"))
	if err != nil || v < 1 {
		return nil, domain.Errorf(domain.EMALFORMED, "Dit formulier is niet compleet. Laad de pagina opnieuw en probeer het nog eens.")
	}
	return &v, nil
}

package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

func init() {
	notices["portefeuille"] = "De beoogde portefeuille is opgeslagen."
}

// editPortfolio saves the intended portefeuille; the service decides until
// when it may change, and the page shows its refusal.
func (s *Server) editPortfolio(c *gin.Context) {
	a, _ := currentActor(c)
	typed := c.PostForm("portefeuille")
	v, err := formVersion(c)
	if err == nil {
		if _, err = s.Scans.EditPortfolio(c.Request.Context(), a, c.Param("id"), v, typed); err == nil {
			c.Redirect(http.StatusSeeOther, "/scans/"+c.Param("id")+"?bericht=portefeuille")
			return
		}
	}
	errs, status, ok := s.formProblem(c, err, func(field string) string { return "f-portefeuille" })
	if !ok {
		return
	}
	sc, ok := s.loadScan(c)
	if !ok {
		return
	}
	d := s.formateurView(a, sc)
	d.PortfolioForm = typed
	s.render(c, status, "formateur_scan.html", page{Title: "Scan " + sc.Reference, Errors: errs, Data: d})
}

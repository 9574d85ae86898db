package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"basisscan/domain"
)

// The formateur moves the planned appointment date, on their scan page.
// What follows from the date (the VOG's validity, the response deadline)
// is the service's, shown as it computes it.

func init() {
	notices["benoemingsdatum"] = "De beoogde benoemingsdatum is gewijzigd. De integriteitsadviseur en de kandidaat krijgen bericht per e-mail."
}

// dateChangeForm is the date-change form on the formateur's scan page:
// whether it is offered, and what was typed when it returns with errors.
type dateChangeForm struct {
	Can              bool
	Day, Month, Year string
	Reason           string
}

// The ids of the date-change form's fields, by the service's field names.
var dateChangeFields = map[string]string{"date": "f-nieuwe-datum-dag", "reason": "f-reden-datum"}

func (s *Server) changeAppointmentDate(c *gin.Context) {
	sc, v, ok := s.formateurWrite(c)
	if !ok {
		return
	}
	a, _ := currentActor(c)
	f := dateChangeForm{Can: true, Day: strings.TrimSpace(c.PostForm("dag")), Month: strings.TrimSpace(c.PostForm("maand")),
		Year: strings.TrimSpace(c.PostForm("jaar")), Reason: c.PostForm("reden")}
	var errs []fieldError
	day, ok := formateurDate(f.Day, f.Month, f.Year)
	if !ok {
		errs = []fieldError{{ID: dateChangeFields["date"], Message: "Vul de nieuwe benoemingsdatum in als dag, maand en jaar, bijvoorbeeld 4 5 2026."}}
	} else {
		_, err := s.Scans.ChangeAppointmentDate(c.Request.Context(), a, sc.ID, v, day, f.Reason)
		var isForm bool
		if errs, isForm = formErrors(err, formateurFields(dateChangeFields)); !isForm && err != nil {
			s.fail(c, err)
			return
		}
	}
	if len(errs) > 0 {
		d := s.formateurView(a, sc)
		d.DateChange = f
		s.render(c, http.StatusUnprocessableEntity, "formateur_scan.html", page{Title: "Scan " + sc.Reference, Errors: errs, Data: d})
		return
	}
	c.Redirect(http.StatusSeeOther, "/scans/"+sc.ID+"?bericht=benoemingsdatum")
}

// canChangeDate reports whether the formateur may move the date now.
func canChangeDate(allowed []domain.Action) bool {
	return slices.Contains(allowed, domain.ActionChangeAppointment)
}

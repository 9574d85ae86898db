package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"basisscan/domain"
	"basisscan/workflow"
)

// weighingForm is how the adviser weighed the candidate's response, as the
// advice page's form holds it: Changed is "ja", "nee" or nothing chosen.
type weighingForm struct {
	Changed, Explanation string
}

// weighingFormOf is the recorded weighing, or an empty form.
func weighingFormOf(sc *domain.Scan) weighingForm {
	if sc.Advice == nil || sc.Advice.Weighing == nil {
		return weighingForm{}
	}
	w := sc.Advice.Weighing
	f := weighingForm{Changed: "nee", Explanation: w.Explanation}
	if w.Changed {
		f.Changed = "ja"
	}
	return f
}

// adviserSaveWeighing records the weighing of a disagreeing response; the
// service holds the rules (in sign-off only, a disagreeing response, an
// explanation) and the page shows its refusals next to the form.
func (s *Server) adviserSaveWeighing(c *gin.Context) {
	f := weighingForm{Changed: c.PostForm("changed"), Explanation: c.PostForm("explanation")}
	var errs []fieldError
	if f.Changed != "ja" && f.Changed != "nee" {
		errs = append(errs, fieldError{ID: "f-changed", Message: "Kies of u het advies door de reactie heeft aangepast."})
	}
	status := http.StatusUnprocessableEntity
	if len(errs) == 0 {
		a, _ := currentActor(c)
		v, err := formVersion(c)
		if err == nil {
			var sc *domain.Scan
			in := workflow.WeighingInput{Changed: f.Changed == "ja", Explanation: f.Explanation}
			if sc, err = s.Scans.WeighResponse(c.Request.Context(), a, c.Param("id"), v, in); err == nil {
				c.Redirect(http.StatusSeeOther, "/scans/"+sc.ID+"/advies?bericht=gewogen")
				return
			}
		}
		var ok bool
		if errs, status, ok = s.formProblem(c, err, func(field string) string { return "f-" + field }); !ok {
			return
		}
	}
	sc, ok := s.loadScan(c)
	if !ok {
		return
	}
	s.showAdviceWith(c, sc, adviceFormOf(sc.Advice), f, status, errs, "")
}

func init() {
	notices["gewogen"] = "Uw weging van de reactie is vastgelegd. U kunt het advies nu ondertekenen."
}

package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"basisscan/domain"
	"basisscan/workflow"
)

// findingForm is one finding as the advice form holds it.
type findingForm struct {
	Index                                                          int // position in the form
	Domain, Class, Title, Description, Measure, LegalBasis, Signal string
	// Owner, DeadlineKind and DeadlineOn are who carries out the measure by when.
	Owner, DeadlineKind, DeadlineOn string
}

// blank reports whether nothing was typed in the finding: a row added and
// left empty is not a finding.
func (f findingForm) blank() bool {
	return strings.TrimSpace(f.Title+f.Description+f.Measure) == ""
}

type adviceForm struct {
	Conclusion, Summary string
	Findings            []findingForm
}

// domainFindings are the findings of one risk domain, in form order.
type domainFindings struct {
	Domain   choice
	Findings []findingForm
}

type adviceData struct {
	Scan        *domain.Scan
	Version     int
	Editable    bool
	Form        adviceForm
	Domains     []domainFindings
	Conclusions []choice
	Classes     []choice
	Owners      []choice // named as the scan's kind of organisation names them
	Deadlines   []choice
	Allowed     actionSet
	Weighing    weighingForm
}

func adviceFormOf(a *domain.Advice) adviceForm {
	var f adviceForm
	if a == nil {
		return f
	}
	f.Conclusion, f.Summary = string(a.Conclusion), a.Summary
	for i, x := range a.Findings {
		f.Findings = append(f.Findings, findingForm{Index: i, Domain: string(x.Domain), Class: string(x.Class),
			Title: x.Title, Description: x.Description, Measure: x.Measure, LegalBasis: x.LegalBasis, Signal: x.Signal,
			Owner: string(x.MeasureOwner), DeadlineKind: string(x.MeasureDeadline.Kind), DeadlineOn: dateValue(x.MeasureDeadline.On)})
	}
	return f
}

func (s *Server) adviserAdvice(c *gin.Context) {
	sc, ok := s.loadScan(c)
	if !ok {
		return
	}
	// Read through Advice so that the audit trail records the read.
	a, _ := currentActor(c)
	sc, err := s.Scans.Advice(c.Request.Context(), a, sc.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.showAdvice(c, sc, adviceFormOf(sc.Advice), http.StatusOK, nil, notice(c))
}

func (s *Server) showAdvice(c *gin.Context, sc *domain.Scan, f adviceForm, status int, errs []fieldError, note string) {
	s.showAdviceWith(c, sc, f, weighingFormOf(sc), status, errs, note)
}

// showAdviceWith is showAdvice with the weighing form as typed.
func (s *Server) showAdviceWith(c *gin.Context, sc *domain.Scan, f adviceForm, w weighingForm, status int, errs []fieldError, note string) {
	a, _ := currentActor(c)
	allowed := allowedSet(s.Scans.AllowedActions(a, sc))
	d := adviceData{Scan: sc, Version: sc.Version, Editable: allowed.has(domain.ActionSaveAdvice), Form: f,
		Classes: classChoices(), Allowed: allowed, Weighing: w}
	for _, o := range domain.MeasureOwners {
		d.Owners = append(d.Owners, choice{string(o), o.DutchNameFor(sc.Office.KindOf())})
	}
	for _, k := range domain.DeadlineKinds {
		d.Deadlines = append(d.Deadlines, choice{string(k), k.DutchName()})
	}
	for _, k := range domain.Conclusions {
		d.Conclusions = append(d.Conclusions, choice{string(k), k.DutchName()})
	}
	for _, dc := range domainChoices() {
		df := domainFindings{Domain: dc}
		for _, x := range f.Findings {
			if x.Domain == dc.Value {
				df.Findings = append(df.Findings, x)
			}
		}
		d.Domains = append(d.Domains, df)
	}
	s.render(c, status, "adviser_advice.html", page{Title: "Advies " + sc.Reference, Errors: errs, Notice: note, Data: d})
}

// parseAdviceForm reads the advice form; findings are numbered finding-<i>-….
func parseAdviceForm(c *gin.Context) adviceForm {
	f := adviceForm{Conclusion: c.PostForm("conclusion"), Summary: c.PostForm("summary")}
	n, _ := strconv.Atoi(c.PostForm("findings"))
	for i := range min(n, 200) {
		p := "finding-" + strconv.Itoa(i) + "-"
		f.Findings = append(f.Findings, findingForm{Index: i, Domain: c.PostForm(p + "domain"), Class: c.PostForm(p + "class"),
			Title: c.PostForm(p + "title"), Description: c.PostForm(p + "description"), Measure: c.PostForm(p + "measure"),
			LegalBasis: c.PostForm(p + "legal_basis"), Signal: c.PostForm(p + "signal"),
			Owner: c.PostForm(p + "measure_owner"), DeadlineKind: c.PostForm(p + "measure_deadline"), DeadlineOn: c.PostForm(p + "measure_deadline_on")})
	}
	return f
}

// renumber gives the findings their positions again after one was removed.
func renumber(fs []findingForm) []findingForm {
	for i := range fs {
		fs[i].Index = i
	}
	return fs
}

func (s *Server) adviserSaveAdvice(c *gin.Context) {
	f := parseAdviceForm(c)
	do := c.PostForm("do")
	// Adding and removing a finding rebuild the form without saving: the
	// adviser saves when the advice reads right.
	if dom, ok := strings.CutPrefix(do, "add-"); ok && slices.Contains(domain.RiskDomains, domain.RiskDomain(dom)) {
		sc, ok := s.loadScan(c)
		if !ok {
			return
		}
		f.Findings = append(f.Findings, findingForm{Index: len(f.Findings), Domain: dom, Class: string(domain.ClassAttention)})
		s.showAdvice(c, sc, f, http.StatusOK, nil, "Er is een lege bevinding bijgekomen. Vergeet niet op te slaan.")
		return
	}
	if r, ok := strings.CutPrefix(do, "remove-"); ok {
		sc, ok := s.loadScan(c)
		if !ok {
			return
		}
		if i, err := strconv.Atoi(r); err == nil && i >= 0 && i < len(f.Findings) {
			f.Findings = renumber(slices.Delete(f.Findings, i, i+1))
		}
		s.showAdvice(c, sc, f, http.StatusOK, nil, "De bevinding is uit het formulier gehaald. Sla op om dit te bewaren.")
		return
	}

	in := workflow.AdviceInput{Conclusion: domain.Conclusion(f.Conclusion), Summary: strings.TrimSpace(f.Summary),
		Findings: []domain.Finding{}}
	var errs []fieldError
	var formIndex []int // form position of each finding sent
	if f.Conclusion != "" && !slices.Contains(domain.Conclusions, in.Conclusion) {
		errs = append(errs, fieldError{ID: "f-conclusion", Message: "Kies een van de conclusies."})
	}
	for _, x := range f.Findings {
		if x.blank() {
			continue
		}
		id := "f-finding-" + strconv.Itoa(x.Index) + "-"
		if !slices.Contains(domain.RiskDomains, domain.RiskDomain(x.Domain)) {
			errs = append(errs, fieldError{ID: id + "title", Message: "Deze bevinding hoort bij geen van de risicodomeinen. Laad de pagina opnieuw."})
		}
		if !slices.Contains(domain.FindingClasses, domain.FindingClass(x.Class)) {
			errs = append(errs, fieldError{ID: id + "class", Message: "Kies het soort bevinding."})
		}
		if strings.TrimSpace(x.Title) == "" {
			errs = append(errs, fieldError{ID: id + "title", Message: "Geef de bevinding een titel."})
		}
		on, ok := parseFormDate(x.DeadlineOn)
		if !ok {
			errs = append(errs, fieldError{ID: id + "measure_deadline_on", Message: badDate})
		}
		deadline := domain.MeasureDeadline{Kind: domain.DeadlineKind(x.DeadlineKind)}
		if deadline.Kind == domain.DeadlineOnDate {
			deadline.On = on // a date left in the field under another kind is no deadline
		}
		formIndex = append(formIndex, x.Index)
		in.Findings = append(in.Findings, domain.Finding{Domain: domain.RiskDomain(x.Domain), Class: domain.FindingClass(x.Class),
			Title: strings.TrimSpace(x.Title), Description: strings.TrimSpace(x.Description), Measure: strings.TrimSpace(x.Measure),
			LegalBasis: x.LegalBasis, Signal: x.Signal, MeasureOwner: domain.MeasureOwner(x.Owner), MeasureDeadline: deadline})
	}
	a, _ := currentActor(c)
	var err error
	v, verr := formVersion(c)
	switch {
	case verr != nil:
		err = verr
	case len(errs) > 0:
		err = nil
	default:
		var sc *domain.Scan
		sc, err = s.Scans.SaveAdvice(c.Request.Context(), a, c.Param("id"), v, in)
		if err == nil {
			c.Redirect(http.StatusSeeOther, "/scans/"+sc.ID+"/advies?bericht=opgeslagen")
			return
		}
	}
	status := http.StatusUnprocessableEntity
	if err != nil {
		var ok bool
		if errs, status, ok = s.formProblem(c, err, func(field string) string { return adviceFieldID(field, formIndex) }); !ok {
			return
		}
	}
	sc, ok := s.loadScan(c)
	if !ok {
		return
	}
	s.showAdvice(c, sc, f, status, errs, "")
}

// adviceFieldID maps a field of the service ("findings[2].measure") to the
// form's field; formIndex holds the form position of each finding sent.
func adviceFieldID(field string, formIndex []int) string {
	switch field {
	case "conclusion", "summary":
		return "f-" + field
	}
	var i int
	var rest string
	if n, _ := fmt.Sscanf(field, "findings[%d].%s", &i, &rest); n == 2 && i >= 0 && i < len(formIndex) {
		return "f-finding-" + strconv.Itoa(formIndex[i]) + "-" + rest
	}
	return ""
}

// confirmation is an irreversible step that asks first, on its own page.
type confirmation struct {
	Path, Title, Button, Done string
	Explain                   []string
	Action                    domain.Action
	do                        func(s *Server) scanAction
}

var (
	confirmSubmit = confirmation{Path: "advies/voorleggen", Title: "Conceptadvies voorleggen aan de kandidaat",
		Button: "Ja, leg het advies voor", Done: "voorgelegd", Action: domain.ActionSubmitAdvice,
		Explain: []string{
			"De kandidaat krijgt een e-mail en kan het conceptadvies lezen en erop reageren.",
			"Zolang het advies voorligt, kunt u het niet aanpassen. Wilt u toch iets veranderen, dan opent u het advies weer; de kandidaat krijgt het dan opnieuw voorgelegd.",
		},
		do: func(s *Server) scanAction { return s.Scans.SubmitAdvice }}
	confirmSignOff = confirmation{Path: "ondertekenen", Title: "Advies ondertekenen",
		Button: "Ja, onderteken het advies", Done: "ondertekend", Action: domain.ActionSignOff,
		Explain: []string{
			"Met uw ondertekening staat het advies vast. Daarna kan niemand het nog veranderen.",
			"Het ondertekende advies gaat als PDF naar de formateur.",
		},
		do: func(s *Server) scanAction { return s.Scans.SignOff }}
)

type confirmData struct {
	Scan    *domain.Scan
	Version int
	Confirm confirmation
}

func (s *Server) showConfirm(c *gin.Context, sc *domain.Scan, k confirmation, status int, errs []fieldError) {
	s.render(c, status, "adviser_confirm.html", page{Title: k.Title, Errors: errs,
		Data: confirmData{Scan: sc, Version: sc.Version, Confirm: k}})
}

// adviserConfirm shows the page that asks whether to take the step.
func (s *Server) adviserConfirm(k confirmation) gin.HandlerFunc {
	return func(c *gin.Context) {
		sc, ok := s.loadScan(c)
		if !ok {
			return
		}
		if !s.allowed(c, sc, k.Action) {
			s.fail(c, &domain.Error{Code: domain.ECONFLICT, Message: "U kunt nu niet " + k.Action.DutchPhrase() +
				": de scan is in de fase " + sc.State.DutchName() + "."})
			return
		}
		s.showConfirm(c, sc, k, http.StatusOK, nil)
	}
}

// adviserConfirmed takes the step once confirmed; a refusal of the service
// (an unsettled signal, four eyes) is shown on the same page.
func (s *Server) adviserConfirmed(k confirmation) gin.HandlerFunc {
	return func(c *gin.Context) {
		a, _ := currentActor(c)
		v, err := formVersion(c)
		if err != nil {
			s.fail(c, err)
			return
		}
		sc, err := k.do(s)(c.Request.Context(), a, c.Param("id"), v)
		if err == nil {
			c.Redirect(http.StatusSeeOther, "/scans/"+sc.ID+"?bericht="+k.Done)
			return
		}
		errs, status, ok := s.formProblem(c, err, func(string) string { return "" })
		if !ok {
			return
		}
		if sc, ok = s.loadScan(c); ok {
			s.showConfirm(c, sc, k, status, errs)
		}
	}
}

package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"basisscan/domain"
)

// The adviser's own research: open sources, the interview and the VOG.

// sourceRow is one row of the sources form.
type sourceRow struct {
	Index                   int
	Source, CheckedOn, Note string
}

// Number is the row's number as people count.
func (r sourceRow) Number() int { return r.Index + 1 }

func (r sourceRow) blank() bool {
	return r.Source == "" && strings.TrimSpace(r.CheckedOn+r.Note) == ""
}

type sourcesData struct {
	Scan     *domain.Scan
	Version  int
	Editable bool
	Rows     []sourceRow
	Kinds    []choice
}

// emptyRows are the rows offered for new sources: adding works without
// JavaScript.
const emptyRows = 2

func withEmptyRows(rows []sourceRow, n int) []sourceRow {
	for range n {
		rows = append(rows, sourceRow{Index: len(rows)})
	}
	return rows
}

func (s *Server) adviserSources(c *gin.Context) {
	sc, ok := s.loadScan(c)
	if !ok {
		return
	}
	var rows []sourceRow
	for i, r := range sc.Research {
		rows = append(rows, sourceRow{Index: i, Source: string(r.Source), CheckedOn: dateValue(r.CheckedOn), Note: r.Note})
	}
	s.showSources(c, sc, withEmptyRows(rows, emptyRows), http.StatusOK, nil, notice(c))
}

func (s *Server) showSources(c *gin.Context, sc *domain.Scan, rows []sourceRow, status int, errs []fieldError, note string) {
	s.render(c, status, "adviser_sources.html", page{Title: "Openbare bronnen " + sc.Reference, Errors: errs, Notice: note,
		Data: sourcesData{Scan: sc, Version: sc.Version, Editable: s.allowed(c, sc, domain.ActionRecordResearch), Rows: rows, Kinds: sourceChoices()}})
}

func (s *Server) adviserSaveSources(c *gin.Context) {
	n, _ := strconv.Atoi(c.PostForm("rows"))
	var rows []sourceRow
	for i := range min(n, 100) {
		p := "source-" + strconv.Itoa(i) + "-"
		rows = append(rows, sourceRow{Index: i, Source: c.PostForm(p + "kind"), CheckedOn: c.PostForm(p + "checked_on"), Note: c.PostForm(p + "note")})
	}
	if c.PostForm("do") == "add" {
		sc, ok := s.loadScan(c)
		if ok {
			s.showSources(c, sc, withEmptyRows(rows, 1), http.StatusOK, nil, "Er is een lege rij bijgekomen. Vergeet niet op te slaan.")
		}
		return
	}
	var errs []fieldError
	var sources []domain.ResearchSource
	var formIndex []int
	for _, r := range rows {
		if r.blank() {
			continue
		}
		id := "f-source-" + strconv.Itoa(r.Index) + "-"
		if !slices.Contains(domain.SourceKinds, domain.SourceKind(r.Source)) {
			errs = append(errs, fieldError{ID: id + "kind", Message: fmt.Sprintf("Rij %d: kies welke bron u raadpleegde.", r.Index+1)})
		}
		d, ok := parseFormDate(r.CheckedOn)
		switch {
		case !ok:
			errs = append(errs, fieldError{ID: id + "checked_on", Message: fmt.Sprintf("Rij %d: %s", r.Index+1, badDate)})
		case d.IsZero():
			errs = append(errs, fieldError{ID: id + "checked_on", Message: fmt.Sprintf("Rij %d: vul in wanneer u de bron raadpleegde.", r.Index+1)})
		}
		formIndex = append(formIndex, r.Index)
		sources = append(sources, domain.ResearchSource{Source: domain.SourceKind(r.Source), CheckedOn: d, Note: strings.TrimSpace(r.Note)})
	}
	if len(sources) == 0 && len(errs) == 0 {
		errs = append(errs, fieldError{ID: "f-source-0-kind", Message: "Vul ten minste één bron in."})
	}
	status := http.StatusUnprocessableEntity
	if len(errs) == 0 {
		a, _ := currentActor(c)
		v, err := formVersion(c)
		if err == nil {
			var sc *domain.Scan
			if sc, err = s.Scans.RecordResearch(c.Request.Context(), a, c.Param("id"), v, sources); err == nil {
				c.Redirect(http.StatusSeeOther, "/scans/"+sc.ID+"/bronnen?bericht=opgeslagen")
				return
			}
		}
		var ok bool
		if errs, status, ok = s.formProblem(c, err, func(field string) string {
			var i int
			var rest string
			if n, _ := fmt.Sscanf(field, "sources[%d].%s", &i, &rest); n == 2 && i >= 0 && i < len(formIndex) {
				return "f-source-" + strconv.Itoa(formIndex[i]) + "-" + rest
			}
			return ""
		}); !ok {
			return
		}
	}
	sc, ok := s.loadScan(c)
	if ok {
		s.showSources(c, sc, rows, status, errs, "")
	}
}

type vogForm struct{ Status, IssuedOn, Profile, Reference string }

type vogData struct {
	Scan     *domain.Scan
	Version  int
	Editable bool
	Form     vogForm
	Statuses []choice
}

// StatusName is the recorded VOG's status in words.
func (d vogData) StatusName() string {
	if d.Scan.VOG == nil {
		return ""
	}
	return vogStatusNames[d.Scan.VOG.Status]
}

func (s *Server) adviserVOG(c *gin.Context) {
	sc, ok := s.loadScan(c)
	if !ok {
		return
	}
	f := vogForm{Profile: domain.VOGProfilePolitiek}
	if v := sc.VOG; v != nil {
		f = vogForm{Status: string(v.Status), IssuedOn: dateValue(v.IssuedOn), Profile: v.Profile, Reference: v.Reference}
	}
	s.showVOG(c, sc, f, http.StatusOK, nil)
}

func (s *Server) showVOG(c *gin.Context, sc *domain.Scan, f vogForm, status int, errs []fieldError) {
	var statuses []choice
	for _, st := range domain.VOGStatuses {
		statuses = append(statuses, choice{string(st), vogStatusNames[st]})
	}
	s.render(c, status, "adviser_vog.html", page{Title: "VOG " + sc.Reference, Errors: errs, Notice: notice(c),
		Data: vogData{Scan: sc, Version: sc.Version, Editable: s.allowed(c, sc, domain.ActionRecordVOG), Form: f, Statuses: statuses}})
}

func (s *Server) adviserSaveVOG(c *gin.Context) {
	f := vogForm{Status: c.PostForm("status"), IssuedOn: c.PostForm("issued_on"),
		Profile: strings.TrimSpace(c.PostForm("profile")), Reference: strings.TrimSpace(c.PostForm("reference"))}
	var errs []fieldError
	if !slices.Contains(domain.VOGStatuses, domain.VOGStatus(f.Status)) {
		errs = append(errs, fieldError{ID: "f-status", Message: "Kies hoe het staat met de VOG."})
	}
	d, ok := parseFormDate(f.IssuedOn)
	if !ok {
		errs = append(errs, fieldError{ID: "f-issued_on", Message: badDate})
	}
	status := http.StatusUnprocessableEntity
	if len(errs) == 0 {
		a, _ := currentActor(c)
		v, err := formVersion(c)
		if err == nil {
			var sc *domain.Scan
			in := domain.VOG{Status: domain.VOGStatus(f.Status), IssuedOn: d, Profile: f.Profile, Reference: f.Reference}
			if sc, err = s.Scans.RecordVOG(c.Request.Context(), a, c.Param("id"), v, in); err == nil {
				c.Redirect(http.StatusSeeOther, "/scans/"+sc.ID+"?bericht=opgeslagen")
				return
			}
		}
		if errs, status, ok = s.formProblem(c, err, func(field string) string { return "f-" + field }); !ok {
			return
		}
	}
	if sc, ok := s.loadScan(c); ok {
		s.showVOG(c, sc, f, status, errs)
	}
}

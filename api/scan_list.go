package api

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"basisscan/domain"
	"basisscan/workflow"
)

// scanListResponse is a page of scans; NextCursor is absent on the last.
type scanListResponse struct {
	Items      []scanResponse `json:"items"`
	NextCursor string         `json:"next_cursor,omitempty"`
}

// The query parameters of GET /scans.
const (
	qLimit       = "limit"
	qCursor      = "cursor"
	qState       = "state"
	qOffice      = "office"
	qCreatedFrom = "created_from"
	qCreatedTo   = "created_to"
	qPlannedFrom = "planned_appointment_date_from"
	qPlannedTo   = "planned_appointment_date_to"
)

// listScans is GET /scans: a page of the caller's scans, filtered.
func (s *Server) listScans(c *gin.Context) {
	in, err := parseScanList(c.Request.URL.Query())
	if err != nil {
		respondError(c, err)
		return
	}
	page, err := s.Scans.ListScans(c.Request.Context(), actor(c), in)
	if err != nil {
		respondError(c, err)
		return
	}
	out := scanListResponse{Items: make([]scanResponse, len(page.Scans)), NextCursor: page.NextCursor}
	for i := range page.Scans {
		out.Items[i] = s.scanView(actor(c), &page.Scans[i])
	}
	c.JSON(http.StatusOK, out)
}

// parseScanList reads the query of a list of scans. state and office may
// be repeated or hold values separated by commas; the others appear once.
// Returns EMALFORMED naming every parameter that is wrong.
func parseScanList(q url.Values) (workflow.ListInput, error) {
	in := workflow.ListInput{Limit: domain.DefaultPageSize}
	var fields []domain.FieldError
	bad := func(field, msg string) { fields = append(fields, domain.FieldError{Field: field, Message: msg}) }
	known := []string{qLimit, qCursor, qState, qOffice, qCreatedFrom, qCreatedTo, qPlannedFrom, qPlannedTo}
	names := make([]string, 0, len(q))
	for name := range q {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if !slices.Contains(known, name) {
			bad(name, "Deze parameter bestaat niet. Mogelijk zijn: "+strings.Join(known, ", ")+".")
		} else if name != qState && name != qOffice && len(q[name]) > 1 {
			bad(name, "Geef deze parameter één keer.")
		}
	}
	if v, ok := single(q, qLimit); ok {
		n, err := strconv.Atoi(v)
		switch {
		case err != nil:
			bad(qLimit, fmt.Sprintf("Vul een geheel getal in van 1 tot en met %d.", domain.MaxPageSize))
		case n < 1 || n > domain.MaxPageSize:
			bad(qLimit, fmt.Sprintf("Vraag 1 tot en met %d scans per pagina.", domain.MaxPageSize))
		default:
			in.Limit = n
		}
	}
	if v, ok := single(q, qCursor); ok {
		if v == "" {
			bad(qCursor, "Laat de cursor weg voor de eerste pagina, of geef de next_cursor van de vorige.")
		}
		in.Cursor = v
	}
	for _, v := range values(q, qState) {
		st := domain.State(v)
		if !slices.Contains(domain.States, st) {
			bad(qState, "Kies een van: "+joinStrings(domain.States)+".")
			break // once, however many are wrong
		}
		in.States = append(in.States, st)
	}
	for _, v := range values(q, qOffice) {
		o := domain.Office(v)
		if !slices.Contains(domain.Offices, o) {
			bad(qOffice, "Kies een van: "+joinStrings(domain.Offices)+".")
			break
		}
		in.Offices = append(in.Offices, o)
	}
	date := func(name string, d *domain.Date) {
		v, ok := single(q, name)
		if !ok {
			return
		}
		parsed, err := domain.ParseDate(v)
		if err != nil {
			msg := "Vul een datum in als JJJJ-MM-DD."
			if e, ok := domain.AsError(err); ok {
				msg = e.Message
			}
			bad(name, msg)
			return
		}
		*d = parsed
	}
	date(qCreatedFrom, &in.CreatedFrom)
	date(qCreatedTo, &in.CreatedTo)
	date(qPlannedFrom, &in.PlannedFrom)
	date(qPlannedTo, &in.PlannedTo)
	if !in.CreatedFrom.IsZero() && !in.CreatedTo.IsZero() && in.CreatedTo.Before(in.CreatedFrom) {
		bad(qCreatedTo, "Deze datum ligt voor "+qCreatedFrom+".")
	}
	if !in.PlannedFrom.IsZero() && !in.PlannedTo.IsZero() && in.PlannedTo.Before(in.PlannedFrom) {
		bad(qPlannedTo, "Deze datum ligt voor "+qPlannedFrom+".")
	}
	if len(fields) > 0 {
		return workflow.ListInput{}, errMalformed("Een of meer parameters van de lijst zijn ongeldig.", fields...)
	}
	return in, nil
}

// single returns the one value of a parameter given once.
func single(q url.Values, name string) (string, bool) {
	if vs := q[name]; len(vs) == 1 {
		return vs[0], true
	}
	return "", false
}

// values returns every value of a repeatable parameter, commas splitting
// values; empty values are dropped, so "state=" narrows nothing.
func values(q url.Values, name string) []string {
	var out []string
	for _, v := range q[name] {
		for _, part := range strings.Split(v, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

func joinStrings[T ~string](vs []T) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}

package web

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/yuin/goldmark"

	"basisscan/domain"
)

//go:embed templates static
var files embed.FS

// page is what every template gets: the page's own data in Data.
type page struct {
	Title  string
	Actor  *domain.Actor
	CSRF   string
	Errors []fieldError // the error summary at the top, linked to the fields
	Notice string       // a confirmation after a redirect
	Data   any
}

// fieldError is one message of the error summary; ID is the field's id,
// empty for a message about the page as a whole.
type fieldError struct {
	ID      string
	Message string
}

var pages = parsePages()

// parsePages parses each page template together with the layout and the
// shared partials; a page that does not parse stops the program at start.
func parsePages() map[string]*template.Template {
	shared := []string{"templates/layout.html", "templates/partials.html"}
	names, err := fs.Glob(files, "templates/*.html")
	if err != nil {
		panic(err)
	}
	out := map[string]*template.Template{}
	for _, n := range names {
		if n == shared[0] || n == shared[1] {
			continue
		}
		t := template.New("layout.html").Funcs(funcs)
		out[strings.TrimPrefix(n, "templates/")] = template.Must(t.ParseFS(files, append(shared, n)...))
	}
	return out
}

var amsterdam = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return time.UTC
	}
	return loc
}()

var funcs = template.FuncMap{
	"date": func(d domain.Date) string {
		if d.IsZero() {
			return ""
		}
		return d.Dutch()
	},
	"day": func(t any) string {
		switch v := t.(type) {
		case time.Time:
			return domain.DutchDay(v, amsterdam)
		case *time.Time:
			if v != nil {
				return domain.DutchDay(*v, amsterdam)
			}
		}
		return ""
	},
	"datetime": func(t any) string {
		switch v := t.(type) {
		case time.Time:
			return domain.DutchDateTime(v, amsterdam)
		case *time.Time:
			if v != nil {
				return domain.DutchDateTime(*v, amsterdam)
			}
		}
		return ""
	},
	"phase":  func(s domain.State) string { return domain.State(s).DutchName() },
	"office": func(o domain.Office) string { return o.DutchName() },
	"role":   func(r domain.Role) string { return r.DutchName() },
	"markdown": func(src string) template.HTML {
		// goldmark leaves raw HTML out unless told otherwise: the texts are
		// ours, but the names filled into them are not.
		var b bytes.Buffer
		if err := goldmark.Convert([]byte(src), &b); err != nil {
			return template.HTML(template.HTMLEscapeString(src))
		}
		return template.HTML(b.String()) //nolint:gosec // goldmark output without raw HTML
	},
	"fieldID": fieldID,
	// dict passes several values to a partial: (dict "ID" "f-x" "Label" "…").
	"dict": func(kv ...any) (map[string]any, error) {
		if len(kv)%2 != 0 {
			return nil, fmt.Errorf("dict: odd number of arguments")
		}
		m := make(map[string]any, len(kv)/2)
		for i := 0; i < len(kv); i += 2 {
			k, ok := kv[i].(string)
			if !ok {
				return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
			}
			m[k] = kv[i+1]
		}
		return m, nil
	},
	"hasError": func(errs []fieldError, id string) string {
		for _, e := range errs {
			if e.ID == id {
				return e.Message
			}
		}
		return ""
	},
}

// fieldID turns an answer path or field name into an element id.
func fieldID(path string) string {
	r := strings.NewReplacer("[", "-", "]", "", ".", "-", "_", "-")
	return "f-" + r.Replace(path)
}

// render writes the page, or the error page when the template fails: a
// half-written page is never sent.
func (s *Server) render(c *gin.Context, status int, name string, p page) {
	t, ok := pages[name]
	if !ok {
		panic(fmt.Sprintf("web: no page %s", name))
	}
	if a, ok := currentActor(c); ok {
		p.Actor = &a
	}
	p.CSRF = c.GetString(csrfKey)
	var b bytes.Buffer
	if err := t.Execute(&b, p); err != nil {
		logger(c).Error("render page", slog.String("page", name), slog.String("error", err.Error()))
		c.Data(http.StatusInternalServerError, "text/plain; charset=utf-8",
			[]byte("Er ging iets mis aan onze kant. Probeer het later opnieuw.\n"))
		return
	}
	c.Data(status, "text/html; charset=utf-8", b.Bytes())
}

// errorPage is the data of the error page.
type errorPage struct {
	Heading string
	Message string
	Request string
	Retry   bool
}

// notFound answers an address that does not exist, or that the visitor may
// not see: the two look the same.
func (s *Server) notFound(c *gin.Context) {
	s.render(c, http.StatusNotFound, "error.html", page{Title: "Pagina niet gevonden", Data: errorPage{
		Heading: "Pagina niet gevonden",
		Message: "Deze pagina bestaat niet, of u hebt er geen toegang toe. Controleer het adres, of ga naar de startpagina."}})
	c.Abort()
}

// fail shows the page for an error the service returned that the page
// itself cannot show beside its form.
func (s *Server) fail(c *gin.Context, err error) {
	code := domain.ErrorCodeOf(err)
	e, _ := domain.AsError(err)
	msg := ""
	if e != nil && code != domain.EINTERNAL {
		msg = e.Message
	}
	switch code {
	case domain.ENOTFOUND:
		s.notFound(c)
		return
	case domain.EUNAUTHORIZED:
		c.Redirect(http.StatusSeeOther, "/inloggen")
		c.Abort()
		return
	}
	status, heading := http.StatusInternalServerError, "Er ging iets mis"
	switch code {
	case domain.EFORBIDDEN:
		status, heading = http.StatusForbidden, "Dit mag u niet doen"
	case domain.ECONFLICT, domain.ESTALE:
		status, heading = http.StatusConflict, "Dit kan nu niet"
	case domain.EINVALID, domain.EMALFORMED, domain.ETOOLARGE, domain.EUNSUPPORTED:
		status, heading = http.StatusBadRequest, "Dit kunnen wij niet verwerken"
	case domain.ETOOMANY:
		status, heading = http.StatusTooManyRequests, "Te veel pogingen"
	case domain.EUNAVAILABLE:
		status, heading = http.StatusServiceUnavailable, "Even niet beschikbaar"
		c.Header("Retry-After", "30")
	}
	if status >= 500 {
		logger(c).Error("page failed", slog.String("error", err.Error()))
		if msg == "" {
			msg = "Er ging iets mis aan onze kant. Probeer het later opnieuw. Blijft het misgaan, meld dan het kenmerk hieronder aan de beheerder."
		}
	}
	s.render(c, status, "error.html", page{Title: heading, Data: errorPage{Heading: heading, Message: msg,
		Request: c.GetString(requestIDKey), Retry: status >= 500}})
	c.Abort()
}

// formErrors turns the service's field errors into the error summary;
// ids maps a field name of the service to the id of its form field.
func formErrors(err error, ids func(field string) string) ([]fieldError, bool) {
	var e *domain.Error
	if !errors.As(err, &e) || e.Code != domain.EINVALID {
		return nil, false
	}
	var out []fieldError
	for _, f := range e.Fields {
		out = append(out, fieldError{ID: ids(f.Field), Message: f.Message})
	}
	if len(out) == 0 {
		out = append(out, fieldError{Message: e.Message})
	}
	return out, true
}

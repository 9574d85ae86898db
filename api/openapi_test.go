package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/gin-gonic/gin"

	"basisscan/api"
	"basisscan/workflow"
	"basisscan/workflow/gormstore/storetest"
)

// openAPIFile is the document the server embeds and serves.
const openAPIFile = "openapi/openapi.json"

// openAPI is the document, loaded and validated once (kin-openapi validates
// a 3.1 document by the 3.1 rules, and its schemas by JSON Schema 2020-12),
// with a router that finds the operation of a request by path and method.
var openAPI = sync.OnceValues(func() (*openAPIDoc, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(openAPIFile)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", openAPIFile, err)
	}
	if !doc.IsOpenAPI31OrLater() {
		return nil, fmt.Errorf("%s is OpenAPI %s, want 3.1", openAPIFile, doc.OpenAPI)
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, fmt.Errorf("validate %s: %w", openAPIFile, err)
	}
	// The servers are for people; the tests' server listens elsewhere, so
	// the router matches paths alone.
	doc.Servers = nil
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("router of %s: %w", openAPIFile, err)
	}
	// The advice documents are PDF; their bodies are checked as bytes.
	openapi3filter.RegisterBodyDecoder("application/pdf", openapi3filter.FileBodyDecoder)
	return &openAPIDoc{doc: doc, router: router}, nil
})

type openAPIDoc struct {
	doc    *openapi3.T
	router routers.Router
}

// reporterKey carries, in a request's context, the test to fail when the
// response breaks the document; without it, the test that set the server up.
type reporterKey struct{}

// blame returns r with t as the test to fail for its response.
func blame(r *http.Request, t testing.TB) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), reporterKey{}, t))
}

// conforming wraps h so that every response it gives is checked against the
// OpenAPI document: a response that does not match fails the test that made
// the request. Requests are not checked: tests send bad input on purpose.
func conforming(t testing.TB, h http.Handler) http.Handler {
	t.Helper()
	spec, err := openAPI()
	if err != nil {
		t.Fatal(err)
	}
	report := t.Errorf
	if f, ok := t.(*testing.F); ok {
		// A fuzz target's F may not fail inside the target; its inputs
		// name their own T (blame), and what is left is reported after.
		var mu sync.Mutex
		var found []string
		report = func(format string, args ...any) {
			mu.Lock()
			defer mu.Unlock()
			found = append(found, fmt.Sprintf(format, args...))
		}
		f.Cleanup(func() {
			mu.Lock()
			defer mu.Unlock()
			for _, s := range found {
				f.Error(s)
			}
		})
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		res := rec.Result()
		body := rec.Body.Bytes()
		if err := spec.check(r, res, body); err != nil {
			fail := report
			if rt, ok := r.Context().Value(reporterKey{}).(testing.TB); ok {
				fail = rt.Errorf
			}
			fail("response does not match %s: %s %s → %d %s\n%v", openAPIFile, r.Method, r.URL.RequestURI(), res.StatusCode, clip(body), err)
		}
		for k, v := range res.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(res.StatusCode)
		_, _ = w.Write(body)
	})
}

func clip(b []byte) string {
	if len(b) > 2000 {
		return string(b[:2000]) + "…"
	}
	return string(b)
}

// check validates one response to r against the document. A path the
// document does not know must be answered 404 as a problem (or redirected,
// as gin does for a trailing slash), a method it does not know 405.
func (s *openAPIDoc) check(r *http.Request, res *http.Response, body []byte) error {
	route, params, err := s.router.FindRoute(r)
	if errors.Is(err, routers.ErrPathNotFound) && strings.Contains(r.URL.Path, "//") {
		// gin routes an empty segment to its parameter (…/scans//cancel is
		// cancel with id ""); the document's router needs a character.
		u := *r.URL
		for strings.Contains(u.Path, "//") {
			u.Path = strings.ReplaceAll(u.Path, "//", "/-/")
		}
		u.RawPath = ""
		filled := r.Clone(r.Context())
		filled.URL = &u
		route, params, err = s.router.FindRoute(filled)
	}
	switch {
	case errors.Is(err, routers.ErrPathNotFound):
		switch res.StatusCode {
		case http.StatusNotFound:
			return s.checkProblem(res, body)
		case http.StatusMovedPermanently, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
			return nil
		}
		return fmt.Errorf("the document has no path %s", r.URL.Path)
	case errors.Is(err, routers.ErrMethodNotAllowed):
		if res.StatusCode != http.StatusMethodNotAllowed {
			return fmt.Errorf("the document has no %s %s", r.Method, r.URL.Path)
		}
		if res.Header.Get("Allow") == "" {
			return errors.New("a 405 without Allow")
		}
		return s.checkProblem(res, body)
	case err != nil:
		return err
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route},
		Status:                 res.StatusCode,
		Header:                 res.Header,
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	in.SetBodyBytes(body)
	return openapi3filter.ValidateResponse(r.Context(), in)
}

// checkProblem validates an answer outside the document's operations
// against its Problem schema.
func (s *openAPIDoc) checkProblem(res *http.Response, body []byte) error {
	if ct := res.Header.Get("Content-Type"); ct != "application/problem+json" {
		return fmt.Errorf("Content-Type %q, want application/problem+json", ct)
	}
	if res.Header.Get("X-Request-Id") == "" {
		return errors.New("no X-Request-Id")
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return fmt.Errorf("problem body: %w", err)
	}
	return s.doc.Components.Schemas["Problem"].Value.VisitJSON(v, openapi3.EnableJSONSchema2020(), openapi3.VisitAsResponse())
}

// TestOpenAPIDocument: the document loads and is valid OpenAPI 3.1 for
// kin-openapi, and the server serves it, unauthenticated, byte for byte.
func TestOpenAPIDocument(t *testing.T) {
	if _, err := openAPI(); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(openAPIFile)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(conforming(t, bareHandler()))
	t.Cleanup(srv.Close)
	res, err := srv.Client().Get(srv.URL + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	got, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK || !bytes.Equal(got, want) {
		t.Errorf("GET /api/v1/openapi.json → %d, %d bytes; want 200 and the %d bytes of %s", res.StatusCode, len(got), len(want), openAPIFile)
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
}

// bareHandler is the server's handler over a service that is never called:
// enough for the routes and for the document.
func bareHandler() http.Handler {
	return (&api.Server{Scans: &workflow.Service{}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler()
}

// TestOpenAPIRoutes: the document describes exactly the routes the server
// has: no route undocumented, no operation without a route.
func TestOpenAPIRoutes(t *testing.T) {
	spec, err := openAPI()
	if err != nil {
		t.Fatal(err)
	}
	param := regexp.MustCompile(`[:*]([A-Za-z0-9_]+)`)
	var routes []string
	for _, r := range bareHandler().(*gin.Engine).Routes() {
		routes = append(routes, r.Method+" "+param.ReplaceAllString(r.Path, "{$1}"))
	}
	var documented []string
	for path, item := range spec.doc.Paths.Map() {
		for method := range item.Operations() {
			documented = append(documented, method+" "+path)
		}
	}
	for _, r := range routes {
		if !slices.Contains(documented, r) {
			t.Errorf("route %s is not in %s", r, openAPIFile)
		}
	}
	for _, d := range documented {
		if !slices.Contains(routes, d) {
			t.Errorf("%s documents %s, which the server does not have", openAPIFile, d)
		}
	}
}

// TestOpenAPIValidationFails: a response the document does not allow fails
// the test, so the check that wraps every test's server can fail.
func TestOpenAPIValidationFails(t *testing.T) {
	for name, h := range map[string]http.HandlerFunc{
		"field the schema does not have": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Request-Id", "0123456789abcdef")
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"status":"ok","extra":1}`)
		},
		"status the operation does not have": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Request-Id", "0123456789abcdef")
			w.WriteHeader(http.StatusAccepted)
		},
		"required header missing": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"status":"ok"}`)
		},
		"error that is no problem": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Request-Id", "0123456789abcdef")
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(http.StatusRequestEntityTooLarge)
			_, _ = io.WriteString(w, `{"message":"te groot"}`)
		},
	} {
		t.Run(name, func(t *testing.T) {
			rec := &recordingTB{TB: t}
			conforming(rec, h).ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/healthz", nil))
			if len(rec.errors) == 0 {
				t.Error("the response passed")
			}
		})
	}
}

// recordingTB keeps the errors instead of failing.
type recordingTB struct {
	testing.TB
	mu     sync.Mutex
	errors []string
}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

// TestOpenAPILint lints the document with the Redocly CLI pinned in
// openapi/lint (installed by make test-deps) and its recommended rules:
// no error and no warning.
func TestOpenAPILint(t *testing.T) {
	bin, err := filepath.Abs("openapi/lint/node_modules/.bin/redocly")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("the pinned Redocly CLI is missing (%v): run make test-deps, or npm ci --ignore-scripts in api/openapi/lint", err)
	}
	cmd := exec.Command(bin, "lint", "--config", "openapi/redocly.yaml", "--format", "json", openAPIFile)
	cmd.Env = append(os.Environ(), "REDOCLY_TELEMETRY=off", "REDOCLY_SUPPRESS_UPDATE_NOTICE=true")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var report struct {
		Totals   struct{ Errors, Warnings int }
		Problems []struct {
			RuleID   string `json:"ruleId"`
			Severity string
			Message  string
			Location []struct {
				Pointer string
			}
		}
	}
	if jerr := json.Unmarshal(out, &report); jerr != nil {
		t.Fatalf("redocly lint: %v (%v)\n%s\n%s", err, jerr, out, stderr.String())
	}
	for _, p := range report.Problems {
		where := ""
		if len(p.Location) > 0 {
			where = p.Location[0].Pointer
		}
		t.Errorf("%s %s at %s: %s", p.Severity, p.RuleID, where, p.Message)
	}
	if err != nil || report.Totals.Errors+report.Totals.Warnings > 0 {
		t.Errorf("redocly lint: %v, %d errors, %d warnings\n%s", err, report.Totals.Errors, report.Totals.Warnings, strings.TrimSpace(stderr.String()))
	}
}

// TestOpenAPISecurity: the operations the document calls public answer
// without a token, every other one is 401 without one; and every
// operation names the roles that may call it, in x-roles and in its
// description.
func TestOpenAPISecurity(t *testing.T) {
	spec, err := openAPI()
	if err != nil {
		t.Fatal(err)
	}
	param := regexp.MustCompile(`\{[^}]+\}`)
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		for path, item := range spec.doc.Paths.Map() {
			for method, op := range item.Operations() {
				public := op.Security != nil && len(*op.Security) == 0
				roles, _ := op.Extensions["x-roles"].([]any)
				switch {
				case public && len(roles) > 0:
					t.Errorf("%s %s is public but names roles %v", method, path, roles)
				case !public && len(roles) == 0:
					t.Errorf("%s %s needs a token but names no role in x-roles", method, path)
				case !strings.Contains(op.Description, "Roles: "):
					t.Errorf("%s %s does not name its roles in its description", method, path)
				}
				for _, r := range roles {
					if !slices.Contains([]any{"admin", "formateur", "adviser", "candidate"}, r) {
						t.Errorf("%s %s: x-roles names %v, no role", method, path, r)
					}
				}
				r := e.do(t, method, param.ReplaceAllString(path, "x"), "", nil)
				if unauthorized := r.Status == http.StatusUnauthorized; unauthorized == public {
					t.Errorf("public %v, yet without a token: %s", public, r)
				}
			}
		}
	})
}

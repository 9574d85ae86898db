package api_test

import (
	"bytes"
	"database/sql"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"basisscan/api"
	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

// syncBuffer is a log sink the server's goroutines may write at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// A scan pinned to a template that is not loaded (taken out of the
// configuration while scans still use it) reads with no actions offered,
// and every request that needs the template's rules is a 500 with the
// general message, while the log names the scan and the template.
func TestTemplateNotLoadedIsInternal(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		store, dsn := openStoreDSN(t, d)
		logs := &syncBuffer{}
		e := setupOn(t, store, func(s *api.Server) { s.Logger = slog.New(slog.NewTextHandler(logs, nil)) })
		s := e.scanIn(t, domain.StateQuestionnaire)
		db, err := sql.Open(map[storetest.Dialect]string{storetest.SQLite: "sqlite", storetest.Postgres: "pgx"}[d], dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Exec(`UPDATE scans SET template_version = '1999-9' WHERE id = $1`, s.ID); err != nil {
			t.Fatal(err)
		}
		if got := e.get(t, s); len(got.AllowedActions) != 0 {
			t.Errorf("allowed actions = %v, want none", got.AllowedActions)
		}
		for _, req := range []struct{ method, path, token string }{
			{"PUT", s.p("/questionnaire/answers"), s.Candidate.Token},
			{"POST", s.p("/questionnaire/submit"), s.Candidate.Token},
			{"GET", s.p("/questionnaire"), s.Adviser.Token},
		} {
			var body any
			if req.method == "PUT" {
				body = map[string]any{"answers": map[string]any{}}
			}
			r, err := e.send(req.method, req.path, req.token, body) // do fails on any 500; this one is wanted
			if err != nil {
				t.Fatal(err)
			}
			p := problemOf(t, r, http.StatusInternalServerError)
			if strings.Contains(string(r.Body), "1999-9") || !strings.Contains(p.Detail, "Er ging iets mis") {
				t.Errorf("%s %s: %s", req.method, req.path, r.Body)
			}
		}
		if l := logs.String(); !strings.Contains(l, s.ID) || !strings.Contains(l, "1999-9") {
			t.Errorf("the log does not name the scan and its template: %s", l)
		}
	})
}

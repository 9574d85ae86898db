package metrics_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"basisscan/api/metrics"
)

// scrape fetches the metrics with token and parses them.
func scrape(t *testing.T, h http.Handler, token string) (int, string, map[string]*dtoFamily) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		return rec.Code, rec.Body.String(), nil
	}
	body := rec.Body.String()
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(strings.NewReader(body))
	if err != nil {
		t.Fatalf("the metrics do not parse: %v\n%s", err, body)
	}
	return rec.Code, body, families
}

type dtoFamily = dto.MetricFamily

// value is the value of the sample of family with exactly these labels,
// and whether there is one.
func value(families map[string]*dtoFamily, family string, labels map[string]string) (float64, bool) {
	f, ok := families[family]
	if !ok {
		return 0, false
	}
	for _, m := range f.GetMetric() {
		got := map[string]string{}
		for _, l := range m.GetLabel() {
			got[l.GetName()] = l.GetValue()
		}
		match := len(got) == len(labels)
		for k, v := range labels {
			match = match && got[k] == v
		}
		if !match {
			continue
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue(), true
		case m.Gauge != nil:
			return m.Gauge.GetValue(), true
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount()), true
		}
	}
	return 0, false
}

// Requests are counted by route pattern and status, with their latency;
// paths (which hold codes) never become labels; gauges are read at scrape
// time; only the configured bearer token gets the metrics.
func TestMetrics(t *testing.T) {
	t.Parallel()
	counts := map[string]int{"intake": 3, "closed": 1}
	failing := errors.New("database down")
	m := metrics.New(slog.New(slog.NewTextHandler(io.Discard, nil)),
		metrics.Gauges{Name: "basisscan_scans", Help: "Scans by state.", Label: "state",
			Count: func(context.Context) (map[string]int, error) { return counts, nil }},
		metrics.Gauges{Name: "basisscan_broken", Help: "A count that fails.", Label: "x",
			Count: func(context.Context) (map[string]int, error) { return nil, failing }})
	r := gin.New()
	r.Use(m.Observe("api"))
	r.GET("/api/v1/scans/:id", func(c *gin.Context) { c.Status(http.StatusOK) })
	r.POST("/api/v1/invitations/:code/accept", func(c *gin.Context) { c.Status(http.StatusNotFound) })
	for _, p := range []string{"/api/v1/scans/a", "/api/v1/scans/b"} {
		r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, p, nil))
	}
	r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/api/v1/invitations/geheime-code-1234/accept", nil))
	r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/probe/geheim-pad", nil))

	h := m.Handler("scrape-token")
	if code, _, _ := scrape(t, h, ""); code != http.StatusUnauthorized {
		t.Errorf("without a token: %d, want 401", code)
	}
	if code, _, _ := scrape(t, h, "wrong"); code != http.StatusUnauthorized {
		t.Errorf("with a wrong token: %d, want 401", code)
	}
	if code, _, _ := scrape(t, m.Handler(""), ""); code != http.StatusNotFound {
		t.Errorf("no token configured: %d, want 404", code)
	}
	code, body, fams := scrape(t, h, "scrape-token")
	if code != http.StatusOK {
		t.Fatalf("scrape: %d %s", code, body)
	}
	for _, c := range []struct {
		family string
		labels map[string]string
		want   float64
	}{
		{"basisscan_http_requests_total", map[string]string{"server": "api", "method": "GET", "route": "/api/v1/scans/:id", "status": "200"}, 2},
		{"basisscan_http_requests_total", map[string]string{"server": "api", "method": "POST", "route": "/api/v1/invitations/:code/accept", "status": "404"}, 1},
		{"basisscan_http_requests_total", map[string]string{"server": "api", "method": "GET", "route": "unmatched", "status": "404"}, 1},
		{"basisscan_http_request_duration_seconds", map[string]string{"server": "api", "method": "GET", "route": "/api/v1/scans/:id"}, 2},
		{"basisscan_scans", map[string]string{"state": "intake"}, 3},
		{"basisscan_scans", map[string]string{"state": "closed"}, 1},
	} {
		if got, ok := value(fams, c.family, c.labels); !ok || got != c.want {
			t.Errorf("%s%v = %v (present %v), want %v", c.family, c.labels, got, ok, c.want)
		}
	}
	for _, secret := range []string{"geheime-code-1234", "geheim-pad", "/api/v1/scans/a"} {
		if strings.Contains(body, secret) {
			t.Errorf("the metrics hold the path %q", secret)
		}
	}
	if _, ok := fams["basisscan_broken"]; ok {
		t.Error("a failing count was reported")
	}
	if _, ok := fams["go_goroutines"]; !ok {
		t.Error("no Go runtime metrics")
	}
	// A gauge follows the database between scrapes.
	counts = map[string]int{"intake": 2, "closed": 2}
	_, _, fams = scrape(t, h, "scrape-token")
	if got, _ := value(fams, "basisscan_scans", map[string]string{"state": "closed"}); got != 2 {
		t.Errorf("after a change: closed = %v, want 2", got)
	}
}

// Package metrics counts what operators watch (requests by route and status,
// their latencies, scans by state) and serves it to Prometheus. Labels are
// route patterns and states, never paths: paths hold invitation codes.
package metrics

import (
	"context"
	"crypto/subtle"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Gauges are counts read from the database at each scrape: a metric name,
// its help, its one label, and the query that gives a count per label value.
type Gauges struct {
	Name, Help, Label string
	Count             func(ctx context.Context) (map[string]int, error)
}

// Metrics holds the service's registry.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// New registers the request metrics, the Go and process collectors, and a
// gauge per Gauges, read at scrape time.
func New(logger *slog.Logger, gauges ...Gauges) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "basisscan_http_requests_total",
			Help: "HTTP requests answered, by server (api or pages), method, route pattern and status.",
		}, []string{"server", "method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "basisscan_http_request_duration_seconds",
			Help:    "Time from a request's arrival to its answer, by server, method and route pattern.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"server", "method", "route"}),
	}
	m.reg.MustRegister(m.requests, m.duration,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	for _, g := range gauges {
		m.reg.MustRegister(&gaugeCollector{g: g, desc: prometheus.NewDesc(g.Name, g.Help, []string{g.Label}, nil), logger: logger})
	}
	return m
}

// Observe is gin middleware counting the requests of server ("api" or
// "pages"). A request that matched no route is counted as route
// "unmatched", so that probing for paths cannot grow the label set.
func (m *Metrics) Observe(server string) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		route := c.FullPath()
		if route == "" {
			route = "unmatched"
		}
		method := c.Request.Method
		switch method {
		case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions:
		default:
			method = "other"
		}
		m.requests.WithLabelValues(server, method, route, strconv.Itoa(c.Writer.Status())).Inc()
		m.duration.WithLabelValues(server, method, route).Observe(time.Since(start).Seconds())
	}
}

// Handler serves the metrics to a scraper that presents token as a bearer
// token. Without a token configured there are no metrics (404): the counts
// are the deployment's business, not the public's.
func (m *Metrics) Handler(token string) http.Handler {
	serve := promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token == "" {
			http.NotFound(w, r)
			return
		}
		got := r.Header.Get("Authorization")
		if subtle.ConstantTimeCompare([]byte(got), []byte("Bearer "+token)) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		serve.ServeHTTP(w, r)
	})
}

// gaugeCollector reads its counts from the database when scraped. A failed
// read is logged and leaves the gauge out of that scrape (the scrape still
// answers, with the request and process metrics).
type gaugeCollector struct {
	g      Gauges
	desc   *prometheus.Desc
	logger *slog.Logger
}

func (c *gaugeCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c *gaugeCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	counts, err := c.g.Count(ctx)
	if err != nil {
		c.logger.Error("metrics: count failed", slog.String("metric", c.g.Name), slog.String("error", err.Error()))
		return
	}
	for v, n := range counts {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(n), v)
	}
}

// Package web serves the pages of basisscan: server-rendered HTML in Dutch
// for the candidate, the adviser, the formateur and the admin, on top of the
// same workflow.Service as the API. Pages hold no rules of their own: what
// is allowed, visible and valid comes from the service.
package web

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"basisscan/api/attempts"
	"basisscan/domain"
	"basisscan/workflow"
)

// Server serves the pages.
type Server struct {
	Scans  *workflow.Service
	Logger *slog.Logger
	// BaseURL is where the service is reached; one starting with https://
	// makes the cookies Secure with the __Host- prefix.
	BaseURL string
	// Attempts limits failed invitation and sign-in codes, shared with the
	// API; nil makes one of 10 at once and one a minute per address.
	Attempts *attempts.Limiter
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client, as in api.Server.
	TrustedProxies []string
	// SessionMax is how long the session cookie is kept; the session itself
	// ends in the database. Zero means 12 hours.
	SessionMax time.Duration
	// Location is the zone of the times shown; nil means Europe/Amsterdam.
	Location *time.Location
	MaxBody  int64 // bytes of a form; 0 means 1 MiB
	// Observe, when set, is middleware that counts every request (metrics).
	Observe gin.HandlerFunc

	secure bool
	engine *gin.Engine
}

const (
	requestIDKey = "request_id"
	loggerKey    = "logger"
	nonceKey     = "nonce"
)

func init() { gin.SetMode(gin.ReleaseMode) }

// Handler returns the pages' handler, refusing cross-origin writes.
func (s *Server) Handler() http.Handler {
	s.secure = strings.HasPrefix(s.BaseURL, "https://")
	if s.MaxBody == 0 {
		s.MaxBody = 1 << 20
	}
	if s.SessionMax == 0 {
		s.SessionMax = 12 * time.Hour
	}
	if s.Location == nil {
		loc, err := time.LoadLocation("Europe/Amsterdam")
		if err != nil {
			loc = time.UTC
		}
		s.Location = loc
	}
	if s.Attempts == nil {
		s.Attempts = attempts.New(10, time.Minute, 100, nil)
	}
	r := gin.New()
	r.HandleMethodNotAllowed = true
	r.RemoteIPHeaders = []string{"X-Forwarded-For"}
	var trusted []string
	if len(s.TrustedProxies) > 0 {
		trusted = s.TrustedProxies
	}
	if err := r.SetTrustedProxies(trusted); err != nil {
		panic(fmt.Sprintf("web: trusted proxies: %v", err))
	}
	r.ContextWithFallback = true
	if s.Observe != nil {
		r.Use(s.Observe)
	}
	r.Use(s.requestContext, s.recover)
	// The stylesheet and scripts need no session: a lookup and a write of
	// the session on every file fetched would be work for nothing.
	static, _ := fs.Sub(files, "static")
	r.StaticFS("/static", http.FS(static))
	pages := r.Group("", s.limitBody, s.session, s.checkForm)
	r.NoRoute(s.limitBody, s.session, s.checkForm, s.notFound)
	r.NoMethod(s.limitBody, s.session, s.checkForm, s.notFound)
	s.routes(pages)
	s.engine = r
	// Browsers say where a request comes from (Sec-Fetch-Site, Origin): a
	// write from another site is refused before any handler runs. The form
	// token in checkForm covers browsers that say neither.
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte("Dit formulier kwam niet van deze website en is niet verwerkt.\n"))
	}))
	return cop.Handler(r)
}

// requestContext gives each request an id, a logger carrying it, the
// request's meta for the audit trail, and the security headers. The access
// log names the route pattern, never the path: paths hold codes.
func (s *Server) requestContext(c *gin.Context) {
	start := time.Now()
	id := randomHex(8)
	c.Set(requestIDKey, id)
	c.Request = c.Request.WithContext(domain.WithRequestMeta(c.Request.Context(),
		domain.RequestMeta{RequestID: id, Source: c.ClientIP()}))
	c.Set(loggerKey, s.Logger.With(slog.String("request_id", id)))
	h := c.Writer.Header()
	h.Set("X-Request-Id", id)
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "+
		"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	if !strings.HasPrefix(c.Request.URL.Path, "/static/") {
		// Pages show case content and personal data: no copy is kept.
		h.Set("Cache-Control", "no-store")
	}
	c.Next()
	logger(c).Info("page", slog.String("method", c.Request.Method), slog.String("route", c.FullPath()),
		slog.Int("status", c.Writer.Status()), slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000))
}

func logger(c *gin.Context) *slog.Logger {
	if l, ok := c.Get(loggerKey); ok {
		return l.(*slog.Logger)
	}
	return slog.Default()
}

// recover turns a panic into the error page; the panic is logged, the form
// never is.
func (s *Server) recover(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			logger(c).Error("panic", slog.Any("panic", v))
			s.fail(c, domain.Errorf(domain.EINTERNAL, ""))
		}
	}()
	c.Next()
}

func (s *Server) limitBody(c *gin.Context) {
	if c.Request.ContentLength > s.MaxBody {
		s.fail(c, domain.Errorf(domain.ETOOLARGE, "Wat u verstuurde is te groot."))
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, s.MaxBody)
	c.Next()
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand does not fail
	return hex.EncodeToString(b)
}

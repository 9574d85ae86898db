// Package api is the REST API of basisscan: routes, thin handlers, request
// and response types, and the one table from errors to HTTP statuses.
package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"basisscan/api/attempts"
	"basisscan/domain"
	"basisscan/workflow"
)

// Server serves the API.
type Server struct {
	Scans   *workflow.Service
	Logger  *slog.Logger
	MaxBody int64                           // bytes; 0 means 1 MiB
	Ping    func(ctx context.Context) error // whether the database answers
	// Ready reports whether the service can take requests: the database
	// answers and its migrations are current. Nil means Ping.
	Ready func(ctx context.Context) error
	// InvitationFailures bounds failed invitation codes per client address:
	// Burst at once, then one per Every (zero means 10 and one a minute);
	// and over all addresses PerMinute a minute (zero means 100).
	InvitationFailures struct {
		Burst     int
		Every     time.Duration
		PerMinute int
	}
	// TrustedProxies are the addresses or CIDR ranges of reverse proxies
	// whose X-Forwarded-For names the client. Empty trusts none: the client
	// is the direct peer. The limiter and the audit trail use that client.
	// Handler panics on an entry that is neither (configs validates them).
	TrustedProxies []string
	// Now is the limiter's clock; nil means time.Now.
	Now func() time.Time
	// Attempts, when set, is the limiter of failed codes, shared with the
	// pages; nil makes one from InvitationFailures, over AttemptStore.
	Attempts *attempts.Limiter
	// Observe, when set, is middleware that counts every request (metrics).
	Observe gin.HandlerFunc
	// AttemptStore keeps the limiter's counts when Handler makes it: the
	// database, so that instances share them. Nil keeps them in memory.
	AttemptStore domain.AttemptStore
	// RequireIfMatch refuses a write on an existing resource without
	// If-Match: 428 Precondition Required (BASISSCAN_REQUIRE_IF_MATCH).
	RequireIfMatch bool
	// Idempotency keeps the Idempotency-Key of creating requests, so that a
	// retry gets the first response. Nil ignores the header: only tests
	// that do not send it may leave it out.
	Idempotency domain.IdempotencyStore
}

const (
	requestIDKey = "request_id"
	actorKey     = "actor"
	loggerKey    = "logger"
	pingKey      = "ping"
)

func init() { gin.SetMode(gin.ReleaseMode) }

// Handler returns the HTTP handler with every route.
func (s *Server) Handler() http.Handler {
	if s.MaxBody == 0 {
		s.MaxBody = 1 << 20
	}
	if s.InvitationFailures.Burst == 0 {
		s.InvitationFailures.Burst, s.InvitationFailures.Every = 10, time.Minute
	}
	if s.InvitationFailures.PerMinute == 0 {
		s.InvitationFailures.PerMinute = 100
	}
	if s.Attempts == nil && s.AttemptStore != nil {
		s.Attempts = attempts.NewShared(s.AttemptStore, s.InvitationFailures.Burst, s.InvitationFailures.Every, s.InvitationFailures.PerMinute, s.Now)
	} else if s.Attempts == nil {
		s.Attempts = attempts.New(s.InvitationFailures.Burst, s.InvitationFailures.Every, s.InvitationFailures.PerMinute, s.Now)
	}
	r := gin.New()
	r.HandleMethodNotAllowed = true
	// Only a configured proxy is trusted, and only its X-Forwarded-For: the
	// audit trail and the limiter take the client address from it, which a
	// forged header must not set. nil trusts none (gin's default is all).
	r.RemoteIPHeaders = []string{"X-Forwarded-For"}
	var trusted []string
	if len(s.TrustedProxies) > 0 {
		trusted = s.TrustedProxies
	}
	if err := r.SetTrustedProxies(trusted); err != nil {
		panic(fmt.Sprintf("api: trusted proxies: %v", err))
	}
	r.ContextWithFallback = true
	if s.Observe != nil {
		r.Use(s.Observe)
	}
	r.Use(s.requestContext, s.recover, s.limitBody)
	r.NoRoute(func(c *gin.Context) { respondError(c, domain.Errorf(domain.ENOTFOUND, "Dit adres bestaat niet.")) })
	r.NoMethod(func(c *gin.Context) {
		c.Header("Content-Type", "application/problem+json")
		c.AbortWithStatusJSON(http.StatusMethodNotAllowed, problem{Type: "https://basisscan.nl/problems/method",
			Title: "Methode niet toegestaan", Status: http.StatusMethodNotAllowed, RequestID: c.GetString(requestIDKey),
			Detail: "Dit adres kent deze methode niet; de header Allow noemt de methoden die het wel kent."})
	})
	s.routes(r)
	return r
}

// requestContext gives each request an id, a logger carrying it, security
// headers, and one access-log line. The line names the route pattern, not
// the path: paths hold invitation codes.
func (s *Server) requestContext(c *gin.Context) {
	start := time.Now()
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	id := hex.EncodeToString(b)
	c.Set(requestIDKey, id)
	c.Request = c.Request.WithContext(domain.WithRequestMeta(c.Request.Context(),
		domain.RequestMeta{RequestID: id, Source: c.ClientIP()}))
	c.Set(loggerKey, s.Logger.With(slog.String("request_id", id)))
	if s.Ping != nil {
		c.Set(pingKey, s.Ping)
	}
	h := c.Writer.Header()
	h.Set("X-Request-Id", id)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	c.Next()
	logger(c).Info("request", slog.String("method", c.Request.Method), slog.String("route", c.FullPath()),
		slog.Int("status", c.Writer.Status()), slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000))
}

func logger(c *gin.Context) *slog.Logger {
	if l, ok := c.Get(loggerKey); ok {
		return l.(*slog.Logger)
	}
	return slog.Default()
}

// recover turns a panic into a 500 problem; the panic value is logged, the
// request body never is.
func (s *Server) recover(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			logger(c).Error("panic", slog.Any("panic", v))
			respondError(c, domain.Errorf(domain.EINTERNAL, ""))
		}
	}()
	c.Next()
}

func (s *Server) limitBody(c *gin.Context) {
	if c.Request.ContentLength > s.MaxBody {
		respondError(c, errTooLarge)
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, s.MaxBody)
	c.Next()
}

// authenticate resolves the bearer token on every request, so that a
// deactivated account stops at once.
func (s *Server) authenticate(c *gin.Context) {
	scheme, token, ok := strings.Cut(c.GetHeader("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		token = "" // refused, and recorded, by Authenticate
	}
	a, err := s.Scans.Authenticate(c.Request.Context(), strings.TrimSpace(token))
	if err != nil {
		c.Header("WWW-Authenticate", `Bearer realm="basisscan", error="invalid_token"`)
		respondError(c, err)
		return
	}
	c.Set(actorKey, a)
	c.Next()
}

func actor(c *gin.Context) domain.Actor {
	a, _ := c.Get(actorKey)
	return a.(domain.Actor)
}

// ifMatch returns the version in an If-Match header ("3", W/"3" or 3), or nil
// when there is none or it is "*".
func ifMatch(c *gin.Context) (*int, error) {
	h := strings.TrimSpace(c.GetHeader("If-Match"))
	if h == "" || h == "*" {
		return nil, nil
	}
	v, err := strconv.Atoi(strings.Trim(strings.TrimPrefix(h, "W/"), `"`))
	if err != nil || v < 1 {
		return nil, errMalformed("If-Match moet een versie van de scan zijn, zoals \"3\".")
	}
	return &v, nil
}

func setETag(c *gin.Context, version int) {
	c.Header("ETag", `"`+strconv.Itoa(version)+`"`)
}

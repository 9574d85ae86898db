package api

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"basisscan/domain"
)

const (
	// idempotencyTTL is how long a key is remembered after its request.
	idempotencyTTL = 24 * time.Hour
	// idempotencyLease is how long a request holds its key before a retry
	// may take it over: longer than any request runs (the server's write
	// timeout is a minute), so that only a request that died loses it.
	idempotencyLease = 2 * time.Minute
	// maxIdempotencyKey is the longest key taken, in characters.
	maxIdempotencyKey = 255
)

// replayedHeaders are the headers of a first response that a replay
// repeats; the rest (request id, security headers) are the replay's own.
var replayedHeaders = []string{"Content-Type", "Location", "ETag"}

var errIdempotencyKeySyntax = errMalformed("De header Idempotency-Key moet 1 tot 255 leesbare ASCII-tekens bevatten (letters, cijfers, leestekens of spaties).")

var errIdempotencyKeyReused = &domain.Error{Code: domain.EINVALID,
	Message: "Deze Idempotency-Key is al gebruikt voor een ander verzoek. Gebruik voor elk nieuw verzoek een nieuwe sleutel."}

var errIdempotencyInFlight = &domain.Error{Code: domain.ECONFLICT,
	Message: "Een verzoek met deze Idempotency-Key wordt nog verwerkt. Probeer het over enkele seconden opnieuw; het wordt niet dubbel uitgevoerd."}

// validIdempotencyKey reports whether k is 1 to 255 printable ASCII characters.
func validIdempotencyKey(k string) bool {
	if len(k) == 0 || len(k) > maxIdempotencyKey {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i] < 0x20 || k[i] > 0x7e {
			return false
		}
	}
	return true
}

// idempotent serves a creating request that carries an Idempotency-Key:
// the first request with the key (per caller) runs and its successful
// response is kept, sealed, for a day; a retry with the same method, path
// and body gets that response again, marked Idempotent-Replayed, and
// creates nothing; another request with the key is 422, and a retry while
// the first still runs 409 with Retry-After. The key is claimed in the
// database before the request runs, so that instances agree. A request
// that fails changes nothing (every write is one transaction), so its key
// is released and a retry runs it again.
//
// The response is stored after the creation's commit, not in its
// transaction: an instance that dies in between leaves a claim without a
// response, which a retry takes over once the lease ends, and runs again.
func (s *Server) idempotent(c *gin.Context) {
	key, sent := c.Request.Header["Idempotency-Key"]
	if !sent || s.Idempotency == nil {
		c.Next()
		return
	}
	if len(key) != 1 || !validIdempotencyKey(key[0]) {
		respondError(c, errIdempotencyKeySyntax)
		return
	}
	body, err := io.ReadAll(c.Request.Body)
	if err != nil {
		if isMaxBytes(err) {
			respondError(c, errTooLarge)
			return
		}
		respondError(c, errMalformed("De inhoud van het verzoek kon niet worden gelezen."))
		return
	}
	c.Request.Body = io.NopCloser(bytes.NewReader(body))
	now := s.now()
	claim := domain.IdempotencyClaim{ActorID: actor(c).UserID, Key: key[0], Token: randomToken(),
		Fingerprint: fingerprint(c.Request.Method, c.Request.URL.Path, body),
		Now:         now, LeaseEnds: now.Add(idempotencyLease), ExpiresAt: now.Add(idempotencyTTL)}
	claimed, existing, err := s.Idempotency.ClaimIdempotencyKey(c.Request.Context(), claim)
	switch {
	case err != nil:
		respondError(c, err)
		return
	case !claimed && existing.Response == nil:
		// Which body the running request has is told once it is done.
		wait := max(1, int(math.Ceil(existing.LeaseEnds.Sub(now).Seconds())))
		c.Header("Retry-After", strconv.Itoa(min(wait, 5)))
		respondError(c, errIdempotencyInFlight)
		return
	case !claimed && !existing.SameRequest:
		respondError(c, errIdempotencyKeyReused)
		return
	case !claimed:
		replay(c, existing.Response)
		return
	}
	rec := &recorder{ResponseWriter: c.Writer}
	c.Writer = rec
	finished := false
	// After the response, and also when the handler panics: a key left
	// claimed would answer 409 to every retry until its lease ends.
	defer func() {
		ctx := context.WithoutCancel(c.Request.Context())
		status := rec.Status()
		if !finished || status < 200 || status > 299 {
			if err := s.Idempotency.ReleaseIdempotencyKey(ctx, claim); err != nil {
				logger(c).Error("release idempotency key", slog.String("error", err.Error()))
			}
			return
		}
		r := domain.IdempotentResponse{Status: status, Header: map[string]string{}, Body: rec.body.Bytes(), ScanID: c.Param("id")}
		for _, h := range replayedHeaders {
			if v := rec.Header().Get(h); v != "" {
				r.Header[h] = v
			}
		}
		if id, ok := strings.CutPrefix(r.Header["Location"], "/api/v1/scans/"); ok && r.ScanID == "" {
			r.ScanID = id
		}
		if err := s.Idempotency.CompleteIdempotencyKey(ctx, claim, r); err != nil {
			// The client has its answer; a retry after the lease runs again.
			logger(c).Error("store idempotent response", slog.String("error", err.Error()))
		}
	}()
	c.Next()
	finished = true
}

// replay writes a stored response again.
func replay(c *gin.Context, r *domain.IdempotentResponse) {
	for h, v := range r.Header {
		c.Header(h, v)
	}
	c.Header("Idempotent-Replayed", "true")
	c.Status(r.Status)
	_, _ = c.Writer.Write(r.Body)
	c.Abort()
}

// fingerprint identifies a request for its Idempotency-Key: the same key
// with another method, path or body is another request.
func fingerprint(method, path string, body []byte) []byte {
	var b bytes.Buffer
	b.WriteString(method)
	b.WriteByte(0)
	b.WriteString(path)
	b.WriteByte(0)
	b.Write(body)
	return b.Bytes()
}

func randomToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *Server) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// recorder keeps a copy of the body it writes through, to be stored.
type recorder struct {
	gin.ResponseWriter
	body bytes.Buffer
}

func (r *recorder) Write(b []byte) (int, error) {
	r.body.Write(b)
	return r.ResponseWriter.Write(b)
}

func (r *recorder) WriteString(s string) (int, error) {
	r.body.WriteString(s)
	return r.ResponseWriter.WriteString(s)
}

var _ http.ResponseWriter = (*recorder)(nil)

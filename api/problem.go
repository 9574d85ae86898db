package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"basisscan/domain"
)

// statusOf is the one table from error code to HTTP status.
var statusOf = map[domain.ErrorCode]int{
	domain.EMALFORMED:    http.StatusBadRequest,
	domain.EINVALID:      http.StatusUnprocessableEntity,
	domain.EUNAUTHORIZED: http.StatusUnauthorized,
	domain.EFORBIDDEN:    http.StatusForbidden,
	domain.ENOTFOUND:     http.StatusNotFound,
	domain.ECONFLICT:     http.StatusConflict,
	domain.ESTALE:        http.StatusPreconditionFailed,
	domain.EPRECONDITION: http.StatusPreconditionRequired,
	domain.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	domain.EUNSUPPORTED:  http.StatusUnsupportedMediaType,
	domain.ETOOMANY:      http.StatusTooManyRequests,
	domain.EUNAVAILABLE:  http.StatusServiceUnavailable,
	domain.EINTERNAL:     http.StatusInternalServerError,
}

// titles are the Dutch titles of the problem types.
var titles = map[domain.ErrorCode]string{
	domain.EMALFORMED:    "Het verzoek is niet leesbaar",
	domain.EINVALID:      "Een of meer waarden zijn niet geldig",
	domain.EUNAUTHORIZED: "Niet aangemeld",
	domain.EFORBIDDEN:    "Geen toestemming voor deze actie",
	domain.ENOTFOUND:     "Niet gevonden",
	domain.ECONFLICT:     "Niet mogelijk in de huidige fase",
	domain.ESTALE:        "De scan is intussen gewijzigd",
	domain.EPRECONDITION: "Versie van de scan vereist",
	domain.ETOOLARGE:     "Het verzoek is te groot",
	domain.EUNSUPPORTED:  "Dit soort inhoud wordt niet gelezen",
	domain.ETOOMANY:      "Te veel pogingen",
	domain.EUNAVAILABLE:  "Tijdelijk niet beschikbaar",
	domain.EINTERNAL:     "Interne fout",
}

// problem is an RFC 9457 problem details object.
type problem struct {
	Type           string          `json:"type"`
	Title          string          `json:"title"`
	Status         int             `json:"status"`
	Detail         string          `json:"detail,omitempty"`
	Errors         []fieldProblem  `json:"errors,omitempty"`
	State          domain.State    `json:"state,omitempty"`
	AllowedActions []domain.Action `json:"allowed_actions,omitzero"` // [] on every 409, absent otherwise
	RequestID      string          `json:"request_id,omitempty"`
	// Current answers and their version, on a 412 to a draft save: the
	// client can merge instead of overwriting newer answers.
	Answers        domain.Answers `json:"answers,omitempty"`
	CurrentVersion int            `json:"current_version,omitempty"`
}

type fieldProblem struct {
	Field   string `json:"field"`
	Message string `json:"message"`
	Section string `json:"section,omitempty"`
}

// respondError writes err as problem+json. Only an *domain.Error's own
// message reaches the client; anything else is logged and shown as a
// generic internal error.
func respondError(c *gin.Context, err error) { respondErrorWith(c, err, nil) }

// respondErrorWith is respondError with a chance to add to the problem.
func respondErrorWith(c *gin.Context, err error, extend func(*problem)) {
	code := domain.ErrorCodeOf(err)
	if code == domain.EINTERNAL && databaseDown(c) {
		// Most failures during an outage surface as driver errors deep in
		// the store; asking the database itself tells them from bugs.
		err = domain.Unavailable(err, errDatabaseDown.Message)
		code = domain.EUNAVAILABLE
	}
	status := statusOf[code]
	p := problem{
		Type:      "https://basisscan.nl/problems/" + string(code),
		Title:     titles[code],
		Status:    status,
		RequestID: c.GetString(requestIDKey),
	}
	if e, ok := domain.AsError(err); ok && code != domain.EINTERNAL {
		p.Detail = e.Message
		p.State = e.State
		p.AllowedActions = e.Allowed
		if code == domain.ECONFLICT && p.AllowedActions == nil {
			p.AllowedActions = []domain.Action{}
		}
		for _, f := range e.Fields {
			p.Errors = append(p.Errors, fieldProblem{f.Field, f.Message, f.Section})
		}
	} else {
		p.Detail = "Er ging iets mis aan onze kant. Meld het kenmerk van dit verzoek aan de beheerder."
	}
	if status >= 500 {
		// Errors carry our own wording and driver messages, never request
		// values, so they are safe to log.
		logger(c).Error("request failed", slog.String("error", err.Error()))
	}
	if extend != nil {
		extend(&p)
	}
	if status == http.StatusServiceUnavailable {
		c.Header("Retry-After", strconv.Itoa(retryAfterSeconds))
	}
	c.Header("Content-Type", "application/problem+json")
	c.AbortWithStatusJSON(status, p)
}

// retryAfterSeconds is what a 503 asks the client to wait: long enough for
// a database restart or fail-over, short enough not to give up on one.
const retryAfterSeconds = 10

var errDatabaseDown = &domain.Error{Code: domain.EUNAVAILABLE,
	Message: "De database is tijdelijk niet bereikbaar. Er is niets gewijzigd; probeer het over een paar seconden opnieuw."}

// databaseDown reports whether the request's database no longer answers.
// It is asked only once a request has failed, so it costs nothing while
// all is well.
func databaseDown(c *gin.Context) bool {
	v, ok := c.Get(pingKey)
	if !ok {
		return false
	}
	ping, _ := v.(func(context.Context) error)
	if ping == nil {
		return false
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c.Request.Context()), pingTimeout)
	defer cancel()
	return ping(ctx) != nil
}

// pingTimeout bounds the check, so that a database that hangs instead of
// refusing still gets the client an answer promptly.
const pingTimeout = 2 * time.Second

// errMalformed is a 400 with a Dutch message.
func errMalformed(msg string, fields ...domain.FieldError) error {
	return &domain.Error{Code: domain.EMALFORMED, Message: msg, Fields: fields}
}

var errTooManyAttempts = &domain.Error{Code: domain.ETOOMANY,
	Message: "Te veel mislukte pogingen met een onbekende code. Wacht even en probeer het dan opnieuw."}

var errUnsupported = &domain.Error{Code: domain.EUNSUPPORTED,
	Message: "Stuur de inhoud van het verzoek als JSON, met Content-Type: application/json."}

var errTooLarge = &domain.Error{Code: domain.ETOOLARGE, Message: "Het verzoek is groter dan toegestaan."}

func isMaxBytes(err error) bool {
	var mb *http.MaxBytesError
	return errors.As(err, &mb)
}

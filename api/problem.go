package api

import (
	"errors"
	"log/slog"
	"net/http"

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
	c.Header("Content-Type", "application/problem+json")
	c.AbortWithStatusJSON(status, p)
}

// errMalformed is a 400 with a Dutch message.
func errMalformed(msg string, fields ...domain.FieldError) error {
	return &domain.Error{Code: domain.EMALFORMED, Message: msg, Fields: fields}
}

var errTooManyAttempts = &domain.Error{Code: domain.ETOOMANY,
	Message: "Te veel mislukte pogingen vanaf uw adres. Wacht even en probeer het dan opnieuw."}

var errUnsupported = &domain.Error{Code: domain.EUNSUPPORTED,
	Message: "Stuur de inhoud van het verzoek als JSON, met Content-Type: application/json."}

var errTooLarge = &domain.Error{Code: domain.ETOOLARGE, Message: "Het verzoek is groter dan toegestaan."}

func isMaxBytes(err error) bool {
	var mb *http.MaxBytesError
	return errors.As(err, &mb)
}

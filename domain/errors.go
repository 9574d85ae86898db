package domain

import (
	"errors"
	"fmt"
	"strings"
)

// ErrorCode classifies an Error. The api package maps each code to exactly one
// HTTP status; nothing else in the service looks at HTTP.
type ErrorCode string

// The error codes of the service.
const (
	EMALFORMED    ErrorCode = "malformed"             // the request itself cannot be read
	EINVALID      ErrorCode = "invalid"               // values that break a rule; see Fields
	EUNAUTHORIZED ErrorCode = "unauthorized"          // no or unknown credentials
	EFORBIDDEN    ErrorCode = "forbidden"             // the caller may see the scan but not do this
	ENOTFOUND     ErrorCode = "not_found"             // missing, or not visible to the caller
	ECONFLICT     ErrorCode = "conflict"              // not possible in the scan's current state
	ESTALE        ErrorCode = "stale"                 // the caller's version of the scan is out of date
	EPRECONDITION ErrorCode = "precondition_required" // the write names no version, and the deployment requires one
	ETOOLARGE     ErrorCode = "too_large"             // the request body exceeds the limit
	EUNSUPPORTED  ErrorCode = "unsupported"           // the request body is not of a type the service reads
	ETOOMANY      ErrorCode = "too_many"              // too many failed attempts; wait
	EUNAVAILABLE  ErrorCode = "unavailable"           // a dependency (mail, database) failed; retry later
	EINTERNAL     ErrorCode = "internal"              // a bug; details are logged, never shown
)

// FieldError names one invalid field of a request, with a message in Dutch that
// the user can act on.
type FieldError struct {
	Field   string
	Message string
	Section string // for questionnaire answers: the section's id
}

// Error is the one error type of the service. Message is safe to show to the
// caller (Dutch); wrapped causes are for logs only.
type Error struct {
	Code    ErrorCode
	Message string
	Fields  []FieldError
	// State and Allowed describe the scan for ECONFLICT errors.
	State   State
	Allowed []Action
	cause   error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(string(e.Code))
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	for _, f := range e.Fields {
		fmt.Fprintf(&b, "; %s: %s", f.Field, f.Message)
	}
	if e.cause != nil {
		b.WriteString(": ")
		b.WriteString(e.cause.Error())
	}
	return b.String()
}

// Unwrap returns the underlying cause, if any.
func (e *Error) Unwrap() error { return e.cause }

// Is reports whether target is an *Error with the same code, so that
// errors.Is(err, ErrNotFound) holds for every not-found error.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// Sentinel errors, one per code, for errors.Is.
var (
	ErrMalformed    = &Error{Code: EMALFORMED}
	ErrInvalid      = &Error{Code: EINVALID}
	ErrUnauthorized = &Error{Code: EUNAUTHORIZED}
	ErrForbidden    = &Error{Code: EFORBIDDEN}
	ErrNotFound     = &Error{Code: ENOTFOUND}
	ErrConflict     = &Error{Code: ECONFLICT}
	ErrStale        = &Error{Code: ESTALE}
	ErrUnavailable  = &Error{Code: EUNAVAILABLE}
)

// Errorf returns an *Error with the given code and a caller-safe message.
func Errorf(code ErrorCode, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns an EINVALID error listing the given field errors.
func Invalid(fields ...FieldError) *Error {
	return &Error{Code: EINVALID, Message: "Een of meer velden zijn niet geldig.", Fields: fields}
}

// Unavailable wraps a failing dependency; the cause is logged, not shown.
func Unavailable(cause error, message string) *Error {
	return &Error{Code: EUNAVAILABLE, Message: message, cause: cause}
}

// ErrorCodeOf returns the code of the first *Error in err's chain, or EINTERNAL.
func ErrorCodeOf(err error) ErrorCode {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// AsError returns the first *Error in err's chain, if any.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// ErrConcurrentWrite is returned by a store write whose audit event met a
// concurrent append to the same chain. Nothing was written; the write may be
// tried again.
var ErrConcurrentWrite = &Error{Code: ESTALE,
	Message: "De scan is tegelijk door iemand anders gewijzigd. Laad hem opnieuw en probeer het nog eens."}

package domain

// Store persists organisations, users and scans. Implementations translate
// their driver errors into *Error values; callers never see driver text.
// It is the stores of the four aggregates, so that a part that needs only
// one of them can ask for that one.
type Store interface {
	ScanStore
	AccountStore
	AuditStore
	RetentionStore
	WebhookStore
}

package domain

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
)

// AuditResult says how an audited attempt ended.
type AuditResult string

// The audit results.
const (
	AuditOK     AuditResult = "ok"
	AuditDenied AuditResult = "denied"
)

// SystemChain is the audit chain of events that concern no existing scan,
// such as a request with an unknown token.
const SystemChain = "system"

// AuditEvent is one entry of the audit trail: who did or tried what to
// which object, when, from where. Events are append-only and chained per
// scan: each holds the hash of the one before it.
type AuditEvent struct {
	Chain        string // the scan id, or SystemChain
	Seq          int    // position in the chain, from 1
	ActorID      string
	ActorRole    Role
	Organisation string
	Action       string // e.g. "consent", "read_answers", "download_advice"
	Object       string // e.g. "scan", "answers", "advice", "document"
	Result       AuditResult
	At           time.Time
	RequestID    string
	Source       string // the client's address
	PrevHash     string
	Hash         string
}

// auditContent is what an event's hash covers, in a fixed field order.
type auditContent struct {
	Chain        string      `json:"chain"`
	Seq          int         `json:"seq"`
	ActorID      string      `json:"actor_id"`
	ActorRole    Role        `json:"actor_role"`
	Organisation string      `json:"organisation"`
	Action       string      `json:"action"`
	Object       string      `json:"object"`
	Result       AuditResult `json:"result"`
	At           string      `json:"at"`
	RequestID    string      `json:"request_id"`
	Source       string      `json:"source"`
	PrevHash     string      `json:"prev_hash"`
}

// ComputeHash returns the hex SHA-256 of the event's content, including its
// chain position and the previous event's hash.
func (e *AuditEvent) ComputeHash() string {
	b, _ := json.Marshal(auditContent{ // a struct of strings and ints always encodes
		Chain: e.Chain, Seq: e.Seq, ActorID: e.ActorID, ActorRole: e.ActorRole, Organisation: e.Organisation,
		Action: e.Action, Object: e.Object, Result: e.Result, At: e.At.UTC().Format(time.RFC3339Nano),
		RequestID: e.RequestID, Source: e.Source, PrevHash: e.PrevHash,
	})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// ChainBreak describes the first place a chain fails verification.
type ChainBreak struct {
	Chain  string
	Seq    int
	Reason string
}

func (b ChainBreak) String() string {
	return fmt.Sprintf("chain %s breaks at event %d: %s", b.Chain, b.Seq, b.Reason)
}

// VerifyChain checks one chain's events, in stored order, against each other
// and against the chain's recorded head (seq and hash of its last event). It
// returns the first break, or nil when the chain is intact.
func VerifyChain(chain string, events []AuditEvent, headSeq int, headHash string) *ChainBreak {
	prev := ""
	for i, e := range events {
		want := i + 1
		switch {
		case e.Seq != want:
			return &ChainBreak{chain, want, fmt.Sprintf("expected event %d, found %d (deleted or reordered)", want, e.Seq)}
		case e.PrevHash != prev:
			return &ChainBreak{chain, want, "does not follow the event before it (deleted or reordered)"}
		case e.ComputeHash() != e.Hash:
			return &ChainBreak{chain, want, "its content does not match its hash (altered)"}
		}
		prev = e.Hash
	}
	if len(events) != headSeq || prev != headHash {
		return &ChainBreak{chain, len(events) + 1, fmt.Sprintf("the chain ends at event %d, its head says %d (events removed at the end)", len(events), headSeq)}
	}
	return nil
}

// RequestMeta is what the API knows of a request that the audit trail records.
type RequestMeta struct {
	RequestID string
	Source    string
}

type requestMetaKey struct{}

// WithRequestMeta returns ctx carrying m.
func WithRequestMeta(ctx context.Context, m RequestMeta) context.Context {
	return context.WithValue(ctx, requestMetaKey{}, m)
}

// RequestMetaFrom returns the RequestMeta in ctx, or the zero value.
func RequestMetaFrom(ctx context.Context) RequestMeta {
	m, _ := ctx.Value(requestMetaKey{}).(RequestMeta)
	return m
}

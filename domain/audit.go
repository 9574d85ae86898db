package domain

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
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
// such as a change to an account on the command line.
const SystemChain = "system"

// AuditEvent is one entry of the audit trail: who did what to which object,
// when, from where. Events are append-only and chained per scan: each holds
// the MAC of the one before it.
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
	// The scan as the write that this event records left it; empty for an
	// event that changed no scan. Verify compares the scan with the last
	// event that carries them.
	ScanState       State
	ScanVersion     int
	AdviserID       string
	SecondAdviserID string
	// HistoryDigest is HistoryDigest of the history row the write appended,
	// or empty.
	HistoryDigest string
	KeyID         string // the audit key the MAC was made with
	PrevHash      string
	Hash          string // HMAC-SHA-256 of the content, hex
}

// ChangesScan reports whether the event records a write to its scan.
func (e *AuditEvent) ChangesScan() bool { return e.ScanState != "" }

// auditContent is what an event's MAC covers, in a fixed field order.
type auditContent struct {
	Chain           string      `json:"chain"`
	Seq             int         `json:"seq"`
	ActorID         string      `json:"actor_id"`
	ActorRole       Role        `json:"actor_role"`
	Organisation    string      `json:"organisation"`
	Action          string      `json:"action"`
	Object          string      `json:"object"`
	Result          AuditResult `json:"result"`
	At              string      `json:"at"`
	RequestID       string      `json:"request_id"`
	Source          string      `json:"source"`
	ScanState       State       `json:"scan_state"`
	ScanVersion     int         `json:"scan_version"`
	AdviserID       string      `json:"adviser_id"`
	SecondAdviserID string      `json:"second_adviser_id"`
	HistoryDigest   string      `json:"history_digest"`
	KeyID           string      `json:"key_id"`
	PrevHash        string      `json:"prev_hash"`
}

func (e *AuditEvent) content() []byte {
	b, _ := json.Marshal(auditContent{ // a struct of strings and ints always encodes
		Chain: e.Chain, Seq: e.Seq, ActorID: e.ActorID, ActorRole: e.ActorRole, Organisation: e.Organisation,
		Action: e.Action, Object: e.Object, Result: e.Result, At: e.At.UTC().Format(time.RFC3339Nano),
		RequestID: e.RequestID, Source: e.Source, ScanState: e.ScanState, ScanVersion: e.ScanVersion,
		AdviserID: e.AdviserID, SecondAdviserID: e.SecondAdviserID, HistoryDigest: e.HistoryDigest,
		KeyID: e.KeyID, PrevHash: e.PrevHash,
	})
	return b
}

// HistoryDigest returns the hex SHA-256 of a history row's fields except its
// reason, which is encrypted and destroyed by purge on its own schedule.
func HistoryDigest(h HistoryEntry) string {
	b, _ := json.Marshal([]string{string(h.From), string(h.To), string(h.Action), h.ActorID, string(h.ActorRole),
		h.At.UTC().Format(time.RFC3339Nano)})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// AuditKeys are the HMAC keys of the audit trail. They are held outside the
// database, so that whoever can write to it cannot forge a chain.
type AuditKeys struct {
	signID string
	keys   map[string][]byte
}

// NewAuditKeys returns the keys: signID signs, every key verifies.
func NewAuditKeys(signID string, keys map[string][]byte) (*AuditKeys, error) {
	if len(keys[signID]) < 32 {
		return nil, errors.New("audit keys: the signing key is missing or shorter than 32 bytes")
	}
	return &AuditKeys{signID: signID, keys: keys}, nil
}

func (k *AuditKeys) mac(id string, b []byte) (string, bool) {
	secret, ok := k.keys[id]
	if !ok {
		return "", false
	}
	m := hmac.New(sha256.New, secret)
	m.Write(b)
	return hex.EncodeToString(m.Sum(nil)), true
}

// Seal sets the event's key id and MAC; the event's chain position and
// previous MAC must be set.
func (k *AuditKeys) Seal(e *AuditEvent) {
	e.KeyID = k.signID
	e.Hash, _ = k.mac(k.signID, e.content())
}

// Valid reports whether the event's MAC matches its content.
func (k *AuditKeys) Valid(e *AuditEvent) bool {
	want, ok := k.mac(e.KeyID, e.content())
	return ok && hmac.Equal([]byte(want), []byte(e.Hash))
}

// Checkpoint is a chain's head as written to the checkpoint file, outside
// the database: a chain found shorter than, or different at, its last
// checkpoint was rolled back or rewritten.
type Checkpoint struct {
	Chain string    `json:"chain"`
	Seq   int       `json:"seq"`
	Hash  string    `json:"mac"`
	At    time.Time `json:"time"`
	KeyID string    `json:"key"`
	MAC   string    `json:"sig"` // HMAC of the fields above
}

func (c *Checkpoint) content() []byte {
	return []byte("checkpoint\x00" + c.Chain + "\x00" + strconv.Itoa(c.Seq) + "\x00" + c.Hash + "\x00" +
		c.At.UTC().Format(time.RFC3339Nano) + "\x00" + c.KeyID)
}

// SealCheckpoint sets the checkpoint's key id and MAC.
func (k *AuditKeys) SealCheckpoint(c *Checkpoint) {
	c.KeyID = k.signID
	c.MAC, _ = k.mac(k.signID, c.content())
}

// ValidCheckpoint reports whether the checkpoint's MAC matches.
func (k *AuditKeys) ValidCheckpoint(c *Checkpoint) bool {
	want, ok := k.mac(c.KeyID, c.content())
	return ok && hmac.Equal([]byte(want), []byte(c.MAC))
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

// ChainVerifier checks one chain's events as they stream past, in seq
// order, so that a chain of any length verifies in bounded memory.
type ChainVerifier struct {
	keys       *AuditKeys
	chain      string
	checkpoint *Checkpoint
	next       int
	prev       string
	// LastScanEvent is the last event that recorded a write to the scan.
	LastScanEvent *AuditEvent
	// HistoryDigests are the digests of the history rows the chain
	// recorded, in order; a scan's history is short (one row per
	// transition).
	HistoryDigests []string
	brk            *ChainBreak
}

// NewChainVerifier starts verifying chain; cp is its last checkpoint, or nil.
func NewChainVerifier(keys *AuditKeys, chain string, cp *Checkpoint) *ChainVerifier {
	return &ChainVerifier{keys: keys, chain: chain, checkpoint: cp, next: 1}
}

// Add checks the next event. It returns the first break, and keeps
// returning it.
func (v *ChainVerifier) Add(e AuditEvent) *ChainBreak {
	if v.brk != nil {
		return v.brk
	}
	want := v.next
	switch {
	case e.Seq != want:
		v.brk = &ChainBreak{v.chain, want, fmt.Sprintf("expected event %d, found %d (deleted or reordered)", want, e.Seq)}
	case e.PrevHash != v.prev:
		v.brk = &ChainBreak{v.chain, want, "does not follow the event before it (deleted or reordered)"}
	case !v.keys.Valid(&e):
		v.brk = &ChainBreak{v.chain, want, "its content does not match its MAC (altered, or not made with an audit key)"}
	case v.checkpoint != nil && e.Seq == v.checkpoint.Seq && e.Hash != v.checkpoint.Hash:
		v.brk = &ChainBreak{v.chain, want, "differs from its checkpoint (rewritten)"}
	}
	if v.brk != nil {
		return v.brk
	}
	if e.ChangesScan() {
		ev := e
		v.LastScanEvent = &ev
	}
	if e.HistoryDigest != "" {
		v.HistoryDigests = append(v.HistoryDigests, e.HistoryDigest)
	}
	v.prev, v.next = e.Hash, want+1
	return nil
}

// End checks the chain against its recorded head and its last checkpoint,
// once every event was added. It returns the first break, or nil.
func (v *ChainVerifier) End(headSeq int, headHash string) *ChainBreak {
	if v.brk != nil {
		return v.brk
	}
	n := v.next - 1
	if n != headSeq || v.prev != headHash {
		return &ChainBreak{v.chain, n + 1, fmt.Sprintf("the chain ends at event %d, its head says %d (events removed at the end)", n, headSeq)}
	}
	if v.checkpoint != nil && n < v.checkpoint.Seq {
		return &ChainBreak{v.chain, n + 1, fmt.Sprintf("the chain ends at event %d, its checkpoint says %d (rolled back)", n, v.checkpoint.Seq)}
	}
	return nil
}

// VerifyChain checks one chain's events, in stored order, against each other
// and against the chain's recorded head (seq and MAC of its last event). It
// returns the first break, or nil when the chain is intact.
func VerifyChain(keys *AuditKeys, chain string, events []AuditEvent, headSeq int, headHash string) *ChainBreak {
	v := NewChainVerifier(keys, chain, nil)
	for _, e := range events {
		if b := v.Add(e); b != nil {
			return b
		}
	}
	return v.End(headSeq, headHash)
}

// Refusal counts refused attempts of one kind, from one source, in one
// minute. Refusals are kept apart from the chains, so that an outsider's
// attempts never contend with the participants' writes, and aggregated, so
// that a flood grows the record by one row a minute.
type Refusal struct {
	Minute       time.Time // start of the minute
	ScanID       string    // the scan tried, or empty
	ActorID      string    // empty when unauthenticated
	ActorRole    Role
	Organisation string
	Action       string
	Object       string
	Source       string
	Count        int
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

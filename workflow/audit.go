package workflow

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"time"

	"basisscan/domain"
)

// Audit objects: what an event is about.
const (
	objectScan     = "scan"
	objectAnswers  = "answers"
	objectAdvice   = "advice"
	objectDocument = "document"
	objectAudit    = "audit"
	objectToken    = "token"
	objectInvite   = "invitation"
	objectUser     = "user"
	objectSignIn   = "sign_in_code"
)

// checkpointChain names breaks found in the checkpoint file itself.
const checkpointChain = "checkpoints"

// event returns an audit event of the actor on the scan (nil: none known),
// carrying the request's id and source address from ctx.
func (c *core) event(ctx context.Context, a domain.Actor, sc *domain.Scan, action, object string, r domain.AuditResult) domain.AuditEvent {
	m := domain.RequestMetaFrom(ctx)
	e := domain.AuditEvent{Chain: domain.SystemChain, ActorID: a.UserID, ActorRole: a.Role, Action: action,
		Object: object, Result: r, At: c.now(), RequestID: m.RequestID, Source: m.Source}
	if sc != nil {
		e.Chain, e.Organisation = sc.ID, sc.Organisation
	}
	return e
}

// audit appends events outside any write. A failure to audit fails the
// request: a read nobody can account for must not happen.
func (c *core) audit(ctx context.Context, events ...domain.AuditEvent) error {
	if err := c.audits.AppendAudit(ctx, events...); err != nil {
		return domain.Unavailable(err, "De actie kon niet worden vastgelegd in het auditlogboek; probeer het opnieuw.")
	}
	return nil
}

// denied counts a refused attempt in the refusals record, never in the
// scan's chain: an outsider's attempts must not contend with the
// participants' writes. The refusal stands whether or not it could be
// recorded (the store retries a busy database); a failure is logged.
func (c *core) denied(ctx context.Context, a domain.Actor, sc *domain.Scan, action, object string) {
	m := domain.RequestMetaFrom(ctx)
	r := domain.Refusal{Minute: c.now().Truncate(time.Minute), ActorID: a.UserID, ActorRole: a.Role,
		Action: action, Object: object, Source: m.Source}
	if sc != nil {
		r.ScanID, r.Organisation = sc.ID, sc.Organisation
	}
	// Not the request's context: a client that hangs up must still be counted.
	if err := c.audits.RecordRefusal(context.WithoutCancel(ctx), r); err != nil {
		slog.Default().Error("audit refused attempt", slog.String("action", action), slog.String("error", err.Error()))
	}
}

// isDenial reports whether err refuses the caller access, as opposed to a
// rule of the process or a bad value.
func isDenial(err error) bool {
	return errors.Is(err, domain.ErrForbidden) || errors.Is(err, domain.ErrNotFound) || errors.Is(err, domain.ErrUnauthorized)
}

// Trail is a scan's audit chain with the refused attempts on the scan.
type Trail struct {
	Chain    domain.AuditChain
	Break    *domain.ChainBreak // nil when intact
	Refusals []domain.Refusal
}

// AuditTrail returns the scan's audit chain, whether it is intact, and the
// refusals on the scan, to the scan's adviser. Returns ENOTFOUND, or
// EFORBIDDEN for other participants.
func (s *AuditService) AuditTrail(ctx context.Context, a domain.Actor, id string) (*Trail, error) {
	sc, err := s.scans.Scan(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if a.Role != domain.RoleAdviser {
		s.denied(ctx, a, sc, "read_audit", objectAudit)
		return nil, domain.Errorf(domain.EFORBIDDEN, "Het auditlogboek is voor de adviseur van de scan.")
	}
	// Recorded before reading, so that the answer shows this read too.
	if err := s.audit(ctx, s.event(ctx, a, sc, "read_audit", objectAudit, domain.AuditOK)); err != nil {
		return nil, err
	}
	c, err := s.store.AuditChain(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("load audit chain of scan %s: %w", id, err)
	}
	refusals, err := s.store.Refusals(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("load refusals on scan %s: %w", id, err)
	}
	// The full check, scan and history included; the file's checkpoints are
	// for the admin's verify.
	brk, err := s.verifyChain(ctx, id, nil)
	if err != nil {
		return nil, err
	}
	return &Trail{Chain: c, Break: brk, Refusals: refusals}, nil
}

// VerifyAudit checks every chain of the audit trail, page by page, against
// its MACs, its head and its last checkpoint, and each scan against the
// last write its chain recorded. It returns the number of chains and the
// first break of each broken one (and of the checkpoint file). For the
// admin, and for the command line (a zero Actor with role admin).
func (s *AuditService) VerifyAudit(ctx context.Context, a domain.Actor) (int, []domain.ChainBreak, error) {
	if a.Role != domain.RoleAdmin {
		s.denied(ctx, a, nil, "verify_audit", objectAudit)
		return 0, nil, domain.Errorf(domain.EFORBIDDEN, "Alleen de beheerder controleert het hele auditlogboek.")
	}
	checkpoints, breaks, err := s.readCheckpoints()
	if err != nil {
		return 0, nil, err
	}
	chains, err := s.store.AuditChains(ctx)
	if err != nil {
		return 0, nil, err
	}
	for _, name := range chains {
		b, err := s.verifyChain(ctx, name, checkpoints[name])
		if err != nil {
			return 0, nil, err
		}
		if b != nil {
			breaks = append(breaks, *b)
		}
		delete(checkpoints, name)
	}
	// What is left was checkpointed and is gone.
	gone := make([]string, 0, len(checkpoints))
	for name := range checkpoints {
		gone = append(gone, name)
	}
	slices.Sort(gone)
	for _, name := range gone {
		breaks = append(breaks, domain.ChainBreak{Chain: name, Seq: 1,
			Reason: fmt.Sprintf("the chain is gone, its checkpoint says %d events (deleted)", checkpoints[name].Seq)})
	}
	return len(chains), breaks, nil
}

// verifyChain streams one chain through a verifier, then compares a scan's
// chain with the scan as stored.
func (s *AuditService) verifyChain(ctx context.Context, chain string, cp *domain.Checkpoint) (*domain.ChainBreak, error) {
	v := domain.NewChainVerifier(s.cfg.AuditKeys, chain, cp)
	for after := 0; ; {
		page, err := s.store.AuditEvents(ctx, chain, after, s.cfg.AuditPageSize)
		if err != nil {
			return nil, fmt.Errorf("read audit chain %s after event %d: %w", chain, after, err)
		}
		for _, e := range page {
			if b := v.Add(e); b != nil {
				return b, nil
			}
			after = e.Seq
		}
		if len(page) < s.cfg.AuditPageSize {
			break
		}
	}
	seq, hash, err := s.store.AuditHead(ctx, chain)
	if err != nil {
		return nil, fmt.Errorf("read audit head of chain %s: %w", chain, err)
	}
	if b := v.End(seq, hash); b != nil {
		return b, nil
	}
	if chain == domain.SystemChain {
		return nil, nil
	}
	rec, err := s.store.ScanRecord(ctx, chain)
	if errors.Is(err, domain.ErrNotFound) {
		return nil, nil // a chain of a scan that never was written, such as an export's read of a missing one
	}
	if err != nil {
		return nil, err
	}
	return scanBreak(chain, seq, v, rec), nil
}

// scanBreak compares the stored scan with what its chain recorded last.
func scanBreak(chain string, seq int, v *domain.ChainVerifier, rec *domain.ScanRecord) *domain.ChainBreak {
	last := v.LastScanEvent
	if last == nil {
		return &domain.ChainBreak{Chain: chain, Seq: seq + 1, Reason: "the scan exists, its chain records no write of it"}
	}
	brk := func(what string) *domain.ChainBreak {
		return &domain.ChainBreak{Chain: chain, Seq: last.Seq, Reason: what + " (changed outside the service)"}
	}
	switch {
	case rec.State != last.ScanState:
		return brk(fmt.Sprintf("the scan's state is %s, its chain says %s", rec.State, last.ScanState))
	case rec.Version != last.ScanVersion:
		return brk(fmt.Sprintf("the scan's version is %d, its chain says %d", rec.Version, last.ScanVersion))
	case rec.AdviserID != last.AdviserID || rec.SecondAdviserID != last.SecondAdviserID:
		return brk("the scan's advisers differ from those its chain recorded")
	case len(rec.History) != len(v.HistoryDigests):
		return brk(fmt.Sprintf("the scan has %d history entries, its chain recorded %d", len(rec.History), len(v.HistoryDigests)))
	}
	for i, h := range rec.History {
		if domain.HistoryDigest(h) != v.HistoryDigests[i] {
			return brk(fmt.Sprintf("history entry %d differs from what its chain recorded", i+1))
		}
	}
	return nil
}

// CheckpointAudit appends the head of every chain to the checkpoint file,
// each line sealed with the audit key, and returns the number of chains.
// Kept outside the database, the file lets verify find a chain that was
// rolled back or dropped there. For the command line.
func (s *AuditService) CheckpointAudit(ctx context.Context) (int, error) {
	if s.cfg.AuditCheckpointFile == "" {
		return 0, errors.New("audit checkpoint: no checkpoint file configured")
	}
	chains, err := s.store.AuditChains(ctx)
	if err != nil {
		return 0, err
	}
	f, err := os.OpenFile(s.cfg.AuditCheckpointFile, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return 0, fmt.Errorf("open checkpoint file: %w", err)
	}
	w := bufio.NewWriter(f)
	now := s.now()
	n := 0
	for _, name := range chains {
		seq, hash, err := s.store.AuditHead(ctx, name)
		if err != nil {
			_ = f.Close()
			return 0, fmt.Errorf("read audit head of chain %s: %w", name, err)
		}
		if seq == 0 {
			continue // no head: verify reports the chain
		}
		cp := domain.Checkpoint{Chain: name, Seq: seq, Hash: hash, At: now}
		s.cfg.AuditKeys.SealCheckpoint(&cp)
		b, _ := json.Marshal(cp) // strings, an int and a time always encode
		_, _ = w.Write(append(b, '\n'))
		n++
	}
	if err := w.Flush(); err != nil {
		_ = f.Close()
		return 0, fmt.Errorf("write checkpoint file: %w", err)
	}
	if err := f.Sync(); err != nil {
		_ = f.Close()
		return 0, fmt.Errorf("write checkpoint file: %w", err)
	}
	if err := f.Close(); err != nil {
		return 0, fmt.Errorf("write checkpoint file: %w", err)
	}
	return n, nil
}

// readCheckpoints returns the last checkpoint of each chain in the file, and
// a break for each line that does not verify. A missing file has none.
func (s *AuditService) readCheckpoints() (map[string]*domain.Checkpoint, []domain.ChainBreak, error) {
	out := map[string]*domain.Checkpoint{}
	if s.cfg.AuditCheckpointFile == "" {
		return out, nil, nil
	}
	f, err := os.Open(s.cfg.AuditCheckpointFile)
	if errors.Is(err, os.ErrNotExist) {
		return out, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("open checkpoint file: %w", err)
	}
	defer f.Close()
	var breaks []domain.ChainBreak
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		var cp domain.Checkpoint
		if err := json.Unmarshal(sc.Bytes(), &cp); err != nil || !s.cfg.AuditKeys.ValidCheckpoint(&cp) {
			breaks = append(breaks, domain.ChainBreak{Chain: checkpointChain, Seq: line,
				Reason: "this checkpoint line does not match its MAC (altered)"})
			continue
		}
		if prev := out[cp.Chain]; prev == nil || cp.Seq >= prev.Seq {
			out[cp.Chain] = &cp
		}
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("read checkpoint file: %w", err)
	}
	return out, breaks, nil
}

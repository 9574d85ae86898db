package domain_test

import (
	"bytes"
	"testing"
	"time"

	"basisscan/domain"
)

func auditKeys(t *testing.T, sign string, ids ...string) *domain.AuditKeys {
	t.Helper()
	m := map[string][]byte{}
	for i, id := range ids {
		m[id] = bytes.Repeat([]byte{byte(i + 1)}, 32)
	}
	k, err := domain.NewAuditKeys(sign, m)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// A chain sealed with one key verifies with every keyring that holds it, and
// with no other; a checkpoint likewise.
func TestAuditKeys(t *testing.T) {
	t.Parallel()
	old := auditKeys(t, "k1", "k1")
	rotated := auditKeys(t, "k2", "k1", "k2") // k2 signs now, k1 still verifies
	// Another secret under the same id.
	stranger, err := domain.NewAuditKeys("k1", map[string][]byte{"k1": bytes.Repeat([]byte{9}, 32)})
	if err != nil {
		t.Fatal(err)
	}

	var events []domain.AuditEvent
	prev := ""
	for i, k := range []*domain.AuditKeys{old, old, rotated} {
		e := domain.AuditEvent{Chain: "c", Seq: i + 1, ActorID: "u", Action: "read_answers", Result: domain.AuditOK,
			At: time.Date(2026, 3, 1, 9, 0, i, 0, time.UTC), ScanState: domain.StateQuestionnaire, ScanVersion: i + 2, PrevHash: prev}
		k.Seal(&e)
		prev = e.Hash
		events = append(events, e)
	}
	if events[0].KeyID != "k1" || events[2].KeyID != "k2" {
		t.Fatalf("key ids %q, %q", events[0].KeyID, events[2].KeyID)
	}
	if b := domain.VerifyChain(rotated, "c", events, 3, prev); b != nil {
		t.Fatalf("the rotated keyring: %v", b)
	}
	if b := domain.VerifyChain(old, "c", events, 3, prev); b == nil || b.Seq != 3 {
		t.Fatalf("a keyring without k2: %v, want a break at 3", b)
	}
	if b := domain.VerifyChain(stranger, "c", events, 3, prev); b == nil || b.Seq != 1 {
		t.Fatalf("another secret under the same id: %v, want a break at 1", b)
	}
	for name, change := range map[string]func(e *domain.AuditEvent){
		"state":   func(e *domain.AuditEvent) { e.ScanState = domain.StateDelivered },
		"version": func(e *domain.AuditEvent) { e.ScanVersion++ },
		"adviser": func(e *domain.AuditEvent) { e.AdviserID = "other" },
		"history": func(e *domain.AuditEvent) { e.HistoryDigest = "x" },
		"key id":  func(e *domain.AuditEvent) { e.KeyID = "k1" },
	} {
		e := events[2]
		change(&e)
		if rotated.Valid(&e) {
			t.Errorf("a changed %s still verifies", name)
		}
	}

	cp := domain.Checkpoint{Chain: "c", Seq: 3, Hash: prev, At: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}
	rotated.SealCheckpoint(&cp)
	if !rotated.ValidCheckpoint(&cp) || stranger.ValidCheckpoint(&cp) {
		t.Fatal("checkpoint MAC does not tell its key")
	}
	cp.Seq = 2
	if rotated.ValidCheckpoint(&cp) {
		t.Fatal("a changed checkpoint still verifies")
	}
	if _, err := domain.NewAuditKeys("k1", map[string][]byte{"k1": []byte("short")}); err == nil {
		t.Fatal("a short signing key was accepted")
	}
}

// The history digest covers every field but the reason, which purge wipes.
func TestHistoryDigest(t *testing.T) {
	t.Parallel()
	h := domain.HistoryEntry{From: domain.StateIntake, To: domain.StateWithdrawn, Action: domain.ActionWithdraw,
		ActorID: "u", ActorRole: domain.RoleCandidate, Reason: "persoonlijk", At: time.Date(2026, 3, 1, 9, 0, 0, 1000, time.UTC)}
	wiped := h
	wiped.Reason = ""
	if domain.HistoryDigest(h) != domain.HistoryDigest(wiped) {
		t.Fatal("the digest covers the reason")
	}
	moved := h
	moved.To = domain.StateCancelled
	if domain.HistoryDigest(h) == domain.HistoryDigest(moved) {
		t.Fatal("the digest does not cover the state")
	}
}

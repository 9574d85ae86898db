package gormstore_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

func TestPurgeScan(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			st, dsn := storetest.New(t, d)
			f := newFixture(t, st)
			a := f.create(t, st, "geheim-kandidaat@example.nl", "code-a")
			b := f.create(t, st, "geheim-kandidaat@example.nl", "code-b") // the same candidate, still running
			closed := t0.Add(time.Hour)
			if _, err := st.UpdateScan(ctx, a.ID, func(s *domain.Scan, _ domain.TxReader) (domain.Change, error) {
				s.State, s.ClosedAt, s.EndReason = domain.StateWithdrawn, &closed, "GEHEIM-reden"
				s.Answers = domain.Answers{"q": "GEHEIM-antwoord"}
				return domain.Change{
					History: &domain.HistoryEntry{From: domain.StateIntake, To: domain.StateWithdrawn, Action: domain.ActionWithdraw, ActorID: a.Candidate.ID, ActorRole: domain.RoleCandidate, Reason: "GEHEIM-reden", At: closed},
					Documents: []*domain.Document{{Kind: domain.DocumentAdvice, PDF: []byte("pdf"), SHA256: "x", CreatedAt: closed},
						{Kind: domain.DocumentRaad, PDF: []byte("raad"), SHA256: "y", CreatedAt: closed}},
				}, nil
			}); err != nil {
				t.Fatal(err)
			}
			fin, err := st.FinishedScans(ctx)
			if err != nil || len(fin) != 1 || fin[0].ID != a.ID || fin[0].State != domain.StateWithdrawn || !fin[0].ClosedAt.Equal(closed) {
				t.Fatalf("finished = %+v, %v", fin, err)
			}
			audit := domain.AuditEvent{ActorID: "cli", ActorRole: domain.RoleAdmin, Action: "purge", Object: "scan", Result: domain.AuditOK, At: t0}
			done, err := st.PurgeScan(ctx, a.ID, t0.Add(2*time.Hour), audit)
			if err != nil || !done {
				t.Fatalf("purge = %v, %v", done, err)
			}
			again, err := st.PurgeScan(ctx, a.ID, t0.Add(3*time.Hour), audit)
			if err != nil || again {
				t.Fatalf("second purge = %v, %v; want nothing to do", again, err)
			}
			got, err := st.Scan(ctx, a.ID)
			if err != nil || got.PurgedAt == nil || len(got.Answers) != 0 || got.EndReason != "" || got.Reference != a.Reference ||
				got.State != domain.StateWithdrawn || got.ClosedAt == nil {
				t.Fatalf("purged scan = %+v, %v", got, err)
			}
			// The candidate's name and address stay while scan b needs them.
			if got.Candidate.Email != "geheim-kandidaat@example.nl" {
				t.Fatalf("candidate anonymised while another scan runs: %+v", got.Candidate)
			}
			for _, kind := range domain.DocumentKinds {
				if _, err := st.Document(ctx, a.ID, kind); !errors.Is(err, domain.ErrNotFound) {
					t.Fatalf("the %s document survived the purge: %v", kind, err)
				}
			}
			h, _ := st.History(ctx, a.ID)
			for _, e := range h {
				if e.Reason != "" {
					t.Fatalf("history keeps a reason: %+v", e)
				}
			}
			if c, _ := st.AuditChain(ctx, a.ID); c.Verify(storetest.AuditKeys()) != nil || c.Events[len(c.Events)-1].Action != "purge" {
				t.Fatalf("audit after purge: %+v", c)
			}
			if dump := rawDump(t, d, dsn); strings.Contains(dump, "GEHEIM") {
				t.Fatal("purged content readable in the database")
			}
			if fin, _ := st.FinishedScans(ctx); len(fin) != 0 {
				t.Fatalf("a purged scan is still listed: %+v", fin)
			}

			// Once b is purged too, the candidate's identity goes.
			if _, err := st.UpdateScan(ctx, b.ID, func(s *domain.Scan, _ domain.TxReader) (domain.Change, error) {
				s.State, s.ClosedAt = domain.StateCancelled, &closed
				return domain.Change{}, nil
			}); err != nil {
				t.Fatal(err)
			}
			if _, err := st.PurgeScan(ctx, b.ID, t0.Add(4*time.Hour), audit); err != nil {
				t.Fatal(err)
			}
			got, _ = st.Scan(ctx, b.ID)
			if got.Candidate.Name != "" || strings.Contains(got.Candidate.Email, "geheim") {
				t.Fatalf("candidate not anonymised: %+v", got.Candidate)
			}
		})
	}
}

package gormstore_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"basisscan/domain"
	"basisscan/workflow/gormstore"
	"basisscan/workflow/gormstore/storetest"
)

// createAt is fixture.create at the creation time at, with the planned
// appointment date planned.
func (f fixture) createAt(t *testing.T, st *gormstore.Store, at time.Time, planned domain.Date) *domain.Scan {
	t.Helper()
	sc := &domain.Scan{
		ID: uuid.NewString(), Reference: "BS-2026-" + uuid.NewString()[:6], State: domain.StateIntake, Version: 1,
		Office: domain.OfficeWethouder, OrganisationID: f.org, PlannedAppointmentDate: planned,
		Candidate: domain.Person{Name: "Eef Ëlberts", Email: "lijst@example.nl"},
		Adviser:   domain.Person{ID: f.adviser.ID}, Formateur: domain.Person{ID: f.formateur.ID}, Recipient: domain.Person{ID: f.formateur.ID},
		TemplateVersion: "2026-1", Answers: domain.Answers{}, CreatedAt: at, UpdatedAt: at,
	}
	err := st.CreateScan(ctx, domain.NewScan{Scan: sc, InvitationCodeHash: uuid.NewString(), InvitationExpires: at.Add(time.Hour),
		History: domain.HistoryEntry{To: domain.StateIntake, Action: domain.ActionStart, ActorID: f.formateur.ID, ActorRole: domain.RoleFormateur, At: at}},
		func(*domain.Scan) error { return nil })
	if err != nil {
		t.Fatalf("create scan: %v", err)
	}
	return sc
}

// walk returns every scan of the list, page by page.
func walk(t *testing.T, st *gormstore.Store, f domain.ScanFilter, q domain.ScanQuery) []domain.Scan {
	t.Helper()
	var all []domain.Scan
	for range 100 {
		p, err := st.ScanPage(ctx, f, q)
		if err != nil {
			t.Fatalf("page: %v", err)
		}
		if len(p.Scans) > q.Limit {
			t.Fatalf("%d scans on a page of %d", len(p.Scans), q.Limit)
		}
		all = append(all, p.Scans...)
		if p.NextCursor == "" {
			return all
		}
		q.Cursor = p.NextCursor
	}
	t.Fatal("the list does not end")
	return nil
}

func scanIDs(scans []domain.Scan) []string {
	out := make([]string, len(scans))
	for i, s := range scans {
		out[i] = s.ID
	}
	return out
}

// The store pages in the database by creation time and id: times of every
// precision (SQLite keeps them as text) sort as times, ties by id.
func TestScanPage(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			st := storetest.Open(t, d)
			f := newFixture(t, st)
			base := t0.Truncate(time.Second) // 09:30:00
			times := []time.Time{
				base, base, base, // ties
				base.Add(100 * time.Millisecond), base.Add(123456 * time.Microsecond), base.Add(time.Microsecond),
				base.Add(999999 * time.Microsecond), base.Add(time.Second), base.Add(-time.Hour), base.Add(10 * time.Hour),
				base.Add(24 * time.Hour), base.Add(100 * time.Millisecond),
			}
			var want []domain.Scan
			for i, at := range times {
				want = append(want, *f.createAt(t, st, at, domain.NewDate(2026, 5, 1+i)))
			}
			slices.SortFunc(want, func(a, b domain.Scan) int {
				if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
					return c
				}
				return strings.Compare(b.ID, a.ID)
			})
			// Another organisation's scan never shows, even with the same people.
			otherOrg := addOrg(t, st, "Gemeente Noordhaven")
			other := fixture{otherOrg, f.formateur, f.adviser}
			other.createAt(t, st, base, domain.NewDate(2026, 5, 1))

			filter := domain.ScanFilter{FormateurID: f.formateur.ID, Organisations: []string{f.org}}
			for _, limit := range []int{1, 2, 5, 12, 100} {
				got := walk(t, st, filter, domain.ScanQuery{Limit: limit})
				if !slices.Equal(scanIDs(got), scanIDs(want)) {
					t.Fatalf("limit %d: %v\nwant %v", limit, scanIDs(got), scanIDs(want))
				}
			}
			if got := walk(t, st, domain.ScanFilter{AdviserID: f.adviser.ID, Organisations: []string{f.org}}, domain.ScanQuery{Limit: 5}); len(got) != len(want) {
				t.Fatalf("the adviser's list has %d scans, want %d", len(got), len(want))
			}

			// Creation bounds: from inclusive, before exclusive, to the microsecond.
			q := domain.ScanQuery{Limit: 3, CreatedFrom: base.Add(100 * time.Millisecond), CreatedBefore: base.Add(time.Second)}
			got := walk(t, st, filter, q)
			var inRange []string
			for _, s := range want {
				if !s.CreatedAt.Before(q.CreatedFrom) && s.CreatedAt.Before(q.CreatedBefore) {
					inRange = append(inRange, s.ID)
				}
			}
			if len(inRange) != 4 || !slices.Equal(scanIDs(got), inRange) {
				t.Fatalf("created in range: %v, want %v", scanIDs(got), inRange)
			}

			// A state written by an update is what the filter sees.
			moved := want[3]
			if _, err := st.UpdateScan(ctx, moved.ID, func(s *domain.Scan, _ domain.TxReader) (domain.Change, error) {
				s.State = domain.StateCancelled
				return domain.Change{}, nil
			}); err != nil {
				t.Fatal(err)
			}
			if got := walk(t, st, filter, domain.ScanQuery{Limit: 2, States: []domain.State{domain.StateCancelled}}); !slices.Equal(scanIDs(got), []string{moved.ID}) {
				t.Fatalf("cancelled: %v, want [%s]", scanIDs(got), moved.ID)
			}
			if got := walk(t, st, filter, domain.ScanQuery{Limit: 2, States: []domain.State{domain.StateIntake}}); len(got) != len(want)-1 {
				t.Fatalf("intake: %d scans, want %d", len(got), len(want)-1)
			}

			// Planned dates 2026-05-03 to 2026-05-05, inclusive.
			got = walk(t, st, filter, domain.ScanQuery{Limit: 2, PlannedFrom: domain.NewDate(2026, 5, 3), PlannedTo: domain.NewDate(2026, 5, 5)})
			if len(got) != 3 {
				t.Fatalf("planned 3 to 5 May: %d scans, want 3", len(got))
			}
			for _, s := range got {
				if day := s.PlannedAppointmentDate.Time().Day(); day < 3 || day > 5 {
					t.Fatalf("planned on %s, outside 3 to 5 May", s.PlannedAppointmentDate)
				}
			}

			// A cursor is bound to its list, and cannot be forged.
			p, err := st.ScanPage(ctx, filter, domain.ScanQuery{Limit: 2})
			if err != nil || p.NextCursor == "" {
				t.Fatalf("first page: %v, %q", err, p.NextCursor)
			}
			for name, c := range map[string]struct {
				f domain.ScanFilter
				q domain.ScanQuery
			}{
				"other participant": {domain.ScanFilter{AdviserID: f.adviser.ID, Organisations: []string{f.org}}, domain.ScanQuery{Limit: 2, Cursor: p.NextCursor}},
				"other filter":      {filter, domain.ScanQuery{Limit: 2, Cursor: p.NextCursor, Offices: []domain.Office{domain.OfficeWethouder}}},
				"forged":            {filter, domain.ScanQuery{Limit: 2, Cursor: strings.Repeat("A", len(p.NextCursor))}},
			} {
				if _, err := st.ScanPage(ctx, c.f, c.q); domain.ErrorCodeOf(err) != domain.EMALFORMED {
					t.Errorf("%s: err = %v, want malformed", name, err)
				}
			}
		})
	}
}

package gormstore_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

// An UpdateFunc reads through the reader it is given, in the write's own
// transaction: on SQLite, where the write holds the only connection, that
// read completes, where a call to the store would wait for ever. The reader
// offers reads only.
func TestUpdateReadsInItsTransaction(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			st := storetest.Open(t, d)
			f := newFixture(t, st)
			a := f.create(t, st, "k@example.nl", "code")
			// Bounded, so that a read waiting for the write's connection fails
			// here instead of hanging the suite.
			c, cancel := context.WithTimeout(ctx, 10*time.Second)
			defer cancel()
			got, err := st.UpdateScan(c, a.ID, func(s *domain.Scan, r domain.TxReader) (domain.Change, error) {
				if _, ok := r.(domain.Store); ok {
					return domain.Change{}, fmt.Errorf("the reader is a whole store: the closure could write through it")
				}
				advisers, err := r.AdvisersFor(c, f.org, "adv@example.nl")
				if err != nil {
					return domain.Change{}, err
				}
				if len(advisers) != 1 || advisers[0].ID != f.adviser.ID {
					return domain.Change{}, fmt.Errorf("advisers = %+v, want %s", advisers, f.adviser.ID)
				}
				org, err := r.UserOrganisationName(c, f.adviser.ID)
				if err != nil || org != "Gemeente Zuidhaven" {
					return domain.Change{}, fmt.Errorf("organisation of the adviser = %q, %v", org, err)
				}
				if _, err := r.UserOrganisationName(c, "00000000-0000-4000-8000-000000000000"); !errors.Is(err, domain.ErrNotFound) {
					return domain.Change{}, fmt.Errorf("organisation of an unknown user: %v", err)
				}
				s.SecondAdviser = &domain.Person{ID: advisers[0].ID}
				return domain.Change{}, nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if got.Version != a.Version+1 || got.SecondAdviser == nil || got.SecondAdviser.ID != f.adviser.ID {
				t.Fatalf("after the write: version %d, second adviser %+v", got.Version, got.SecondAdviser)
			}
		})
	}
}

package gormstore_test

import (
	"testing"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

// The scans-by-state gauge counts every organisation's scans from the state
// column, with every state present.
func TestScansByState(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			st := storetest.Open(t, d)
			got, err := st.ScansByState(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(domain.States) || got[string(domain.StateIntake)] != 0 {
				t.Fatalf("empty database: %v", got)
			}
			f := newFixture(t, st)
			f.create(t, st, "a@example.nl", "code-a")
			f.create(t, st, "b@example.nl", "code-b")
			if got, err = st.ScansByState(ctx); err != nil || got[string(domain.StateIntake)] != 2 || got[string(domain.StateClosed)] != 0 {
				t.Fatalf("two scans in intake: %v, %v", got, err)
			}
		})
	}
}

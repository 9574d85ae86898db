package gormstore_test

import (
	"testing"

	"basisscan/workflow/gormstore"
	"basisscan/workflow/gormstore/storetest"
)

// A migrated database is ready; one that misses a migration of this
// release is not, and says why, until it is migrated again.
func TestReadyNeedsEveryMigration(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			dsn := storetest.DSN(t, d)
			st, err := gormstore.Open(dsn, gormstore.Options{Keys: keyring(t, "a", map[string][]byte{"a": secret()}),
				AuditKeys: storetest.AuditKeys(), LookupKey: storetest.LookupKey()})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if err := st.Ready(ctx); err == nil {
				t.Fatal("ready before any migration")
			}
			if _, err := st.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			if err := st.Ready(ctx); err != nil {
				t.Fatalf("not ready after migrating: %v", err)
			}
			// As if an older release had migrated it: the newest migration is missing.
			exec(t, d, dsn, `DELETE FROM goose_db_version WHERE version_id = (SELECT MAX(version_id) FROM goose_db_version)`)
			if err := st.Ready(ctx); err == nil {
				t.Fatal("ready with a migration pending")
			}
		})
	}
}

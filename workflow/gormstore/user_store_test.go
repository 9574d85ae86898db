package gormstore_test

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

func TestUsersEncryptedAtRest(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			t.Run("names and addresses are sealed", func(t *testing.T) { t.Parallel(); testUsersSealed(t, d) })
			t.Run("rows from before are sealed at start-up", func(t *testing.T) { t.Parallel(); testLegacyUsersSealed(t, d) })
		})
	}
}

// usersDump returns what an intruder reading the database would see of
// the users: on SQLite the database files themselves, on PostgreSQL every
// column of the users table.
func usersDump(t *testing.T, d storetest.Dialect, dsn string) string {
	t.Helper()
	if d == storetest.SQLite {
		var b strings.Builder
		for _, suffix := range []string{"", "-wal"} {
			raw, err := os.ReadFile(dsn + suffix)
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			b.Write(raw)
		}
		return b.String()
	}
	return usersTable(t, d, dsn)
}

// usersTable returns every column of every row of users.
func usersTable(t *testing.T, d storetest.Dialect, dsn string) string {
	t.Helper()
	db, err := sql.Open(map[storetest.Dialect]string{storetest.SQLite: "sqlite", storetest.Postgres: "pgx"}[d], dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT CAST(id AS text), role, name, email, coalesce(email_hash, '') FROM users`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var v [5]string
		if err := rows.Scan(&v[0], &v[1], &v[2], &v[3], &v[4]); err != nil {
			t.Fatal(err)
		}
		b.WriteString(strings.Join(v[:], "|") + "\n")
	}
	return b.String()
}

func testUsersSealed(t *testing.T, d storetest.Dialect) {
	st, dsn := storetest.New(t, d)
	f := newFixture(t, st)
	a := f.create(t, st, "geheim-kandidaat@example.nl", "code")
	dump := usersDump(t, d, dsn)
	if !strings.Contains(dump, f.adviser.ID) {
		t.Fatal("the dump holds no users: the check below proves nothing")
	}
	for _, s := range []string{"geheim-kandidaat", "Eef Ëlberts", f.adviser.Email, f.adviser.Name, f.formateur.Email, f.formateur.Name} {
		if strings.Contains(dump, s) {
			t.Errorf("%q readable in the database", s)
		}
	}
	got, err := st.Scan(ctx, a.ID)
	if err != nil || got.Candidate.Email != "geheim-kandidaat@example.nl" || got.Candidate.Name != "Eef Ëlberts" ||
		got.Adviser.Name != f.adviser.Name || got.Formateur.Email != f.formateur.Email {
		t.Fatalf("reading back: %+v, %v", got, err)
	}
}

// A database written before names and addresses were sealed holds them in
// plaintext without a look-up hash; the store seals them when it migrates.
func testLegacyUsersSealed(t *testing.T, d storetest.Dialect) {
	st, dsn := storetest.New(t, d)
	org := addOrg(t, st, "Gemeente Zuidhaven")
	driver := map[storetest.Dialect]string{storetest.SQLite: "sqlite", storetest.Postgres: "pgx"}[d]
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	id := uuid.NewString()
	q := `INSERT INTO users (id, organisation_id, role, name, email, active, created_at)
		VALUES ($1, $2, 'adviser', 'Oude Adviseur', 'oud@example.nl', true, $3)`
	if d == storetest.SQLite {
		q = strings.NewReplacer("$1", "?", "$2", "?", "$3", "?").Replace(q)
	}
	if _, err := db.Exec(q, id, org, t0); err != nil {
		t.Fatal(err)
	}
	// The table, not the file: SQLite keeps overwritten pages until they
	// are reused, which no store can prevent for rows written before.
	if !strings.Contains(usersTable(t, d, dsn), "oud@example.nl") {
		t.Fatal("the plaintext row is not in the dump: the check below proves nothing")
	}
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if dump := usersTable(t, d, dsn); strings.Contains(dump, "oud@example.nl") || strings.Contains(dump, "Oude Adviseur") {
		t.Error("the legacy row is still readable after migrating")
	}
	got, err := st.AdvisersFor(ctx, org, "oud@example.nl")
	if err != nil || len(got) != 1 || got[0].ID != id || got[0].Name != "Oude Adviseur" || got[0].Role != domain.RoleAdviser {
		t.Fatalf("AdvisersFor the sealed legacy row = %+v, %v", got, err)
	}
}

// TestAdviserAddressTakenOnce: creating an adviser and assigning another
// organisation's adviser with the same address, at the same moment, never
// both succeed — which account a scan's adviser address names must stay
// clear (issue 8.1).
func TestAdviserAddressTakenOnce(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			st := storetest.Open(t, d)
			a, b := addOrg(t, st, "Gemeente Zuidhaven"), addOrg(t, st, "Gemeente Noordhaven")
			for i := range 20 {
				email := fmt.Sprintf("adviseur-%d@bureau.nl", i)
				theirs := addUser(t, st, b, domain.RoleAdviser, email)
				var wg sync.WaitGroup
				var created, assigned error
				wg.Go(func() {
					created = st.CreateUser(ctx, &domain.User{ID: uuid.NewString(), OrganisationID: a, Role: domain.RoleAdviser,
						Name: "Nieuw", Email: email, Active: true}, domain.NewUser{Audit: systemEvent("add_user")})
				})
				wg.Go(func() { assigned = st.AssignAdviser(ctx, theirs.ID, a, systemEvent("assign_adviser")) })
				wg.Wait()
				if created == nil && assigned == nil {
					t.Fatalf("round %d: both an own adviser and an assigned one now have %s", i, email)
				}
				for _, err := range []error{created, assigned} {
					if err != nil && !errors.Is(err, domain.ErrInvalid) {
						t.Fatalf("round %d: %v", i, err)
					}
				}
				if got, err := st.AdvisersFor(ctx, a, email); err != nil || len(got) != 1 {
					t.Fatalf("round %d: advisers serving with %s: %d, %v", i, email, len(got), err)
				}
			}
		})
	}
}

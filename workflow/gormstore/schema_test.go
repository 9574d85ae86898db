package gormstore_test

import (
	"database/sql"
	"net/url"
	"slices"
	"strings"
	"testing"

	"basisscan/workflow/gormstore/storetest"
)

// TestDialectsHaveTheSameSchema: the migrations are written twice, once per
// dialect; after all of them both databases have the same tables with the
// same columns, so that no query works on one and fails on the other.
func TestDialectsHaveTheSameSchema(t *testing.T) {
	t.Parallel()
	_, lite := storetest.New(t, storetest.SQLite)
	_, pg := storetest.New(t, storetest.Postgres)
	a, b := sqliteSchema(t, lite), postgresSchema(t, pg)
	if len(a) == 0 {
		t.Fatal("no tables found on SQLite")
	}
	for table, cols := range a {
		if other, ok := b[table]; !ok {
			t.Errorf("table %s is on SQLite only", table)
		} else if !slices.Equal(cols, other) {
			t.Errorf("table %s: SQLite has %v, PostgreSQL %v", table, cols, other)
		}
	}
	for table := range b {
		if _, ok := a[table]; !ok {
			t.Errorf("table %s is on PostgreSQL only", table)
		}
	}
}

// schemaOf runs query, which returns (table, column) rows, into a map of
// sorted columns per table; the migration tool's own table is left out.
func schemaOf(t *testing.T, db *sql.DB, query string, args ...any) map[string][]string {
	t.Helper()
	rows, err := db.Query(query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var table, col string
		if err := rows.Scan(&table, &col); err != nil {
			t.Fatal(err)
		}
		if table == "goose_db_version" || strings.HasPrefix(table, "sqlite_") {
			continue
		}
		out[table] = append(out[table], col)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for _, cols := range out {
		slices.Sort(cols)
	}
	return out
}

func sqliteSchema(t *testing.T, path string) map[string][]string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	return schemaOf(t, db, `SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'`)
}

func postgresSchema(t *testing.T, dsn string) map[string][]string {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	return schemaOf(t, db, `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = $1`,
		u.Query().Get("search_path"))
}

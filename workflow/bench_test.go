package workflow_test

import (
	"os"
	"testing"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

// BenchmarkSaveAnswers times one write through the service: load with row
// lock, rules, version-checked update, audit append, commit. It runs on
// PostgreSQL when TEST_DATABASE_URL is set, else on SQLite; compare runs
// side by side (benchstat), never against a fixed number.
func BenchmarkSaveAnswers(b *testing.B) {
	d := storetest.SQLite
	if os.Getenv("TEST_DATABASE_URL") != "" {
		d = storetest.Postgres
	}
	e := setup(b, d)
	sc := e.start(b)
	patch := domain.Answers{"cv_opleiding": "Bestuurskunde"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.svc.SaveAnswers(ctx, e.candidate, sc.ID, nil, patch); err != nil {
			b.Fatal(err)
		}
	}
}

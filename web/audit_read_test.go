package web_test

import (
	"net/http"
	"testing"

	"basisscan/web/webtest"
	"basisscan/workflow/gormstore/storetest"
)

// The adviser's scan page counts the signals without recording a read of
// them; the signals page, which shows them, records one.
func TestScanPageDoesNotAuditSignalRead(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := webtest.New(t, d)
		s := newAdviserScan(t, e)
		v := e.Visitor(t)
		v.SignIn(t, e.Adviser)
		reads := func() int {
			tr, err := e.Service.AuditTrail(t.Context(), s.adv, s.sc.ID)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, ev := range tr.Chain.Events {
				if ev.Action == "read_signals" {
					n++
				}
			}
			return n
		}
		before := reads()
		want(t, v.Get(t, "/scans/"+s.sc.ID), http.StatusOK, "nog af te handelen")
		if n := reads(); n != before {
			t.Fatalf("the scan page recorded %d reads of the signals", n-before)
		}
		want(t, v.Get(t, "/scans/"+s.sc.ID+"/signalen"), http.StatusOK)
		if n := reads(); n != before+1 {
			t.Fatalf("the signals page recorded %d reads, want 1", n-before)
		}
	})
}

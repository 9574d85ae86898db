package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"basisscan/domain"
	"basisscan/workflow/gormstore/storetest"
)

// scanPage is a page of GET /scans.
type scanPage struct {
	Items      []scanBody `json:"items"`
	NextCursor string     `json:"next_cursor"`
}

// listPage gets one page of the list as token's holder sees it.
func (e *env) listPage(t testing.TB, token string, q url.Values) scanPage {
	t.Helper()
	return decode[scanPage](t, e.do(t, "GET", "/api/v1/scans?"+q.Encode(), token, nil).want(t, http.StatusOK))
}

// listAll walks every page of the list with the query.
func (e *env) listAll(t testing.TB, token string, q url.Values) []scanBody {
	t.Helper()
	var all []scanBody
	for page := 0; ; page++ {
		if page > 50 {
			t.Fatalf("the list does not end")
		}
		p := e.listPage(t, token, q)
		all = append(all, p.Items...)
		if p.NextCursor == "" {
			return all
		}
		q = cloneValues(q)
		q.Set("cursor", p.NextCursor)
	}
}

func cloneValues(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = slices.Clone(v)
	}
	return out
}

// startScan starts a scan by formateur with adviser, without accepting the
// invitation: lists need only the scan.
func (e *env) startScan(t testing.TB, formateur, adviser user, plannedDate string) scanBody {
	t.Helper()
	body := createBody(fmt.Sprintf("lijst%d@example.nl", e.seq.Add(1)), adviser.Email)
	body["planned_appointment_date"] = plannedDate
	return decode[scanBody](t, e.do(t, "POST", "/api/v1/scans", formateur.Token, body).want(t, http.StatusCreated))
}

func ids(scans []scanBody) []string {
	out := make([]string, len(scans))
	for i, s := range scans {
		out[i] = s.ID
	}
	return out
}

// newestFirst reports whether the scans are sorted by creation, then id,
// both descending.
func newestFirst(scans []scanBody) bool {
	return slices.IsSortedFunc(scans, func(a, b scanBody) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})
}

// A client walking the pages while scans are being started sees every scan
// that existed when it began exactly once, in a stable order, and nothing
// twice; the new scans may or may not appear.
func TestListPagesWithConcurrentInserts(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		var before []string
		for i := range 13 {
			if i%3 == 0 { // runs of scans share a creation time: the id breaks the tie
				e.clock.Advance(time.Second)
			}
			before = append(before, e.startScan(t, e.formateur, e.adviser, planned).ID)
		}

		stop := make(chan struct{})
		var wg sync.WaitGroup
		var added []string
		var mu sync.Mutex
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if i%2 == 0 {
					e.clock.Advance(time.Millisecond)
				}
				body := createBody(fmt.Sprintf("nieuw%d@example.nl", e.seq.Add(1)), e.adviser.Email)
				r, err := e.send("POST", "/api/v1/scans", e.formateur.Token, body)
				if err != nil || r.Status != http.StatusCreated {
					t.Errorf("concurrent start: %v %v", r, err)
					return
				}
				mu.Lock()
				added = append(added, decode[scanBody](t, r).ID)
				mu.Unlock()
			}
		}()

		var walked []scanBody
		q := url.Values{"limit": {"4"}}
		for page := 0; ; page++ {
			if page > 100 {
				t.Fatalf("the walk does not end")
			}
			p := e.listPage(t, e.formateur.Token, q)
			if len(p.Items) > 4 {
				t.Fatalf("page of %d scans, limit 4", len(p.Items))
			}
			walked = append(walked, p.Items...)
			if p.NextCursor == "" {
				break
			}
			if page == 1 {
				// Besides those of the goroutine, whenever they land: two
				// scans started for sure mid-walk, which an offset would
				// count, moving every later page by two.
				for range 2 {
					s := e.startScan(t, e.formateur, e.adviser, planned)
					mu.Lock()
					added = append(added, s.ID)
					mu.Unlock()
				}
			}
			q.Set("cursor", p.NextCursor)
		}
		close(stop)
		wg.Wait()
		mu.Lock()
		defer mu.Unlock()
		if len(added) == 0 {
			t.Fatalf("no scan was started during the walk: the test proves nothing")
		}

		seen := map[string]int{}
		for _, s := range walked {
			seen[s.ID]++
		}
		for id, n := range seen {
			if n > 1 {
				t.Errorf("scan %s listed %d times", id, n)
			}
			if !slices.Contains(before, id) && !slices.Contains(added, id) {
				t.Errorf("scan %s is no scan of this formateur", id)
			}
		}
		for _, id := range before {
			if seen[id] != 1 {
				t.Errorf("scan %s that existed before the walk was listed %d times", id, seen[id])
			}
		}
		if !newestFirst(walked) {
			t.Errorf("the walk is not newest first: %v", ids(walked))
		}
		t.Logf("%d scans walked, %d started during the walk", len(walked), len(added))

		// Afterwards, the whole list in pages is the whole list at once.
		all := e.listAll(t, e.formateur.Token, url.Values{"limit": {"3"}})
		one := e.listPage(t, e.formateur.Token, url.Values{"limit": {"100"}})
		if !slices.Equal(ids(all), ids(one.Items)) || len(all) != len(before)+len(added) || one.NextCursor != "" {
			t.Fatalf("paged list %d scans, one page %d (next %q), want %d", len(all), len(one.Items), one.NextCursor,
				len(before)+len(added))
		}
	})
}

func TestListLimitDefaultsAndBounds(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		for range domain.DefaultPageSize + 1 {
			e.startScan(t, e.formateur, e.adviser, planned)
		}
		p := e.listPage(t, e.formateur.Token, nil)
		if len(p.Items) != domain.DefaultPageSize || p.NextCursor == "" {
			t.Fatalf("default page: %d scans, next %q; want %d and a cursor", len(p.Items), p.NextCursor, domain.DefaultPageSize)
		}
		last := e.listPage(t, e.formateur.Token, url.Values{"cursor": {p.NextCursor}})
		if len(last.Items) != 1 || last.NextCursor != "" {
			t.Fatalf("last page: %d scans, next %q; want 1 and none", len(last.Items), last.NextCursor)
		}
		if p := e.listPage(t, e.formateur.Token, url.Values{"limit": {"1"}}); len(p.Items) != 1 || p.NextCursor == "" {
			t.Fatalf("limit 1: %d scans, next %q", len(p.Items), p.NextCursor)
		}
		if p := e.listPage(t, e.formateur.Token, url.Values{"limit": {"100"}}); len(p.Items) != domain.DefaultPageSize+1 || p.NextCursor != "" {
			t.Fatalf("limit 100: %d scans, next %q", len(p.Items), p.NextCursor)
		}
		for _, c := range []struct {
			name   string
			query  string
			fields []string
		}{
			{"zero", "limit=0", []string{"limit"}},
			{"negative", "limit=-1", []string{"limit"}},
			{"above the maximum", "limit=101", []string{"limit"}},
			{"huge", "limit=99999999999999999999", []string{"limit"}},
			{"not a number", "limit=tien", []string{"limit"}},
			{"fraction", "limit=2.5", []string{"limit"}},
			{"empty", "limit=", []string{"limit"}},
			{"twice", "limit=2&limit=3", []string{"limit"}},
			{"unknown parameter", "limt=5", []string{"limt"}},
			{"unknown state", "state=klaar", []string{"state"}},
			{"unknown office", "office=burgemeester", []string{"office"}},
			{"bad date", "created_from=2026-13-01", []string{"created_from"}},
			{"date with time", "created_to=2026-03-02T10:00:00Z", []string{"created_to"}},
			{"bad appointment date", "planned_appointment_date_from=morgen", []string{"planned_appointment_date_from"}},
			{"created range reversed", "created_from=2026-03-05&created_to=2026-03-04", []string{"created_to"}},
			{"planned range reversed", "planned_appointment_date_from=2026-05-01&planned_appointment_date_to=2026-04-01",
				[]string{"planned_appointment_date_to"}},
			{"field by field", "limit=0&state=klaar&created_from=gisteren", []string{"created_from", "limit", "state"}},
		} {
			r := e.do(t, "GET", "/api/v1/scans?"+c.query, e.formateur.Token, nil)
			p := problemOf(t, r, http.StatusBadRequest)
			got := p.fields()
			slices.Sort(got)
			if !slices.Equal(got, c.fields) {
				t.Errorf("%s: fields %v, want %v", c.name, got, c.fields)
			}
		}
	})
}

func TestListBadCursor(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		for range 3 {
			e.startScan(t, e.formateur, e.adviser, planned)
		}
		e.startScan(t, e.formateur2, e.adviser2, planned)
		p := e.listPage(t, e.formateur.Token, url.Values{"limit": {"1"}})
		good := p.NextCursor
		if good == "" {
			t.Fatalf("no cursor")
		}
		tampered := []byte(good)
		tampered[2] ^= 1 // a different position under the same MAC
		if tampered[2] == '-' || tampered[2] == '_' {
			tampered[2] = 'A'
		}
		for _, c := range []struct {
			name, token string
			query       url.Values
		}{
			{"garbage", e.formateur.Token, url.Values{"cursor": {"abc"}}},
			{"not base64", e.formateur.Token, url.Values{"cursor": {"!!!!"}}},
			{"empty", e.formateur.Token, url.Values{"cursor": {""}}},
			{"tampered", e.formateur.Token, url.Values{"cursor": {string(tampered)}}},
			{"cut short", e.formateur.Token, url.Values{"cursor": {good[:len(good)-2]}}},
			{"of another filter", e.formateur.Token, url.Values{"cursor": {good}, "state": {"intake"}}},
			{"of another user", e.formateur2.Token, url.Values{"cursor": {good}}},
			{"of another role", e.adviser.Token, url.Values{"cursor": {good}}},
		} {
			r := e.do(t, "GET", "/api/v1/scans?"+c.query.Encode(), c.token, nil)
			if f := problemOf(t, r, http.StatusBadRequest).fields(); !slices.Equal(f, []string{"cursor"}) {
				t.Errorf("%s: fields %v, want [cursor]", c.name, f)
			}
		}
		// The good cursor still works, with another page size too.
		if p := e.listPage(t, e.formateur.Token, url.Values{"cursor": {good}, "limit": {"5"}}); len(p.Items) != 2 {
			t.Fatalf("page after the first: %d scans, want 2", len(p.Items))
		}
	})
}

func TestListFilters(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		// Day 1 (2026-03-02): two scans, one cancelled. Day 2: one, later
		// appointment. Day 3: one, in its last second.
		a := e.startScan(t, e.formateur, e.adviser, "2026-04-15")
		e.clock.Advance(time.Second)
		b := e.startScan(t, e.formateur, e.adviser, "2026-04-20")
		e.do(t, "POST", "/api/v1/scans/"+b.ID+"/cancel", e.formateur.Token, map[string]string{"reason": "x"}).want(t, http.StatusOK)
		e.clock.Advance(24 * time.Hour)
		c := e.startScan(t, e.formateur, e.adviser, "2026-05-01")
		e.clock.Advance(38*time.Hour + 59*time.Minute + 58*time.Second) // 2026-03-04 23:59:59: still day 3
		dd := e.startScan(t, e.formateur, e.adviser, "2026-04-15")
		// Another formateur's scan matches every filter and never shows.
		e.startScan(t, e.formateur2, e.adviser2, "2026-04-15")

		for _, tc := range []struct {
			name  string
			query string
			want  []scanBody
		}{
			{"none", "", []scanBody{dd, c, b, a}},
			{"state", "state=intake", []scanBody{dd, c, a}},
			{"states repeated", "state=cancelled&state=questionnaire", []scanBody{b}},
			{"states with commas", "state=cancelled,intake", []scanBody{dd, c, b, a}},
			{"office", "office=wethouder", []scanBody{dd, c, b, a}},
			{"other office", "office=gedeputeerde", nil},
			{"created from", "created_from=2026-03-03", []scanBody{dd, c}},
			{"created to", "created_to=2026-03-03", []scanBody{c, b, a}},
			{"created on one day", "created_from=2026-03-03&created_to=2026-03-03", []scanBody{c}},
			{"created to the last day", "created_to=2026-03-04", []scanBody{dd, c, b, a}},
			{"planned from", "planned_appointment_date_from=2026-04-20", []scanBody{c, b}},
			{"planned to", "planned_appointment_date_to=2026-04-20", []scanBody{dd, b, a}},
			{"planned on one day", "planned_appointment_date_from=2026-04-15&planned_appointment_date_to=2026-04-15",
				[]scanBody{dd, a}},
			{"combined", "state=intake&created_to=2026-03-03&planned_appointment_date_from=2026-04-16", []scanBody{c}},
		} {
			q, err := url.ParseQuery(tc.query)
			if err != nil {
				t.Fatal(err)
			}
			q.Set("limit", "1") // filters and pages work together
			got := e.listAll(t, e.formateur.Token, q)
			if !slices.Equal(ids(got), ids(tc.want)) {
				t.Errorf("%s: %v, want %v", tc.name, refs(got), refs(tc.want))
			}
		}
	})
}

func refs(scans []scanBody) []string {
	out := make([]string, len(scans))
	for i, s := range scans {
		out[i] = s.Reference
	}
	return out
}

// A list shows exactly the scans a single read would: the formateur's own,
// the adviser's assignments, the candidate's own; never another
// organisation's, and nothing to an admin.
func TestListVisibility(t *testing.T) {
	eachDialect(t, func(t *testing.T, d storetest.Dialect) {
		e := setup(t, d)
		mine := e.newScan(t)
		other := e.otherScan(t)
		// The env's adviser (of orgA) is assigned to orgB too, and gets a
		// scan of formateur2 there.
		if err := e.svc.AssignAdviser(context.Background(), orgA, e.adviser.Email, orgB); err != nil {
			t.Fatal(err)
		}
		assigned := e.newScanFor(t, e.formateur2, e.adviser, "toegewezen@example.nl")

		for _, c := range []struct {
			name  string
			token string
			want  []string
		}{
			{"formateur", e.formateur.Token, []string{mine.ID}},
			{"adviser", e.adviser.Token, []string{assigned.ID, mine.ID}},
			{"candidate", mine.Candidate.Token, []string{mine.ID}},
			{"other formateur", e.formateur2.Token, []string{assigned.ID, other.ID}},
			{"other adviser", e.adviser2.Token, []string{other.ID}},
			{"other candidate", other.Candidate.Token, []string{other.ID}},
			{"admin", e.admin.Token, nil},
		} {
			got := ids(e.listAll(t, c.token, url.Values{"limit": {"1"}}))
			want := c.want
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s lists %v, want %v", c.name, got, want)
			}
			// Every listed scan is readable one by one, by the same rules.
			for _, id := range got {
				e.do(t, "GET", "/api/v1/scans/"+id, c.token, nil).want(t, http.StatusOK)
			}
		}
		// Staff of the same organisation on none of its scans list nothing.
		for _, role := range []domain.Role{domain.RoleAdviser, domain.RoleFormateur} {
			outsider := e.staff(t, orgA, role, "Buiten Staander", "buiten-"+string(role)+"@zuidhaven.nl")
			if got := e.listAll(t, outsider.Token, nil); len(got) != 0 {
				t.Errorf("an outsider %s lists %v", role, ids(got))
			}
		}
	})
}

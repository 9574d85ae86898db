package domain_test

import (
	"encoding/json"
	"testing"

	"basisscan/domain"
)

// ParseDate takes no date before 1900: 0001-01-01 would read as "not set".
func TestParseDateBounds(t *testing.T) {
	for _, c := range []struct {
		s  string
		ok bool
	}{
		{"1900-01-01", true}, {"2026-03-02", true}, {"9999-12-31", true}, // upper bounds are the rules'
		{"1899-12-31", false}, {"0001-01-01", false}, {"0000-01-01", false}, {"2026-02-30", false}, {"", false},
	} {
		d, err := domain.ParseDate(c.s)
		if (err == nil) != c.ok {
			t.Errorf("ParseDate(%q) = %v, %v; want ok=%v", c.s, d, err, c.ok)
		}
		if err == nil && d.IsZero() {
			t.Errorf("ParseDate(%q) is the zero Date", c.s)
		}
	}
	// What was stored before the bound loads still.
	var d domain.Date
	if err := json.Unmarshal([]byte(`"0001-01-02"`), &d); err != nil || d.String() != "0001-01-02" {
		t.Errorf("stored early date: %v, %v", d, err)
	}
}

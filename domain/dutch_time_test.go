package domain

import (
	"testing"
	"time"
)

// TestDutchTimes: people read dates and times as the Dutch write them, in
// Amsterdam time, never ISO or UTC.
func TestDutchTimes(t *testing.T) {
	t.Parallel()
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		at        time.Time
		day, time string
	}{
		{"winter: UTC+1", time.Date(2026, 12, 3, 18, 37, 0, 0, time.UTC), "3 december 2026", "19.37 uur"},
		{"summer: UTC+2", time.Date(2026, 7, 1, 6, 5, 0, 0, time.UTC), "1 juli 2026", "08.05 uur"},
		{"past midnight in Amsterdam", time.Date(2026, 3, 31, 22, 30, 0, 0, time.UTC), "1 april 2026", "00.30 uur"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := DutchDay(c.at, ams); got != c.day {
				t.Errorf("DutchDay = %q, want %q", got, c.day)
			}
			if got := DutchTime(c.at, ams); got != c.time {
				t.Errorf("DutchTime = %q, want %q", got, c.time)
			}
			if got, want := DutchDateTime(c.at, ams), c.day+" om "+c.time; got != want {
				t.Errorf("DutchDateTime = %q, want %q", got, want)
			}
		})
	}
}

func TestDutchDays(t *testing.T) {
	t.Parallel()
	day := 24 * time.Hour
	for days, want := range map[int]string{1: "1 dag", 30: "30 dagen", 90: "90 dagen", 365: "1 jaar", 366: "1 jaar",
		367: "367 dagen", 730: "2 jaar", 1461: "4 jaar", 1462: "1462 dagen", 400: "400 dagen"} {
		if got := DutchDays(time.Duration(days) * day); got != want {
			t.Errorf("DutchDays(%d days) = %q, want %q", days, got, want)
		}
	}
}

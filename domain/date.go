package domain

import (
	"encoding/json"
	"fmt"
	"time"
)

// DateLayout is the wire and storage format of a Date.
const DateLayout = "2006-01-02"

// Date is a calendar day without a time zone, as in "planned appointment date".
// The zero Date means "not set".
type Date struct{ t time.Time }

// NewDate returns the Date of y-m-d.
func NewDate(y int, m time.Month, d int) Date { return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)} }

// DateOf returns the calendar day of t in t's own location.
func DateOf(t time.Time) Date { return NewDate(t.Date()) }

// EarliestDate is the earliest date the service takes. No date of a scan
// lies before it, and 0001-01-01 must not pass for the zero Date ("not set").
var EarliestDate = NewDate(1900, time.January, 1)

// Errors of ParseDate; their messages are safe to show.
var (
	errDateLayout = &Error{Code: EINVALID, Message: "Vul een datum in als JJJJ-MM-DD."}
	errDateEarly  = &Error{Code: EINVALID, Message: "Vul een datum in vanaf " + EarliestDate.Dutch() + "."}
)

// ParseDate parses "YYYY-MM-DD". It returns EINVALID for anything else and
// for a date before EarliestDate.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return Date{}, errDateLayout
	}
	if d := (Date{t}); !d.Before(EarliestDate) {
		return d, nil
	}
	return Date{}, errDateEarly
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d.t.IsZero() }

// String returns "YYYY-MM-DD", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(DateLayout)
}

// Time returns midnight UTC of the day.
func (d Date) Time() time.Time { return d.t }

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// After reports whether d is a later day than e.
func (d Date) After(e Date) bool { return d.t.After(e.t) }

// AddDate adds years, months and days as time.Time.AddDate does.
func (d Date) AddDate(y, m, days int) Date { return Date{d.t.AddDate(y, m, days)} }

// AddMonths adds months the way a calendar does: a day the target month
// lacks becomes its last day, so 31 May less three months is the end of
// February, where time.AddDate would overflow to 3 March.
func (d Date) AddMonths(months int) Date {
	y, m, day := d.t.Date()
	first := time.Date(y, m+time.Month(months), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return NewDate(first.Year(), first.Month(), min(day, last))
}

var dutchMonths = [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli",
	"augustus", "september", "oktober", "november", "december"}

// Dutch returns the date as Dutch readers write it: "1 januari 1900".
func (d Date) Dutch() string {
	return fmt.Sprintf("%d %s %d", d.t.Day(), dutchMonths[d.t.Month()-1], d.t.Year())
}

// DutchDay returns the calendar day of t in loc as people read it:
// "3 december 2026". Every text for people that names a moment uses this,
// DutchTime or DutchDateTime: never ISO, never UTC.
func DutchDay(t time.Time, loc *time.Location) string { return DateOf(t.In(orUTC(loc))).Dutch() }

// DutchTime returns the clock time of t in loc the Dutch way: "19.37 uur".
func DutchTime(t time.Time, loc *time.Location) string {
	return t.In(orUTC(loc)).Format("15.04") + " uur"
}

// orUTC keeps a nil location from panicking in time.In.
func orUTC(loc *time.Location) *time.Location {
	if loc == nil {
		return time.UTC
	}
	return loc
}

// DutchDateTime returns "3 december 2026 om 19.37 uur", in loc.
func DutchDateTime(t time.Time, loc *time.Location) string {
	return DutchDay(t, loc) + " om " + DutchTime(t, loc)
}

// MarshalJSON encodes the date as "YYYY-MM-DD", or null when unset.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON decodes "YYYY-MM-DD" or null: the stored form, read back.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("date: %w", err)
	}
	// Not ParseDate: a date stored before its bounds existed must still load.
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return Errorf(EINVALID, "%q is geen datum in de vorm JJJJ-MM-DD", s)
	}
	*d = Date{t}
	return nil
}

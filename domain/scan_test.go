package domain

import (
	"errors"
	"fmt"
	"testing"
)

func TestVOGValidFor(t *testing.T) {
	t.Parallel()
	appointment := NewDate(2026, 6, 15)
	today := NewDate(2026, 5, 1)
	issued := func(on Date, profile string) *VOG {
		return &VOG{Status: VOGIssued, IssuedOn: on, Profile: profile}
	}
	tests := []struct {
		name string
		vog  *VOG
		want bool
	}{
		{"none", nil, false},
		{"requested", &VOG{Status: VOGRequested}, false},
		{"refused", &VOG{Status: VOGRefused, IssuedOn: NewDate(2026, 4, 1), Profile: "01"}, false},
		{"issued well within three months", issued(NewDate(2026, 4, 20), "01"), true},
		{"issued exactly three months before", issued(NewDate(2026, 3, 15), "01"), true},
		{"issued a day too early", issued(NewDate(2026, 3, 14), "01"), false},
		{"issued today", issued(today, "01"), true},
		{"issued in the future", issued(NewDate(2026, 5, 2), "01"), false},
		{"other screening profile", issued(NewDate(2026, 4, 20), "45"), false},
		{"issued without a date", issued(Date{}, "01"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.vog.ValidFor(appointment, today); got != tt.want {
				t.Fatalf("ValidFor = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestVOGAgeAtMonthEnds: "not older than three months" on 31 May reaches
// back to the end of February, not to 3 March as time.AddDate would have it.
func TestVOGAgeAtMonthEnds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		issued, appointment Date
		tooOld              bool
	}{
		{NewDate(2026, 2, 28), NewDate(2026, 5, 31), false}, // the end of February
		{NewDate(2026, 3, 1), NewDate(2026, 5, 31), false},
		{NewDate(2026, 3, 2), NewDate(2026, 5, 31), false},
		{NewDate(2026, 2, 27), NewDate(2026, 5, 31), true},
		{NewDate(2028, 2, 29), NewDate(2028, 5, 31), false}, // a leap year
		{NewDate(2028, 2, 28), NewDate(2028, 5, 31), true},
		{NewDate(2026, 4, 30), NewDate(2026, 7, 31), false}, // 30-day April
		{NewDate(2026, 4, 29), NewDate(2026, 7, 31), true},
		{NewDate(2025, 11, 30), NewDate(2026, 2, 28), false}, // across the year
		{NewDate(2025, 11, 27), NewDate(2026, 2, 28), true},
		{NewDate(2026, 3, 15), NewDate(2026, 6, 15), false},
		{NewDate(2026, 3, 14), NewDate(2026, 6, 15), true},
	}
	for _, tt := range tests {
		if got := VOGTooOld(tt.issued, tt.appointment); got != tt.tooOld {
			t.Errorf("VOG of %s at appointment on %s: too old = %v, want %v", tt.issued, tt.appointment, got, tt.tooOld)
		}
		v := &VOG{Status: VOGIssued, IssuedOn: tt.issued, Profile: VOGProfilePolitiek}
		if got := v.ValidFor(tt.appointment, tt.issued); got == tt.tooOld {
			t.Errorf("ValidFor(%s) of a VOG of %s = %v", tt.appointment, tt.issued, got)
		}
	}
}

func TestDateJSON(t *testing.T) {
	t.Parallel()
	d := NewDate(2026, 3, 1)
	b, err := d.MarshalJSON()
	if err != nil || string(b) != `"2026-03-01"` {
		t.Fatalf("MarshalJSON = %s, %v", b, err)
	}
	var back Date
	if err := back.UnmarshalJSON(b); err != nil || back != d {
		t.Fatalf("UnmarshalJSON = %v, %v", back, err)
	}
	for _, bad := range []string{`"2026-02-30"`, `"01-03-2026"`, `12`, `"2026-3-1"`} {
		if err := back.UnmarshalJSON([]byte(bad)); err == nil {
			t.Errorf("UnmarshalJSON(%s) accepted", bad)
		}
	}
	if b, _ := (Date{}).MarshalJSON(); string(b) != "null" {
		t.Fatalf("zero date = %s, want null", b)
	}
}

func TestErrorIs(t *testing.T) {
	t.Parallel()
	err := fmt.Errorf("load scan x: %w", Errorf(ENOTFOUND, "weg"))
	if !errors.Is(err, ErrNotFound) || errors.Is(err, ErrInvalid) {
		t.Fatal("errors.Is does not follow the code through wrapping")
	}
	if ErrorCodeOf(err) != ENOTFOUND || ErrorCodeOf(errors.New("driver said no")) != EINTERNAL {
		t.Fatal("ErrorCodeOf misclassifies")
	}
	if e, _ := AsError(err); e.Message != "weg" {
		t.Fatalf("AsError lost the message: %v", e)
	}
}

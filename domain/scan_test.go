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

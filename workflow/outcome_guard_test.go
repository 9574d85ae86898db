package workflow

import (
	"testing"
	"time"

	"basisscan/domain"
)

// TestOutcomeGuard: the table alone keeps benoemd from a scan without a
// valid VOG for its planned date; niet benoemd always passes.
func TestOutcomeGuard(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC)
	planned := domain.NewDate(2026, 5, 1)
	issued := func(on domain.Date) *domain.VOG {
		return &domain.VOG{Status: domain.VOGIssued, IssuedOn: on, Profile: domain.VOGProfilePolitiek}
	}
	tests := []struct {
		name    string
		vog     *domain.VOG
		outcome domain.Outcome
		ok      bool
	}{
		{"no VOG", nil, domain.OutcomeAppointed, false},
		{"requested", &domain.VOG{Status: domain.VOGRequested}, domain.OutcomeAppointed, false},
		{"refused", &domain.VOG{Status: domain.VOGRefused}, domain.OutcomeAppointed, false},
		{"too old for the date", issued(domain.NewDate(2026, 1, 31)), domain.OutcomeAppointed, false},
		{"valid", issued(domain.NewDate(2026, 3, 1)), domain.OutcomeAppointed, true},
		{"niet benoemd without a VOG", nil, domain.OutcomeNotAppointed, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := &domain.Scan{State: domain.StateDelivered, Office: domain.OfficeWethouder, PlannedAppointmentDate: planned,
				VOG: tt.vog, Outcome: tt.outcome}
			to, err := Next(sc, domain.ActionRecordOutcome, Rules{Now: now})
			if tt.ok {
				if err != nil || to != domain.StateClosed {
					t.Fatalf("got %s, %v; want closed", to, err)
				}
				return
			}
			e, ok := domain.AsError(err)
			if !ok || e.Code != domain.EINVALID || len(e.Fields) != 1 || e.Fields[0].Field != "outcome" {
				t.Fatalf("got %s, %v; want a refusal on outcome", to, err)
			}
		})
	}
}

// TestResponseDeadlineCapped: ten days from the advice, but never past the
// end of the day before the appointment, in the Dutch zone.
func TestResponseDeadlineCapped(t *testing.T) {
	t.Parallel()
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	from := time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC)
	sc := &domain.Scan{Advice: &domain.Advice{ReviewFrom: &from}}
	for _, tt := range []struct {
		planned domain.Date
		want    time.Time
	}{
		{domain.NewDate(2026, 4, 6), time.Date(2026, 4, 6, 0, 0, 0, 0, ams)},
		{domain.NewDate(2026, 5, 1), from.Add(10 * 24 * time.Hour)},
	} {
		sc.PlannedAppointmentDate = tt.planned
		if got := responseDeadline(sc, 10*24*time.Hour, ams); got == nil || !got.Equal(tt.want) {
			t.Errorf("appointment %s: deadline %v, want %v", tt.planned, got, tt.want)
		}
	}
}

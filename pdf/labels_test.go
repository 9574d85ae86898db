package pdf

import (
	"testing"

	"basisscan/domain"
)

// The document names an office as the domain does, capitalised as a label;
// an unknown or missing office is shown as stored, or "niet vastgelegd".
func TestOfficeLabel(t *testing.T) {
	t.Parallel()
	for o, want := range map[domain.Office]string{
		domain.OfficeWethouder:           "Wethouder",
		domain.OfficeGedeputeerde:        "Gedeputeerde",
		domain.OfficeLidDagelijksBestuur: "Lid van het dagelijks bestuur",
		domain.OfficeEilandgedeputeerde:  "Eilandgedeputeerde",
		"burgemeester":                   "burgemeester",
		"":                               notRecorded,
	} {
		if got := officeLabel(o); got != want {
			t.Errorf("officeLabel(%q) = %q, want %q", o, got, want)
		}
	}
}

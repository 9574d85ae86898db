package domain

import (
	"fmt"
	"time"
)

// TextFields are the placeholders of the consent text and the privacy
// statement (configs/consent, configs/privacy), filled per scan. The names
// are Dutch because the texts' authors write them.
type TextFields struct {
	Organisatie   string // the organisation's name
	Ambt          string // the office, as in "benoemen als wethouder"
	Adviseur      string // the lead adviser's name; empty in the public statement
	AdviseurEmail string
	Formateur     string // who receives the advice
	// Reactietermijn is the response period for the draft advice ("10 dagen").
	Reactietermijn string
	// The retention terms per way a scan ends, in Dutch ("4 jaar").
	BewaarBenoemd, BewaarNietBenoemd, BewaarTeruggetrokken, BewaarGestopt string
}

// DutchDays returns a term of whole days as people read it: "30 dagen",
// "1 dag", or whole years ("4 jaar" for 1461 days, leap days included).
func DutchDays(d time.Duration) string {
	days := int(d / (24 * time.Hour))
	if years := days / 365; years >= 1 && days-years*365 <= (years+3)/4 {
		return fmt.Sprintf("%d jaar", years)
	}
	if days == 1 {
		return "1 dag"
	}
	return fmt.Sprintf("%d dagen", days)
}

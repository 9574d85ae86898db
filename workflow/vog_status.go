package workflow

import (
	"basisscan/domain"
)

// VOGStatusKind is where the VOG stands for the planned appointment.
type VOGStatusKind string

// The VOG status kinds.
const (
	VOGNone       VOGStatusKind = "none"
	VOGPending    VOGStatusKind = "requested"
	VOGValidFor   VOGStatusKind = "valid"
	VOGTooOld     VOGStatusKind = "too_old"
	VOGWasRefused VOGStatusKind = "refused"
)

// VOGStatus is the VOG as anyone of the scan may know it, the formateur
// included: a status for the planned appointment date, never a reason,
// reference or profile.
type VOGStatus struct {
	Kind VOGStatusKind
	// Text says it in Dutch, as the formateur reads it.
	Text string
}

// VOGStatus returns the status of the scan's VOG for its planned
// appointment date, computed now: a moved date changes it.
func (s *ScanService) VOGStatus(sc *domain.Scan) VOGStatus {
	v := sc.VOG
	switch {
	case v == nil:
		return VOGStatus{VOGNone, "nog niet vastgelegd"}
	case v.Status == domain.VOGRefused:
		return VOGStatus{VOGWasRefused, "VOG geweigerd"}
	case v.Status == domain.VOGRequested:
		return VOGStatus{VOGPending, "aangevraagd"}
	case v.ValidFor(sc.PlannedAppointmentDate, s.today()):
		return VOGStatus{VOGValidFor, "geldig voor de benoeming op " + sc.PlannedAppointmentDate.Dutch()}
	}
	return VOGStatus{VOGTooOld, "niet geldig voor de benoeming op " + sc.PlannedAppointmentDate.Dutch() +
		": de VOG is dan ouder dan drie maanden; een nieuwe is nodig"}
}

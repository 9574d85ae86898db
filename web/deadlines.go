package web

import (
	"time"

	"basisscan/domain"
)

// questionnaireDue is the questionnaire's deadline while the candidate
// fills it in, for the pages of the adviser and the candidate; nil once
// it is submitted (or before consent).
func questionnaireDue(sc *domain.Scan) *time.Time {
	if sc.State != domain.StateQuestionnaire {
		return nil
	}
	return sc.QuestionnaireDue
}

// QuestionnaireDue is the questionnaire's deadline on the candidate's
// status page.
func (d candidateStatusData) QuestionnaireDue() *time.Time { return questionnaireDue(d.Scan) }

package workflow

import (
	"slices"

	"basisscan/domain"
)

// Reopened returns the questions of t that the clarification opens again:
// the questions the adviser asked about and the follow-ups that hang on
// them, in template order. Pages show exactly these, so the rule of what
// AnswerClarification accepts stays here.
func (s *ScanService) Reopened(t *domain.Template, c domain.Clarification) []string {
	open := reopened(t, c.Questions)
	var out []string
	for _, sec := range t.Sections {
		for _, q := range sec.Questions {
			if open[q.ID] {
				out = append(out, q.ID)
			}
		}
	}
	return slices.Clip(out)
}

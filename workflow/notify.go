package workflow

import (
	"context"
	"fmt"
	"log/slog"

	"basisscan/domain"
)

// roleMail is a message and the role of whom it is for, for the log.
type roleMail struct {
	role domain.Role
	mail domain.Mail
}

// sendAfterWrite sends messages about a change that is already stored: the
// change stands whether or not they arrive (the history and the pages show
// it), unlike the invitation, without which a scan cannot start. A failure
// is logged with the scan's id and the role only, never an address.
func (s *ScanService) sendAfterWrite(ctx context.Context, scanID, what string, mails []roleMail) {
	for _, m := range mails {
		if m.mail.To == "" {
			continue
		}
		if err := s.mailer.Send(ctx, m.mail); err != nil {
			slog.Default().Error(what+" mail not sent", slog.String("scan", scanID), slog.String("to_role", string(m.role)))
		}
	}
}

// deliveredMails tell the recipient that the signed advice is ready, and
// the candidate, when the organisation gives them a copy, that theirs is.
func (s *ScanService) deliveredMails(sc *domain.Scan) []roleMail {
	link := fmt.Sprintf("%s/scans/%s", s.cfg.BaseURL, sc.ID)
	out := []roleMail{{domain.RoleFormateur, recipientDeliveredMail(sc, link)}}
	if sc.Policy.CandidateMayDownload {
		out = append(out, roleMail{domain.RoleCandidate, candidateDeliveredMail(sc, link)})
	}
	return out
}

package workflow

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"basisscan/domain"
)

// WeighingInput is how the adviser weighed the candidate's response.
type WeighingInput struct {
	Changed     bool // the advice was changed because of the response
	Explanation string
}

// maxWeighing bounds the weighing's explanation, in characters.
const maxWeighing = 5000

// WeighResponse records how the adviser weighed a disagreeing response, as
// sign-off needs (the responseWeighed guard). Returns ECONFLICT when the
// candidate agreed or did not respond, EINVALID without an explanation.
func (s *ScanService) WeighResponse(ctx context.Context, a domain.Actor, id string, ifMatch *int, in WeighingInput) (*domain.Scan, error) {
	return s.fire(ctx, a, id, ifMatch, domain.ActionWeighResponse, func(sc *domain.Scan, now time.Time) error {
		if sc.Response == nil || !sc.Response.Given || sc.Response.Agrees || sc.Advice == nil {
			return domain.Errorf(domain.ECONFLICT, "De kandidaat is het met het advies eens of heeft niet gereageerd: "+
				"er is geen reactie om te wegen.")
		}
		text := strings.TrimSpace(in.Explanation)
		switch {
		case text == "":
			return domain.Invalid(domain.FieldError{Field: "explanation",
				Message: "Leg uit hoe u de reactie van de kandidaat heeft gewogen."})
		case utf8.RuneCountInString(text) > maxWeighing:
			return domain.Invalid(domain.FieldError{Field: "explanation", Message: "Leg het uit in ten hoogste 5000 tekens."})
		case domain.CheckText(text, true) != nil:
			return domain.Invalid(domain.FieldError{Field: "explanation", Message: "De uitleg bevat tekens die niet in een tekst horen."})
		}
		sc.Advice.Weighing = &domain.Weighing{Changed: in.Changed, Explanation: text, At: now, By: a.UserID}
		return nil
	})
}

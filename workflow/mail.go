package workflow

import (
	"fmt"
	"time"

	"basisscan/domain"
)

var officeNames = map[domain.Office]string{
	domain.OfficeWethouder:           "wethouder",
	domain.OfficeGedeputeerde:        "gedeputeerde",
	domain.OfficeLidDagelijksBestuur: "lid van het dagelijks bestuur",
	domain.OfficeEilandgedeputeerde:  "eilandgedeputeerde",
}

func dutchDate(t time.Time) string { return domain.DateOf(t).Dutch() }

// invitationMail is the Dutch invitation to the candidate. The link's last
// path segment is the single-use code.
func invitationMail(sc *domain.Scan, link string, expires time.Time) domain.Mail {
	body := fmt.Sprintf(`Beste %s,

U bent voorgedragen als %s bij %s. Voordat u wordt benoemd, wordt een
basisscan integriteit uitgevoerd: een risicoanalyse die helpt om eventuele
integriteitsrisico's tijdig te zien en te beheersen. Het is geen toets die u
haalt of zakt.

Via de persoonlijke link hieronder leest u waarvoor wij uw toestemming vragen
en vult u daarna de vragenlijst in. U kunt de vragenlijst tussentijds opslaan.

%s

De link is eenmalig te gebruiken en geldig tot en met %s.
Deel hem met niemand. Kenmerk van deze scan: %s.

Met vriendelijke groet,

Basisscan integriteit
`, sc.Candidate.Name, officeNames[sc.Office], sc.Organisation, link, dutchDate(expires), sc.Reference)
	return domain.Mail{To: sc.Candidate.Email, ToName: sc.Candidate.Name, Subject: "Uitnodiging basisscan integriteit (" + sc.Reference + ")", Body: body}
}

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
	return domain.Mail{To: sc.Candidate.Email, ToName: sc.Candidate.Name, Subject: "Uitnodiging basisscan integriteit (" + sc.Reference + ")", Body: body,
		ScanID: sc.ID}
}

// activationMail gives a new or reactivated staff member their sign-in link.
// The link's last path segment is the single-use code.
func activationMail(u *domain.User, orgName, link string, expires time.Time) domain.Mail {
	body := fmt.Sprintf(`Beste %s,

Voor u is een account aangemaakt of weer geopend in de basisscan integriteit
van %s. Met de persoonlijke link hieronder meldt u zich aan.

%s

De link is eenmalig te gebruiken en geldig tot %s uur op %s.
Deel hem met niemand. Heeft u dit account niet verwacht? Neem dan contact op
met de beheerder van %s.

Met vriendelijke groet,

Basisscan integriteit
`, u.Name, orgName, link, expires.Format("15:04"), dutchDate(expires), orgName)
	return domain.Mail{To: u.Email, ToName: u.Name, Subject: "Uw aanmeldlink voor de basisscan integriteit (" + orgName + ")", Body: body}
}

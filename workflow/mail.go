package workflow

import (
	"fmt"
	"strings"
	"time"

	"basisscan/domain"
)

// invitation is what the invitation mail says besides the scan.
type invitation struct {
	Link         string // the accept link; its last path segment is the single-use code
	PrivacyLink  string
	Expires      time.Time
	Location     *time.Location
	ResponseDays int // days the candidate has to respond to the draft advice
}

// invitationMail is the Dutch invitation to the candidate, at B1: who asks,
// what follows, who gets to read what, and whom to ask.
func invitationMail(sc *domain.Scan, in invitation) domain.Mail {
	body := fmt.Sprintf(`Beste %[1]s,

U bent voorgedragen als %[2]s bij %[3]s. Voordat u wordt
benoemd, doet %[3]s een basisscan integriteit. Daarin kijken
wij samen met u of er risico's zijn voor uw integriteit, en hoe u die
kunt voorkomen. Het is geen examen: u kunt er niet voor zakken.

Wat gaat er gebeuren?

1. U leest waarvoor wij uw toestemming vragen en hoe wij met uw
   gegevens omgaan. Daarna kiest u of u toestemming geeft. Zonder
   uw toestemming stopt de scan.
2. U vult een vragenlijst in, bijvoorbeeld over uw werk,
   nevenfuncties, geld en familie. U kunt tussendoor opslaan.
3. De integriteitsadviseur zoekt in openbare bronnen, zoals het
   handelsregister en het nieuws. Daarna hebt u een gesprek met
   de adviseur.
4. Voor de benoeming hebt u een Verklaring Omtrent het Gedrag (VOG)
   nodig. U vraagt de VOG zelf aan, zodra %[3]s u daarom
   vraagt. Zonder VOG kunt u niet worden benoemd.
5. De adviseur schrijft een conceptadvies. U leest het en u kunt
   binnen %[4]d dagen reageren. Uw reactie komt in het advies.
6. Het advies gaat daarna naar %[5]s, de formateur. Die leest
   alleen het advies, niet uw antwoorden en niet het verslag van
   het gesprek.

Hoe wij met uw gegevens omgaan, leest u in de privacyverklaring:
%[6]s

Begin hier, met uw persoonlijke link:

%[7]s

De link werkt één keer en is geldig tot %[8]s.
Deel hem met niemand. Kenmerk van deze scan: %[9]s.

Hebt u vragen? Neem contact op met uw integriteitsadviseur:
%[10]s, %[11]s.

Met vriendelijke groet,

%[3]s
`, sc.Candidate.Name, sc.Office.DutchName(), sc.Organisation, in.ResponseDays, sc.Recipient.Name,
		in.PrivacyLink, in.Link, domain.DutchDateTime(in.Expires, in.Location), sc.Reference,
		sc.Adviser.Name, sc.Adviser.Email)
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

De link werkt één keer en is geldig tot %s.
Deel hem met niemand. Heeft u dit account niet verwacht? Neem dan contact op
met de beheerder van %s.

Met vriendelijke groet,

Basisscan integriteit
`, u.Name, orgName, link, domain.DutchDateTime(expires, expires.Location()), orgName)
	return domain.Mail{To: u.Email, ToName: u.Name, Subject: "Uw aanmeldlink voor de basisscan integriteit (" + orgName + ")", Body: body}
}

// signInMail is the link someone asked for on the sign-in page.
func signInMail(u *domain.User, orgName, link string, expires time.Time) domain.Mail {
	body := fmt.Sprintf(`Beste %s,

U hebt gevraagd om een link om u aan te melden bij de basisscan integriteit
van %s, als %s.

%s

De link werkt één keer en is geldig tot %s.
Deel hem met niemand. Hebt u niet om deze link gevraagd? Dan kunt u dit
bericht negeren: zonder de link kan niemand zich met uw adres aanmelden.

Met vriendelijke groet,

Basisscan integriteit
`, u.Name, orgName, u.Role.DutchName(), link, domain.DutchDateTime(expires, expires.Location()))
	return domain.Mail{To: u.Email, ToName: u.Name, Subject: "Uw aanmeldlink voor de basisscan integriteit (" + orgName + ")", Body: body}
}

// adviserDateMail tells the adviser the planned appointment date moved, and
// what follows from it: the response deadline (when the candidate is
// reviewing; empty otherwise) and the VOG's status for the new date.
func adviserDateMail(sc *domain.Scan, old domain.Date, deadline string, vog VOGStatus) domain.Mail {
	var b strings.Builder
	fmt.Fprintf(&b, "Beste %s,\n\nDe formateur heeft de beoogde benoemingsdatum van scan %s (%s, %s) gewijzigd\nvan %s naar %s. De reden staat in de geschiedenis van de scan.\n\n",
		sc.Adviser.Name, sc.Reference, sc.Candidate.Name, sc.Office.DutchName(), old.Dutch(), sc.PlannedAppointmentDate.Dutch())
	if deadline != "" {
		fmt.Fprintf(&b, "De reactietermijn van de kandidaat loopt nu tot %s.\n", deadline)
	}
	fmt.Fprintf(&b, "VOG: %s.\n\nMet vriendelijke groet,\n\n%s\n", vog.Text, sc.Organisation)
	return domain.Mail{To: sc.Adviser.Email, ToName: sc.Adviser.Name, ScanID: sc.ID, Body: b.String(),
		Subject: "Beoogde benoemingsdatum gewijzigd (" + sc.Reference + ")"}
}

// candidateDateMail tells the candidate their planned appointment date
// moved, the response deadline when they are reviewing the draft advice
// (empty otherwise), and to ask for a new VOG when theirs will be too old.
func candidateDateMail(sc *domain.Scan, deadline string, vogTooOld bool) domain.Mail {
	var b strings.Builder
	fmt.Fprintf(&b, "Beste %s,\n\nDe beoogde datum van uw benoeming als %s bij %s is gewijzigd.\nDe nieuwe datum is %s.\n\n",
		sc.Candidate.Name, sc.Office.DutchName(), sc.Organisation, sc.PlannedAppointmentDate.Dutch())
	if deadline != "" {
		fmt.Fprintf(&b, "U kunt op het conceptadvies reageren tot %s.\n\n", deadline)
	}
	if vogTooOld {
		b.WriteString("Uw VOG is dan ouder dan drie maanden; vraag een nieuwe aan.\n\n")
	}
	fmt.Fprintf(&b, "Hebt u vragen? Neem contact op met uw integriteitsadviseur:\n%s, %s.\n\nMet vriendelijke groet,\n\n%s\n",
		sc.Adviser.Name, sc.Adviser.Email, sc.Organisation)
	return domain.Mail{To: sc.Candidate.Email, ToName: sc.Candidate.Name, ScanID: sc.ID, Body: b.String(),
		Subject: "Nieuwe datum voor uw benoeming (" + sc.Reference + ")"}
}

// reviewMail tells the candidate the draft advice is ready for them to
// read and respond to, until deadline.
func reviewMail(sc *domain.Scan, deadline, baseURL string) domain.Mail {
	body := fmt.Sprintf(`Beste %s,

Het conceptadvies van uw basisscan integriteit staat voor u klaar. Lees het
en laat weten of u het ermee eens bent. Uw reactie komt in het advies.

U kunt reageren tot %s. Daarna gaat het advies naar de formateur,
ook als u niet hebt gereageerd.

U leest het conceptadvies op %s/scans/%s/conceptadvies.

Hebt u vragen? Neem contact op met uw integriteitsadviseur:
%s, %s.

Met vriendelijke groet,

%s
`, sc.Candidate.Name, deadline, baseURL, sc.ID, sc.Adviser.Name, sc.Adviser.Email, sc.Organisation)
	return domain.Mail{To: sc.Candidate.Email, ToName: sc.Candidate.Name, ScanID: sc.ID, Body: body,
		Subject: "Uw conceptadvies ligt klaar (" + sc.Reference + ")"}
}

// recipientDeliveredMail tells the recipient that the signed advice and the
// raad's summary are ready at link. What the advice says stays out of the
// message: mail is no place for it.
func recipientDeliveredMail(sc *domain.Scan, link string) domain.Mail {
	body := fmt.Sprintf(`Beste %s,

Het advies risicoanalyse integriteit over %s, kandidaat voor het ambt van
%s, is ondertekend. Het staat voor u klaar als %s, met een
samenvatting voor de fractievoorzitters en de raad.

U downloadt beide op %s.

Het advies is vertrouwelijk. Leg na het besluit over de benoeming de
uitkomst vast op dezelfde pagina.

Met vriendelijke groet,

%s
%s
`, sc.Recipient.Name, sc.Candidate.Name, sc.Office.DutchName(), sc.RecipientRole.DutchName(), link,
		sc.Adviser.Name, sc.Organisation)
	return domain.Mail{To: sc.Recipient.Email, ToName: sc.Recipient.Name, ScanID: sc.ID, Body: body,
		Subject: "Ondertekend advies basisscan integriteit (" + sc.Reference + ")"}
}

// candidateDeliveredMail tells the candidate that the final advice went to
// the recipient and that their copy is ready at link.
func candidateDeliveredMail(sc *domain.Scan, link string) domain.Mail {
	body := fmt.Sprintf(`Beste %s,

Het advies van uw basisscan integriteit is ondertekend en naar %s
(%s) gestuurd. U krijgt er een kopie van: u downloadt het advies en de
samenvatting voor de raad op %s.

Hebt u vragen? Neem contact op met uw integriteitsadviseur:
%s, %s.

Met vriendelijke groet,

%s
`, sc.Candidate.Name, sc.Recipient.Name, sc.RecipientRole.DutchName(), link, sc.Adviser.Name, sc.Adviser.Email, sc.Organisation)
	return domain.Mail{To: sc.Candidate.Email, ToName: sc.Candidate.Name, ScanID: sc.ID, Body: body,
		Subject: "Uw advies basisscan integriteit is ondertekend (" + sc.Reference + ")"}
}

// questionnaireReminderMail reminds the candidate that the questionnaire is
// due at due. It says nothing of what they answered so far.
func questionnaireReminderMail(sc *domain.Scan, due, baseURL string) domain.Mail {
	body := fmt.Sprintf(`Beste %s,

Dit is een herinnering. De vragenlijst van uw basisscan integriteit bij
%s moet uiterlijk %s zijn ingevuld en ingediend.
Wat u al hebt opgeslagen, blijft bewaard.

U vult de vragenlijst in op %s/scans/%s.

Lukt het niet op tijd, of hebt u vragen? Neem contact op met uw
integriteitsadviseur: %s, %s.

Met vriendelijke groet,

%s
`, sc.Candidate.Name, sc.Organisation, due, baseURL, sc.ID, sc.Adviser.Name, sc.Adviser.Email, sc.Organisation)
	return domain.Mail{To: sc.Candidate.Email, ToName: sc.Candidate.Name, ScanID: sc.ID, Body: body,
		Subject: "Herinnering: vul uw vragenlijst in (" + sc.Reference + ")"}
}

// responseEndsMail tells the candidate that the period to respond to the
// draft advice ends tomorrow, at end. What the advice says stays out.
func responseEndsMail(sc *domain.Scan, end, baseURL string) domain.Mail {
	body := fmt.Sprintf(`Beste %s,

Morgen eindigt de termijn om te reageren op het conceptadvies van uw
basisscan integriteit bij %s. U kunt reageren tot %s.
Daarna gaat het advies naar de formateur, ook als u niet hebt gereageerd.

U leest het conceptadvies en reageert op %s/scans/%s/conceptadvies.

Hebt u vragen? Neem contact op met uw integriteitsadviseur:
%s, %s.

Met vriendelijke groet,

%s
`, sc.Candidate.Name, sc.Organisation, end, baseURL, sc.ID, sc.Adviser.Name, sc.Adviser.Email, sc.Organisation)
	return domain.Mail{To: sc.Candidate.Email, ToName: sc.Candidate.Name, ScanID: sc.ID, Body: body,
		Subject: "Morgen eindigt uw reactietermijn (" + sc.Reference + ")"}
}

package pdf

import (
	"fmt"
	"strings"
	"time"

	"basisscan/domain"
)

// Fixtures are built fresh per call so that tests may change them freely.

var amsterdam = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		panic(err)
	}
	return loc
}()

func at(y int, m time.Month, d, hh, mm int) *time.Time {
	t := time.Date(y, m, d, hh, mm, 0, 0, amsterdam)
	return &t
}

const shortSHA = "3f7a9c2e5b8d1f4a6c0e9b2d7f5a8c3e1b4d6f9a2c5e8b0d3f6a9c1e4b7d0f2a"

// shortResponseComment holds the Dutch characters the fonts must render.
const shortResponseComment = "Ik herken mij in het advies. Mijn aandelen in café ’t Hoekje (ter waarde van € 12.500) heb ik inmiddels overgedragen aan mijn zoon.\n\nDe financiële positie van de coöperatie is naïef beschreven: er is geen enkele schuld, dat is geïnventariseerd door de accountant."

// shortScan is a signed advice with a few findings, no relational ones, and a
// response with é, ë, ï, ’ and €.
func shortScan() *domain.Scan {
	signed := at(2026, time.March, 12, 14, 5)
	return &domain.Scan{
		ID:                     "scan-1",
		Reference:              "BS-2026-7KQ2MX",
		State:                  domain.StateDelivered,
		Office:                 domain.OfficeWethouder,
		Organisation:           "Gemeente Zuidwolde",
		PlannedAppointmentDate: domain.NewDate(2026, time.April, 1),
		Candidate:              domain.Person{ID: "u-cand", Name: "Anouk de Vries-Çelik", Email: "anouk@example.org"},
		Adviser:                domain.Person{ID: "u-adv", Name: "Mr. drs. René Janssen", Email: "rene@example.org"},
		Formateur:              domain.Person{ID: "u-form", Name: "Pieter Bakker", Email: "pieter@example.org"},
		Recipient:              domain.Person{ID: "u-form", Name: "Pieter Bakker", Email: "pieter@example.org"},
		TemplateVersion:        "2026-1",
		Consent:                &domain.Consent{Given: true, TextVersion: "2026-01", At: *at(2026, time.February, 2, 9, 30)},
		SubmittedAt:            at(2026, time.February, 9, 21, 15),
		Interview:              &domain.Interview{HeldOn: domain.NewDate(2026, time.February, 20), Summary: "GEHEIME GESPREKSNOTITIE"},
		Research: []domain.ResearchSource{
			{Source: domain.SourceKvK, CheckedOn: domain.NewDate(2026, time.February, 12), Note: "Twee inschrijvingen: eenmanszaak (actief) en een BV (opgeheven in 2021)."},
			{Source: domain.SourceInsolvency, CheckedOn: domain.NewDate(2026, time.February, 12), Note: "Geen registraties."},
			{Source: domain.SourceSocialMedia, CheckedOn: domain.NewDate(2026, time.February, 13)},
		},
		VOG: &domain.VOG{Status: domain.VOGIssued, IssuedOn: domain.NewDate(2026, time.February, 25), Profile: domain.VOGProfilePolitiek, Reference: "JUS-123"},
		Advice: &domain.Advice{
			Conclusion: domain.ConclusionMeasures,
			Summary:    "Er zijn geen belemmeringen voor benoeming gevonden. Twee bevindingen vragen om een beheersmaatregel, één om aandacht.",
			Findings: []domain.Finding{
				{Domain: domain.DomainFinancial, Title: "Aandelen in horecabedrijf", Description: "De kandidaat bezit aandelen in een café dat een terrasvergunning van de gemeente heeft.", Class: domain.ClassMeasure, Measure: "Verschonen bij besluiten over horecavergunningen."},
				{Domain: domain.DomainPersonal, Title: "Actief op sociale media", Description: "De kandidaat is zeer actief op sociale media en reageert daar op lokale kwesties.", Class: domain.ClassAttention},
				{Domain: domain.DomainFunctional, Title: "Nevenfunctie bij woningcorporatie", Description: "De kandidaat is lid van de raad van commissarissen van een woningcorporatie die prestatieafspraken met de gemeente maakt.", Class: domain.ClassMeasure, Measure: "Nevenfunctie neerleggen vóór benoeming.", LegalBasis: "Gemeentewet art. 41b"},
			},
			WrittenBy: "u-adv",
			SignedBy:  &domain.Person{ID: "u-adv", Name: "Mr. drs. René Janssen"},
			SignedAt:  signed,
			SHA256:    shortSHA,
		},
		Response: &domain.Response{Given: true, Agrees: true, Comment: shortResponseComment, At: *at(2026, time.March, 10, 11, 0)},
	}
}

// longLastSentence ends the long candidate comment; seeing it proves nothing was cut off.
const longLastSentence = "Dit is de laatste zin van mijn reactie en die moet volledig in het advies staan."

// longScan is a signed advice with many long findings and a very long
// response, to make the document run over several pages.
func longScan() *domain.Scan {
	s := shortScan()
	s.Reference = "BS-2026-LANG01"
	s.Advice.Findings = nil
	for i := range 28 {
		s.Advice.Findings = append(s.Advice.Findings, domain.Finding{
			Domain:      domain.RiskDomains[i%len(domain.RiskDomains)],
			Title:       fmt.Sprintf("Bevinding nummer %d over nevenfuncties", i+1),
			Description: strings.Repeat(fmt.Sprintf("Dit is een lange toelichting bij bevinding %d, met de feiten uit het onderzoek en de weging daarvan door de adviseur. ", i+1), 6),
			Class:       domain.FindingClasses[i%len(domain.FindingClasses)],
			Measure:     "Een collega-wethouder toetst besluiten op dit terrein vooraf.",
		})
	}
	var c strings.Builder
	for i := range 30 {
		fmt.Fprintf(&c, "Zin %d van mijn lange reactie: ik licht toe waarom ik de weging van de adviseur op dit punt niet deel en wat ik heb gedaan. ", i+1)
		if i%10 == 9 {
			c.WriteString("\n")
		}
	}
	c.WriteString(longLastSentence)
	s.Response.Agrees = false
	s.Response.Comment = c.String()
	return s
}

// threePageScan is a realistic advice of exactly three pages, the size the
// benchmark and the allocation budget are stated for.
func threePageScan() *domain.Scan {
	s := shortScan()
	s.Reference = "BS-2026-DRIE03"
	s.Advice.Summary = strings.Repeat("De kandidaat heeft open en volledig meegewerkt. De gevonden risico's zijn met de voorgestelde maatregelen beheersbaar. ", 3)
	s.Advice.Findings = nil
	for i := range 9 {
		s.Advice.Findings = append(s.Advice.Findings, domain.Finding{
			Domain:      domain.RiskDomains[i%len(domain.RiskDomains)],
			Title:       fmt.Sprintf("Bevinding %d", i+1),
			Description: strings.Repeat("De kandidaat vervult een nevenfunctie bij een stichting die subsidie van de gemeente ontvangt; de functie is onbezoldigd. ", 3),
			Class:       domain.FindingClasses[i%len(domain.FindingClasses)],
			Measure:     "Verschonen bij subsidiebesluiten over deze stichting.",
		})
	}
	s.Response.Comment = strings.Repeat("Ik ben het met de conclusies eens en heb de nevenfunctie bij de stichting al neergelegd. ", 8)
	return s
}

// The facts of the realistic advice that only the full document may show.
const (
	realisticFacts1   = "Uit het KvK-handelsregister blijkt dat de kandidaat enig aandeelhouder is van Bouwadvies Veldkamp B.V., dat in 2025 twee opdrachten van de gemeente uitvoerde."
	realisticResponse = "Ik ben het niet eens met de weging van mijn aandeel in Bouwadvies Veldkamp B.V.: de opdrachten zijn openbaar aanbesteed en ik heb mij daar niet mee bemoeid."
	realisticWeighing = "De reactie verandert de feiten niet: ook openbaar aanbestede opdrachten vallen onder art. 41c Gemeentewet. De maatregel blijft."
)

// realisticScan is the advice of issue 12's golden test: four findings in
// four domains, measures with owners and deadlines (one on a date, one
// before appointment), a candidate who disagrees and the adviser's
// weighing, a VOG still requested at sign-off, and a recipient who is the
// burgemeester.
func realisticScan() *domain.Scan {
	s := shortScan()
	s.Reference = "BS-2026-REAL12"
	s.Organisation = "Gemeente Zuidwolde"
	s.Recipient = domain.Person{ID: "u-burg", Name: "Henk van der Meer"}
	s.RecipientRole = domain.RecipientBurgemeester
	s.Portfolio = "Ruimtelijke ordening, wonen en grondzaken"
	s.Interview.Attendees = []domain.Attendee{
		{Name: "Anouk de Vries-Çelik", Role: "kandidaat"},
		{Name: "Mr. drs. René Janssen", Role: "integriteitsadviseur"},
		{Name: "Sanne Koster", Role: "tweede adviseur"},
	}
	s.Interview.Topics = []string{"nevenfuncties", "financiële belangen", "gebruik van sociale media"}
	s.Research = append(s.Research, domain.ResearchSource{Source: domain.SourceNews, CheckedOn: domain.NewDate(2026, time.February, 24), Note: "NIETS GEVONDEN NOTITIE"})
	s.VOG = &domain.VOG{Status: domain.VOGRequested, Reference: "JUS-123"}
	s.Advice.VOGAtSignOff = &domain.VOG{Status: domain.VOGRequested, Reference: "JUS-123"}
	s.Advice.SignerOrganisation = "Bureau Integriteit Oost"
	s.Advice.Conclusion = domain.ConclusionMeasures
	s.Advice.Summary = "De kandidaat is benoembaar mits de maatregelen hieronder vóór of kort na de benoeming worden uitgevoerd. Houd grondzaken buiten de portefeuille zolang het aandeel in het adviesbureau niet is overgedragen."
	s.Advice.Findings = []domain.Finding{
		{Domain: domain.DomainFinancial, Title: "Aandeel in adviesbureau met gemeentelijke opdrachten", Class: domain.ClassMeasure,
			Description: realisticFacts1,
			Measure:     "Het aandeel overdragen of onderbrengen in een beheerstichting.", MeasureOwner: domain.OwnerCandidate,
			MeasureDeadline: domain.MeasureDeadline{Kind: domain.DeadlineBeforeAppointment}, LegalBasis: "Gemeentewet art. 41c lid 1 met art. 15 lid 1 onder d (verboden handelingen)"},
		{Domain: domain.DomainFunctional, Title: "Bestuurslid van een huurdersvereniging", Class: domain.ClassMeasure,
			Description: "De kandidaat is penningmeester van Huurdersbelang Zuidwolde, dat prestatieafspraken met de gemeente en de corporatie maakt.",
			Measure:     "De nevenfunctie neerleggen en dat melden aan de raad.", MeasureOwner: domain.OwnerGriffie,
			MeasureDeadline: domain.MeasureDeadline{Kind: domain.DeadlineOnDate, On: domain.NewDate(2026, time.June, 1)}, LegalBasis: "Gemeentewet art. 41b"},
		{Domain: domain.DomainRelational, Title: "Partner werkt bij de gemeente", Class: domain.ClassAttention,
			Description: "De partner van de kandidaat is beleidsmedewerker bij de afdeling Wonen van de gemeente.",
			Measure:     "Afspraken maken over het omgaan met de werkrelatie.", MeasureOwner: domain.OwnerSecretary,
			MeasureDeadline: domain.MeasureDeadline{Kind: domain.DeadlineThreeMonths}},
		{Domain: domain.DomainPersonal, Title: "Actief op sociale media", Class: domain.ClassAttention,
			Description: "De kandidaat plaatst dagelijks berichten over lokale kwesties en reageert op inwoners."},
	}
	s.Response = &domain.Response{Given: true, Agrees: false, Comment: realisticResponse, At: *at(2026, time.March, 10, 11, 0)}
	s.Advice.Weighing = &domain.Weighing{Changed: false, Explanation: realisticWeighing, At: *at(2026, time.March, 11, 9, 0), By: "u-adv"}
	return s
}

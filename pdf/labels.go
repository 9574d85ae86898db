package pdf

import (
	"slices"
	"strings"
	"time"

	"basisscan/domain"
)

// notRecorded stands in for any fact the scan does not hold.
const notRecorded = "niet vastgelegd"

// officeLabel is the office as the domain names it, as a label.
func officeLabel(o domain.Office) string {
	if !slices.Contains(domain.Offices, o) {
		return label(map[domain.Office]string{}, o)
	}
	n := o.DutchName()
	return strings.ToUpper(n[:1]) + n[1:]
}

// The labels of the advice's values are the domain's Dutch names.
var (
	sourceLabels     = labelsOf(domain.SourceKinds, domain.SourceKind.DutchName)
	conclusionLabels = labelsOf(domain.Conclusions, domain.Conclusion.DutchName)
	domainLabels     = labelsOf(domain.RiskDomains, domain.RiskDomain.DutchName)
	classLabels      = labelsOf(domain.FindingClasses, domain.FindingClass.DutchName)
)

// labelsOf maps each value to its name.
func labelsOf[K comparable](values []K, name func(K) string) map[K]string {
	m := make(map[K]string, len(values))
	for _, v := range values {
		m[v] = name(v)
	}
	return m
}

var vogProfileLabels = map[string]string{
	domain.VOGProfilePolitiek: `01 "politieke ambtsdrager"`,
}

// label returns the Dutch label of v, or the raw value when a newer domain
// value has no label yet: visible and searchable beats a blank in a signed advice.
func label[K ~string](labels map[K]string, v K) string {
	if l, ok := labels[v]; ok {
		return l
	}
	if v == "" {
		return notRecorded
	}
	return string(v)
}

// formatDate formats a Date Dutch-style, or "niet vastgelegd" when unset.
func formatDate(d domain.Date) string {
	if d.IsZero() {
		return notRecorded
	}
	return d.Dutch()
}

// formatDay formats the Amsterdam calendar day of t, or "niet vastgelegd" when zero.
func formatDay(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return notRecorded
	}
	return domain.DutchDay(t, loc)
}

// formatDayTime formats t as "12 maart 2026 om 14.05 uur" in Amsterdam time.
func formatDayTime(t time.Time, loc *time.Location) string { return domain.DutchDateTime(t, loc) }

// consentText describes the candidate's consent.
func consentText(c *domain.Consent, loc *time.Location) string {
	switch {
	case c == nil:
		return notRecorded
	case !c.Given:
		return "geweigerd op " + formatDay(c.At, loc)
	}
	s := "gegeven op " + formatDay(c.At, loc)
	if c.TextVersion != "" {
		s += " (toestemmingsverklaring versie " + c.TextVersion + ")"
	}
	return s
}

// questionnaireText describes the questionnaire version and its submission.
func questionnaireText(version string, submitted *time.Time, loc *time.Location) string {
	if version == "" {
		version = notRecorded
	}
	s := "versie " + version + ", "
	if submitted == nil {
		return s + "indiening " + notRecorded
	}
	return s + "ingediend op " + formatDay(*submitted, loc)
}

// interviewText describes when the interview was held.
func interviewText(iv *domain.Interview) string {
	if iv == nil || iv.HeldOn.IsZero() {
		return notRecorded
	}
	return "gevoerd op " + formatDate(iv.HeldOn)
}

// responseAgreement is the sentence saying whether the candidate agrees.
func responseAgreement(agrees bool) string {
	if agrees {
		return "De kandidaat kan zich vinden in het advies."
	}
	return "De kandidaat kan zich niet vinden in het advies."
}

// weighingText says whether the adviser changed the advice after the response.
func weighingText(changed bool) string {
	if changed {
		return "De adviseur heeft het advies naar aanleiding van de reactie aangepast."
	}
	return "De adviseur heeft het advies naar aanleiding van de reactie niet aangepast."
}

const (
	signerFunction        = "Integriteitsadviseur"
	noMeasuresLabel       = "Het advies bevat geen maatregelen."
	retentionNotice       = "Dit document is vertrouwelijk en bevat persoonsgegevens. Deel het niet verder dan voor de benoeming nodig is. De organisatie bewaart het advies niet langer dan haar bewaartermijn voor de basisscan integriteit en vernietigt het daarna; een afdruk of kopie vernietigt u zodra de benoeming is afgerond."
	raadIntro             = "Deze samenvatting van het advies risicoanalyse integriteit is bestemd voor de bespreking met de fractievoorzitters of het benoemende orgaan, zoals wetsvoorstel 36892 voorziet. Zij bevat alleen de conclusie, de aanbevelingen en de maatregelen. De feiten achter de bevindingen en de reactie van de kandidaat staan in het volledige, vertrouwelijke advies aan de opdrachtgever."
	raadChecksumExplained = "De SHA-256-controlewaarde hoort bij de inhoud van deze samenvatting; elke latere wijziging levert een andere waarde op. De samenvatting hoort bij het volledige advies met controlewaarde"
	noResponse            = "De kandidaat heeft binnen de reactietermijn geen reactie gegeven."
	noFindingsLabel       = "Geen bevindingen in dit domein."
	noCommentLabel        = "De kandidaat heeft geen toelichting gegeven."
	noSourcesLabel        = "Er zijn geen openbare bronnen vastgelegd."
	methodIntro           = "Deze risicoanalyse is uitgevoerd volgens de Handleiding basisscan integriteit voor kandidaat-bestuurders (ministerie van BZK, 2019): een zelfanalyse met vragenlijst, onderzoek in openbare bronnen, een gesprek met de kandidaat en controle van de VOG. Het advies bevat conclusies, aandachtspunten en maatregelen; het benoemende orgaan beslist."
	checksumExplained     = "De SHA-256-controlewaarde hoort bij de inhoud van het advies zoals die bij ondertekening is vastgelegd; elke latere wijziging levert een andere waarde op."
)

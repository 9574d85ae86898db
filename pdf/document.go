package pdf

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/johnfercher/maroto/v2/pkg/components/row"
	"github.com/johnfercher/maroto/v2/pkg/consts/align"
	"github.com/johnfercher/maroto/v2/pkg/consts/fontstyle"
	"github.com/johnfercher/maroto/v2/pkg/core"
	"github.com/johnfercher/maroto/v2/pkg/props"

	"basisscan/domain"
)

// compose lays out the full advice of a signed scan: the header repeated on
// every page, and the body in the order the recipient reads it.
func (r *Renderer) compose(s *domain.Scan) (header, body []core.Row) {
	header = banner(s.Recipient.Name, s.Organisation, adviceTitle, s.Reference)
	for _, part := range [][]core.Row{
		r.frontRows(s, adviceTitle),
		r.methodRows(s),
		findingRows(s),
		r.responseRows(s.Response, s.Advice.Weighing),
		r.signOffRows(s, "Uitsluitend bestemd voor "+recipientText(s)+".", s.Advice.SHA256, checksumExplained),
	} {
		body = append(body, part...)
	}
	return header, body
}

const adviceTitle = "Advies risicoanalyse integriteit"

// frontRows is the first page's top: the organisation as letterhead, the
// title, to whom and about whom, the conclusion framed, and what the advice
// rests on up to which day.
func (r *Renderer) frontRows(s *domain.Scan, title string) []core.Row {
	rows := []core.Row{
		paragraph(oneLine(s.Organisation, wordFull), props.Text{Size: sizeLetterhead, Style: fontstyle.Bold, Color: colorBanner, Bottom: 4}),
		paragraph(title, props.Text{Size: titleSize(title), Style: fontstyle.Bold, Bottom: 1}),
		paragraph("Basisscan integriteit kandidaat-bestuurder", props.Text{Color: colorMuted, Bottom: 5}),
	}
	for _, f := range [...][2]string{
		{"Kenmerk", s.Reference},
		{"Aan", recipientText(s)},
		{"Kandidaat", s.Candidate.Name},
		{"Functie", officeLabel(s.Office)},
		{"Portefeuille", portfolioText(s.Portfolio)},
		{"Beoogde benoemingsdatum", formatDate(s.PlannedAppointmentDate)},
		{"Datum advies", formatDay(*s.Advice.SignedAt, r.loc)},
	} {
		rows = append(rows, field(f[0], f[1])...)
	}
	rows = append(rows, spacer(4), framed("Conclusie", label(conclusionLabels, s.Advice.Conclusion)), spacer(2))
	rows = append(rows, paragraphs(scopeText(s, r.loc), props.Text{Style: fontstyle.Italic, Color: colorMuted})...)
	if cond := vogCondition(s); cond != "" {
		rows = append(rows, paragraphs(cond, props.Text{Style: fontstyle.Bold})...)
	}
	return append(rows, section("Samenvatting en aanbevelingen", paragraphs(s.Advice.Summary, props.Text{}))...)
}

// titleSize is the size of a document's title: smaller for a long one, such
// as the raad's summary's, so that it stays on one line.
func titleSize(title string) float64 {
	if utf8.RuneCountInString(title) > 40 {
		return sizeHeading
	}
	return sizeTitle
}

// methodRows records what the advice rests on and what not. Interview
// notes, research notes and answers stay out: the recipient is not entitled
// to them, so of each open source only the kind and the day it was checked
// are shown, and of the VOG its status and dates.
func (r *Renderer) methodRows(s *domain.Scan) []core.Row {
	rows := paragraphs(methodIntro, props.Text{Bottom: 1.5})
	rows = append(rows, field("Toestemming kandidaat", consentText(s.Consent, r.loc))...)
	rows = append(rows, field("Vragenlijst", questionnaireText(s.TemplateVersion, s.SubmittedAt, r.loc))...)
	var sources []core.Row
	for _, c := range sourcesByKind(s.Research) {
		sources = append(sources, field(c.label, c.text)...)
	}
	rows = append(rows, subheading("Openbare bronnen", sources)...)
	interview := field("Datum", interviewText(s.Interview))
	if iv := s.Interview; iv != nil {
		interview = append(interview, field("Aanwezig", attendeesText(iv.Attendees))...)
		interview = append(interview, field("Besproken", topicsText(iv.Topics))...)
	}
	rows = append(rows, subheading("Gesprek met de kandidaat", interview)...)
	rows = append(rows, subheading("Verklaring omtrent het gedrag (VOG)", field("Status", vogText(vogAtSignOff(s), s.PlannedAppointmentDate)))...)
	return section("Werkwijze", rows)
}

// findingRows lists the findings per risk domain in the Handleiding's order,
// numbered through so the recipient can refer to them.
func findingRows(s *domain.Scan) []core.Row {
	var rows []core.Row
	n := 0
	for _, d := range domain.RiskDomains {
		var block []core.Row
		for _, f := range s.Advice.Findings {
			if f.Domain == d {
				n++
				block = append(block, findingBlock(n, f, s.Office.KindOf())...)
			}
		}
		if block == nil {
			block = []core.Row{paragraph(noFindingsLabel, props.Text{Style: fontstyle.Italic, Bottom: 1.5})}
		}
		rows = append(rows, subheading(label(domainLabels, d), block)...)
	}
	return section("Bevindingen", rows)
}

// keepFindingBytes is the most text a finding may hold to be kept on one
// page as a whole; about thirty lines, well under a page.
const keepFindingBytes = 3 * chunkFull

// findingBlock is one finding: its title with the class beside it, the
// facts, the measure with who carries it out by when, and the legal basis.
// The title, the measure and the basis always share a page: the finding is
// one group, unless its facts are too long for that; then the title,
// measure and basis are the group, and the facts follow it.
func findingBlock(n int, f domain.Finding, kind domain.OrganisationKind) []core.Row {
	head := row.New().Add(
		textCol(9, strconv.Itoa(n)+". "+oneLine(f.Title, wordField), props.Text{Style: fontstyle.Bold, Top: 1.5, Bottom: 1, VerticalPadding: leading}),
		textCol(3, label(classLabels, f.Class), props.Text{Style: fontstyle.Italic, Color: colorMuted, Align: align.Right, Top: 1.5}),
	)
	indent := props.Text{Left: 6}
	facts := paragraphs(f.Description, indent)
	tail := measureRows(f, kind, indent)
	if f.LegalBasis != "" {
		tail = append(tail, paragraphs("Grondslag: "+f.LegalBasis, indent)...)
	}
	if len(f.Description)+len(f.Measure)+len(f.LegalBasis) <= keepFindingBytes {
		return []core.Row{keepTogether(append(append([]core.Row{head}, facts...), tail...)...)}
	}
	return append([]core.Row{keepTogether(append([]core.Row{head}, tail...)...)},
		headed(facts, paragraph("Feiten:", props.Text{Style: fontstyle.Bold, Left: 6, Bottom: 1}))...)
}

// measureRows are a finding's measure and by whom and when it is carried
// out, or nothing when it has no measure.
func measureRows(f domain.Finding, kind domain.OrganisationKind, p props.Text) []core.Row {
	if strings.TrimSpace(f.Measure) == "" {
		return nil
	}
	rows := paragraphs("Maatregel: "+f.Measure, p)
	if who := measureExecution(f, kind); who != "" {
		rows = append(rows, paragraphs("Uitvoering: "+who, p)...)
	}
	return rows
}

// responseRows shows the candidate's response verbatim (hoor en wederhoor)
// and how the adviser weighed it.
func (r *Renderer) responseRows(resp *domain.Response, w *domain.Weighing) []core.Row {
	const title = "Reactie van de kandidaat"
	if resp == nil || !resp.Given {
		return section(title, []core.Row{paragraph(noResponse, props.Text{})})
	}
	said := responseAgreement(resp.Agrees)
	if !resp.At.IsZero() {
		said += " De reactie is ontvangen op " + formatDay(resp.At, r.loc) + "."
	}
	rows := []core.Row{paragraph(said, props.Text{Bottom: 2})}
	if strings.TrimSpace(resp.Comment) == "" {
		rows = append(rows, paragraph(noCommentLabel, props.Text{Style: fontstyle.Italic}))
	} else {
		comment := paragraphs(resp.Comment, props.Text{Style: fontstyle.Italic, Left: 6})
		rows = append(rows, headed(comment, paragraph("Toelichting van de kandidaat:", props.Text{Style: fontstyle.Bold, Bottom: 1}))...)
	}
	if w != nil {
		weighed := paragraphs(weighingText(w.Changed), props.Text{Bottom: 1})
		weighed = append(weighed, paragraphs(w.Explanation, props.Text{Left: 6})...)
		rows = append(rows, subheading("Weging door de adviseur", weighed)...)
	}
	return section(title, rows)
}

// signOffRows names the signing adviser, their function and organisation,
// the moment, to whom the document is restricted, how long it is kept, and
// the checksum sum with what it covers.
func (r *Renderer) signOffRows(s *domain.Scan, distribution, sum, explained string) []core.Row {
	a := s.Advice
	org := a.SignerOrganisation
	if org == "" {
		org = s.Organisation
	}
	// The signature is one block: never a name on one page and its date on the next.
	var sig []core.Row
	for _, f := range [...][2]string{
		{"Naam", a.SignedBy.Name},
		{"Functie", signerFunction},
		{"Organisatie", org},
		{"Ondertekend op", formatDayTime(*a.SignedAt, r.loc)},
	} {
		sig = append(sig, field(f[0], f[1])...)
	}
	rows := []core.Row{keepTogether(sig...)}
	dist := paragraphs(distribution, props.Text{Style: fontstyle.Bold})
	dist = append(dist, paragraphs(retentionNotice, props.Text{})...)
	rows = append(rows, subheading("Verspreiding en bewaren", dist)...)
	// The checksum gets the full width: at body size it is wider than the
	// value column. Label, value and explanation stay on one page.
	rows = append(rows, keepTogether(
		paragraph("SHA-256", props.Text{Style: fontstyle.Bold, Top: 3, Bottom: 1}),
		paragraph(sum, props.Text{Size: sizeSmall, Bottom: 2}),
		paragraph(explained, props.Text{Size: sizeSmall, Color: colorMuted}),
	))
	return section("Ondertekening", rows)
}

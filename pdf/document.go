package pdf

import (
	"strconv"
	"strings"

	"github.com/johnfercher/maroto/v2/pkg/components/row"
	"github.com/johnfercher/maroto/v2/pkg/consts/align"
	"github.com/johnfercher/maroto/v2/pkg/consts/fontstyle"
	"github.com/johnfercher/maroto/v2/pkg/core"
	"github.com/johnfercher/maroto/v2/pkg/props"

	"basisscan/domain"
)

// compose lays out the advice of a signed scan: the header repeated on every
// page, and the body in the order the recipient reads it.
func (r *Renderer) compose(s *domain.Scan) (header, body []core.Row) {
	header = banner(s.Recipient.Name, s.Reference)
	for _, part := range [][]core.Row{
		r.titleRows(s),
		r.methodRows(s),
		conclusionRows(s.Advice),
		findingRows(s.Advice.Findings),
		r.responseRows(s.Response),
		r.signOffRows(s.Advice),
	} {
		body = append(body, part...)
	}
	return header, body
}

// titleRows names the document, the candidate and the office.
func (r *Renderer) titleRows(s *domain.Scan) []core.Row {
	rows := []core.Row{
		paragraph("Advies risicoanalyse integriteit", props.Text{Size: sizeTitle, Style: fontstyle.Bold, Bottom: 1}),
		paragraph("Basisscan integriteit kandidaat-bestuurder", props.Text{Color: colorMuted, Bottom: 5}),
	}
	for _, f := range [...][2]string{
		{"Kenmerk", s.Reference},
		{"Kandidaat", s.Candidate.Name},
		{"Functie", officeLabel(s.Office)},
		{"Organisatie", s.Organisation},
		{"Beoogde benoemingsdatum", formatDate(s.PlannedAppointmentDate)},
		{"Bestemd voor", s.Recipient.Name},
		{"Datum advies", formatDay(*s.Advice.SignedAt, r.loc)},
	} {
		rows = append(rows, field(f[0], f[1])...)
	}
	return rows
}

// methodRows records what the advice rests on. Interview notes, research
// notes and answers stay out: the recipient is not entitled to them, so of
// each open source only the kind and the day it was checked are shown.
func (r *Renderer) methodRows(s *domain.Scan) []core.Row {
	rows := paragraphs(methodIntro, props.Text{Bottom: 1.5})
	rows = append(rows, field("Toestemming kandidaat", consentText(s.Consent, r.loc))...)
	rows = append(rows, field("Vragenlijst", questionnaireText(s.TemplateVersion, s.SubmittedAt, r.loc))...)
	rows = append(rows, field("Gesprek", interviewText(s.Interview))...)
	rows = append(rows, field("VOG", vogText(s.VOG))...)
	sources := []core.Row{paragraph(noSourcesLabel, props.Text{})}
	if len(s.Research) > 0 {
		sources = sources[:0]
	}
	for _, src := range s.Research {
		sources = append(sources, field(label(sourceLabels, src.Source), "geraadpleegd op "+formatDate(src.CheckedOn))...)
	}
	rows = append(rows, subheading("Geraadpleegde openbare bronnen", sources)...)
	return section("Opdracht en werkwijze", rows)
}

// conclusionRows gives the overall conclusion and the adviser's summary.
func conclusionRows(a *domain.Advice) []core.Row {
	rows := []core.Row{paragraph(label(conclusionLabels, a.Conclusion), props.Text{Size: sizeSubheading, Style: fontstyle.Bold, Bottom: 2})}
	return section("Conclusie", append(rows, paragraphs(a.Summary, props.Text{})...))
}

// findingRows lists the findings per risk domain in the Handleiding's order,
// numbered through so the recipient can refer to them.
func findingRows(findings []domain.Finding) []core.Row {
	var rows []core.Row
	n := 0
	for _, d := range domain.RiskDomains {
		var block []core.Row
		for _, f := range findings {
			if f.Domain == d {
				n++
				block = append(block, findingBlock(n, f)...)
			}
		}
		if block == nil {
			block = []core.Row{paragraph(noFindingsLabel, props.Text{Style: fontstyle.Italic, Bottom: 1.5})}
		}
		rows = append(rows, subheading(label(domainLabels, d), block)...)
	}
	return section("Bevindingen", rows)
}

// findingBlock is one finding: its title with the class beside it, then the
// description and the measure, indented.
func findingBlock(n int, f domain.Finding) []core.Row {
	head := row.New().Add(
		textCol(9, strconv.Itoa(n)+". "+oneLine(f.Title, wordField), props.Text{Style: fontstyle.Bold, Top: 1.5, Bottom: 1, VerticalPadding: leading}),
		textCol(3, label(classLabels, f.Class), props.Text{Style: fontstyle.Italic, Color: colorMuted, Align: align.Right, Top: 1.5}),
	)
	indent := props.Text{Left: 6}
	body := paragraphs(f.Description, indent)
	if f.Measure != "" {
		body = append(body, paragraphs("Maatregel: "+f.Measure, indent)...)
	}
	if f.LegalBasis != "" {
		body = append(body, paragraphs("Grondslag: "+f.LegalBasis, indent)...)
	}
	return headed(body, head)
}

// responseRows shows the candidate's response verbatim (hoor en wederhoor).
func (r *Renderer) responseRows(resp *domain.Response) []core.Row {
	const title = "Reactie kandidaat (hoor en wederhoor)"
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
	return section(title, rows)
}

// signOffRows names the signing adviser, the moment and the checksum.
func (r *Renderer) signOffRows(a *domain.Advice) []core.Row {
	rows := field("Integriteitsadviseur", a.SignedBy.Name)
	rows = append(rows, field("Ondertekend op", formatDayTime(*a.SignedAt, r.loc))...)
	// The checksum gets the full width: at body size it is wider than the
	// value column. Label, value and explanation stay on one page.
	rows = append(rows, keepTogether(
		paragraph("SHA-256", props.Text{Style: fontstyle.Bold, Top: 1, Bottom: 1}),
		paragraph(a.SHA256, props.Text{Size: sizeSmall, Bottom: 2}),
		paragraph(checksumExplained, props.Text{Size: sizeSmall, Color: colorMuted}),
	))
	return section("Ondertekening", rows)
}

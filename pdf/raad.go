package pdf

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"

	"github.com/johnfercher/maroto/v2/pkg/consts/fontstyle"
	"github.com/johnfercher/maroto/v2/pkg/core"
	"github.com/johnfercher/maroto/v2/pkg/props"

	"basisscan/domain"
)

// bodyNames name the body that appoints to each office, for the title of the
// raad's summary ("samenvatting voor Provinciale Staten").
var bodyNames = map[domain.OrganisationKind]string{
	domain.KindGemeente:        "de raad",
	domain.KindProvincie:       "Provinciale Staten",
	domain.KindWaterschap:      "het algemeen bestuur",
	domain.KindOpenbaarLichaam: "de eilandsraad",
}

// bodyName is the appointing body of the scan's office.
func bodyName(o domain.Office) string {
	if n, ok := bodyNames[o.KindOf()]; ok {
		return n
	}
	return "het benoemende orgaan"
}

// raadAudience is who the summary is for: the fractievoorzitters and the
// appointing body.
func raadAudience(o domain.Office) string {
	return "de fractievoorzitters en " + bodyName(o)
}

// raadTitle is the title of the raad's summary for the office.
func raadTitle(o domain.Office) string {
	return adviceTitle + " — samenvatting voor " + bodyName(o)
}

// composeRaad lays out the summary for the appointing body or its
// fractievoorzitters, as bill Kamerstuk 36892 foresees: the conclusion, the
// recommendations and the measures only. The findings' facts and the
// candidate's response stay in the full advice.
func (r *Renderer) composeRaad(s *domain.Scan) (header, body []core.Row) {
	// The summary is made to be shared with the body that appoints, so it
	// says so, where the full advice names its one recipient.
	header = banner(raadAudience(s.Office), s.Organisation, "Samenvatting advies risicoanalyse integriteit", s.Reference)
	intro := paragraphs(raadIntro, props.Text{Bottom: 1.5})
	for _, part := range [][]core.Row{
		r.frontRows(s, raadTitle(s.Office)),
		section("Over deze samenvatting", intro),
		measureList(s),
		r.signOffRows(s, "Bestemd voor "+raadAudience(s.Office)+", door tussenkomst van "+recipientText(s)+".",
			RaadChecksum(s), raadChecksumExplained+" "+s.Advice.SHA256+"."),
	} {
		body = append(body, part...)
	}
	return header, body
}

// measureList lists the measures of the advice with who carries them out by
// when, by risk domain and class: never a finding's title or facts.
func measureList(s *domain.Scan) []core.Row {
	var rows []core.Row
	n := 0
	for _, f := range orderedFindings(s.Advice.Findings) {
		if f.Measure == "" {
			continue
		}
		n++
		head := paragraph(strconv.Itoa(n)+". "+label(domainLabels, f.Domain)+" — "+label(classLabels, f.Class), props.Text{Style: fontstyle.Bold, Top: 1.5, Bottom: 1})
		rows = append(rows, keepTogether(append([]core.Row{head}, measureRows(f, s.Office.KindOf(), props.Text{Left: 6})...)...))
	}
	if rows == nil {
		rows = []core.Row{paragraph(noMeasuresLabel, props.Text{Style: fontstyle.Italic})}
	}
	return section("Maatregelen", rows)
}

// orderedFindings are the findings in the order the full advice numbers
// them: by risk domain, in the Handleiding's order.
func orderedFindings(fs []domain.Finding) []domain.Finding {
	var out []domain.Finding
	for _, d := range domain.RiskDomains {
		for _, f := range fs {
			if f.Domain == d {
				out = append(out, f)
			}
		}
	}
	return out
}

// raadContent is what the raad's summary shows, in the form RaadChecksum
// hashes: its JSON encoding, fields in this order.
type raadContent struct {
	Reference  string            `json:"reference"`
	AdviceSum  string            `json:"advice_sha256"`
	Conclusion domain.Conclusion `json:"conclusion"`
	Summary    string            `json:"summary"`
	Measures   []raadMeasure     `json:"measures"`
	Condition  string            `json:"condition"`
}

type raadMeasure struct {
	Domain   domain.RiskDomain      `json:"domain"`
	Class    domain.FindingClass    `json:"class"`
	Measure  string                 `json:"measure"`
	Owner    domain.MeasureOwner    `json:"owner"`
	Deadline domain.MeasureDeadline `json:"deadline"`
}

// RaadChecksum returns the hex SHA-256 of the raad's summary's content: the
// reference and checksum of the advice it summarises, the conclusion, the
// recommendations, the measures and the open VOG condition. The summary
// prints it; anyone holding the signed scan can compute it again.
func RaadChecksum(s *domain.Scan) string {
	c := raadContent{Reference: s.Reference, AdviceSum: s.Advice.SHA256, Conclusion: s.Advice.Conclusion,
		Summary: s.Advice.Summary, Measures: []raadMeasure{}, Condition: vogCondition(s)}
	for _, f := range orderedFindings(s.Advice.Findings) {
		if f.Measure != "" {
			c.Measures = append(c.Measures, raadMeasure{Domain: f.Domain, Class: f.Class, Measure: f.Measure, Owner: f.MeasureOwner, Deadline: f.MeasureDeadline})
		}
	}
	b, _ := json.Marshal(c) // plain strings and a Date that marshals itself: cannot fail
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

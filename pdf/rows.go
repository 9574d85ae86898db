package pdf

import (
	"strings"
	"unicode/utf8"

	"github.com/johnfercher/go-tree/node"
	"github.com/johnfercher/maroto/v2/pkg/components/row"
	"github.com/johnfercher/maroto/v2/pkg/components/text"
	"github.com/johnfercher/maroto/v2/pkg/consts/align"
	"github.com/johnfercher/maroto/v2/pkg/consts/border"
	"github.com/johnfercher/maroto/v2/pkg/consts/fontstyle"
	"github.com/johnfercher/maroto/v2/pkg/core"
	"github.com/johnfercher/maroto/v2/pkg/core/entity"
	"github.com/johnfercher/maroto/v2/pkg/props"
)

// Font sizes in points.
const (
	sizeLetterhead = 15
	sizeTitle      = 18
	sizeHeading    = 13
	sizeSubheading = 11
	sizeBody       = 10
	sizeSmall      = 8
)

var (
	colorText   = &props.Color{Red: 20, Green: 20, Blue: 20}
	colorMuted  = &props.Color{Red: 90, Green: 90, Blue: 90}
	colorBanner = &props.Color{Red: 150, Green: 20, Blue: 30}
	colorWhite  = &props.Color{Red: 255, Green: 255, Blue: 255}
	colorRule   = &props.Color{Red: 150, Green: 150, Blue: 150}
)

// Chunk limits in bytes. maroto moves a row that does not fit to the next
// page but never splits one, so a row taller than a page would be cut off.
// Long text is therefore cut into rows of at most about ten lines.
const (
	chunkFull  = 900 // a full-width row holds about 100 characters a line
	chunkField = 450 // the value column of a field is two thirds as wide
)

// Longest words in runes. maroto wraps only at spaces, so a longer word (a
// URL, say) would run past the margin; it is broken up instead. At about
// half an em a character, these leave room for wide letters.
const (
	wordFull  = 60
	wordField = 40
)

// leading is the space between wrapped lines; maroto sets none by default.
const leading = 0.8

// paragraph is one full-width row of text that grows with its content.
func paragraph(s string, p props.Text) core.Row {
	p.VerticalPadding = leading
	return text.NewAutoRow(printable(s), p)
}

// textCol is a column of text, the only other way text enters the document.
func textCol(size int, s string, p props.Text) core.Col {
	return text.NewCol(size, printable(s), p)
}

// paragraphs renders free text: one row per chunk of each line of s, with a
// little space after each paragraph. p is the style of every row.
func paragraphs(s string, p props.Text) []core.Row {
	var rows []core.Row
	for _, para := range splitParagraphs(s, wordFull) {
		chunks := splitChunks(para, chunkFull)
		for i, c := range chunks {
			q := p
			q.Bottom += leading // the gap between chunks matches the one between lines
			if i == len(chunks)-1 {
				q.Bottom += 1.5
			}
			rows = append(rows, paragraph(c, q))
		}
	}
	return rows
}

// section is a heading with a rule beneath it, kept with the first row of body.
func section(title string, body []core.Row) []core.Row {
	head := row.New().Add(
		textCol(12, title, props.Text{Size: sizeHeading, Style: fontstyle.Bold, Top: 6, Bottom: 1.5}),
	).WithStyle(&props.Cell{BorderType: border.Bottom, BorderColor: colorRule, BorderThickness: 0.3})
	return headed(body, head, spacer(2.5))
}

// subheading heads a part of a section, such as a risk domain, kept with
// the first row of body.
func subheading(title string, body []core.Row) []core.Row {
	return headed(body, paragraph(title, props.Text{Size: sizeSubheading, Style: fontstyle.Bold, Top: 3, Bottom: 1.5}))
}

// headed puts head before body, in one group with body's first row.
func headed(body []core.Row, head ...core.Row) []core.Row {
	if len(body) == 0 {
		return []core.Row{keepTogether(head...)}
	}
	return append([]core.Row{keepTogether(append(head, body[0])...)}, body[1:]...)
}

// field is a label with its value beside it; a long value continues on rows
// with an empty label so that it can flow onto the next page.
func field(label, value string) []core.Row {
	var rows []core.Row
	for _, para := range splitParagraphs(value, wordField) {
		for _, c := range splitChunks(para, chunkField) {
			rows = append(rows, row.New().Add(
				textCol(4, label, props.Text{Style: fontstyle.Bold, Right: 3, Bottom: 1.2, VerticalPadding: leading}),
				textCol(8, c, props.Text{Bottom: 1.2, VerticalPadding: leading}),
			))
			label = ""
		}
	}
	if rows == nil {
		rows = field(label, notRecorded)
	}
	return rows
}

// spacer is vertical white space of a fixed height.
func spacer(mm float64) core.Row {
	return row.New(mm)
}

// banner is the classification header repeated on every page: a coloured
// bar, because maroto has no watermark, and the organisation, title and
// reference beneath.
func banner(recipient, organisation, title, reference string) []core.Row {
	if recipient == "" {
		recipient = "de opdrachtgever"
	}
	return []core.Row{
		row.New().Add(
			textCol(4, "VERTROUWELIJK", props.Text{Size: 11, Style: fontstyle.Bold, Color: colorWhite, Left: 3, Top: 2, Bottom: 2}),
			textCol(8, "uitsluitend bestemd voor "+oneLine(recipient, wordField), props.Text{Size: 9, Color: colorWhite, Align: align.Right, Right: 3, Top: 2.5, Bottom: 2}),
		).WithStyle(&props.Cell{BackgroundColor: colorBanner}),
		row.New().Add(
			textCol(8, oneLine(organisation, wordField)+" · "+title, props.Text{Size: sizeSmall, Color: colorMuted, Top: 1.5}),
			textCol(4, "Kenmerk "+reference, props.Text{Size: sizeSmall, Color: colorMuted, Align: align.Right, Top: 1.5}),
		),
		spacer(5),
	}
}

// framed is a label and a value in a box across the page, for the
// conclusion near the top of the first page.
func framed(label, value string) core.Row {
	return row.New().Add(
		textCol(3, label, props.Text{Style: fontstyle.Bold, Left: 3, Top: 3, Bottom: 3, VerticalPadding: leading}),
		textCol(9, value, props.Text{Size: sizeSubheading, Style: fontstyle.Bold, Right: 3, Top: 3, Bottom: 3, VerticalPadding: leading}),
	).WithStyle(&props.Cell{BorderType: border.Full, BorderColor: colorBanner, BorderThickness: 0.6})
}

// splitParagraphs cuts s at line breaks and collapses other white space,
// which maroto would otherwise print as stray glyphs or drop unevenly. Words
// longer than maxWord runes are cut into pieces of maxWord runes.
func splitParagraphs(s string, maxWord int) []string {
	var out []string
	// Made printable first, so that words and chunks are measured as printed.
	for line := range strings.SplitSeq(printable(s), "\n") {
		words := strings.Fields(line)
		if len(words) == 0 {
			continue
		}
		for i, w := range words {
			words[i] = breakWord(w, maxWord)
		}
		out = append(out, strings.Join(words, " "))
	}
	return out
}

// oneLine is s as a single paragraph, for short texts such as titles.
func oneLine(s string, maxWord int) string {
	return strings.Join(splitParagraphs(s, maxWord), " ")
}

// breakWord puts a space after every max runes of w.
func breakWord(w string, max int) string {
	if utf8.RuneCountInString(w) <= max {
		return w
	}
	var b strings.Builder
	n := 0
	for _, r := range w {
		if n == max {
			b.WriteByte(' ')
			n = 0
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// splitChunks cuts a paragraph into pieces of at most limit bytes, preferably
// after a sentence, else at a space, and only as a last resort inside a word.
func splitChunks(s string, limit int) []string {
	var out []string
	for len(s) > limit {
		cut := sentenceEnd(s[:limit+1])
		if cut < limit/2 {
			cut = strings.LastIndexByte(s[:limit+1], ' ')
		}
		if cut <= 0 {
			cut = limit
			for cut > 0 && !utf8.RuneStart(s[cut]) {
				cut--
			}
		}
		out = append(out, strings.TrimSpace(s[:cut]))
		s = strings.TrimSpace(s[cut:])
	}
	if s != "" {
		out = append(out, s)
	}
	return out
}

// sentenceEnd returns the index just after the last sentence end in s
// followed by a space, or -1.
func sentenceEnd(s string) int {
	end := -1
	for _, mark := range [...]string{". ", "? ", "! ", ".) ", ".” "} {
		if i := strings.LastIndex(s, mark); i >= 0 && i+len(mark)-1 > end {
			end = i + len(mark) - 1
		}
	}
	return end
}

// keepTogether joins rows into one, so that maroto, which moves a row that
// does not fit to the next page, moves them as a whole. It keeps a heading
// with the first lines under it. Keep groups small: a group taller than a
// page would be cut off like any other row.
func keepTogether(rows ...core.Row) core.Row {
	if len(rows) == 1 {
		return rows[0]
	}
	return &group{rows: rows}
}

// group is the core.Row behind keepTogether. It renders its rows exactly as
// a maroto page does: each at the next y, each advancing the cursor itself.
type group struct {
	rows   []core.Row
	height float64
}

func (g *group) SetConfig(cfg *entity.Config) {
	for _, r := range g.rows {
		r.SetConfig(cfg)
	}
}

func (g *group) GetStructure() *node.Node[core.Structure] {
	n := node.New(core.Structure{Type: "group"})
	for _, r := range g.rows {
		n.AddNext(r.GetStructure())
	}
	return n
}

// Add adds cols to the last row; maroto itself only adds to rows without any.
func (g *group) Add(cols ...core.Col) core.Row {
	g.rows[len(g.rows)-1].Add(cols...)
	return g
}

// GetColumns returns the columns of the first row, non-empty, so maroto
// does not pad the group with a column of its own.
func (g *group) GetColumns() []core.Col { return g.rows[0].GetColumns() }

func (g *group) GetHeight(p core.Provider, cell *entity.Cell) float64 {
	if g.height == 0 {
		for _, r := range g.rows {
			g.height += r.GetHeight(p, cell)
		}
	}
	return g.height
}

// WithStyle is ignored: a group has no cell of its own to style.
func (g *group) WithStyle(*props.Cell) core.Row { return g }

func (g *group) Render(p core.Provider, cell entity.Cell) {
	for _, r := range g.rows {
		r.Render(p, cell)
		cell.Y += r.GetHeight(p, &cell)
	}
}

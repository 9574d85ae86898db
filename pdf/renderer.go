// Package pdf renders the documents of a signed basisscan integriteit: the
// confidential advice delivered to its recipient (usually the formateur),
// and the shorter summary for the raad (or Staten, algemeen bestuur,
// eilandsraad) with the conclusion, recommendations and measures only.
//
// They show only what their readers may see: the advice, the candidate's
// response and how the scan was done; the summary not even the findings'
// facts or the response. Questionnaire answers, interview notes, research
// notes and VOG details other than status and dates are never rendered.
package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"time"
	_ "time/tzdata" // sign-off times are shown in Amsterdam time on any host, with or without system tzdata

	"github.com/johnfercher/maroto/v2"
	"github.com/johnfercher/maroto/v2/pkg/config"
	"github.com/johnfercher/maroto/v2/pkg/consts/fontstyle"
	"github.com/johnfercher/maroto/v2/pkg/consts/pagesize"
	"github.com/johnfercher/maroto/v2/pkg/core"
	"github.com/johnfercher/maroto/v2/pkg/core/entity"
	"github.com/johnfercher/maroto/v2/pkg/props"
	"github.com/phpdave11/gofpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"

	"basisscan/domain"
)

func init() {
	// gofpdf writes its font objects in map order unless catalog sorting is on,
	// and maroto gives no access to its gofpdf instance: without this the same
	// scan would not give the same bytes. The default is read when maroto
	// creates a document, so set it before any document can be created.
	gofpdf.SetDefaultCatalogSort(true)
}

// fontFamily is the family name the embedded Go fonts are registered under.
const fontFamily = "go"

// Renderer renders advice documents. The fonts, page layout and time zone
// are set up once, in New, and shared read-only by every Render. (maroto v2
// builds a new gofpdf document per Render, and gofpdf reads the TrueType
// tables of each font it is given again; maroto offers no way to share them.)
// A Renderer is safe for concurrent use.
type Renderer struct {
	cfg *entity.Config // shared, read-only; each Render copies it
	loc *time.Location // Europe/Amsterdam, for sign-off times
}

// New returns a Renderer with the Go fonts registered and the page layout
// configured. It returns an error when the Amsterdam time zone cannot be
// loaded or when a probe document with the fonts cannot be generated.
func New() (*Renderer, error) {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return nil, fmt.Errorf("load time zone: %w", err)
	}
	// The core PDF fonts are Latin-1 only and cannot show ’ or €; the Go fonts
	// are UTF-8 TrueType and ship with the module. Register every style used.
	// Cloned so that gofpdf's writes (see ownFonts) never reach x/image's bytes.
	fonts := []*entity.CustomFont{
		{Family: fontFamily, Style: fontstyle.Normal, Bytes: bytes.Clone(goregular.TTF)},
		{Family: fontFamily, Style: fontstyle.Bold, Bytes: bytes.Clone(gobold.TTF)},
		{Family: fontFamily, Style: fontstyle.Italic, Bytes: bytes.Clone(goitalic.TTF)},
	}
	cfg := config.NewBuilder().
		WithPageSize(pagesize.A4).
		WithLeftMargin(20).
		WithRightMargin(20).
		WithTopMargin(12).
		WithBottomMargin(18).
		WithCustomFonts(fonts).
		WithDefaultFont(&props.Font{Family: fontFamily, Style: fontstyle.Normal, Size: sizeBody, Color: colorText}).
		WithPageNumber(props.PageNumber{Pattern: "Pagina {current} van {total}", Place: props.RightBottom, Size: sizeSmall, Color: colorMuted}).
		WithCompression(true).
		Build()

	r := &Renderer{cfg: cfg, loc: loc}
	// gofpdf reports a font it cannot parse only when a document is written;
	// a one-line probe moves that failure to start-up.
	probe := []core.Row{paragraph("Proef: é ë ï ’ €", props.Text{Style: fontstyle.Bold}), paragraph("Proef", props.Text{Style: fontstyle.Italic})}
	if _, err := r.generate(nil, probe, time.Unix(0, 0).UTC(), "proef"); err != nil {
		return nil, fmt.Errorf("probe fonts: %w", err)
	}
	return r, nil
}

// Render returns the PDF of the kind of a signed scan (s.Advice with
// SignedAt, SignedBy and SHA256 set): the full advice or the raad's summary.
// The output is deterministic: the creation and modification dates are the
// sign-off time and the other metadata are fixed or taken from the scan, so
// the same scan renders to the same bytes. It returns an error matching
// domain.ErrConflict when the scan has no signed advice, domain.ErrInvalid
// when s is nil or the kind unknown, and a wrapped generation error when the
// PDF cannot be written.
func (r *Renderer) Render(s *domain.Scan, kind domain.DocumentKind) ([]byte, error) {
	if err := checkSigned(s); err != nil {
		return nil, err
	}
	var header, body []core.Row
	title := adviceTitle + " " + s.Reference
	switch kind {
	case domain.DocumentAdvice:
		header, body = r.compose(s)
	case domain.DocumentRaad:
		header, body = r.composeRaad(s)
		title = raadTitle(s.Office) + " " + s.Reference
	default:
		return nil, domain.Errorf(domain.EINVALID, "Onbekend soort document: %q.", kind)
	}
	// UTC: gofpdf writes the dates without an offset, and readers take them as UTC.
	b, err := r.generate(header, body, s.Advice.SignedAt.UTC(), title)
	if err != nil {
		return nil, fmt.Errorf("render %s document %s: %w", kind, s.Reference, err)
	}
	return b, nil
}

// checkSigned returns an ECONFLICT error unless s carries a signed advice.
func checkSigned(s *domain.Scan) error {
	switch {
	case s == nil:
		return domain.Errorf(domain.EINVALID, "Er is geen scan opgegeven.")
	case s.Advice == nil:
		return domain.Errorf(domain.ECONFLICT, "Scan %s heeft nog geen advies.", s.Reference)
	case s.Advice.SignedAt == nil || s.Advice.SignedBy == nil || s.Advice.SHA256 == "":
		return domain.Errorf(domain.ECONFLICT, "Het advies van scan %s is nog niet ondertekend.", s.Reference)
	}
	return nil
}

// generate is the one place rows become PDF bytes. gofpdf panics on some
// input (a rune above U+FFFF, which printable keeps out); a panic is
// returned as an error, so that it fails the one sign-off, not the process.
func (r *Renderer) generate(header, body []core.Row, at time.Time, title string) (out []byte, err error) {
	defer func() {
		if v := recover(); v != nil {
			out, err = nil, fmt.Errorf("generate: panic: %v", v)
		}
	}()
	cfg := *r.cfg
	cfg.CustomFonts = ownFonts(cfg.CustomFonts)
	cfg.Metadata = &entity.Metadata{
		Title:        &entity.Utf8Text{Text: title, UTF8: true},
		Subject:      &entity.Utf8Text{Text: "Vertrouwelijk advies basisscan integriteit", UTF8: true},
		Author:       &entity.Utf8Text{Text: "basisscan", UTF8: true},
		Creator:      &entity.Utf8Text{Text: "basisscan", UTF8: true},
		CreationDate: &at,
	}
	m := maroto.New(&cfg)
	// The page number is drawn just below the last row a page can hold; the
	// empty footer keeps text from running into it.
	if err := m.RegisterFooter(spacer(6)); err != nil {
		return nil, fmt.Errorf("register footer: %w", err)
	}
	if len(header) > 0 {
		if err := m.RegisterHeader(header...); err != nil {
			return nil, fmt.Errorf("register header: %w", err)
		}
	}
	m.AddRows(body...)
	doc, err := m.Generate()
	if err != nil {
		return nil, fmt.Errorf("generate: %w", err)
	}
	b := doc.GetBytes()
	if err := pinModDate(b, at); err != nil {
		return nil, err
	}
	return b, nil
}

// ownFonts returns copies of fonts for one document. gofpdf pads font tables
// by appending to slices of the bytes it is given, which writes into them:
// documents rendered at the same time must not share those bytes.
func ownFonts(fonts []*entity.CustomFont) []*entity.CustomFont {
	own := make([]*entity.CustomFont, len(fonts))
	for i, f := range fonts {
		c := *f
		c.Bytes = bytes.Clone(f.Bytes)
		own[i] = &c
	}
	return own
}

// modDatePrefix is how gofpdf starts the modification date in the info
// dictionary, which is never compressed or encrypted here.
var modDatePrefix = []byte("/ModDate (D:")

// pinModDate overwrites the modification date, which gofpdf always takes from
// the clock, with at in gofpdf's own 14-digit layout, so offsets stay valid.
func pinModDate(pdf []byte, at time.Time) error {
	i := bytes.Index(pdf, modDatePrefix)
	stamp := at.Format("20060102150405")
	if i < 0 || len(pdf) < i+len(modDatePrefix)+len(stamp) {
		return errors.New("pin modification date: no /ModDate in output")
	}
	copy(pdf[i+len(modDatePrefix):], stamp)
	return nil
}

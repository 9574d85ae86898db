package pdf

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"
)

// replacement stands in for characters the fonts cannot show (emoji,
// Arabic, Hebrew, CJK, private use…): visibly, so the reader knows
// something was there. The Go fonts have a glyph for it.
const replacement = "□"

// glyphSet holds the runes every embedded font style has a glyph for. Only
// the Basic Multilingual Plane: gofpdf indexes a table of 65536 runes and
// panics on any rune above it.
type glyphSet [0x10000 / 64]uint64

func (g *glyphSet) has(r rune) bool {
	return r >= 0 && r < 0x10000 && g[r>>6]&(1<<(r&63)) != 0
}

// newGlyphSet returns the runes all of the TrueType fonts have a glyph for.
func newGlyphSet(fonts ...[]byte) (*glyphSet, error) {
	g := &glyphSet{}
	for i := range g {
		g[i] = ^uint64(0)
	}
	var buf sfnt.Buffer
	for n, b := range fonts {
		f, err := sfnt.Parse(b)
		if err != nil {
			return nil, fmt.Errorf("parse font %d: %w", n, err)
		}
		for r := range rune(0x10000) {
			if i, err := f.GlyphIndex(&buf, r); err != nil || i == 0 {
				g[r>>6] &^= 1 << (r & 63)
			}
		}
	}
	return g, nil
}

// glyphs are the runes the document's fonts (goregular, gobold, goitalic,
// as registered in New) can show; computed once, when the package loads.
var glyphs = func() *glyphSet {
	g, err := newGlyphSet(goregular.TTF, gobold.TTF, goitalic.TTF)
	if err != nil {
		panic(fmt.Sprintf("pdf: embedded Go fonts: %v", err)) // the fonts are part of the binary
	}
	if !g.has([]rune(replacement)[0]) {
		panic("pdf: the embedded fonts lack the replacement character")
	}
	return g
}()

// printable returns s as the fonts can show it. Every text put into the
// document passes through here (paragraph, textCol, splitParagraphs). It
// composes s to NFC, so that a letter and a combining accent with a
// precomposed form (e + U+0301) become that one glyph; drops invisible
// format characters the fonts lack (bidi controls, ZWJ, variation
// selectors, tags), which would show as boxes; turns control characters
// other than line breaks, and spaces the fonts lack, into spaces; and replaces each run of other characters
// the fonts lack with one replacement. Text the fonts can show as it is
// comes back unchanged, without allocating.
func printable(s string) string {
	if isPrintable(s) {
		return s
	}
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	replaced := false // the last rune written is a replacement
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteByte('\n')
			replaced = false
		case unicode.IsControl(r): // the fonts map some (CR) to glyphs of their own
			b.WriteByte(' ')
			replaced = false
		case r != utf8.RuneError && glyphs.has(r):
			b.WriteRune(r)
			replaced = false
		case unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Variation_Selector, r):
			// invisible in any font: nothing to lose
		case unicode.IsSpace(r):
			b.WriteByte(' ')
			replaced = false
		case !replaced:
			b.WriteString(replacement)
			replaced = true
		}
	}
	return b.String()
}

// isPrintable reports whether the fonts show every rune of s and s is in NFC.
func isPrintable(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return isPrintableUnicode(s[i:])
		}
		if c != '\n' && (c < ' ' || c == 0x7f || !glyphs.has(rune(c))) {
			return false
		}
	}
	return true
}

func isPrintableUnicode(s string) bool {
	for _, r := range s {
		if r != '\n' && (r == utf8.RuneError || unicode.IsControl(r) || !glyphs.has(r)) {
			return false
		}
	}
	return norm.NFC.IsNormalString(s)
}

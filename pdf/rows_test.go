package pdf

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSplitChunks(t *testing.T) {
	t.Parallel()
	sentence := "Dit is een zin van ongeveer vijftig tekens lang. "
	for _, tc := range []struct {
		name  string
		in    string
		limit int
		want  []string
	}{
		{"short stays whole", "Eén zin.", 100, []string{"Eén zin."}},
		{"cut after a sentence", strings.Repeat(sentence, 3), 120, []string{
			strings.TrimSpace(strings.Repeat(sentence, 2)), strings.TrimSpace(sentence),
		}},
		{"cut at a space without sentence end", "aaaa bbbb cccc dddd", 10, []string{"aaaa bbbb", "cccc dddd"}},
		{"cut inside a word on a rune boundary", "ééééé", 5, []string{"éé", "éé", "é"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := splitChunks(tc.in, tc.limit)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("splitChunks = %q, want %q", got, tc.want)
			}
			for _, c := range got {
				if len(c) > tc.limit || !utf8.ValidString(c) {
					t.Errorf("chunk %q exceeds %d bytes or is not UTF-8", c, tc.limit)
				}
			}
		})
	}
}

func TestSplitParagraphs(t *testing.T) {
	t.Parallel()
	got := splitParagraphs(" eerste\tregel \r\n\n  tweede  regel \n"+strings.Repeat("x", 14), 6)
	want := []string{"eerste regel", "tweede regel", "xxxxxx xxxxxx xx"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("splitParagraphs = %q, want %q", got, want)
	}
}

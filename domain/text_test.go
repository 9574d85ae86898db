package domain_test

import (
	"errors"
	"testing"

	"basisscan/domain"
)

func TestCheckText(t *testing.T) {
	for _, c := range []struct {
		name       string
		s          string
		single, ml bool // accepted as single-line, as multi-line
	}{
		{"plain Dutch", "Eva Ëlberts-Smit, één café", true, true},
		{"empty", "", true, true},
		{"emoji and CJK", "𝄞 中文", true, true},
		{"NUL", "a\x00b", false, false},
		{"NUL only", "\x00", false, false},
		{"LF", "a\nb", false, true},
		{"CRLF", "a\r\nb", false, true},
		{"lone CR", "a\rb", false, false},
		{"CR at the end", "a\r", false, false},
		{"TAB", "a\tb", false, true},
		{"vertical tab", "a\vb", false, false},
		{"escape", "a\x1b[31mb", false, false},
		{"DEL", "a\x7fb", false, false},
		{"C1 NEL", "a\u0085b", false, false},
		{"right-to-left override", "factuur\u202efdp.exe", false, false},
		{"left-to-right embedding", "\u202aa", false, false},
		{"first strong isolate", "\u2068a", false, false},
		{"pop directional isolate", "a\u2069", false, false},
		{"byte order mark", "\ufeffa", false, false},
		{"line separator", "a\u2028b", false, false},
		{"replacement character", "a\ufffdb", false, false},
		{"invalid UTF-8", "a\xffb", false, false},
		{"encoded surrogate", "a\xed\xa0\x80b", false, false},
		{"noncharacter FFFE", "a\ufffeb", false, false},
		{"noncharacter FDD0", "a\ufdd0b", false, false},
		{"noncharacter of plane 1", "a\U0001fffeb", false, false},
		{"left-to-right mark is allowed", "a\u200eb", true, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, ml := range []bool{false, true} {
				want := c.single
				if ml {
					want = c.ml
				}
				err := domain.CheckText(c.s, ml)
				if (err == nil) != want {
					t.Errorf("CheckText(%q, multiline=%v) = %v, want accepted=%v", c.s, ml, err, want)
				}
				if err != nil && !errors.Is(err, domain.ErrInvalid) {
					t.Errorf("error %v is not EINVALID", err)
				}
			}
		})
	}
}

package domain

import (
	"unicode/utf8"
)

// BadTextMessage is the Dutch message for a field that CheckText refuses.
const BadTextMessage = "Dit veld bevat een teken dat niet is toegestaan, zoals een onzichtbaar stuurteken of een regelovergang. " +
	"Verwijder het en probeer het opnieuw."

// ErrBadText is returned by CheckText.
var ErrBadText = &Error{Code: EINVALID, Message: BadTextMessage}

// CheckText returns ErrBadText when s holds a character no field may hold:
// invalid UTF-8 or U+FFFD (what encoding/json makes of it and of a lone
// surrogate), C0 and C1 control characters, bidi overrides and isolates,
// U+FEFF, line and paragraph separators, and noncharacters. A multi-line
// text may hold LF, CRLF and TAB; a single-line one none of them, so that
// a name or a title cannot start a new line in a mail or a document.
//
// PostgreSQL refuses NUL in text, and a control or bidi character can make
// a text show something else than it holds; hence the refusal everywhere.
func CheckText(s string, multiline bool) error {
	for i, r := range s {
		if badRune(r) {
			if !multiline {
				return ErrBadText
			}
			switch {
			case r == '\n', r == '\t':
				continue
			case r == '\r' && i+1 < len(s) && s[i+1] == '\n':
				continue
			}
			return ErrBadText
		}
	}
	return nil
}

func badRune(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f: // C0, DEL, C1
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069: // bidi embeddings, overrides, isolates
		return true
	case r == 0x2028, r == 0x2029: // line and paragraph separators
		return true
	case r == 0xfeff, r == utf8.RuneError:
		return true
	case r >= 0xfdd0 && r <= 0xfdef, r&0xfffe == 0xfffe: // noncharacters
		return true
	}
	return false
}

// Package emailaddr holds the one normal form of an e-mail address: what
// accounts are found by and mail is sent to. It is apart from domain because
// it needs Unicode normalisation and IDNA beyond the standard library.
package emailaddr

import (
	"net/mail"
	"strings"
	"unicode"

	"basisscan/domain"

	"golang.org/x/net/idna"
	"golang.org/x/text/unicode/norm"
)

// Errors of Normalise; their messages are safe to show.
var (
	ErrEmailInvalid = &domain.Error{Code: domain.EINVALID, Message: "Vul een geldig e-mailadres in."}
	ErrEmailLocal   = &domain.Error{Code: domain.EINVALID, Message: "Gebruik vóór de @ alleen letters zonder accenten, cijfers en " +
		"leestekens: e-mail met andere tekens komt niet overal aan."}
	ErrEmailDomain = &domain.Error{Code: domain.EINVALID, Message: "Het deel na de @ is geen geldige domeinnaam, of mengt letters " +
		"uit verschillende schriften (zoals Latijnse en Cyrillische)."}
)

// Normalise returns the one form of an address by which accounts are
// found and mail is sent: trimmed, NFKC-normalised (fullwidth "ａ" is "a"),
// lowercased, with an internationalised domain as its ASCII (punycode)
// form under the IDNA lookup profile. A look-alike letter from another
// script thus either is refused or gives an xn-- domain that cannot equal
// the ASCII one.
//
// It returns ErrEmailInvalid for what is no address, ErrEmailLocal for a
// local part that is not ASCII (mail cannot carry it without SMTPUTF8),
// and ErrEmailDomain for a domain IDNA refuses or one whose labels mix
// scripts.
func Normalise(s string) (string, error) {
	s = strings.TrimSpace(norm.NFKC.String(s))
	at := strings.LastIndexByte(s, '@')
	// Quoted local parts and comments are valid mail syntax, but no
	// account needs them and they only make two forms of one address.
	if at < 1 || at == len(s)-1 || domain.CheckText(s, false) != nil || strings.ContainsAny(s, " \"(),:;<>[\\]") {
		return "", ErrEmailInvalid
	}
	local, host := s[:at], s[at+1:]
	for i := 0; i < len(local); i++ {
		if local[i] >= 0x80 {
			return "", ErrEmailLocal
		}
	}
	// Decode first, so that a domain sent as xn-- is checked as what it reads.
	u, err := idna.Lookup.ToUnicode(strings.ToLower(host))
	if err != nil || mixedScripts(u) {
		return "", ErrEmailDomain
	}
	ascii, err := idna.Lookup.ToASCII(u)
	if err != nil {
		return "", ErrEmailDomain
	}
	addr := strings.ToLower(local) + "@" + ascii
	if a, err := mail.ParseAddress(addr); err != nil || a.Name != "" || a.Address != addr {
		return "", ErrEmailInvalid
	}
	return addr, nil
}

// cjk scripts are written together in one word (Japanese mixes Han, kana
// and Latin); they count as one script.
var cjk = []*unicode.RangeTable{unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Bopomofo}

// mixedScripts reports whether a label of the domain holds letters of more
// than one script, as "pаypal" with a Cyrillic а does.
func mixedScripts(domain string) bool {
	for _, label := range strings.Split(domain, ".") {
		seen := ""
		for _, r := range label {
			if !unicode.IsLetter(r) {
				continue
			}
			script := scriptOf(r)
			if seen == "" {
				seen = script
			} else if script != seen {
				return true
			}
		}
	}
	return false
}

func scriptOf(r rune) string {
	for _, t := range cjk {
		if unicode.Is(t, r) {
			return "CJK"
		}
	}
	for name, t := range unicode.Scripts {
		if name != "Common" && name != "Inherited" && unicode.Is(t, r) {
			return name
		}
	}
	return ""
}

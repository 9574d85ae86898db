package domain_test

import (
	"testing"

	"basisscan/domain"
)

func TestNormaliseEmail(t *testing.T) {
	for _, c := range []struct {
		in, want string
		err      error // nil: want is the result
	}{
		{" Eva.Smit@Example.NL ", "eva.smit@example.nl", nil},
		{"eva+scan@example.nl", "eva+scan@example.nl", nil},
		{"ｅｖａ@ｅｘａｍｐｌｅ.ｎｌ", "eva@example.nl", nil}, // fullwidth folds to ASCII (NFKC)
		{"eva@пример.рф", "eva@xn--e1afmkfd.xn--p1ai", nil},
		{"eva@ПРИМЕР.РФ", "eva@xn--e1afmkfd.xn--p1ai", nil},
		{"eva@xn--e1afmkfd.xn--p1ai", "eva@xn--e1afmkfd.xn--p1ai", nil},
		{"eva@bücher.de", "eva@xn--bcher-kva.de", nil},
		{"eva@exаmple.nl", "", domain.ErrEmailDomain},        // Cyrillic а among Latin letters
		{"eva@xn--exmple-4nf.nl", "", domain.ErrEmailDomain}, // the same, sent as punycode
		{"eva@раураl.com", "", domain.ErrEmailDomain},        // Cyrillic with a Latin l
		{"élise@example.nl", "", domain.ErrEmailLocal},       // mail cannot carry it without SMTPUTF8
		{"аdmin@example.nl", "", domain.ErrEmailLocal},       // Cyrillic а
		{"eva@exa_mple.nl", "", domain.ErrEmailDomain},       // not a host name
		{"eva@-example.nl", "", domain.ErrEmailDomain},       // nor is this
		{"eva@example.nl\r\nBcc: x@example.org", "", domain.ErrEmailInvalid},
		{"eva\x00@example.nl", "", domain.ErrEmailInvalid},
		{"eva\u202e@example.nl", "", domain.ErrEmailInvalid},
		{"Eva <eva@example.nl>", "", domain.ErrEmailInvalid},
		{"geen-adres", "", domain.ErrEmailInvalid},
		{"@example.nl", "", domain.ErrEmailInvalid},
		{"eva@", "", domain.ErrEmailInvalid},
		{"ev a@example.nl", "", domain.ErrEmailInvalid},
	} {
		got, err := domain.NormaliseEmail(c.in)
		if c.err == nil && (err != nil || got != c.want) {
			t.Errorf("NormaliseEmail(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
		if c.err != nil && err != c.err {
			t.Errorf("NormaliseEmail(%q) = %q, %v; want %v", c.in, got, err, c.err)
		}
	}
}

package emailaddr_test

import (
	"testing"

	"basisscan/workflow/emailaddr"
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
		{"eva@exаmple.nl", "", emailaddr.ErrEmailDomain},        // Cyrillic а among Latin letters
		{"eva@xn--exmple-4nf.nl", "", emailaddr.ErrEmailDomain}, // the same, sent as punycode
		{"eva@раураl.com", "", emailaddr.ErrEmailDomain},        // Cyrillic with a Latin l
		{"élise@example.nl", "", emailaddr.ErrEmailLocal},       // mail cannot carry it without SMTPUTF8
		{"аdmin@example.nl", "", emailaddr.ErrEmailLocal},       // Cyrillic а
		{"eva@exa_mple.nl", "", emailaddr.ErrEmailDomain},       // not a host name
		{"eva@-example.nl", "", emailaddr.ErrEmailDomain},       // nor is this
		{"eva@example.nl\r\nBcc: x@example.org", "", emailaddr.ErrEmailInvalid},
		{"eva\x00@example.nl", "", emailaddr.ErrEmailInvalid},
		{"eva\u202e@example.nl", "", emailaddr.ErrEmailInvalid},
		{"Eva <eva@example.nl>", "", emailaddr.ErrEmailInvalid},
		{"geen-adres", "", emailaddr.ErrEmailInvalid},
		{"@example.nl", "", emailaddr.ErrEmailInvalid},
		{"eva@", "", emailaddr.ErrEmailInvalid},
		{"ev a@example.nl", "", emailaddr.ErrEmailInvalid},
	} {
		got, err := emailaddr.Normalise(c.in)
		if c.err == nil && (err != nil || got != c.want) {
			t.Errorf("NormaliseEmail(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
		if c.err != nil && err != c.err {
			t.Errorf("NormaliseEmail(%q) = %q, %v; want %v", c.in, got, err, c.err)
		}
	}
}

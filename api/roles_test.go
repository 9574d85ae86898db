package api_test

import "testing"

// internalName lets a role's identifier through only in brackets right
// after the role's Dutch name, as the value to send.
func TestInternalNameExemptsOnlyGlosses(t *testing.T) {
	t.Parallel()
	for text, want := range map[string]string{
		"Kies de rol integriteitsadviseur (adviser) of beheerder (admin).": "",
		"Kies de rol adviser.":                        "adviser",
		"Kies de rol beheerder (adviser).":            "adviser",
		"Uw rol mag de actie consent niet uitvoeren.": "consent",
	} {
		if got := internalName(text); got != want {
			t.Errorf("internalName(%q) = %q, want %q", text, got, want)
		}
	}
}

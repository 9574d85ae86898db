package configs

import (
	"strings"
	"testing"
	"testing/fstest"
)

// The shipped texts load; a broken one stops start-up, naming the file.
func TestTexts(t *testing.T) {
	t.Parallel()
	texts, err := LoadTexts()
	if err != nil {
		t.Fatal(err)
	}
	if texts.Consent["2026-1"] == nil || texts.Privacy["2026-1"] == nil {
		t.Fatalf("shipped versions: %v, %v", texts.Consent, texts.Privacy)
	}
	good := &fstest.MapFile{Data: []byte("Toestemming voor {{.Organisatie}}.")}
	for name, bad := range map[string]string{
		"unknown placeholder": "Beste {{.Kandidaat}},",
		"unparsable":          "Beste {{.Organisatie",
		"empty":               " \n",
		"control character":   "Beste\x00",
	} {
		fsys := fstest.MapFS{"consent/2026-9.md": {Data: []byte(bad)}, "privacy/2026-9.md": good}
		if _, err := loadTexts(fsys); err == nil || !strings.Contains(err.Error(), "consent/2026-9.md") {
			t.Errorf("%s: err = %v, want one naming the file", name, err)
		}
	}
	if _, err := loadTexts(fstest.MapFS{"consent/2026-9.md": good}); err == nil {
		t.Error("no privacy statement accepted")
	}
}

package pdf

import (
	"strings"
	"testing"
)

// The document goes to the formateur (and by policy the candidate): it says
// which open sources were checked and when, never what the adviser noted.
func TestRenderLeavesOutResearchNotes(t *testing.T) {
	t.Parallel()
	const note = "ONDERZOEKSNOTITIE schuld bij de buurman"
	s := shortScan()
	for i := range s.Research {
		s.Research[i].Note = note
	}
	text := flat(extractText(t, render(t, setup(t), s)))
	for _, want := range []string{
		"KvK-handelsregister geraadpleegd op 12 februari 2026",
		"Insolventieregister geraadpleegd op 12 februari 2026",
		"Sociale media geraadpleegd op 13 februari 2026",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	for _, secret := range []string{"ONDERZOEKSNOTITIE", "buurman", "Twee inschrijvingen"} {
		if strings.Contains(text, secret) {
			t.Errorf("text shows the research note %q", secret)
		}
	}
}

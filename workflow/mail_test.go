package workflow

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"basisscan/domain"
)

// TestInvitationGolden keeps the invitation's whole text under review:
// `go test ./workflow -run TestInvitationGolden -update` rewrites it.
func TestInvitationGolden(t *testing.T) {
	t.Parallel()
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	sc := &domain.Scan{
		ID: "scan-1", Reference: "BS-2026-7KQ2MX", Office: domain.OfficeWethouder, Organisation: "Gemeente Zuidhaven",
		Candidate: domain.Person{Name: "Eva Smit", Email: "eva@example.nl"},
		Adviser:   domain.Person{Name: "Arjen Bakker", Email: "arjen@bureau.nl"},
		Formateur: domain.Person{Name: "Fatima de Vries"}, Recipient: domain.Person{Name: "Fatima de Vries"},
	}
	m := invitationMail(sc, invitation{
		Link: "https://basisscan.example/invitations/CODE", PrivacyLink: "https://basisscan.example/privacy",
		Expires: time.Date(2026, 12, 3, 18, 37, 0, 0, time.UTC), Location: ams, ResponseDays: 10,
	})
	got := "To: " + m.ToName + " <" + m.To + ">\nSubject: " + m.Subject + "\n\n" + m.Body
	path := filepath.Join("testdata", "invitation.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s (run with -update): %v", path, err)
	}
	if got != string(want) {
		t.Fatalf("invitation differs from %s (run with -update after checking):\n%s", path, got)
	}
}

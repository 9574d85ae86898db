package mailfile_test

import (
	"context"
	"io"
	"mime"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"basisscan/domain"
	"basisscan/workflow/mailfile"
)

func TestSendWritesAReadableMessage(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "outbox")
	m, err := mailfile.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	m.Now = func() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) }
	body := "Beste Eef Ëlberts,\n\nUw link: http://127.0.0.1:8080/invitations/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde\n"
	if err := m.Send(context.Background(), domain.Mail{To: "eef@example.nl", Subject: "Uitnodiging – basisscan", Body: body}); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	if len(files) != 1 {
		t.Fatalf("want one .eml, got %v", files)
	}
	info, _ := os.Stat(files[0])
	if info.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v: the message holds a personal link", info.Mode().Perm())
	}
	f, _ := os.Open(files[0])
	defer f.Close()
	msg, err := mail.ReadMessage(f)
	if err != nil {
		t.Fatal(err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	to, toErr := mail.ParseAddress(msg.Header.Get("To"))
	if err != nil || subject != "Uitnodiging – basisscan" || toErr != nil || to.Address != "eef@example.nl" {
		t.Fatalf("headers: subject %q (%v), to %q (%v)", subject, err, msg.Header.Get("To"), toErr)
	}
	raw, _ := os.ReadFile(files[0])
	if !strings.Contains(string(raw), "invitations/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde\r\n") {
		t.Fatalf("the link is not on one line:\n%s", raw)
	}
}

// send writes one message and returns its raw bytes and parsed form.
func send(t *testing.T, msg domain.Mail) ([]byte, *mail.Message, error) {
	t.Helper()
	dir := t.TempDir()
	m, err := mailfile.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Send(context.Background(), msg); err != nil {
		return nil, nil, err
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	if len(files) != 1 {
		t.Fatalf("want one .eml, got %v", files)
	}
	raw, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := mail.ReadMessage(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatalf("read back: %v\n%s", err, raw)
	}
	return raw, parsed, nil
}

// headerBlock returns the raw header lines of a message.
func headerBlock(raw []byte) string {
	h, _, _ := strings.Cut(string(raw), "\r\n\r\n")
	return h
}

// The To: header carries no raw non-ASCII: the name is encoded, an
// internationalised domain is sent as punycode, and a line break in the
// name or subject cannot start a header or a line of the body.
func TestHeadersCarryNoRawText(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, toName, to, subject string
		wantName, wantAddress     string
	}{
		{"non-ASCII name", "Eva Ëlberts-Smit", "eva@example.nl", "Uitnodiging", "Eva Ëlberts-Smit", "eva@example.nl"},
		{"IDN domain", "Eva", "eva@пример.рф", "Uitnodiging", "Eva", "eva@xn--e1afmkfd.xn--p1ai"},
		{"name with quotes and comma", `Smit, "Eva"`, "eva@example.nl", "Uitnodiging", `Smit, "Eva"`, "eva@example.nl"},
		{"CRLF in the name", "Eva\r\nBcc: dief@example.org", "eva@example.nl", "Uitnodiging", "Eva\r\nBcc: dief@example.org", "eva@example.nl"},
		{"CRLF in the subject", "Eva", "eva@example.nl", "Uitnodiging\r\nBcc: dief@example.org", "Eva", "eva@example.nl"},
		{"no name", "", "eva@example.nl", "Uitnodiging", "", "eva@example.nl"},
	} {
		t.Run(c.name, func(t *testing.T) {
			raw, msg, err := send(t, domain.Mail{To: c.to, ToName: c.toName, Subject: c.subject, Body: "Beste Eva,\n\nTot ziens.\n"})
			if err != nil {
				t.Fatal(err)
			}
			head := headerBlock(raw)
			for i := 0; i < len(head); i++ {
				if head[i] >= 0x80 {
					t.Fatalf("raw non-ASCII in the headers:\n%s", head)
				}
			}
			if got := strings.Count(head, "\r\n") + 1; got != 8 {
				t.Errorf("%d header lines, want 8:\n%s", got, head)
			}
			if msg.Header.Get("Bcc") != "" {
				t.Errorf("a Bcc header was injected:\n%s", head)
			}
			to, err := mail.ParseAddress(msg.Header.Get("To"))
			if err != nil {
				t.Fatalf("To: %q does not parse: %v", msg.Header.Get("To"), err)
			}
			if to.Name != c.wantName || to.Address != c.wantAddress {
				t.Errorf("To: %q reads as %q <%s>, want %q <%s>", msg.Header.Get("To"), to.Name, to.Address, c.wantName, c.wantAddress)
			}
			body, _ := io.ReadAll(msg.Body)
			if string(body) != "Beste Eva,\r\n\r\nTot ziens.\r\n" {
				t.Errorf("body = %q", body)
			}
		})
	}
}

// An address that mail cannot carry without SMTPUTF8 is not written.
func TestSendRefusesWhatMailCannotCarry(t *testing.T) {
	t.Parallel()
	for _, to := range []string{"élise@example.nl", "eva@example.nl\r\nBcc: dief@example.org", "geen-adres", "eva@exаmple.nl"} {
		if _, _, err := send(t, domain.Mail{To: to, Subject: "x", Body: "x"}); err == nil {
			t.Errorf("Send(To %q) wrote a message", to)
		}
	}
}

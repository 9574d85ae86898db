package mailfile_test

import (
	"context"
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
	if err != nil || subject != "Uitnodiging – basisscan" || msg.Header.Get("To") != "eef@example.nl" {
		t.Fatalf("headers: subject %q (%v), to %q", subject, err, msg.Header.Get("To"))
	}
	raw, _ := os.ReadFile(files[0])
	if !strings.Contains(string(raw), "invitations/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde\r\n") {
		t.Fatalf("the link is not on one line:\n%s", raw)
	}
}

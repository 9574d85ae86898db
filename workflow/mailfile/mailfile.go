// Package mailfile is a domain.Mailer that writes each message as an .eml
// file into a directory: the zero-setup outbox until SMTP is configured.
package mailfile

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"mime"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"time"

	"basisscan/domain"
)

// Mailer writes messages to Dir.
type Mailer struct {
	Dir  string
	From string
	Now  func() time.Time
}

// New returns a Mailer writing to dir, creating it if needed.
func New(dir string) (*Mailer, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create outbox %s: %w", dir, err)
	}
	return &Mailer{Dir: dir, From: "Basisscan integriteit <noreply@basisscan.invalid>", Now: time.Now}, nil
}

// Send implements domain.Mailer. The file is written whole or not at all,
// readable by the owner only: it holds a personal invitation link.
func (m *Mailer) Send(_ context.Context, msg domain.Mail) error {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return fmt.Errorf("message id: %w", err)
	}
	id := hex.EncodeToString(b)
	// Headers carry ASCII only: the address in its normal form (an
	// internationalised domain as punycode; a local part that is not ASCII
	// is refused), the name and subject as encoded words, which also keeps
	// a line break in either from starting a header of its own.
	to, err := domain.NormaliseEmail(msg.To)
	if err != nil {
		return fmt.Errorf("address of the recipient: %w", err)
	}
	now := m.Now()
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "From: %s\r\n", m.From)
	fmt.Fprintf(&buf, "To: %s\r\n", (&mail.Address{Name: msg.ToName, Address: to}).String())
	fmt.Fprintf(&buf, "Subject: %s\r\n", mime.QEncoding.Encode("utf-8", msg.Subject))
	fmt.Fprintf(&buf, "Date: %s\r\n", now.Format(time.RFC1123Z))
	fmt.Fprintf(&buf, "Message-ID: <%s@basisscan.invalid>\r\n", id)
	// 8bit keeps the link on one line, so the outbox can be read and grepped;
	// the Dutch texts have short lines, far below the 998 octets SMTP allows.
	buf.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	body := strings.ReplaceAll(strings.ReplaceAll(msg.Body, "\r\n", "\n"), "\r", "\n")
	buf.WriteString(strings.ReplaceAll(body, "\n", "\r\n"))
	name := filepath.Join(m.Dir, now.UTC().Format("20060102T150405.000000000Z")+"-"+id+".eml")
	tmp := name + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o600); err != nil {
		return fmt.Errorf("write mail: %w", err)
	}
	if err := os.Rename(tmp, name); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("write mail: %w", err)
	}
	return nil
}

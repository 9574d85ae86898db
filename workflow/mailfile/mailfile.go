// Package mailfile is a domain.Mailer that writes each message as an .eml
// file into a directory: the zero-setup outbox until SMTP is configured.
package mailfile

import (
	"bufio"
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
	"basisscan/workflow/emailaddr"
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
	to, err := emailaddr.Normalise(msg.To)
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
	if msg.ScanID != "" {
		fmt.Fprintf(&buf, "%s: %s\r\n", scanHeader, msg.ScanID)
	}
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

// scanHeader names the scan a message is about, so that Forget finds it.
const scanHeader = "X-Basisscan-Scan"

// Forget implements domain.MailKeeper: it removes every message in Dir
// about the scan. The outbox is a copy the service made of a candidate's
// invitation; erasing the candidate's data must reach it too.
func (m *Mailer) Forget(_ context.Context, scanID string) (int, error) {
	if scanID == "" {
		return 0, nil
	}
	entries, err := os.ReadDir(m.Dir)
	if err != nil {
		return 0, fmt.Errorf("read outbox: %w", err)
	}
	n := 0
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".eml") {
			continue
		}
		name := filepath.Join(m.Dir, e.Name())
		about, err := scanOf(name)
		if err != nil {
			return n, err
		}
		if about != scanID {
			continue
		}
		if err := os.Remove(name); err != nil && !os.IsNotExist(err) {
			return n, fmt.Errorf("remove message: %w", err)
		}
		n++
	}
	return n, nil
}

// scanOf returns the scan a stored message is about, from its header.
func scanOf(name string) (string, error) {
	f, err := os.Open(name)
	if os.IsNotExist(err) {
		return "", nil // sent and removed meanwhile
	}
	if err != nil {
		return "", fmt.Errorf("read message: %w", err)
	}
	defer f.Close()
	msg, err := mail.ReadMessage(bufio.NewReader(f))
	if err != nil {
		return "", nil // not one of ours: leave it
	}
	return msg.Header.Get(scanHeader), nil
}

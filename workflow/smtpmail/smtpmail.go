// Package smtpmail is a domain.Mailer that delivers by SMTP, with go-mail:
// the outbox's deliverer once BASISSCAN_SMTP_URL is set.
package smtpmail

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"basisscan/domain"
	"basisscan/workflow/emailaddr"
)

// Mailer sends each message in a connection of its own.
type Mailer struct {
	host string
	opts []gomail.Option
	from string
}

// ErrURL is the error of a BASISSCAN_SMTP_URL that names no SMTP server.
var ErrURL = errors.New("BASISSCAN_SMTP_URL must look like smtp://user:password@host:587 or smtps://user:password@host:465")

// New returns a Mailer for the server at rawURL, sending from from:
//
//   - smtp://[user:password@]host[:port] speaks STARTTLS, required (port
//     587 unless given); ?tls=none sends in the clear, for a relay on the
//     same machine or a test server;
//   - smtps://[user:password@]host[:port] speaks TLS from the start (port
//     465 unless given).
//
// With a user, it authenticates with the best mechanism the server offers.
// Returns ErrURL for anything else.
func New(rawURL, from string) (*Mailer, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Hostname() == "" || (u.Scheme != "smtp" && u.Scheme != "smtps") {
		return nil, ErrURL
	}
	opts := []gomail.Option{gomail.WithTimeout(15 * time.Second)}
	port := 587
	switch {
	case u.Scheme == "smtps":
		port = 465
		opts = append(opts, gomail.WithSSL())
	case u.Query().Get("tls") == "none":
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case u.Query().Get("tls") == "" || u.Query().Get("tls") == "starttls":
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	default:
		return nil, ErrURL
	}
	if p := u.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil || port <= 0 || port > 65535 {
			return nil, ErrURL
		}
	}
	opts = append(opts, gomail.WithPort(port))
	if user := u.User.Username(); user != "" {
		pass, _ := u.User.Password()
		auth := gomail.SMTPAuthAutoDiscover
		if u.Query().Get("tls") == "none" {
			auth = gomail.SMTPAuthPlainNoEnc // in the clear only because the URL says so
		}
		opts = append(opts, gomail.WithSMTPAuth(auth), gomail.WithUsername(user), gomail.WithPassword(pass))
	}
	return &Mailer{host: u.Hostname(), opts: opts, from: from}, nil
}

// Send implements domain.Mailer. Its errors name what failed, never the
// message's address or content: the outbox keeps them with the job.
func (m *Mailer) Send(ctx context.Context, msg domain.Mail) error {
	to, err := emailaddr.Normalise(msg.To)
	if err != nil {
		return fmt.Errorf("address of the recipient: %w", err)
	}
	out := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingQP))
	if err := out.From(m.from); err != nil {
		return errors.New("smtp: the sender address is not valid")
	}
	if err := out.AddToFormat(msg.ToName, to); err != nil {
		return errors.New("smtp: the recipient address is not valid")
	}
	out.Subject(msg.Subject)
	out.SetDate()
	out.SetMessageID()
	out.SetBodyString(gomail.TypeTextPlain, msg.Body)
	c, err := gomail.NewClient(m.host, m.opts...)
	if err != nil {
		return errors.New("smtp: client settings are not valid")
	}
	if err := c.DialAndSendWithContext(ctx, out); err != nil {
		return safeError(err)
	}
	return nil
}

// safeError keeps of err what names the failure: the server's reply code
// and go-mail's reason, or the network error, which names the server.
func safeError(err error) error {
	var se *gomail.SendError
	if errors.As(err, &se) {
		kind := "permanent"
		if se.IsTemp() {
			kind = "temporary"
		}
		return fmt.Errorf("smtp: %s (%s, reply code %d)", se.Reason, kind, se.ErrorCode())
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return fmt.Errorf("smtp: %w", ne)
	}
	if strings.Contains(err.Error(), "@") {
		return errors.New("smtp: delivery failed")
	}
	return fmt.Errorf("smtp: %w", err)
}

// Package smtptest runs a small SMTP server on loopback for tests: it
// accepts what a real client sends (EHLO, AUTH PLAIN, MAIL, RCPT, DATA) and
// keeps each message, and can refuse messages to show retries.
package smtptest

import (
	"bufio"
	"encoding/base64"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// Message is one message the server accepted.
type Message struct {
	From string
	To   []string
	Data string // as sent, headers and body, CRLF line ends
	User string // the user who authenticated, if any
}

// Server is a running test server.
type Server struct {
	ln   net.Listener
	mu   sync.Mutex
	msgs []Message
	fail int // refuse this many more messages with 451
	got  chan struct{}
}

// Start runs a server on 127.0.0.1 until the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("smtp test server: %v", err)
	}
	return StartOn(t, ln)
}

// StartOn runs a server on ln until the test ends.
func StartOn(t testing.TB, ln net.Listener) *Server {
	s := &Server{ln: ln, got: make(chan struct{}, 1000)}
	go s.serve()
	t.Cleanup(func() { _ = ln.Close() })
	return s
}

// Addr is the server's host:port.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// URL is BASISSCAN_SMTP_URL for the server, without TLS, as user.
func (s *Server) URL(user string) string {
	if user == "" {
		return "smtp://" + s.Addr() + "?tls=none"
	}
	return "smtp://" + user + ":geheim@" + s.Addr() + "?tls=none"
}

// FailNext makes the server refuse the next n messages with a temporary
// error (451), as a server that is overloaded does.
func (s *Server) FailNext(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail = n
}

// Messages returns the messages accepted so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// Wait waits until the server has accepted n messages, up to timeout, and
// returns those it has.
func (s *Server) Wait(n int, timeout time.Duration) []Message {
	deadline := time.After(timeout)
	for {
		if m := s.Messages(); len(m) >= n {
			return m
		}
		select {
		case <-s.got:
		case <-deadline:
			return s.Messages()
		}
	}
}

func (s *Server) serve() {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		go s.session(c)
	}
}

// session speaks SMTP on one connection.
func (s *Server) session(c net.Conn) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(time.Minute))
	r := bufio.NewReader(c)
	reply := func(line string) { _, _ = c.Write([]byte(line + "\r\n")) }
	reply("220 smtptest ESMTP")
	var m Message
	user := ""
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO":
			reply("250-smtptest")
			reply("250-8BITMIME")
			reply("250 AUTH PLAIN")
		case "HELO":
			reply("250 smtptest")
		case "AUTH":
			mech, initial, _ := strings.Cut(arg, " ")
			if !strings.EqualFold(mech, "PLAIN") {
				reply("504 unsupported")
				continue
			}
			if initial == "" {
				reply("334 ")
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				initial = strings.TrimSpace(l)
			}
			raw, err := base64.StdEncoding.DecodeString(initial)
			parts := strings.Split(string(raw), "\x00")
			if err != nil || len(parts) != 3 {
				reply("535 bad credentials")
				continue
			}
			user = parts[1]
			reply("235 ok")
		case "MAIL":
			m = Message{From: addrOf(arg), User: user}
			reply("250 ok")
		case "RCPT":
			m.To = append(m.To, addrOf(arg))
			reply("250 ok")
		case "DATA":
			reply("354 go ahead")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(strings.TrimPrefix(l, "."))
			}
			m.Data = b.String()
			s.mu.Lock()
			refuse := s.fail > 0
			if refuse {
				s.fail--
			} else {
				s.msgs = append(s.msgs, m)
			}
			s.mu.Unlock()
			if refuse {
				reply("451 try again later")
				continue
			}
			reply("250 queued")
			s.got <- struct{}{}
		case "RSET":
			m = Message{User: user}
			reply("250 ok")
		case "NOOP":
			reply("250 ok")
		case "QUIT":
			reply("221 bye")
			return
		default:
			reply("502 not implemented")
		}
	}
}

// addrOf returns the address of "FROM:<a@b> …" or "TO:<a@b>".
func addrOf(arg string) string {
	_, rest, _ := strings.Cut(arg, "<")
	a, _, _ := strings.Cut(rest, ">")
	return a
}

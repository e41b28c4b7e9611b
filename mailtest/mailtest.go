// Package mailtest is a real SMTP server on loopback for tests: it takes
// mail as a mail server would (go-smtp), keeps what it received, and can
// refuse chosen recipients for a while or for good.
package mailtest

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/textproto"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/emersion/go-smtp"
)

// Message is one mail received: its envelope and its raw text.
type Message struct {
	From string
	To   []string
	Data []byte
}

// Header returns the value of one header of the message, unfolded and
// decoded ("" when absent).
func (m Message) Header(name string) string {
	msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
	if err != nil {
		return ""
	}
	v, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get(name))
	if err != nil {
		return msg.Header.Get(name)
	}
	return v
}

// Parts returns the message's text and HTML parts, decoded as a mail
// program decodes them.
func (m Message) Parts() (text, html string, err error) {
	msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
	if err != nil {
		return "", "", err
	}
	parts := map[string]string{}
	if err := readPart(textproto.MIMEHeader(msg.Header), msg.Body, parts); err != nil {
		return "", "", err
	}
	return parts["text/plain"], parts["text/html"], nil
}

// readPart decodes one part (or, for a multipart, each of its parts) into parts by media type.
func readPart(h textproto.MIMEHeader, body io.Reader, parts map[string]string) error {
	media, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		return err
	}
	if strings.HasPrefix(media, "multipart/") {
		r := multipart.NewReader(body, params["boundary"])
		for {
			p, err := r.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if err := readPart(p.Header, p, parts); err != nil {
				return err
			}
		}
	}
	switch strings.ToLower(h.Get("Content-Transfer-Encoding")) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body)
	}
	data, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	parts[media] = string(data)
	return nil
}

// Server is the SMTP server.
type Server struct {
	// URL is the server's address as SMTP_URL takes it.
	URL *url.URL

	mu       sync.Mutex
	received []Message
	count    int
	sink     bool // count, keep nothing
	refuse   map[string]*smtp.SMTPError
}

// Start runs a server on 127.0.0.1 until the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{refuse: map[string]*smtp.SMTPError{}}
	s.URL, _ = url.Parse("smtp://" + ln.Addr().String() + "?starttls=off")
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{s: s}, nil }))
	srv.Domain = "localhost"
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return s
}

// Refuse answers mail to an address with an SMTP error: 451 for "try again
// later", 550 for "no such mailbox". Refuse(addr, 0) takes it back.
func (s *Server) Refuse(addr string, code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if code == 0 {
		delete(s.refuse, addr)
		return
	}
	s.refuse[addr] = &smtp.SMTPError{Code: code, Message: "refused by the test server"}
}

// Received returns the mail received so far.
func (s *Server) Received() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.received...)
}

// To returns the mail received for one address.
func (s *Server) To(addr string) []Message {
	var out []Message
	for _, m := range s.Received() {
		for _, to := range m.To {
			if to == addr {
				out = append(out, m)
			}
		}
	}
	return out
}

type session struct {
	s    *Server
	from string
	to   []string
}

func (c *session) Reset()        { c.from, c.to = "", nil }
func (c *session) Logout() error { return nil }
func (c *session) Mail(from string, _ *smtp.MailOptions) error {
	c.from = from
	return nil
}

func (c *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	if err := c.s.refuse[to]; err != nil {
		return err
	}
	c.to = append(c.to, to)
	return nil
}

func (c *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	c.s.count++
	if !c.s.sink {
		c.s.received = append(c.s.received, Message{From: c.from, To: c.to, Data: data})
	}
	return nil
}

// Sink makes the server count the mail it takes and keep none (benchmarks).
func (s *Server) Sink() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sink = true
}

// Count is how many mails the server took.
func (s *Server) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.count
}

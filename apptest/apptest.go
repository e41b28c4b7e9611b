// Package apptest boots a real portal for tests: the embedded FerretDB and
// Bleve under a temporary data dir, served on a loopback port.
package apptest

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/talentcommunity/portal/app"
	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/config"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/search"
	"github.com/talentcommunity/portal/store"
)

// Portal is a running portal under test.
type Portal struct {
	URL     string
	App     *app.App
	DataDir string
	t       testing.TB
	stop    func()
	logs    *syncBuffer
}

// Logs is everything the portal logged so far.
func (p *Portal) Logs() string { return p.logs.String() }

// syncBuffer is a log sink that concurrent handlers may write to.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Start boots a portal with env layered over test defaults. The data dir is
// env["PORTAL_DATA_DIR"] when given (to restart on the same data), otherwise
// a fresh temporary one. The portal is seeded with the demo community when
// env["SEED"] is "1". It stops when the test ends.
func Start(t testing.TB, env map[string]string, opts ...app.Option) *Portal {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	vars := map[string]string{
		"PORTAL_ADDR":     ln.Addr().String(),
		"PORTAL_BASE_URL": base,
		"PORTAL_DATA_DIR": t.TempDir(),
	}
	for k, v := range env {
		vars[k] = v
	}
	cfg, err := config.Load(func(k string) string { return vars[k] })
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	var sink io.Writer = logs
	if os.Getenv("PORTAL_TEST_LOG") != "" {
		sink = io.MultiWriter(logs, os.Stderr)
	}
	log := slog.New(slog.NewTextHandler(sink, nil))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	a, err := app.Open(ctx, cfg, log, opts...)
	if err != nil {
		t.Fatal(err)
	}
	if vars["SEED"] == "1" {
		if err := a.PrepareDemo(ctx); err != nil {
			t.Fatal(err)
		}
	}
	a.StartWorkers()
	go func() {
		if err := a.Serve(ln); err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	p := &Portal{URL: base, App: a, DataDir: cfg.DataDir, t: t, logs: logs}
	stopped := false
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		a.Close(ctx)
	}
	t.Cleanup(stop)
	p.stop = stop
	return p
}

// Stop shuts the portal down now (to restart it on the same data dir).
func (p *Portal) Stop() { p.stop() }

// Client is a browser-like HTTP client with its own cookie jar that does not
// follow redirects, so tests can see them.
func (p *Portal) Client() *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{p: p, HTTP: &http.Client{
		Jar:     jar,
		Timeout: 20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}}
}

// ClientFrom is a Client whose connections come from another loopback
// address (127.0.0.2, …): another visitor, as far as the portal can tell.
func (p *Portal) ClientFrom(ip string) *Client {
	c := p.Client()
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 5 * time.Second}
	c.HTTP.Transport = &http.Transport{DialContext: dialer.DialContext}
	return c
}

// Client talks to the portal under test.
type Client struct {
	p    *Portal
	HTTP *http.Client
}

// Response is a read response.
type Response struct {
	*http.Response
	Body string
}

// Do sends a request to path (relative to the portal) and reads the answer.
func (c *Client) Do(method, path string, form url.Values, header map[string]string) *Response {
	c.p.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	target := path
	if strings.HasPrefix(path, "/") {
		target = c.p.URL + path
	}
	req, err := http.NewRequest(method, target, body)
	if err != nil {
		c.p.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return c.send(req)
}

// send sends a request and reads the whole answer.
func (c *Client) send(req *http.Request) *Response {
	c.p.t.Helper()
	res, err := c.HTTP.Do(req)
	if err != nil {
		c.p.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.p.t.Fatal(err)
	}
	return &Response{Response: res, Body: string(b)}
}

// Get fetches path.
func (c *Client) Get(path string) *Response { return c.Do(http.MethodGet, path, nil, nil) }

var csrfMeta = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`)

// CSRF loads a page and returns the CSRF token it carries.
func (c *Client) CSRF() string {
	c.p.t.Helper()
	res := c.Get("/")
	m := csrfMeta.FindStringSubmatch(res.Body)
	if m == nil {
		c.p.t.Fatalf("no csrf token on /: %d %s", res.StatusCode, res.Body)
	}
	return m[1]
}

// Post sends a form with the client's CSRF token.
func (c *Client) Post(path string, form url.Values) *Response {
	if form == nil {
		form = url.Values{}
	}
	form.Set("csrf_token", c.CSRF())
	return c.Do(http.MethodPost, path, form, nil)
}

// DemoSignIn signs in as a demo account: candidate, recruiter or admin.
func (c *Client) DemoSignIn(account string) {
	c.p.t.Helper()
	res := c.Post("/auth/demo", url.Values{"account": {account}})
	if res.StatusCode != http.StatusSeeOther {
		c.p.t.Fatalf("demo sign-in as %s: %d %s", account, res.StatusCode, res.Body)
	}
}

// BeginLinkedIn starts a LinkedIn sign-in and follows the browser to the
// provider (an oidctest server, which approves the person queued there);
// it returns the callback URL the provider sends the browser back to.
func (c *Client) BeginLinkedIn(next string) string {
	t := c.p.t
	t.Helper()
	res := c.Get("/auth/linkedin?next=" + url.QueryEscape(next))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("begin: %d %s", res.StatusCode, res.Body)
	}
	authURL, _ := url.Parse(res.Header.Get("Location"))
	q := authURL.Query()
	if q.Get("state") == "" || q.Get("nonce") == "" || !strings.Contains(q.Get("scope"), "openid") ||
		!strings.Contains(q.Get("scope"), "email") || !strings.Contains(q.Get("scope"), "profile") {
		t.Fatalf("authorization request lacks state, nonce or scopes: %s", authURL)
	}
	res = c.Do(http.MethodGet, authURL.String(), nil, nil)
	if res.StatusCode != http.StatusFound {
		t.Fatalf("provider authorize: %d %s", res.StatusCode, res.Body)
	}
	return res.Header.Get("Location")
}

// SignInAs gives the client a session for any member (tests that need a
// member other than the three demo accounts), as signing in would.
func (c *Client) SignInAs(userID string) {
	c.p.t.Helper()
	u, _ := url.Parse(c.p.URL)
	c.HTTP.Jar.SetCookies(u, []*http.Cookie{c.p.SessionCookie(userID)})
}

// SessionCookie makes a session for any member, as signing in would, and
// returns its cookie (for a browser, or an HTTP client).
func (p *Portal) SessionCookie(userID string) *http.Cookie {
	p.t.Helper()
	raw := make([]byte, 32)
	_, _ = rand.Read(raw)
	token := base64.RawURLEncoding.EncodeToString(raw)
	sum := sha256.Sum256([]byte(token))
	now := time.Now()
	sess := &models.Session{ID: hex.EncodeToString(sum[:]), UserID: userID, CreatedAt: now, LastSeenAt: now,
		ExpiresAt: now.Add(time.Hour), AbsoluteExpiresAt: now.Add(time.Hour)}
	if err := p.App.Store.SaveSession(context.Background(), sess); err != nil {
		p.t.Fatal(err)
	}
	return &http.Cookie{Name: auth.CookieName, Value: token, Path: "/"}
}

// OpenStore starts an embedded FerretDB under a temporary dir and opens the
// store on it, exactly as the portal does without MONGODB_URI.
func OpenStore(t testing.TB) *store.Store {
	t.Helper()
	_, s := OpenEmbedded(t)
	return s
}

// OpenEmbedded is OpenStore that also returns the embedded FerretDB.
func OpenEmbedded(t testing.TB) (*store.Embedded, *store.Store) {
	t.Helper()
	e, err := store.StartEmbedded(t.TempDir(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	s, err := store.Open(ctx, e.URI(), "test", store.Options{Embedded: e})
	if err != nil {
		e.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.Close(ctx)
		e.Close()
	})
	return e, s
}

// Upload posts a multipart form with one file and the client's CSRF token.
func (c *Client) Upload(path string, fields map[string]string, fileField, fileName string, content []byte) *Response {
	c.p.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	fields["csrf_token"] = c.CSRF()
	for k, v := range fields {
		if err := w.WriteField(k, v); err != nil {
			c.p.t.Fatal(err)
		}
	}
	fw, err := w.CreateFormFile(fileField, fileName)
	if err != nil {
		c.p.t.Fatal(err)
	}
	if _, err := fw.Write(content); err != nil {
		c.p.t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		c.p.t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, c.p.URL+path, &body)
	if err != nil {
		c.p.t.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.send(req)
}

// FlakyIndex is the real search engine with switches that make every call
// fail, as an engine that is down would, or panic, as a broken one did.
type FlakyIndex struct {
	search.Index
	down, panics atomic.Bool
}

// SetDown switches the failure on or off.
func (f *FlakyIndex) SetDown(down bool) { f.down.Store(down) }

// SetPanics switches the panics on or off.
func (f *FlakyIndex) SetPanics(on bool) { f.panics.Store(on) }

var errEngineDown = errors.New("apptest: search engine down")

func (f *FlakyIndex) fail() error {
	if f.panics.Load() {
		panic("assignment to entry in nil map") // what a broken Bleve index said
	}
	if f.down.Load() {
		return errEngineDown
	}
	return nil
}

// Upsert fails while down.
func (f *FlakyIndex) Upsert(ctx context.Context, docs []search.Document) error {
	if err := f.fail(); err != nil {
		return err
	}
	return f.Index.Upsert(ctx, docs)
}

// Delete fails while down.
func (f *FlakyIndex) Delete(ctx context.Context, ids []string) error {
	if err := f.fail(); err != nil {
		return err
	}
	return f.Index.Delete(ctx, ids)
}

// Search fails while down.
func (f *FlakyIndex) Search(ctx context.Context, q search.Query) (search.Result, error) {
	if err := f.fail(); err != nil {
		return search.Result{}, err
	}
	return f.Index.Search(ctx, q)
}

// Ping fails while down.
func (f *FlakyIndex) Ping(ctx context.Context) error {
	if err := f.fail(); err != nil {
		return err
	}
	return f.Index.Ping(ctx)
}

// Newest reads up to limit documents of a kind as the recruiters' lists find
// them: through the search index and its queue, loaded by byID.
func Newest[T any](t testing.TB, p *Portal, kind store.Kind, limit int, byID func(context.Context, []string) ([]T, error)) []T {
	t.Helper()
	ctx := context.Background()
	refs, err := search.Refs(ctx, p.App.Index, p.App.Store, kind, search.Query{Newest: true, Limit: limit})
	if err != nil {
		t.Fatal(err)
	}
	docs, err := byID(ctx, refs[:min(limit, len(refs))])
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

// SmallDisk mounts a tmpfs of size (such as "1m") for a test and returns
// where: a disk that fills up for real. Mounting needs root, as CI has; a
// developer without it sees the test skipped, CI sees it fail.
func SmallDisk(t testing.TB, size string) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI runs as root and must be able to mount a tmpfs: %v %s", err, out)
		}
		t.Skipf("cannot mount a small filesystem here (%v): not root?", err)
	}
	t.Cleanup(func() { _ = exec.Command("umount", "-l", dir).Run() })
	return dir
}

// Touchpoints returns the touchpoints of one kind on a member's timeline, newest first.
func Touchpoints(t testing.TB, st *store.Store, memberID, kind string) []models.Touchpoint {
	t.Helper()
	all, err := st.Touchpoints(context.Background(), memberID)
	if err != nil {
		t.Fatal(err)
	}
	var out []models.Touchpoint
	for _, tp := range all {
		if tp.Kind == kind {
			out = append(out, tp)
		}
	}
	return out
}

// WaitForIndex waits until the search index has taken every write queued
// for it so far (the seed's, say), so a test does not race the sync worker.
func (p *Portal) WaitForIndex(t testing.TB) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		work, err := p.App.Store.QueuedIndexWork(context.Background(), time.Now().Add(time.Minute), 1)
		if err == nil && len(work) == 0 {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("the search index never caught up with its queue")
}

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/seed"
)

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "portal-bin-")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "portal")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Printf("build: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func TestInvalidConfigurationFailsWithOneLine(t *testing.T) {
	cmd := exec.Command(binary)
	cmd.Env = append(os.Environ(), "PORTAL_ADDR=8080", "PORTAL_DATA_DIR="+t.TempDir())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	if exit, ok := err.(*exec.ExitError); !ok || exit.ExitCode() != 1 {
		t.Fatalf("exit: %v", err)
	}
	if got := strings.TrimSpace(stderr.String()); got != `config: PORTAL_ADDR must be host:port, got "8080"` {
		t.Fatalf("stderr = %q", got)
	}
}

// The binary starts on its embedded defaults, is ready within seconds,
// seeds the demo, stops cleanly on SIGTERM and starts again on the same data.
func TestServeStopAndRestart(t *testing.T) {
	dir := t.TempDir()
	addr := freeAddr(t)
	start := func() (*exec.Cmd, *bytes.Buffer) {
		cmd := exec.Command(binary, "serve")
		cmd.Env = append(os.Environ(), "PORTAL_ADDR="+addr, "PORTAL_DATA_DIR="+dir, "MONGODB_URI=", "MEILI_URL=", "LINKEDIN_CLIENT_ID=", "LINKEDIN_CLIENT_SECRET=")
		var logs bytes.Buffer
		cmd.Stderr = &logs
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = cmd.Process.Kill() })
		began := time.Now()
		for {
			res, err := http.Get("http://" + addr + "/readyz")
			if err == nil {
				res.Body.Close()
				if res.StatusCode == 200 {
					t.Logf("ready after %v", time.Since(began).Round(time.Millisecond))
					break
				}
			}
			if time.Since(began) > 30*time.Second {
				t.Fatalf("not ready after 30s:\n%s", logs.String())
			}
			time.Sleep(50 * time.Millisecond)
		}
		return cmd, &logs
	}
	stop := func(cmd *exec.Cmd, logs *bytes.Buffer) {
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("exit after SIGTERM: %v\n%s", err, logs.String())
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("no exit 20s after SIGTERM\n%s", logs.String())
		}
		if !strings.Contains(logs.String(), "shutting down") || strings.Contains(logs.String(), "level=ERROR") {
			t.Fatalf("unclean shutdown:\n%s", logs.String())
		}
	}

	cmd, logs := start()
	body := get(t, "http://"+addr+"/")
	if !strings.Contains(body, "Upcoming events") || !strings.Contains(logs.String(), "seeding the demo community") ||
		!strings.Contains(logs.String(), "database=demo") {
		t.Fatalf("first start is not a populated demo:\n%s", logs.String())
	}
	if signin := get(t, "http://"+addr+"/signin"); !strings.Contains(signin, `id="demo-admin"`) || !strings.Contains(signin, "demo-banner") {
		t.Errorf("the demo's sign-in page offers no demo accounts:\n%s", signin)
	}
	stop(cmd, logs)

	// A damaged search index (Bleve leaves index_meta.json empty when it is
	// interrupted) is rebuilt by reindex, which does not open it, and moved
	// aside and rebuilt by a start.
	meta := filepath.Join(dir, "bleve", "index_meta.json")
	if err := os.Truncate(meta, 0); err != nil {
		t.Fatal(err)
	}
	reindex := exec.Command(binary, "reindex")
	reindex.Env = append(os.Environ(), "PORTAL_DATA_DIR="+dir, "MONGODB_URI=", "MEILI_URL=")
	if out, err := reindex.CombinedOutput(); err != nil || !strings.Contains(string(out), "search index rebuilt") {
		t.Fatalf("reindex of a damaged index: %v\n%s", err, out)
	}
	if err := os.Truncate(meta, 0); err != nil {
		t.Fatal(err)
	}

	cmd, logs = start()
	if !strings.Contains(logs.String(), "moved aside") {
		t.Errorf("the damaged index was not moved aside on start:\n%s", logs.String())
	}
	if strings.Contains(logs.String(), "seeding") {
		t.Error("seeded again on restart: the data did not survive")
	}
	if body := get(t, "http://"+addr+"/"); !strings.Contains(body, "Upcoming events") {
		t.Error("restarted portal lost its events")
	}
	stop(cmd, logs)
}

// `portal seed --demo` refuses a database a real person signed in to, with
// one line saying why, and writes nothing into it.
func TestSeedDemoRefusesARealDatabase(t *testing.T) {
	dir := t.TempDir()
	p := apptest.Start(t, map[string]string{"PORTAL_DATA_DIR": dir})
	ctx := context.Background()
	if _, err := p.App.Store.SignInUser(ctx, models.User{ID: "linkedin:real", Provider: "linkedin", Subject: "real", Name: "Real"}, nil, time.Now()); err != nil {
		t.Fatal(err)
	}
	p.Stop()

	cmd := exec.Command(binary, "seed", "--demo")
	cmd.Env = append(os.Environ(), "PORTAL_DATA_DIR="+dir, "MONGODB_URI=", "MEILI_URL=", "PORTAL_DEMO=1",
		"LINKEDIN_CLIENT_ID=id", "LINKEDIN_CLIENT_SECRET=secret")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	if exit, ok := err.(*exec.ExitError); !ok || exit.ExitCode() != 1 {
		t.Fatalf("seed --demo on a real database: %v\n%s", err, stderr.String())
	}
	if lines := strings.Split(strings.TrimSpace(stderr.String()), "\n"); lines[len(lines)-1] != seed.ErrRealMembers.Error() {
		t.Errorf("seed --demo said:\n%s", stderr.String())
	}
	p = apptest.Start(t, map[string]string{"PORTAL_DATA_DIR": dir})
	if n, _ := p.App.Store.CountUsers(ctx); n != 1 {
		t.Errorf("%d members after a refused seed, want the one real member", n)
	}
}

func get(t *testing.T, url string) string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var b bytes.Buffer
	_, _ = b.ReadFrom(res.Body)
	return b.String()
}

// A MongoDB server that cannot be reached stops the start with one line
// naming the variable to look at.
func TestUnreachableMongoDBNamesTheVariable(t *testing.T) {
	cmd := exec.Command(binary)
	cmd.Env = append(os.Environ(), "PORTAL_ADDR="+freeAddr(t), "PORTAL_DATA_DIR="+t.TempDir(), "MONGODB_URI=mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=500")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	if exit, ok := err.(*exec.ExitError); !ok || exit.ExitCode() != 1 {
		t.Fatalf("exit: %v", err)
	}
	got := strings.TrimSpace(stderr.String())
	if !strings.HasPrefix(got, "config: MONGODB_URI cannot use the MongoDB server") || strings.Contains(got, "\n") {
		t.Fatalf("stderr = %q", got)
	}
}

// On SIGTERM the portal drains: /readyz says it is stopping, answers close
// their connection, and a client sending request after request on a
// keep-alive connection loses none of them; once it stops listening, new
// connections are refused (which a client or load balancer retries
// elsewhere), and nothing is cut off mid-request.
func TestStopDrainsKeepAliveClients(t *testing.T) {
	addr := freeAddr(t)
	cmd := exec.Command(binary, "serve")
	cmd.Env = append(os.Environ(), "PORTAL_ADDR="+addr, "PORTAL_DATA_DIR="+t.TempDir(), "PORTAL_DRAIN=1s", "MONGODB_URI=", "MEILI_URL=")
	var logs bytes.Buffer
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	for began := time.Now(); ; time.Sleep(50 * time.Millisecond) {
		if res, err := http.Get("http://" + addr + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				break
			}
		}
		if time.Since(began) > 30*time.Second {
			t.Fatalf("not ready:\n%s", logs.String())
		}
	}
	client := &http.Client{Timeout: 5 * time.Second} // keeps connections alive; a POST is never retried
	post := func() (*http.Response, error) {
		return client.Post("http://"+addr+"/lang", "application/x-www-form-urlencoded", strings.NewReader("lang=nl"))
	}
	if res, err := post(); err != nil {
		t.Fatal(err)
	} else {
		res.Body.Close()
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	if res, err := http.Get("http://" + addr + "/readyz"); err != nil || res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("/readyz while stopping: %v %v", res, err)
	} else {
		res.Body.Close()
	}
	answered, closing := 1, false // the request before the signal
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		res, err := post()
		if err != nil {
			// It stopped listening: a dial refused, or a connection the
			// kernel had taken into the listener's backlog reset when the
			// listener closed (the request written, never read). Whether
			// the portal read the request is its log's to say, below.
			var op *net.OpError
			if !errors.As(err, &op) || op.Op != "dial" && !errors.Is(err, syscall.ECONNRESET) {
				t.Fatalf("after %d answers a request failed: %v", answered, err)
			}
			break
		}
		res.Body.Close()
		answered++
		closing = closing || res.Close
	}
	if answered == 1 || !closing {
		t.Errorf("during the drain: %d answers, any with Connection: close: %v", answered-1, closing)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit: %v\n%s", err, logs.String())
	}
	// Every request the portal handled reached its client: none was cut off.
	// (They are refused for want of a CSRF token, which makes no difference here.)
	handled := 0
	for _, line := range strings.Split(logs.String(), "\n") {
		if strings.Contains(line, "msg=request ") && strings.Contains(line, "method=POST") {
			handled++
		}
	}
	if handled != answered {
		t.Errorf("the portal handled %d requests, the client got %d answers", handled, answered)
	}
}

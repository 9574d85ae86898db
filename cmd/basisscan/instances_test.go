package main

import (
	"bufio"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"basisscan/workflow/gormstore/storetest"
)

// deployment is one database with the configuration every instance of it
// shares (keys from the environment, as a real deployment's secret store
// gives them), and the binary built from this tree.
type deployment struct {
	t      *testing.T
	bin    string
	env    []string
	outbox string
	procs  []*exec.Cmd // the instances started, in order
}

func newDeployment(t *testing.T, dsn string) *deployment {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "basisscan")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	key := func() string {
		b := make([]byte, 32)
		_, _ = rand.Read(b)
		return base64.StdEncoding.EncodeToString(b)
	}
	d := &deployment{t: t, bin: bin, outbox: filepath.Join(dir, "outbox")}
	d.env = append(os.Environ(), "BASISSCAN_DATABASE_URL="+dsn, "BASISSCAN_OUTBOX_DIR="+d.outbox,
		"BASISSCAN_ENCRYPTION_KEYS=k1:"+key(), "BASISSCAN_AUDIT_KEYS=a1:"+key(), "BASISSCAN_LOOKUP_KEY="+key(),
		"BASISSCAN_AUDIT_CHECKPOINT_FILE="+filepath.Join(dir, "checkpoints.log"), "BASISSCAN_DB_MAX_CONNS=4",
		"BASISSCAN_LOG_LEVEL=warn", "XDG_CONFIG_HOME="+filepath.Join(dir, "config"))
	return d
}

// cli runs a command of the deployment and returns what it printed.
func (d *deployment) cli(extraEnv []string, args ...string) (string, error) {
	cmd := exec.Command(d.bin, args...)
	cmd.Env = append(append([]string{}, d.env...), extraEnv...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func (d *deployment) mustCLI(args ...string) string {
	d.t.Helper()
	out, err := d.cli(nil, args...)
	if err != nil {
		d.t.Fatalf("basisscan %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(out)
}

// startInstances starts n instances at the same moment (their migrations
// race, as when a deployment is rolled out) and returns their base URLs.
// Every link in the mails names the first, as the load balancer's address.
func (d *deployment) startInstances(n int) []string {
	d.t.Helper()
	addrs := make([]string, n)
	for i := range addrs {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			d.t.Fatal(err)
		}
		addrs[i] = ln.Addr().String()
		ln.Close()
	}
	bases := make([]string, n)
	for i, addr := range addrs {
		cmd := exec.Command(d.bin, "serve")
		cmd.Env = append(append([]string{}, d.env...), "BASISSCAN_ADDR="+addr, "BASISSCAN_BASE_URL=http://"+addrs[0])
		logs := &safeBuffer{}
		cmd.Stdout, cmd.Stderr = logs, logs
		if err := cmd.Start(); err != nil {
			d.t.Fatal(err)
		}
		d.procs = append(d.procs, cmd)
		d.t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
		bases[i] = "http://" + addr
		defer func(base string) {
			for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(50 * time.Millisecond) {
				if resp, err := http.Get(base + "/readyz"); err == nil {
					resp.Body.Close()
					if resp.StatusCode == http.StatusOK {
						return
					}
				}
				if time.Now().After(deadline) {
					d.t.Fatalf("instance %s did not become ready:\n%s", base, logs.String())
				}
			}
		}(bases[i])
	}
	return bases
}

// send sends a JSON request and decodes the answer.
func send(t *testing.T, method, url, token string, body any, header ...string) (int, http.Header, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = strings.NewReader(string(b))
	}
	req, _ := http.NewRequest(method, url, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, resp.Header, out
}

// Two instances of one deployment on one PostgreSQL database, started at
// once, are one service: a scan walks from intake to closed with its
// requests taking turns between them; writes racing on one scan through
// both lose no update; an Idempotency-Key holds across both; wrong
// invitation codes are counted across both; a session started on one works on the other; two
// purges at once destroy each scan once; and the audit chains verify.
func TestTwoInstancesOnOnePostgres(t *testing.T) {
	t.Parallel()
	d := newDeployment(t, storetest.URL(t))
	bases := d.startInstances(2)
	d.mustCLI("org", "add", "--name", "Gemeente Zuidhaven", "--kind", "gemeente")
	formateur := d.mustCLI("user", "add", "--org", "Gemeente Zuidhaven", "--role", "formateur", "--name", "Fatima de Vries", "--email", "formateur@zuidhaven.nl")
	adviser := d.mustCLI("user", "add", "--org", "Gemeente Zuidhaven", "--role", "adviser", "--name", "Arjen Bakker", "--email", "adviseur@integriteitsbureau.nl")

	// The whole flow, every request to the other instance than the one before.
	var walk strings.Builder
	c := &demoClient{bases: bases, out: &walk}
	if err := c.walk(d.outbox, formateur, adviser); err != nil {
		t.Fatalf("the walk through both instances: %v\n%s", err, walk.String())
	}

	// Scans started on both at once; then the same version-checked write
	// through both at once: one wins, the other is told the scan changed.
	date := time.Now().AddDate(0, 0, 40).Format("2006-01-02")
	ids := make([]string, 8)
	var wg sync.WaitGroup
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, _, out := send(t, "POST", bases[i%2]+"/api/v1/scans", formateur, map[string]any{
				"candidate": map[string]string{"name": fmt.Sprintf("Kandidaat %d", i), "email": fmt.Sprintf("k%d@example.nl", i)},
				"office":    "wethouder", "adviser_email": "adviseur@integriteitsbureau.nl", "planned_appointment_date": date,
			})
			if code != http.StatusCreated {
				t.Errorf("start on instance %d: %d %v", i%2, code, out)
				return
			}
			ids[i], _ = out["id"].(string)
		}()
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	for _, id := range ids {
		_, h, _ := send(t, "GET", bases[0]+"/api/v1/scans/"+id, formateur, nil)
		etag := h.Get("ETag")
		codes := make([]int, 2)
		for i := range codes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				codes[i], _, _ = send(t, "PUT", bases[i]+"/api/v1/scans/"+id+"/portfolio", formateur,
					map[string]string{"portfolio": fmt.Sprintf("Portefeuille %d", i)}, "If-Match", etag)
			}()
		}
		wg.Wait()
		sort.Ints(codes)
		if codes[0] != http.StatusOK || codes[1] != http.StatusPreconditionFailed {
			t.Errorf("racing writes through both instances: %v, want one 200 and one 412", codes)
		}
	}

	// One Idempotency-Key sent to both instances at once, and again later:
	// one scan, the same answer everywhere.
	body := map[string]any{"candidate": map[string]string{"name": "Kandidaat Eén", "email": "een@example.nl"},
		"office": "wethouder", "adviser_email": "adviseur@integriteitsbureau.nl", "planned_appointment_date": date}
	created := make([]string, 6)
	for i := range created {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for try := 0; try < 100; try++ {
				code, h, out := send(t, "POST", bases[i%2]+"/api/v1/scans", formateur, body, "Idempotency-Key", "start-een-1")
				if code == http.StatusConflict && h.Get("Retry-After") != "" { // the first is still running
					time.Sleep(50 * time.Millisecond)
					continue
				}
				if code != http.StatusCreated {
					t.Errorf("idempotent start on instance %d: %d %v", i%2, code, out)
					return
				}
				created[i], _ = out["id"].(string)
				return
			}
			t.Errorf("idempotent start on instance %d: still in flight", i%2)
		}()
	}
	wg.Wait()
	code, h, out := send(t, "POST", bases[1]+"/api/v1/scans", formateur, body, "Idempotency-Key", "start-een-1")
	if code != http.StatusCreated || out["id"] != created[0] || h.Get("Idempotent-Replayed") != "true" {
		t.Errorf("the retry on the other instance: %d %v %v, want the first answer replayed", code, out["id"], h)
	}
	for _, id := range created {
		if id != created[0] {
			t.Fatalf("one key through two instances started several scans: %v", created)
		}
	}
	_, _, list := send(t, "GET", bases[0]+"/api/v1/scans?limit=100", formateur, nil)
	n := 0
	for _, it := range list["items"].([]any) {
		if it.(map[string]any)["candidate"].(map[string]any)["email"] == "een@example.nl" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the formateur's list holds %d scans of the candidate, want 1", n)
	}

	// A session started on one instance is valid on the other.
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar}
	form := func(base, path string, v url.Values) *http.Response {
		u, _ := url.Parse(base)
		for _, ck := range jar.Cookies(u) {
			if ck.Name == "csrf" {
				v.Set("csrf", ck.Value)
			}
		}
		resp, err := browser.PostForm(base+path, v)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp, err := browser.Get(bases[0] + "/inloggen"); err != nil {
		t.Fatal(err)
	} else {
		resp.Body.Close()
	}
	before := time.Now()
	if resp := form(bases[0], "/inloggen", url.Values{"email": {"formateur@zuidhaven.nl"}}); resp.StatusCode >= 400 {
		t.Fatalf("asking a sign-in link: %d", resp.StatusCode)
	}
	link := newestLink(t, d.outbox, before, regexp.MustCompile(`/aanmelden/[^\s]+`))
	if resp := form(bases[1], link, url.Values{}); resp.StatusCode >= 400 {
		t.Fatalf("signing in on the other instance: %d", resp.StatusCode)
	}
	for _, base := range bases {
		resp, err := browser.Get(base + "/scans")
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(page), "<h1>Scans</h1>") {
			t.Errorf("the session on %s: %d", base, resp.StatusCode)
		}
	}

	// Two purges at once, as two instances' schedules may run them: each
	// cancelled scan is destroyed once.
	for _, id := range ids[:4] {
		if code, _, out := send(t, "POST", bases[1]+"/api/v1/scans/"+id+"/cancel", formateur, map[string]string{"reason": "Kandidaat trekt zich terug."}); code != http.StatusOK {
			t.Fatalf("cancel: %d %v", code, out)
		}
	}
	outs := make([]string, 2)
	for i := range outs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, err := d.cli([]string{"BASISSCAN_RETENTION_CANCELLED_DAYS=0"}, "purge")
			if err != nil {
				t.Errorf("purge %d: %v\n%s", i, err, out)
			}
			outs[i] = out
		}()
	}
	wg.Wait()
	purged := map[string]int{}
	for _, out := range outs {
		sc := bufio.NewScanner(strings.NewReader(out))
		for sc.Scan() {
			if ref, ok := strings.CutPrefix(sc.Text(), "purged "); ok {
				purged[ref]++
			}
		}
	}
	if len(purged) != 4 {
		t.Errorf("two purges destroyed %d scans, want the 4 cancelled: %v", len(purged), outs)
	}
	for ref, n := range purged {
		if n != 1 {
			t.Errorf("%s purged %d times", ref, n)
		}
	}
	// Last, as it spends this address's attempts: wrong invitation codes count on both instances together: ten at once
	// from an address, whichever instance they reach, then 429 on either.
	limited := 0
	for i := range 14 {
		code, _, _ := send(t, "POST", fmt.Sprintf("%s/api/v1/invitations/geraden-code-%d/accept", bases[i%2], i), "", nil)
		switch code {
		case http.StatusNotFound:
		case http.StatusTooManyRequests:
			limited++
		default:
			t.Errorf("wrong code %d: status %d", i, code)
		}
	}
	if limited < 3 {
		t.Errorf("14 wrong codes spread over two instances: %d refused with 429, want the ones past ten", limited)
	}

	if out, err := d.cli(nil, "audit", "verify"); err != nil {
		t.Fatalf("audit verify after two instances: %v\n%s", err, out)
	}
}

// newestLink finds the path matching re in the newest mail written since.
func newestLink(t *testing.T, outbox string, since time.Time, re *regexp.Regexp) string {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		files, _ := filepath.Glob(filepath.Join(outbox, "*.eml"))
		sort.Slice(files, func(i, j int) bool {
			a, _ := os.Stat(files[i])
			b, _ := os.Stat(files[j])
			return a.ModTime().After(b.ModTime())
		})
		for _, f := range files {
			if st, err := os.Stat(f); err != nil || st.ModTime().Before(since) {
				continue
			}
			b, _ := os.ReadFile(f)
			if m := re.Find(b); m != nil {
				return string(m)
			}
		}
	}
	t.Fatalf("no mail with %s in %s", re, outbox)
	return ""
}

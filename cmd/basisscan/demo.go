package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"basisscan/configs"
	"basisscan/domain"
)

// demo walks one scan from intake to closed through the HTTP API of a
// service it starts on a fresh SQLite database in a temporary directory,
// printing every step.
func demo(ctx context.Context, cfg configs.Config, stdout, logOut io.Writer) error {
	dir, err := os.MkdirTemp("", "basisscan-demo-")
	if err != nil {
		return fmt.Errorf("demo directory: %w", err)
	}
	cfg.DatabaseURL = filepath.Join(dir, "demo.db")
	cfg.OutboxDir = filepath.Join(dir, "outbox")
	cfg.SMTPURL = "" // the demo's mail stays in its directory
	cfg.OutboxPoll = 50 * time.Millisecond
	cfg.KeyFile = filepath.Join(dir, "encryption.key")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	cfg.BaseURL = "http://" + ln.Addr().String()
	cfg.LogLevel = "warn"
	a, err := open(ctx, cfg, logOut)
	if err != nil {
		return err
	}
	defer a.close()
	ctx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- serveOn(ctx, a, ln) }()
	defer func() { stop(); <-done }()

	d := &demoClient{base: cfg.BaseURL, out: stdout}
	fmt.Fprintf(stdout, "basisscan demo: a service on %s, data in %s\n\n", cfg.BaseURL, dir)
	formateur, adviser, err := demoAccounts(ctx, a)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "organisation Gemeente Zuidhaven (basisscan org add); accounts: formateur Fatima de Vries,")
	fmt.Fprintln(stdout, "integrity adviser Arjen Bakker (basisscan user add)")
	return d.walk(cfg.OutboxDir, formateur, adviser)
}

// demoAccounts creates the demo's organisation and staff and returns the
// formateur's and the adviser's tokens.
func demoAccounts(ctx context.Context, a *app) (formateur, adviser string, err error) {
	const org = "Gemeente Zuidhaven"
	if _, err = a.service.AddOrganisation(ctx, org, domain.KindGemeente, domain.Policy{}); err != nil {
		return "", "", err
	}
	if _, formateur, err = a.service.AddUser(ctx, org, domain.RoleFormateur, "Fatima de Vries", "formateur@zuidhaven.nl"); err != nil {
		return "", "", err
	}
	_, adviser, err = a.service.AddUser(ctx, org, domain.RoleAdviser, "Arjen Bakker", "adviseur@integriteitsbureau.nl")
	return formateur, adviser, err
}

type demoClient struct {
	base string
	// bases, when set, take turns instead of base: one walk through several
	// instances of one deployment.
	bases []string
	out   io.Writer
	step  int
	err   error
}

// url is the base of the next request.
func (d *demoClient) url() string {
	if len(d.bases) > 0 {
		return d.bases[d.step%len(d.bases)]
	}
	return d.base
}

// call sends one request and prints it; after the first failure it does nothing.
func (d *demoClient) call(what, token, method, path string, body any, want int) map[string]any {
	if d.err != nil {
		return nil
	}
	d.step++
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, d.url()+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		d.err = fmt.Errorf("step %d %s: %w", d.step, what, err)
		return nil
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	state, _ := out["state"].(string)
	path = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f-]{27}`).ReplaceAllString(path, "{id}")
	path = regexp.MustCompile(`invitations/[^/]+`).ReplaceAllString(path, "invitations/{code}")
	fmt.Fprintf(d.out, "%2d. %-52s %-6s %-42s → %d %s\n", d.step, what, method, path, resp.StatusCode, state)
	if resp.StatusCode != want {
		d.err = fmt.Errorf("step %d %s: status %d, want %d: %v", d.step, what, resp.StatusCode, want, out)
	}
	return out
}

// download saves a file from the API and prints where it went.
func (d *demoClient) download(what, token, path, file, doc string) {
	if d.err != nil {
		return
	}
	d.step++
	req, _ := http.NewRequest(http.MethodGet, d.url()+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		d.err = fmt.Errorf("step %d %s: %w", d.step, what, err)
		return
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("status %d: %s", resp.StatusCode, b)
	}
	if err == nil {
		err = os.WriteFile(file, b, 0o600)
	}
	if err != nil {
		d.err = fmt.Errorf("step %d %s: %w", d.step, what, err)
		return
	}
	path = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f-]{27}`).ReplaceAllString(path, "{id}")
	fmt.Fprintf(d.out, "%2d. %-52s %-6s %-42s → %d\n", d.step, what, "GET", path, resp.StatusCode)
	fmt.Fprintf(d.out, "    %s (%d bytes) is at %s\n", doc, len(b), file)
}

// show prints the text of a downloaded PDF when pdftotext is at hand: the
// raad's summary is short enough to read in the terminal.
func (d *demoClient) show(file string) {
	if d.err != nil {
		return
	}
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		fmt.Fprintln(d.out, "    (install poppler-utils to see its text here)")
		return
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", "-layout", file, "-").Output()
	if err != nil {
		fmt.Fprintf(d.out, "    (pdftotext: %v)\n", err)
		return
	}
	for line := range strings.SplitSeq(strings.TrimRight(string(out), "\f\n "), "\n") {
		fmt.Fprintln(d.out, "    │ "+strings.TrimRight(line, " \f"))
	}
}

func (d *demoClient) walk(outbox, formateur, adviser string) error {
	today := time.Now()
	date := func(days int) string { return today.AddDate(0, 0, days).Format("2006-01-02") }

	scan := d.call("formateur starts a scan", formateur, "POST", "/api/v1/scans", map[string]any{
		"candidate":     map[string]string{"name": "Eva Ëlberts-Smit", "email": "eva@example.nl"},
		"office":        "wethouder",
		"adviser_email": "adviseur@integriteitsbureau.nl", "planned_appointment_date": date(30),
	}, http.StatusCreated)
	if d.err != nil {
		return d.err
	}
	id := scan["id"].(string)
	s := "/api/v1/scans/" + id
	code, err := invitationCode(outbox)
	if err != nil {
		return err
	}
	fmt.Fprintf(d.out, "    the invitation e-mail is in %s\n", outbox)
	tok := d.call("candidate accepts the invitation", "", "POST", "/api/v1/invitations/"+code+"/accept", nil, http.StatusOK)
	candidate, _ := tok["token"].(string)
	text := d.call("candidate reads the consent and privacy texts", candidate, "GET", s+"/consent", nil, http.StatusOK)
	textVersion, _ := text["version"].(string)
	d.call("candidate consents", candidate, "POST", s+"/consent", map[string]any{"consent": true, "version": textVersion}, http.StatusOK)
	q := d.call("candidate opens the questionnaire", candidate, "GET", s+"/questionnaire", nil, http.StatusOK)
	if d.err != nil {
		return d.err
	}
	version, _ := q["version"].(string)
	answers, err := configs.ExampleAnswers(version)
	if err != nil {
		return err
	}
	q = d.call("candidate saves the answers (configs/examples)", candidate, "PUT", s+"/questionnaire/answers",
		map[string]any{"answers": answers}, http.StatusOK)
	if missing, _ := q["missing"].([]any); d.err == nil && len(missing) > 0 {
		return fmt.Errorf("the example answers leave %v open", missing)
	}
	d.call("candidate submits the questionnaire", candidate, "POST", s+"/questionnaire/submit", nil, http.StatusOK)
	d.call("adviser records the open sources checked", adviser, "PUT", s+"/research", map[string]any{"sources": []map[string]string{
		{"source": "kvk", "checked_on": date(0), "note": "Eén eenmanszaak, sinds 2019 niet actief."},
		{"source": "news", "checked_on": date(0), "note": "Geen bijzonderheden."},
	}}, http.StatusOK)
	d.call("adviser records the interview", adviser, "POST", s+"/interview", map[string]any{
		"held_on": date(0), "summary": "Nevenfuncties en de eenmanszaak besproken.",
		"attendees": []map[string]string{{"name": "Eva Smit", "role": "kandidaat"}, {"name": "Arjen Bakker", "role": "integriteitsadviseur"}},
		"topics":    []string{"Nevenfuncties", "De eenmanszaak"}}, http.StatusOK)
	d.call("adviser records the VOG (issued, profile 01)", adviser, "PUT", s+"/vog", map[string]string{
		"status": "issued", "issued_on": date(-7), "profile": "01", "reference": "VOG-2026-0042"}, http.StatusOK)
	sig := d.call("adviser reads the signals in the answers", adviser, "GET", s+"/signals", nil, http.StatusOK)
	items, _ := sig["items"].([]any)
	for i, it := range items {
		v := it.(map[string]any)
		basis := ""
		if b, ok := v["legal_basis"].(string); ok {
			basis = ", " + b
		}
		fmt.Fprintf(d.out, "    signal %v: %v (%v%s)\n", v["key"], v["title"], v["class"], basis)
		if i == 0 {
			// The signal's text is written for the adviser; the advice states the facts.
			d.call("adviser accepts it as a finding, in own words, with who carries out its measure by when", adviser, "POST",
				s+"/signals/"+v["key"].(string)+"/accept", map[string]any{
					"description":   "De kandidaat heeft een eenmanszaak die sinds 2019 niet actief is en staat nog ingeschreven bij de KvK.",
					"measure_owner": "candidate", "measure_deadline": map[string]string{"kind": "before-appointment"}}, http.StatusOK)
		} else {
			d.call("adviser dismisses it, with a reason", adviser, "POST", s+"/signals/"+v["key"].(string)+"/dismiss",
				map[string]string{"reason": "Besproken in het gesprek; geen risico voor deze portefeuille."}, http.StatusOK)
		}
	}
	draft := d.call("adviser opens the draft advice", adviser, "GET", s+"/advice", nil, http.StatusOK)
	findings, _ := draft["findings"].([]any)
	for _, f := range findings {
		fmt.Fprintf(d.out, "    finding from signal %v: %v\n", f.(map[string]any)["signal"], f.(map[string]any)["title"])
	}
	d.call("adviser writes conclusion and summary", adviser, "PUT", s+"/advice", map[string]any{
		"conclusion": "beheersmaatregelen", "summary": "Geen belemmeringen; één beheersmaatregel.", "findings": findings,
	}, http.StatusOK)
	d.call("adviser puts the advice to the candidate", adviser, "POST", s+"/advice/submit", nil, http.StatusOK)
	d.call("candidate reads the draft advice", candidate, "GET", s+"/advice", nil, http.StatusOK)
	d.call("candidate responds (hoor en wederhoor)", candidate, "POST", s+"/advice/response", map[string]any{
		"agrees": true, "comment": "Ik kan me vinden in het advies."}, http.StatusOK)
	d.call("adviser signs off", adviser, "POST", s+"/sign-off", nil, http.StatusOK)
	adv := d.call("formateur reads the signed advice", formateur, "GET", s+"/advice", nil, http.StatusOK)
	if d.err == nil {
		fmt.Fprintf(d.out, "    conclusion %v, SHA-256 %v\n", adv["conclusion"], adv["sha256"])
	}
	d.download("formateur downloads the advice PDF", formateur, s+"/advice.pdf", filepath.Join(filepath.Dir(outbox), "advies.pdf"), "the advice PDF")
	raad := filepath.Join(filepath.Dir(outbox), "advies-raad.pdf")
	d.download("formateur downloads the summary for the raad", formateur, s+"/advice-raad.pdf", raad, "the raad's summary PDF")
	d.show(raad)
	d.call("formateur records the outcome: benoemd", formateur, "POST", s+"/outcome", map[string]string{"outcome": "benoemd"}, http.StatusOK)
	h := d.call("anyone on the scan reads its history", formateur, "GET", s+"/history", nil, http.StatusOK)
	if d.err != nil {
		return d.err
	}
	fmt.Fprintln(d.out, "\nhistory:")
	items, _ = h["items"].([]any)
	for _, it := range items {
		e := it.(map[string]any)
		fmt.Fprintf(d.out, "  %-16v → %-16v %-22v by %v\n", e["from"], e["to"], e["action"], e["actor_role"])
	}
	return nil
}

var inviteLink = regexp.MustCompile(`/invitations/([A-Za-z0-9_-]{20,})`)

// invitationCode reads the code from the newest message in the outbox,
// waiting up to ten seconds for the outbox to deliver it.
func invitationCode(outbox string) (string, error) {
	deadline := time.Now().Add(10 * time.Second)
	for {
		code, err := newestInvitationCode(outbox)
		if err == nil || time.Now().After(deadline) {
			return code, err
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// newestInvitationCode reads the code from the newest message in the outbox.
func newestInvitationCode(outbox string) (string, error) {
	files, err := filepath.Glob(filepath.Join(outbox, "*.eml"))
	if err != nil || len(files) == 0 {
		return "", fmt.Errorf("no invitation in %s", outbox)
	}
	// The newest invitation: other mails (the draft advice put to the
	// candidate) may have come since.
	for i := len(files) - 1; i >= 0; i-- {
		f, err := os.ReadFile(files[i])
		if err != nil {
			return "", err
		}
		_, body, _ := bytes.Cut(f, []byte("\r\n\r\n"))
		if m := inviteLink.FindSubmatch(body); m != nil {
			return string(m[1]), nil
		}
	}
	return "", fmt.Errorf("no invitation link in %s", outbox)
}

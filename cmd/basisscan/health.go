package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"basisscan/configs"
)

// health asks the running service on BASISSCAN_ADDR whether it is up
// (GET /healthz) or, with --ready, ready for requests (GET /readyz). It is the
// container's HEALTHCHECK: the image has no shell or curl.
func health(ctx context.Context, cfg configs.Config, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("health", flag.ContinueOnError)
	fs.SetOutput(stderr)
	ready := fs.Bool("ready", false, "ask /readyz: the database answers and its migrations are current")
	timeout := fs.Duration("timeout", 5*time.Second, "how long to wait for the answer")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := noArguments("health", fs.Args()); err != nil {
		return err
	}
	url, err := localURL(cfg.Addr)
	if err != nil {
		return err
	}
	path := "/healthz"
	if *ready {
		path = "/readyz"
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url+path, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("health: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("health: %s answered %s", path, resp.Status)
	}
	fmt.Fprintf(stdout, "%s: %s\n", path, resp.Status)
	return nil
}

// localURL is the address the service listens on as seen from its own
// machine: a listener on every interface (":8080", "0.0.0.0:8080") is asked
// on loopback.
func localURL(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("BASISSCAN_ADDR %q: %w", addr, err)
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	return "http://" + net.JoinHostPort(host, port), nil
}

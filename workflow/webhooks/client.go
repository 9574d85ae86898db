package webhooks

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"syscall"
	"time"
)

// ErrAddressRefused is returned for a URL that resolves to an address of
// this machine or its private network: a webhook must not become a way to
// reach the service's own neighbours.
var ErrAddressRefused = errors.New("dit adres is niet openbaar: er wordt niet naartoe verzonden")

// CheckURL refuses what no webhook may be: other than https (http only
// with allowLoopback, for tests and a receiver on the same machine), with
// credentials, or without a host.
func CheckURL(raw string, allowLoopback bool) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return errors.New("not an absolute URL")
	}
	if u.User != nil {
		return errors.New("a URL with a user name or password")
	}
	if u.Scheme != "https" && !(allowLoopback && u.Scheme == "http") {
		return errors.New("not https")
	}
	if u.Fragment != "" {
		return errors.New("a URL with a fragment")
	}
	return nil
}

// publicAddress reports whether ip may be connected to.
func publicAddress(ip netip.Addr, allowLoopback bool) bool {
	ip = ip.Unmap()
	if allowLoopback && ip.IsLoopback() {
		return true
	}
	return ip.IsGlobalUnicast() && !ip.IsPrivate() && !ip.IsLoopback() && !ip.IsLinkLocalUnicast() &&
		!netip.MustParsePrefix("100.64.0.0/10").Contains(ip) && // carrier-grade NAT
		!netip.MustParsePrefix("fc00::/7").Contains(ip)
}

// NewClient returns the HTTP client of the sender: it checks the address
// it actually connects to (after DNS, so a name that resolves to a private
// address is refused too, also on a second resolution), follows no
// redirects, and gives up after timeout.
func NewClient(timeout time.Duration, allowLoopback bool) *http.Client {
	dialer := &net.Dialer{Timeout: timeout, Control: func(network, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil || !publicAddress(ap.Addr(), allowLoopback) {
			return fmt.Errorf("%w: %s", ErrAddressRefused, address)
		}
		return nil
	}}
	transport := &http.Transport{
		Proxy: nil, // a proxy would connect on our behalf, past the check
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return dialer.DialContext(ctx, network, addr)
		},
		TLSHandshakeTimeout:   timeout,
		ResponseHeaderTimeout: timeout,
		MaxIdleConns:          16,
		IdleConnTimeout:       90 * time.Second,
	}
	return &http.Client{Transport: transport, Timeout: timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

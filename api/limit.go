package api

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// failureLimiter limits failed attempts per client address, such as guesses
// at invitation codes. Each failure takes a token; an address without
// tokens left is refused before it may try again.
type failureLimiter struct {
	mu      sync.Mutex
	every   time.Duration
	burst   int
	clients map[string]*limited
	now     func() time.Time
}

type limited struct {
	lim  *rate.Limiter
	seen time.Time
}

// newFailureLimiter allows burst failures at once, then one per every.
func newFailureLimiter(burst int, every time.Duration) *failureLimiter {
	return &failureLimiter{every: every, burst: burst, clients: map[string]*limited{}, now: time.Now}
}

func (f *failureLimiter) get(client string) *rate.Limiter {
	now := f.now()
	c, ok := f.clients[client]
	if !ok {
		// Forget addresses quiet for long enough to have refilled: the map
		// must not grow with every address that ever failed once.
		if len(f.clients) > 10000 {
			for k, v := range f.clients {
				if now.Sub(v.seen) > time.Duration(f.burst)*f.every {
					delete(f.clients, k)
				}
			}
		}
		c = &limited{lim: rate.NewLimiter(rate.Every(f.every), f.burst)}
		f.clients[client] = c
	}
	c.seen = now
	return c.lim
}

// allowed reports whether client may try now.
func (f *failureLimiter) allowed(client string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.get(client).TokensAt(f.now()) >= 1
}

// failed records a failed attempt of client.
func (f *failureLimiter) failed(client string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.get(client).AllowN(f.now(), 1)
}

// Package attempts limits failed attempts, such as guesses at invitation
// codes, for the API and the pages together.
package attempts

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limiter limits failed attempts, such as guesses at invitation
// codes, per client address and over all addresses together. It is only
// asked after an attempt failed, so a good attempt never pays for others'
// failures. It lives in process memory: with several instances each keeps
// its own count.
type Limiter struct {
	mu      sync.Mutex // one lock over check and spend: concurrent failures count exactly
	every   time.Duration
	burst   int
	global  *rate.Limiter
	clients map[string]*limited
	now     func() time.Time
}

type limited struct {
	lim  *rate.Limiter
	seen time.Time
}

// New allows each client burst failures at once, then one per
// every; all clients together perMinute failures a minute (at once too).
// now is its clock; nil means time.Now.
func New(burst int, every time.Duration, perMinute int, now func() time.Time) *Limiter {
	if now == nil {
		now = time.Now
	}
	return &Limiter{every: every, burst: burst, clients: map[string]*limited{}, now: now,
		global: rate.NewLimiter(rate.Every(time.Minute/time.Duration(perMinute)), perMinute)}
}

func (f *Limiter) get(client string, now time.Time) *rate.Limiter {
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

// Fail records a failed attempt of client when both its own and the overall
// allowance have room, and reports whether they had. When not, nothing is
// spent and wait is how long until the lacking allowance has room again.
func (f *Limiter) Fail(client string) (ok bool, wait time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	own := f.get(client, now)
	for _, l := range []*rate.Limiter{own, f.global} {
		if tokens := l.TokensAt(now); tokens < 1 {
			return false, time.Duration((1 - tokens) / float64(l.Limit()) * float64(time.Second))
		}
	}
	own.AllowN(now, 1)
	f.global.AllowN(now, 1)
	return true, 0
}

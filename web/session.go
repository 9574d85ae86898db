package web

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"basisscan/domain"
)

// Sessions live in the database (workflow's StartSession*, EndSession and
// Authenticate); the cookie only holds the session's secret. Over TLS the
// cookies carry the __Host- prefix: no subdomain can set or shadow them.

const (
	actorKey   = "actor"
	secretKey  = "session_secret"
	csrfKey    = "csrf"
	csrfField  = "csrf"
	plainToken = "session"
)

func (s *Server) sessionCookie() string {
	if s.secure {
		return "__Host-session"
	}
	return plainToken
}

func (s *Server) csrfCookie() string {
	if s.secure {
		return "__Host-csrf"
	}
	return "csrf"
}

func (s *Server) setCookie(c *gin.Context, name, value string, maxAge time.Duration) {
	http.SetCookie(c.Writer, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: int(maxAge.Seconds()),
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
}

// session resolves the session cookie, if any, to its actor. A cookie of a
// session that ended is dropped; the page then asks to sign in.
func (s *Server) session(c *gin.Context) {
	if ck, err := c.Request.Cookie(s.sessionCookie()); err == nil && ck.Value != "" {
		a, err := s.Scans.SessionActor(c.Request.Context(), ck.Value)
		switch {
		case err == nil:
			c.Set(actorKey, a)
			c.Set(secretKey, ck.Value)
		case domain.ErrorCodeOf(err) == domain.EUNAUTHORIZED:
			s.setCookie(c, s.sessionCookie(), "", -time.Second)
		default:
			s.fail(c, err)
			return
		}
	}
	c.Next()
}

// startSession sets the cookie of a new session. The session is new at
// every sign-in, so a secret planted before it is worth nothing after.
func (s *Server) startSession(c *gin.Context, secret string) {
	s.setCookie(c, s.sessionCookie(), secret, s.SessionMax)
	// A new form token too: one seen before sign-in is not trusted after.
	s.setCookie(c, s.csrfCookie(), randomHex(32), s.SessionMax)
}

func currentActor(c *gin.Context) (domain.Actor, bool) {
	a, ok := c.Get(actorKey)
	if !ok {
		return domain.Actor{}, false
	}
	return a.(domain.Actor), true
}

// checkForm gives every visitor a form token (a cookie, echoed in a hidden
// field of each form) and refuses a write whose field does not match it:
// another site can make a browser send the cookie, but cannot read it.
func (s *Server) checkForm(c *gin.Context) {
	token := ""
	if ck, err := c.Request.Cookie(s.csrfCookie()); err == nil && len(ck.Value) == 64 {
		token = ck.Value
	}
	if c.Request.Method == http.MethodGet || c.Request.Method == http.MethodHead {
		if token == "" {
			token = randomHex(32)
			s.setCookie(c, s.csrfCookie(), token, s.SessionMax)
		}
		c.Set(csrfKey, token)
		c.Next()
		return
	}
	sent := c.PostForm(csrfField)
	if sent == "" {
		sent = c.GetHeader("X-CSRF-Token") // the autosave script
	}
	if token == "" || subtle.ConstantTimeCompare([]byte(sent), []byte(token)) != 1 {
		c.Header("Content-Type", "text/plain; charset=utf-8")
		c.String(http.StatusForbidden, "Dit formulier is verlopen of kwam niet van deze website. Ga terug, laad de pagina opnieuw en probeer het nog eens.\n")
		c.Abort()
		return
	}
	c.Set(csrfKey, token)
	if !formTextAllowed(c) {
		s.fail(c, domain.Errorf(domain.EINVALID, "Wat u invulde bevat een teken dat wij niet kunnen verwerken, zoals een onzichtbaar stuurteken, "+
			"of is langer dan %d tekens. Ga terug, pas het aan en verstuur het opnieuw.", maxFormValue))
		return
	}
	c.Next()
}

// maxFormValue bounds each value of a form, in characters: the longest
// answer the questionnaire takes.
const maxFormValue = domain.MaxLongTextAnswer

// formTextAllowed applies the text rule of the API (domain.CheckText) to
// every value of the form, so that what the pages store is what the API
// would: no NUL (PostgreSQL refuses it), no control or bidi characters.
func formTextAllowed(c *gin.Context) bool {
	if err := c.Request.ParseMultipartForm(32 << 10); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		return false
	}
	for _, vs := range c.Request.PostForm {
		for _, v := range vs {
			if utf8.RuneCountInString(v) > maxFormValue || domain.CheckText(v, true) != nil {
				return false
			}
		}
	}
	return true
}

// requireActor lets only signed-in visitors through; others go to the
// sign-in page.
func (s *Server) requireActor(c *gin.Context) {
	if _, ok := currentActor(c); !ok {
		c.Redirect(http.StatusSeeOther, "/inloggen")
		c.Abort()
		return
	}
	c.Next()
}

// requireRole lets only signed-in visitors in one of the roles through;
// others get the same page as for an address that does not exist.
func (s *Server) requireRole(roles ...domain.Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		a, ok := currentActor(c)
		if !ok {
			c.Redirect(http.StatusSeeOther, "/inloggen")
			c.Abort()
			return
		}
		for _, r := range roles {
			if a.Role == r {
				c.Next()
				return
			}
		}
		s.notFound(c)
		c.Abort()
	}
}

package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"basisscan/domain"
)

type signInData struct{ Email string }

func (s *Server) home(c *gin.Context) {
	if a, ok := currentActor(c); ok {
		c.Redirect(http.StatusSeeOther, landing(a))
		return
	}
	c.Redirect(http.StatusSeeOther, "/inloggen")
}

// landing is where a signed-in visitor starts: the admin sees no scans.
func landing(a domain.Actor) string {
	if a.Role == domain.RoleAdmin {
		return "/beheer/accounts"
	}
	return "/scans"
}

func (s *Server) signInForm(c *gin.Context) {
	p := page{Title: "Inloggen", Data: signInData{}}
	if c.Query("afgemeld") != "" {
		p.Notice = "U bent afgemeld."
	}
	if c.Query("verlopen") != "" {
		p.Notice = "Uw sessie is verlopen. Log opnieuw in."
	}
	s.render(c, http.StatusOK, "signin.html", p)
}

// requestLink mails a sign-in link. The page that follows is the same
// whether or not the address is known.
func (s *Server) requestLink(c *gin.Context) {
	email := strings.TrimSpace(c.PostForm("email"))
	if email == "" || !strings.Contains(email, "@") || len(email) > 320 {
		s.render(c, http.StatusUnprocessableEntity, "signin.html", page{Title: "Inloggen", Data: signInData{Email: email},
			Errors: []fieldError{{ID: "f-email", Message: "Vul uw e-mailadres in, zoals naam@voorbeeld.nl."}}})
		return
	}
	// Every request spends from the limits, known address or not: the
	// answer must not tell them apart, and a flood of links to someone's
	// mailbox is stopped all the same.
	if ok, wait, err := s.Attempts.Fail(c.Request.Context(), c.ClientIP()); err != nil {
		s.fail(c, err)
		return
	} else if !ok {
		c.Header("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		s.fail(c, domain.Errorf(domain.ETOOMANY, "U hebt in korte tijd te vaak om een link gevraagd. Wacht een paar minuten en probeer het dan opnieuw."))
		return
	}
	if err := s.Scans.RequestSignInLink(c.Request.Context(), email); err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "signin_sent.html", page{Title: "Kijk in uw e-mail", Data: signInData{Email: email}})
}

type codeData struct{ Code string }

// signInCode shows a button, not a session: mail scanners and link
// previews open links, and must not use up the code.
func (s *Server) signInCode(c *gin.Context) {
	s.render(c, http.StatusOK, "signin_code.html", page{Title: "Inloggen", Data: codeData{Code: c.Param("code")}})
}

func (s *Server) useSignInCode(c *gin.Context) {
	secret, err := s.Scans.StartSessionByLink(c.Request.Context(), c.Param("code"))
	if err != nil {
		s.codeFailed(c, err, "Deze link werkt niet meer", "signin_gone.html")
		return
	}
	s.startSession(c, secret)
	c.Redirect(http.StatusSeeOther, "/")
}

func (s *Server) signOut(c *gin.Context) {
	if err := s.Scans.EndSession(c.Request.Context(), c.GetString(secretKey)); err != nil {
		s.fail(c, err)
		return
	}
	s.setCookie(c, s.sessionCookie(), "", -1)
	c.Redirect(http.StatusSeeOther, "/inloggen?afgemeld=1")
}

// codeFailed answers an invitation or sign-in code that did not work. Only
// an unknown code spends from the limits, which decide between the page
// saying so and the page asking to wait.
func (s *Server) codeFailed(c *gin.Context, err error, title, name string) {
	if !errors.Is(err, domain.ErrNotFound) {
		s.fail(c, err)
		return
	}
	if ok, wait, err := s.Attempts.Fail(c.Request.Context(), c.ClientIP()); err != nil {
		s.fail(c, err)
		return
	} else if !ok {
		c.Header("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		s.fail(c, domain.Errorf(domain.ETOOMANY, "Er zijn te veel links geprobeerd die niet werken. Wacht een paar minuten en probeer het dan opnieuw."))
		return
	}
	s.render(c, http.StatusNotFound, name, page{Title: title})
}

func (s *Server) privacy(c *gin.Context) {
	t, err := s.Scans.Privacy()
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "privacy.html", page{Title: "Privacyverklaring", Data: t})
}

package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"basisscan/domain"
)

// The admin's pages: the staff accounts of their organisation. No case
// content and no tokens: a new account's sign-in link goes to its owner.

func init() {
	notices["account-toegevoegd"] = "Het account is toegevoegd. De nieuwe medewerker krijgt een e-mail met een link om in te loggen."
	notices["account-uitgeschakeld"] = "Het account is uitgeschakeld. Deze medewerker kan niet meer inloggen."
	notices["account-ingeschakeld"] = "Het account is weer ingeschakeld. De medewerker krijgt een e-mail met een nieuwe link om in te loggen."
}

func (s *Server) adminRoutes(g *gin.RouterGroup) {
	g.GET("/beheer/accounts", s.accountList)
	g.GET("/beheer/accounts/nieuw", s.newAccountForm)
	g.POST("/beheer/accounts/nieuw", s.addAccount)
	g.GET("/beheer/accounts/:uid/uitschakelen", s.deactivateForm)
	g.POST("/beheer/accounts/:uid/uitschakelen", s.setAccountActive(false))
	g.POST("/beheer/accounts/:uid/inschakelen", s.setAccountActive(true))
}

// accountRow is one staff account as the list shows it.
type accountRow struct {
	domain.User
	Self bool // the admin's own account, which they cannot deactivate
}

func (s *Server) accountList(c *gin.Context) {
	a, _ := currentActor(c)
	users, err := s.Scans.Staff(c.Request.Context(), a)
	if err != nil {
		s.fail(c, err)
		return
	}
	rows := make([]accountRow, len(users))
	for i, u := range users {
		rows[i] = accountRow{User: u, Self: u.ID == a.UserID}
	}
	s.render(c, http.StatusOK, "admin_accounts.html", page{Title: "Accounts", Notice: notice(c), Data: rows})
}

// newAccountInput holds what the admin typed, kept when the form returns
// with errors.
type newAccountInput struct {
	Role, Name, Email string
	Roles             []domain.Role
}

// The ids of the fields of the new-account form, by the service's field names.
var newAccountFields = map[string]string{
	"role":  "f-rol-" + string(domain.StaffRoles[0]),
	"name":  "f-naam",
	"email": "f-email",
}

func (s *Server) newAccountForm(c *gin.Context) {
	s.render(c, http.StatusOK, "admin_new.html", page{Title: "Account toevoegen", Data: newAccountInput{Roles: domain.StaffRoles}})
}

func (s *Server) addAccount(c *gin.Context) {
	f := newAccountInput{Role: c.PostForm("rol"), Name: strings.TrimSpace(c.PostForm("naam")),
		Email: strings.TrimSpace(c.PostForm("email")), Roles: domain.StaffRoles}
	// The radios offer the staff roles only; anything else is no choice.
	if !slices.Contains(domain.StaffRoles, domain.Role(f.Role)) {
		s.render(c, http.StatusUnprocessableEntity, "admin_new.html", page{Title: "Account toevoegen", Data: f,
			Errors: []fieldError{{ID: newAccountFields["role"], Message: "Kies de rol van de nieuwe medewerker."}}})
		return
	}
	a, _ := currentActor(c)
	_, err := s.Scans.AddStaff(c.Request.Context(), a, domain.Role(f.Role), f.Name, f.Email)
	if errs, ok := formErrors(err, formateurFields(newAccountFields)); ok {
		s.render(c, http.StatusUnprocessableEntity, "admin_new.html", page{Title: "Account toevoegen", Errors: errs, Data: f})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/beheer/accounts?bericht=account-toegevoegd")
}

// staffAccount returns the account of the address among the admin's
// staff, or shows the page for why not: another organisation's account is
// not found.
func (s *Server) staffAccount(c *gin.Context) (*domain.User, bool) {
	a, _ := currentActor(c)
	users, err := s.Scans.Staff(c.Request.Context(), a)
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	for i := range users {
		if users[i].ID == c.Param("uid") {
			return &users[i], true
		}
	}
	s.notFound(c)
	return nil, false
}

func (s *Server) deactivateForm(c *gin.Context) {
	u, ok := s.staffAccount(c)
	if !ok {
		return
	}
	s.render(c, http.StatusOK, "admin_deactivate.html", page{Title: "Account uitschakelen", Data: u})
}

// setAccountActive serves deactivating (false) or activating (true) an account.
func (s *Server) setAccountActive(active bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		a, _ := currentActor(c)
		if err := s.Scans.SetStaffActive(c.Request.Context(), a, c.Param("uid"), active); err != nil {
			s.fail(c, err)
			return
		}
		key := map[bool]string{true: "account-ingeschakeld", false: "account-uitgeschakeld"}[active]
		c.Redirect(http.StatusSeeOther, "/beheer/accounts?bericht="+key)
	}
}

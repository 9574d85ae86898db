package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"basisscan/domain"
)

type userRequest struct {
	Role  string `json:"role" validate:"required,staff_role"`
	Name  string `json:"name" validate:"required,notblank,max=200"`
	Email string `json:"email" validate:"required,email,max=254"`
}

type userResponse struct {
	ID     string      `json:"id"`
	Role   domain.Role `json:"role"`
	Name   string      `json:"name"`
	Email  string      `json:"email"`
	Active bool        `json:"active"`
}

type tokenResponse struct {
	ID         string     `json:"id"`
	Kind       string     `json:"kind"` // "bearer" for the API, "session" for the pages
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  time.Time  `json:"expires_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
	LastUsedAt *time.Time `json:"last_used_at"` // to the minute for a bearer token
}

type candidateRequest struct {
	Email string `json:"email" validate:"required,email,max=254"`
}

func toUserResponse(u domain.User) userResponse {
	return userResponse{ID: u.ID, Role: u.Role, Name: u.Name, Email: u.Email, Active: u.Active}
}

func (s *Server) listUsers(c *gin.Context) {
	users, err := s.Scans.Staff(c.Request.Context(), actor(c))
	if err != nil {
		respondError(c, err)
		return
	}
	out := listResponse[userResponse]{Items: make([]userResponse, len(users))}
	for i, u := range users {
		out.Items[i] = toUserResponse(u)
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) addUser(c *gin.Context) {
	var req userRequest
	if err := bindStrict(c, &req); err != nil {
		respondError(c, err)
		return
	}
	// The new staff member's credential goes to their own address, never
	// into this reply: the admin must not hold it.
	u, err := s.Scans.AddStaff(c.Request.Context(), actor(c), domain.Role(req.Role), req.Name, req.Email)
	if err != nil {
		respondError(c, err)
		return
	}
	c.Header("Location", "/api/v1/users/"+u.ID)
	c.JSON(http.StatusCreated, toUserResponse(*u))
}

// setUserActive serves deactivating (false) or activating (true) an account.
func (s *Server) setUserActive(active bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		var req emptyRequest
		if err := bindStrict(c, &req); err != nil {
			respondError(c, err)
			return
		}
		if err := s.Scans.SetStaffActive(c.Request.Context(), actor(c), c.Param("uid"), active); err != nil {
			respondError(c, err)
			return
		}
		c.Status(http.StatusNoContent)
	}
}

func (s *Server) listTokens(c *gin.Context) {
	tokens, err := s.Scans.Tokens(c.Request.Context(), actor(c), c.Param("uid"))
	if err != nil {
		respondError(c, err)
		return
	}
	out := listResponse[tokenResponse]{Items: make([]tokenResponse, len(tokens))}
	for i, t := range tokens {
		kind := "bearer"
		if t.Session {
			kind = "session"
		}
		out.Items[i] = tokenResponse{ID: t.ID, Kind: kind, CreatedAt: t.CreatedAt, ExpiresAt: t.ExpiresAt, RevokedAt: t.RevokedAt,
			LastUsedAt: t.LastUsedAt}
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) revokeToken(c *gin.Context) {
	var req emptyRequest
	if err := bindStrict(c, &req); err != nil {
		respondError(c, err)
		return
	}
	if err := s.Scans.RevokeToken(c.Request.Context(), actor(c), c.Param("uid"), c.Param("tid")); err != nil {
		respondError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) deactivateCandidate(c *gin.Context) {
	var req candidateRequest
	if err := bindStrict(c, &req); err != nil {
		respondError(c, err)
		return
	}
	if err := s.Scans.DeactivateCandidate(c.Request.Context(), actor(c), req.Email); err != nil {
		respondError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

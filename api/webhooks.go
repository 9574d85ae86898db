package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"basisscan/domain"
	"basisscan/workflow"
)

type webhookRequest struct {
	URL    string `json:"url" validate:"required,max=2000"`
	Secret string `json:"secret" validate:"max=200"`
}

type webhookResponse struct {
	ID        string    `json:"id"`
	URL       string    `json:"url"`
	CreatedAt time.Time `json:"created_at"`
	// Secret is in the reply to the registration only.
	Secret string `json:"secret,omitempty"`
}

type deliveryResponse struct {
	ID         string       `json:"id"`
	EventID    string       `json:"event_id"`
	Type       string       `json:"type"`
	ScanID     string       `json:"scan_id"`
	FromState  domain.State `json:"from_state,omitempty"`
	ToState    domain.State `json:"to_state"`
	Version    int          `json:"version"`
	Status     string       `json:"status"`
	Attempts   int          `json:"attempts"`
	LastStatus int          `json:"last_status,omitempty"`
	LastError  string       `json:"last_error,omitempty"`
	CreatedAt  time.Time    `json:"created_at"`
	LastTryAt  *time.Time   `json:"last_try_at"`
	DoneAt     *time.Time   `json:"done_at"`
}

func (s *Server) listWebhooks(c *gin.Context) {
	hooks, err := s.Scans.Webhooks(c.Request.Context(), actor(c))
	if err != nil {
		respondError(c, err)
		return
	}
	out := listResponse[webhookResponse]{Items: make([]webhookResponse, len(hooks))}
	for i, w := range hooks {
		out.Items[i] = webhookResponse{ID: w.ID, URL: w.URL, CreatedAt: w.CreatedAt}
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) addWebhook(c *gin.Context) {
	var req webhookRequest
	if err := bindStrict(c, &req); err != nil {
		respondError(c, err)
		return
	}
	w, secret, err := s.Scans.RegisterWebhook(c.Request.Context(), actor(c), workflow.NewWebhook{URL: req.URL, Secret: req.Secret})
	if err != nil {
		respondError(c, err)
		return
	}
	c.Header("Location", "/api/v1/webhooks/"+w.ID)
	c.JSON(http.StatusCreated, webhookResponse{ID: w.ID, URL: w.URL, CreatedAt: w.CreatedAt, Secret: secret})
}

func (s *Server) deleteWebhook(c *gin.Context) {
	if err := s.Scans.DeleteWebhook(c.Request.Context(), actor(c), c.Param("wid")); err != nil {
		respondError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// deliveryLimit bounds one listing of deliveries.
const deliveryLimit = 100

func (s *Server) listDeliveries(c *gin.Context) {
	limit := 50
	if v, ok := c.GetQuery("limit"); ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > deliveryLimit {
			respondError(c, domain.Invalid(domain.FieldError{Field: "limit", Message: "Vul een heel getal van 1 tot en met 100 in."}))
			return
		}
		limit = n
	}
	ds, err := s.Scans.Deliveries(c.Request.Context(), actor(c), c.Param("wid"), limit)
	if err != nil {
		respondError(c, err)
		return
	}
	out := listResponse[deliveryResponse]{Items: make([]deliveryResponse, len(ds))}
	for i, d := range ds {
		out.Items[i] = deliveryResponse{ID: d.ID, EventID: d.Event.ID, Type: d.Event.Type, ScanID: d.Event.ScanID,
			FromState: d.Event.FromState, ToState: d.Event.ToState, Version: d.Event.Version, Status: d.Status,
			Attempts: d.Attempts, LastStatus: d.LastStatus, LastError: d.LastError, CreatedAt: d.CreatedAt,
			LastTryAt: d.LastTryAt, DoneAt: d.DoneAt}
	}
	c.JSON(http.StatusOK, out)
}

package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"basisscan/domain"
	"basisscan/workflow"
)

// actionFunc is a workflow action without parameters.
type actionFunc func(ctx context.Context, a domain.Actor, id string, ifMatch *int) (*domain.Scan, error)

// withoutBody serves an action that takes no parameters: an empty body or {}.
func withoutBody(s *Server, fn actionFunc) gin.HandlerFunc {
	return func(c *gin.Context) {
		var req emptyRequest
		im, ok := bindWrite(c, &req)
		if !ok {
			return
		}
		sc, err := fn(c.Request.Context(), actor(c), c.Param("id"), im)
		s.respondScan(c, sc, err)
	}
}

// withBody serves an action whose request R converts to the workflow's input T.
func withBody[R any, T any](s *Server, fn func(context.Context, domain.Actor, string, *int, T) (*domain.Scan, error),
	convert func(R) (T, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		var req R
		im, ok := bindWrite(c, &req)
		if !ok {
			return
		}
		in, err := convert(req)
		if err != nil {
			respondError(c, err)
			return
		}
		sc, err := fn(c.Request.Context(), actor(c), c.Param("id"), im, in)
		s.respondScan(c, sc, err)
	}
}

func (s *Server) respondScan(c *gin.Context, sc *domain.Scan, err error) {
	if err != nil {
		respondError(c, err)
		return
	}
	setETag(c, sc.Version)
	c.JSON(http.StatusOK, s.scanView(actor(c), sc))
}

// health is GET /healthz: the process is up and answers. It does not look
// at the database, so that an orchestrator does not restart instances
// for an outage they cannot mend; readiness does.
func (s *Server) health(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

// ready is GET /readyz: the database answers and its migrations are
// current, so requests can be sent here.
func (s *Server) ready(c *gin.Context) {
	check := s.Ready
	if check == nil {
		check = s.Ping
	}
	if check != nil {
		if err := check(c.Request.Context()); err != nil {
			respondError(c, domain.Unavailable(err, "De dienst is nog niet gereed: de database is niet bereikbaar of nog niet bijgewerkt."))
			return
		}
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready"})
}

func (s *Server) acceptInvitation(c *gin.Context) { s.redeemCode(c, s.Scans.AcceptInvitation) }

// signIn exchanges the code of a mailed sign-in link for a bearer token.
func (s *Server) signIn(c *gin.Context) { s.redeemCode(c, s.Scans.SignIn) }

// redeemCode serves exchanging a single-use code from an e-mail for a
// token; failed codes count against the client, whichever kind they are.
func (s *Server) redeemCode(c *gin.Context, redeem func(context.Context, string) (string, error)) {
	var req emptyRequest
	if err := bindStrict(c, &req); err != nil {
		respondError(c, err)
		return
	}
	// The code is checked first: a valid one is accepted whatever others
	// from the same address (one reverse proxy, say) got wrong. Only an
	// unknown code spends from the limits, which decide whether it is
	// answered 404 or 429.
	token, err := redeem(c.Request.Context(), c.Param("code"))
	if err != nil {
		if errors.Is(err, domain.ErrNotFound) {
			ok, wait, ferr := s.Attempts.Fail(c.Request.Context(), c.ClientIP())
			if ferr != nil {
				respondError(c, ferr)
				return
			}
			if !ok {
				c.Header("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
				respondError(c, errTooManyAttempts)
				return
			}
		}
		respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"token": token})
}

func (s *Server) createScan(c *gin.Context) {
	var req createScanRequest
	if err := bindStrict(c, &req); err != nil {
		respondError(c, err)
		return
	}
	in, err := req.toDomain()
	if err != nil {
		respondError(c, err)
		return
	}
	sc, err := s.Scans.CreateScan(c.Request.Context(), actor(c), in)
	if err != nil {
		respondError(c, err)
		return
	}
	c.Header("Location", "/api/v1/scans/"+sc.ID)
	setETag(c, sc.Version)
	c.JSON(http.StatusCreated, s.scanView(actor(c), sc))
}

func (s *Server) getScan(c *gin.Context) {
	sc, err := s.Scans.Scan(c.Request.Context(), actor(c), c.Param("id"))
	if err != nil || actor(c).Role != domain.RoleAdviser || sc.Rescan == nil {
		s.respondScan(c, sc, err)
		return
	}
	s.respondRescan(c, sc)
}

// consentText gives the candidate (or the adviser) the consent text and the
// privacy statement as the candidate reads them.
func (s *Server) consentText(c *gin.Context) {
	v, err := s.Scans.ConsentText(c.Request.Context(), actor(c), c.Param("id"))
	if err != nil {
		respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, consentTextResponse{Version: v.Consent.Version, Text: v.Consent.Text,
		PrivacyStatement: textResponse{Version: v.Privacy.Version, Text: v.Privacy.Text}, PrivacyURL: s.Scans.PrivacyURL()})
}

// privacy serves the privacy statement to anyone: the invitation links it.
func (s *Server) privacy(c *gin.Context) {
	p, err := s.Scans.Privacy()
	if err != nil {
		respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, textResponse{Version: p.Version, Text: p.Text})
}

func (s *Server) history(c *gin.Context) {
	h, err := s.Scans.History(c.Request.Context(), actor(c), c.Param("id"))
	if err != nil {
		respondError(c, err)
		return
	}
	out := listResponse[historyResponse]{Items: make([]historyResponse, len(h))}
	for i, e := range h {
		out.Items[i] = historyResponse{Seq: e.Seq, From: e.From, To: e.To, Action: e.Action,
			ActorRole: e.ActorRole, Reason: e.Reason, At: e.At}
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) getAdvice(c *gin.Context) {
	sc, err := s.Scans.Advice(c.Request.Context(), actor(c), c.Param("id"))
	if err != nil {
		respondError(c, err)
		return
	}
	setETag(c, sc.Version)
	c.JSON(http.StatusOK, withWeighing(toAdviceResponse(sc), sc, actor(c).Role))
}

func (s *Server) saveAdvice(c *gin.Context) {
	var req adviceRequest
	im, ok := bindWrite(c, &req)
	if !ok {
		return
	}
	in, err := req.toDomain()
	if err != nil {
		respondError(c, err)
		return
	}
	sc, err := s.Scans.SaveAdvice(c.Request.Context(), actor(c), c.Param("id"), im, in)
	if err != nil {
		respondError(c, err)
		return
	}
	setETag(c, sc.Version)
	c.JSON(http.StatusOK, withWeighing(toAdviceResponse(sc), sc, actor(c).Role))
}

func (s *Server) auditTrail(c *gin.Context) {
	trail, err := s.Scans.AuditTrail(c.Request.Context(), actor(c), c.Param("id"))
	if err != nil {
		respondError(c, err)
		return
	}
	chain, brk := trail.Chain, trail.Break
	out := auditTrailResponse{Intact: brk == nil, Items: make([]auditEventResponse, len(chain.Events)),
		Refusals: make([]refusalResponse, len(trail.Refusals))}
	for i, r := range trail.Refusals {
		out.Refusals[i] = refusalResponse{Minute: r.Minute, ActorID: r.ActorID, ActorRole: r.ActorRole,
			Organisation: r.Organisation, Action: r.Action, Object: r.Object, Source: r.Source, Count: r.Count}
	}
	if brk != nil {
		out.Break = &chainBreakResponse{Chain: brk.Chain, Seq: brk.Seq, Reason: brk.Reason}
	}
	for i, e := range chain.Events {
		out.Items[i] = auditEventResponse{Seq: e.Seq, At: e.At, ActorID: e.ActorID, ActorRole: e.ActorRole,
			Organisation: e.Organisation, Action: e.Action, Object: e.Object, Result: e.Result,
			RequestID: e.RequestID, Source: e.Source, PrevHash: e.PrevHash, Hash: e.Hash}
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) verifyAudit(c *gin.Context) {
	n, breaks, err := s.Scans.VerifyAudit(c.Request.Context(), actor(c))
	if err != nil {
		respondError(c, err)
		return
	}
	out := auditVerifyResponse{Chains: n, Intact: len(breaks) == 0, Breaks: []chainBreakResponse{}}
	for _, b := range breaks {
		out.Breaks = append(out.Breaks, chainBreakResponse{Chain: b.Chain, Seq: b.Seq, Reason: b.Reason})
	}
	c.JSON(http.StatusOK, out)
}

// Conversions from requests to workflow inputs.

func (r createScanRequest) toDomain() (workflow.CreateScanInput, error) {
	d, err := parseDate("planned_appointment_date", r.PlannedAppointmentDate)
	in := workflow.CreateScanInput{
		CandidateName: r.Candidate.Name, CandidateEmail: r.Candidate.Email, Office: domain.Office(r.Office),
		AdviserEmail: r.AdviserEmail, PlannedAppointmentDate: d, Portfolio: r.Portfolio,
	}
	if r.Recipient != nil {
		in.RecipientRole, in.RecipientEmail = domain.RecipientRole(r.Recipient.Role), r.Recipient.Email
	}
	if r.Rescan != nil {
		in.Rescan = &workflow.RescanInput{Kind: domain.RescanKind(r.Rescan.Kind), EarlierReference: r.Rescan.EarlierReference}
	}
	return in, err
}

func (r interviewRequest) toDomain() (domain.Interview, error) {
	d, err := parseDate("held_on", r.HeldOn)
	in := domain.Interview{HeldOn: d, Summary: r.Summary, Topics: r.Topics, Attendees: make([]domain.Attendee, len(r.Attendees))}
	for i, at := range r.Attendees {
		in.Attendees[i] = domain.Attendee(at)
	}
	return in, err
}

func (r researchRequest) toDomain() ([]domain.ResearchSource, error) {
	out := make([]domain.ResearchSource, len(r.Sources))
	for i, src := range r.Sources {
		d, err := parseDate(fmt.Sprintf("sources[%d].checked_on", i), src.CheckedOn)
		if err != nil {
			return nil, err
		}
		out[i] = domain.ResearchSource{Source: domain.SourceKind(src.Source), CheckedOn: d, Note: src.Note}
	}
	return out, nil
}

func (r vogRequest) toDomain() (domain.VOG, error) {
	d, err := parseDate("issued_on", r.IssuedOn)
	return domain.VOG{Status: domain.VOGStatus(r.Status), IssuedOn: d, Profile: r.Profile, Reference: r.Reference}, err
}

func (r adviceRequest) toDomain() (workflow.AdviceInput, error) {
	in := workflow.AdviceInput{Conclusion: domain.Conclusion(r.Conclusion), Summary: r.Summary,
		Findings: make([]domain.Finding, len(r.Findings))}
	for i, f := range r.Findings {
		dl, err := f.MeasureDeadline.toDomain(fmt.Sprintf("findings[%d].measure_deadline.on", i))
		if err != nil {
			return in, err
		}
		in.Findings[i] = domain.Finding{Domain: domain.RiskDomain(f.Domain), Title: f.Title,
			Description: f.Description, Class: domain.FindingClass(f.Class), Measure: f.Measure,
			LegalBasis: f.LegalBasis, Signal: f.Signal, MeasureOwner: domain.MeasureOwner(f.MeasureOwner), MeasureDeadline: dl}
	}
	return in, nil
}

// toDomain converts a measure's deadline; nil is none.
func (r *deadlineRequest) toDomain(field string) (domain.MeasureDeadline, error) {
	if r == nil {
		return domain.MeasureDeadline{}, nil
	}
	on, err := parseDate(field, r.On)
	return domain.MeasureDeadline{Kind: domain.DeadlineKind(r.Kind), On: on}, err
}

func (r reasonRequest) text() (string, error) { return r.Reason, nil }

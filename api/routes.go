package api

import (
	"github.com/gin-gonic/gin"

	"basisscan/domain"
	"basisscan/workflow"
)

// routes lists every route of the API in one place.
func (s *Server) routes(r *gin.Engine) {
	r.GET("/healthz", s.health)
	r.GET("/readyz", s.ready)
	v1 := r.Group("/api/v1")
	v1.POST("/invitations/:code/accept", s.acceptInvitation)
	v1.POST("/sign-in/:code", s.signIn)
	v1.GET("/privacy", s.privacy)
	v1.GET("/openapi.json", s.openAPI)

	a := v1.Group("", s.authenticate, s.requireIfMatch)
	a.GET("/audit/verify", s.verifyAudit)
	a.GET("/users", s.listUsers)
	a.POST("/users", s.idempotent, s.addUser)
	a.POST("/users/:uid/deactivate", s.setUserActive(false))
	a.POST("/users/:uid/activate", s.setUserActive(true))
	a.GET("/users/:uid/tokens", s.listTokens)
	a.POST("/users/:uid/tokens/:tid/revoke", s.revokeToken)
	a.POST("/candidates/deactivate", s.deactivateCandidate)
	a.GET("/webhooks", s.listWebhooks)
	a.POST("/webhooks", s.addWebhook)
	a.DELETE("/webhooks/:wid", s.deleteWebhook)
	a.GET("/webhooks/:wid/deliveries", s.listDeliveries)
	a.GET("/scans", s.listScans)
	a.POST("/scans", s.idempotent, s.createScan)
	a.GET("/scans/:id", s.getScan)
	a.GET("/scans/:id/history", s.history)
	a.GET("/scans/:id/audit", s.auditTrail)
	a.GET("/scans/:id/export", s.export)
	a.GET("/scans/:id/case-file", s.caseFile)
	a.POST("/scans/:id/erase", s.erase)
	a.GET("/scans/:id/consent", s.consentText)
	a.POST("/scans/:id/consent", withBody(s, s.Scans.Consent, func(r consentRequest) (workflow.ConsentInput, error) {
		return workflow.ConsentInput{Given: *r.Consent, Version: r.Version}, nil
	}))
	a.GET("/scans/:id/questionnaire", s.questionnaire)
	a.PUT("/scans/:id/questionnaire/answers", s.saveAnswers)
	a.POST("/scans/:id/questionnaire/submit", withoutBody(s, s.Scans.SubmitQuestionnaire))
	a.POST("/scans/:id/clarifications", s.idempotent, withBody(s, s.Scans.RequestClarification, func(r clarificationRequest) (workflow.ClarificationInput, error) {
		return workflow.ClarificationInput{Questions: r.Questions, Note: r.Note}, nil
	}))
	a.PUT("/scans/:id/clarifications/:cid/answers", s.answerClarification)
	a.GET("/scans/:id/signals", s.signals)
	a.POST("/scans/:id/signals/:key/accept", signalAction(s, s.acceptSignal))
	a.POST("/scans/:id/signals/:key/dismiss", signalAction(s, s.dismissSignal))
	a.POST("/scans/:id/interview", s.idempotent, withBody(s, s.Scans.RecordInterview, interviewRequest.toDomain))
	a.PUT("/scans/:id/research", withBody(s, s.Scans.RecordResearch, researchRequest.toDomain))
	a.PUT("/scans/:id/vog", withBody(s, s.Scans.RecordVOG, vogRequest.toDomain))
	a.GET("/scans/:id/advice", s.getAdvice)
	a.PUT("/scans/:id/advice", s.saveAdvice)
	a.GET("/scans/:id/advice.pdf", s.document(domain.DocumentAdvice))
	a.GET("/scans/:id/advice-raad.pdf", s.document(domain.DocumentRaad))
	a.POST("/scans/:id/advice/submit", withoutBody(s, s.Scans.SubmitAdvice))
	a.POST("/scans/:id/advice/reopen", withoutBody(s, s.Scans.ReopenAdvice))
	a.POST("/scans/:id/advice/response", withBody(s, s.Scans.Respond, func(r responseRequest) (workflow.ResponseInput, error) {
		return workflow.ResponseInput{Agrees: *r.Agrees, Comment: r.Comment}, nil
	}))
	a.PUT("/scans/:id/advice/weighing", withBody(s, s.Scans.WeighResponse, func(r weighingRequest) (workflow.WeighingInput, error) {
		return workflow.WeighingInput{Changed: *r.Changed, Explanation: r.Explanation}, nil
	}))
	a.PUT("/scans/:id/portfolio", withBody(s, s.Scans.EditPortfolio, func(r portfolioRequest) (string, error) {
		return r.Portfolio, nil
	}))
	a.POST("/scans/:id/review/close", withoutBody(s, s.Scans.CloseReview))
	a.POST("/scans/:id/sign-off", withoutBody(s, s.Scans.SignOff))
	a.POST("/scans/:id/outcome", withBody(s, s.Scans.RecordOutcome, func(r outcomeRequest) (domain.Outcome, error) {
		return domain.Outcome(r.Outcome), nil
	}))
	a.POST("/scans/:id/withdraw", withBody(s, s.Scans.Withdraw, reasonRequest.text))
	a.POST("/scans/:id/cancel", withBody(s, s.Scans.Cancel, reasonRequest.text))
	a.PUT("/scans/:id/planned-appointment-date", s.changeAppointmentDate())
	a.PUT("/scans/:id/second-adviser", withBody(s, s.Scans.AssignSecondAdviser, func(r secondAdviserRequest) (string, error) {
		return r.Email, nil
	}))
}

package api

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"basisscan/domain"
	"basisscan/workflow"
)

func (s *Server) questionnaire(c *gin.Context) {
	q, err := s.Scans.Questionnaire(c.Request.Context(), actor(c), c.Param("id"))
	writeQuestionnaire(c, q, err)
}

// writeQuestionnaire answers with q, or with err.
func writeQuestionnaire(c *gin.Context, q *workflow.QuestionnaireView, err error) {
	if err != nil {
		respondError(c, err)
		return
	}
	setETag(c, q.Version)
	c.JSON(http.StatusOK, toQuestionnaireResponse(q))
}

// saveAnswers saves a draft. A save with a stale If-Match gets 412 with the
// answers as they are now, so that a second tab merges instead of
// overwriting newer answers.
func (s *Server) saveAnswers(c *gin.Context) {
	var req answersRequest
	im, ok := bindWrite(c, &req)
	if !ok {
		return
	}
	ctx, a, id := c.Request.Context(), actor(c), c.Param("id")
	sc, err := s.Scans.SaveAnswers(ctx, a, id, im, domain.Answers(req.Answers))
	if err != nil {
		if errors.Is(err, domain.ErrStale) {
			if q, qerr := s.Scans.Questionnaire(ctx, a, id); qerr == nil {
				setETag(c, q.Version)
				respondErrorWith(c, err, func(p *problem) { p.Answers, p.CurrentVersion = q.Answers, q.Version })
				return
			}
		}
		respondError(c, err)
		return
	}
	s.respondQuestionnaire(c, sc)
}

// respondQuestionnaire answers a write with the questionnaire as it left it.
func (s *Server) respondQuestionnaire(c *gin.Context, sc *domain.Scan) {
	q, err := s.Scans.QuestionnaireAfter(sc)
	writeQuestionnaire(c, q, err)
}

func (s *Server) answerClarification(c *gin.Context) {
	var req answersRequest
	im, ok := bindWrite(c, &req)
	if !ok {
		return
	}
	sc, err := s.Scans.AnswerClarification(c.Request.Context(), actor(c), c.Param("id"), im, c.Param("cid"),
		domain.Answers(req.Answers))
	if err != nil {
		respondError(c, err)
		return
	}
	s.respondQuestionnaire(c, sc)
}

func (s *Server) signals(c *gin.Context) {
	views, err := s.Scans.Signals(c.Request.Context(), actor(c), c.Param("id"))
	if err != nil {
		respondError(c, err)
		return
	}
	out := listResponse[signalResponse]{Items: make([]signalResponse, len(views))}
	for i, v := range views {
		r := v.Rule
		out.Items[i] = signalResponse{Key: v.Key, Rule: r.ID, Status: v.Status, Reason: v.Reason, DecidedAt: v.DecidedAt,
			Domain: r.Domain, Class: r.Class, Title: r.Title, Description: r.Description, LegalBasis: r.LegalBasis,
			Source: r.Source, AdviserWordsOnly: r.AdviserWordsOnly, Measure: r.Measure, Section: v.Section, Question: r.When.Question, Answer: v.Answer, Entry: v.Entry}
	}
	c.JSON(http.StatusOK, out)
}

// signalAction serves accepting or dismissing the signal named in the path.
func signalAction[R any](s *Server, do func(c *gin.Context, im *int, key string, req R) (*domain.Scan, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		var req R
		im, ok := bindWrite(c, &req)
		if !ok {
			return
		}
		sc, err := do(c, im, c.Param("key"), req)
		s.respondScan(c, sc, err)
	}
}

func (s *Server) acceptSignal(c *gin.Context, im *int, key string, r signalAcceptRequest) (*domain.Scan, error) {
	dl, err := r.MeasureDeadline.toDomain("measure_deadline.on")
	if err != nil {
		return nil, err
	}
	return s.Scans.AcceptSignal(c.Request.Context(), actor(c), c.Param("id"), im, key, workflow.FindingEdit{
		Domain: domain.RiskDomain(r.Domain), Class: domain.FindingClass(r.Class), Title: r.Title,
		Description: r.Description, Measure: r.Measure, MeasureOwner: domain.MeasureOwner(r.MeasureOwner), MeasureDeadline: dl})
}

func (s *Server) dismissSignal(c *gin.Context, im *int, key string, r signalDismissRequest) (*domain.Scan, error) {
	return s.Scans.DismissSignal(c.Request.Context(), actor(c), c.Param("id"), im, key, r.Reason)
}

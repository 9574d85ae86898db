package gormstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"basisscan/domain"
)

// participantWhere returns the condition that selects f's participant's
// scans in f's organisations and its arguments; ok is false when the
// filter can match nothing (a malformed id, no organisation).
func participantWhere(f domain.ScanFilter) (where string, args []any, ok bool, err error) {
	var id string
	checkID := true
	switch {
	case f.Reference != "":
		where, id, checkID = "s.reference = @id", f.Reference, false
	case f.CandidateID != "":
		where, id = "s.candidate_id = @id", f.CandidateID
	case f.AdviserID != "":
		where, id = "(s.adviser_id = @id OR s.second_adviser_id = @id)", f.AdviserID
	case f.FormateurID != "":
		// The formateur who started a scan, or the one it is addressed to.
		where, id = "(s.formateur_id = @id OR s.recipient_id = @id)", f.FormateurID
	default:
		return "", nil, false, fmt.Errorf("list scans: empty filter")
	}
	orgs := make([]string, 0, len(f.Organisations))
	for _, o := range f.Organisations {
		if validID(o) {
			orgs = append(orgs, o)
		}
	}
	if (checkID && !validID(id)) || len(orgs) == 0 {
		return "", nil, false, nil
	}
	return where + " AND s.organisation_id IN @orgs", []any{sql.Named("id", id), sql.Named("orgs", orgs)}, true, nil
}

// ScanPage implements domain.Store. The list is keyset-paginated on
// (created_at, id), both descending: a scan created while a client walks
// the pages sorts before the cursor and moves no row of the walk, so
// nothing that existed when the walk began is skipped or shown twice.
func (s *Store) ScanPage(ctx context.Context, f domain.ScanFilter, q domain.ScanQuery) (domain.ScanPage, error) {
	if q.Limit < 1 || q.Limit > domain.MaxPageSize {
		return domain.ScanPage{}, fmt.Errorf("list scans: page size %d", q.Limit)
	}
	where, args, ok, err := participantWhere(f)
	if err != nil {
		return domain.ScanPage{}, err
	}
	bind := s.cursorBinding(f, q)
	var after *cursorPosition
	if q.Cursor != "" {
		p, err := s.openCursor(q.Cursor, bind)
		if err != nil {
			return domain.ScanPage{}, err
		}
		after = &p
	}
	if !ok {
		return domain.ScanPage{Scans: []domain.Scan{}}, nil
	}
	conds := []string{where}
	if len(q.States) > 0 {
		states := make([]string, len(q.States))
		for i, st := range q.States {
			states[i] = string(st)
		}
		conds = append(conds, "s.state IN @states")
		args = append(args, sql.Named("states", states))
	}
	if len(q.Offices) > 0 {
		offices := make([]string, len(q.Offices))
		for i, o := range q.Offices {
			offices[i] = string(o)
		}
		conds = append(conds, "s.office IN @offices")
		args = append(args, sql.Named("offices", offices))
	}
	if !q.CreatedFrom.IsZero() {
		conds = append(conds, "s.created_at >= @created_from")
		args = append(args, sql.Named("created_from", q.CreatedFrom.UTC()))
	}
	if !q.CreatedBefore.IsZero() {
		conds = append(conds, "s.created_at < @created_before")
		args = append(args, sql.Named("created_before", q.CreatedBefore.UTC()))
	}
	// Dates are compared as "YYYY-MM-DD": PostgreSQL reads the parameter as
	// a date, and SQLite's stored "YYYY-MM-DD 00:00:00+00:00" sorts after
	// its own day's string and before the next day's.
	if !q.PlannedFrom.IsZero() {
		conds = append(conds, "s.planned_appointment_date >= @planned_from")
		args = append(args, sql.Named("planned_from", q.PlannedFrom.String()))
	}
	if !q.PlannedTo.IsZero() {
		conds = append(conds, "s.planned_appointment_date < @planned_before")
		args = append(args, sql.Named("planned_before", q.PlannedTo.AddDate(0, 0, 1).String()))
	}
	if after != nil {
		conds = append(conds, "(s.created_at < @after_at OR (s.created_at = @after_at AND s.id < @after_id))")
		args = append(args, sql.Named("after_at", after.CreatedAt), sql.Named("after_id", after.ID))
	}
	query := scanSelect + " WHERE " + strings.Join(conds, " AND ") +
		fmt.Sprintf(" ORDER BY s.created_at DESC, s.id DESC LIMIT %d", q.Limit+1)
	var rows []scanRow
	if err := s.db.WithContext(ctx).Raw(query, args...).Scan(&rows).Error; err != nil {
		return domain.ScanPage{}, fmt.Errorf("list scans: %w", err)
	}
	page := domain.ScanPage{Scans: make([]domain.Scan, 0, min(len(rows), q.Limit))}
	for i := range rows[:min(len(rows), q.Limit)] {
		sc, err := rows[i].toDomain(s)
		if err != nil {
			return domain.ScanPage{}, err
		}
		page.Scans = append(page.Scans, *sc)
	}
	if len(rows) > q.Limit {
		last := rows[q.Limit-1]
		page.NextCursor = s.sealCursor(cursorPosition{CreatedAt: last.CreatedAt.UTC(), ID: last.ID}, bind)
	}
	return page, nil
}

// cursorBinding is what a cursor is valid for: the participant and the
// filters, so that a cursor of one list does not page through another.
// The organisations are left out: an adviser assigned to one more during a
// walk keeps their cursor, and the organisations are checked on every page.
func (s *Store) cursorBinding(f domain.ScanFilter, q domain.ScanQuery) string {
	var b strings.Builder
	fmt.Fprintf(&b, "c=%s|a=%s|f=%s|r=%s|", f.CandidateID, f.AdviserID, f.FormateurID, f.Reference)
	states := make([]string, len(q.States))
	for i, st := range q.States {
		states[i] = string(st)
	}
	offices := make([]string, len(q.Offices))
	for i, o := range q.Offices {
		offices[i] = string(o)
	}
	fmt.Fprintf(&b, "st=%s|of=%s|cf=%s|cb=%s|pf=%s|pt=%s", strings.Join(sortedCopy(states), ","),
		strings.Join(sortedCopy(offices), ","), timeKey(q.CreatedFrom), timeKey(q.CreatedBefore),
		q.PlannedFrom.String(), q.PlannedTo.String())
	return b.String()
}

func timeKey(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

package gormstore

import (
	"context"

	"basisscan/domain"
)

// ScansByState counts the scans of every organisation per state, for the
// operators' metrics; every state is present, with 0 when it has none. It
// reads the plain state column only, never sealed content.
func (s *Store) ScansByState(ctx context.Context) (map[string]int, error) {
	var rows []struct {
		State string
		N     int
	}
	if err := s.db.WithContext(ctx).Raw(`SELECT state, COUNT(*) AS n FROM scans GROUP BY state`).Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make(map[string]int, len(domain.States))
	for _, st := range domain.States {
		out[string(st)] = 0
	}
	for _, r := range rows {
		out[r.State] = r.N
	}
	return out, nil
}

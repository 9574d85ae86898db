package gormstore

import (
	"context"
	"fmt"
)

// UserOrganisationName returns the name of the organisation of the user's
// account: at sign-off, the signer's own organisation for the signature
// block. Returns ENOTFOUND for an unknown user.
func (s *Store) UserOrganisationName(ctx context.Context, userID string) (string, error) {
	if !validID(userID) {
		return "", errNotFound
	}
	var r struct{ Name string }
	res := s.db.WithContext(ctx).Raw(`SELECT o.name FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = ?`, userID).Scan(&r)
	if res.Error != nil {
		return "", fmt.Errorf("find organisation of user %s: %w", userID, res.Error)
	}
	if res.RowsAffected == 0 {
		return "", errNotFound
	}
	return r.Name, nil
}

package workflow

import "basisscan/domain"

// AccountService manages organisations and staff accounts: an
// organisation's policy, users and staff, bearer tokens, sign-in links,
// and the authentication of a request's token.
type AccountService struct {
	*core
	store domain.AccountStore
}

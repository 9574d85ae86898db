package gormstore

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"sort"
	"time"

	"gorm.io/gorm"

	"basisscan/domain"
)

// emailHash is the keyed hash that look-ups and the unique index use in
// place of the sealed address: without the key, which is kept outside the
// database, it cannot be matched against a list of addresses.
func (s *Store) emailHash(email string) string {
	m := hmac.New(sha256.New, s.lookupKey)
	m.Write([]byte(email))
	return hex.EncodeToString(m.Sum(nil))
}

func userAAD(id, field string) string { return "user:" + id + ":" + field }

// sealPerson seals a user's name and address, each bound to its row and column.
func (s *Store) sealPerson(id, name, email string) (string, string, error) {
	n, err := s.keys.seal([]byte(name), userAAD(id, "name"))
	if err != nil {
		return "", "", fmt.Errorf("seal name of user %s: %w", id, err)
	}
	e, err := s.keys.seal([]byte(email), userAAD(id, "email"))
	if err != nil {
		return "", "", fmt.Errorf("seal address of user %s: %w", id, err)
	}
	return n, e, nil
}

// openPerson opens what sealPerson sealed.
func (s *Store) openPerson(id, name, email string) (domain.Person, error) {
	n, err := s.keys.open(name, userAAD(id, "name"))
	if err != nil {
		return domain.Person{}, fmt.Errorf("decrypt name of user %s: %w", id, err)
	}
	e, err := s.keys.open(email, userAAD(id, "email"))
	if err != nil {
		return domain.Person{}, fmt.Errorf("decrypt address of user %s: %w", id, err)
	}
	return domain.Person{ID: id, Name: string(n), Email: string(e)}, nil
}

func (s *Store) userOf(u userRow) (*domain.User, error) {
	p, err := s.openPerson(u.ID, u.Name, u.Email)
	if err != nil {
		return nil, err
	}
	return &domain.User{ID: u.ID, OrganisationID: u.OrganisationID, Role: domain.Role(u.Role), Name: p.Name,
		Email: p.Email, Active: u.Active}, nil
}

func (s *Store) usersOf(rows []userRow) ([]domain.User, error) {
	out := make([]domain.User, len(rows))
	for i, r := range rows {
		u, err := s.userOf(r)
		if err != nil {
			return nil, err
		}
		out[i] = *u
	}
	return out, nil
}

// stmt is one statement of a transaction that runs several in order.
type stmt struct {
	sql  string
	args []any
}

const userColumns = `u.id, u.organisation_id, u.role, u.name, u.email, u.active`

// CreateUser implements domain.Store.
func (s *Store) CreateUser(ctx context.Context, u *domain.User, n domain.NewUser) error {
	name, email, err := s.sealPerson(u.ID, u.Name, u.Email)
	if err != nil {
		return err
	}
	hash := s.emailHash(u.Email)
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := s.lockAddress(tx, hash); err != nil {
			return err
		}
		var taken int64
		if err := tx.Raw(`SELECT count(*) FROM users u WHERE u.role = 'adviser' AND u.email_hash = @email AND (
			u.organisation_id = @org OR EXISTS (SELECT 1 FROM adviser_assignments x WHERE x.adviser_id = u.id AND x.organisation_id = @org))`,
			sql.Named("email", hash), sql.Named("org", u.OrganisationID)).Scan(&taken).Error; err != nil {
			return fmt.Errorf("check address: %w", err)
		}
		if taken > 0 {
			return domain.Invalid(domain.FieldError{Field: "email",
				Message: "Dit e-mailadres is al in gebruik bij een integriteitsadviseur die voor deze organisatie werkt."})
		}
		err := tx.Exec(`INSERT INTO users (id, organisation_id, role, name, email, email_hash, active, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			u.ID, u.OrganisationID, string(u.Role), name, email, hash, u.Active, time.Now().UTC()).Error
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			return domain.Invalid(domain.FieldError{Field: "email", Message: "Er is al een account met deze rol en dit e-mailadres."})
		}
		if err != nil {
			return fmt.Errorf("insert user: %w", err)
		}
		if n.Token != nil {
			t := *n.Token
			t.UserID = u.ID
			if err := insertToken(tx, t, nil); err != nil {
				return err
			}
		}
		if c := n.SignIn; c != nil {
			if err := tx.Exec(`INSERT INTO sign_in_codes (code_hash, user_id, purpose, created_at, expires_at)
				VALUES (?, ?, ?, ?, ?)`, c.Hash, u.ID, c.Purpose, c.CreatedAt, c.ExpiresAt).Error; err != nil {
				return fmt.Errorf("insert sign-in code: %w", err)
			}
			if c.Mail != nil {
				if err := s.enqueue(ctx, tx, []domain.Mail{*c.Mail}); err != nil {
					return err
				}
			}
		}
		return s.appendAudit(tx, n.Audit)
	})
}

// lockAddress holds, until tx ends, a lock on the e-mail address with this
// hash, so that checking who has an address and taking it are one step.
// SQLite runs one transaction at a time already.
func (s *Store) lockAddress(tx *gorm.DB, hash string) error {
	if !s.postgres {
		return nil
	}
	h := fnv.New64a()
	h.Write([]byte("basisscan/address/" + hash))
	if err := tx.Exec(`SELECT pg_advisory_xact_lock(?)`, int64(h.Sum64()>>1)).Error; err != nil {
		return fmt.Errorf("lock address: %w", err)
	}
	return nil
}

// SetUserActive implements domain.Store.
func (s *Store) SetUserActive(ctx context.Context, organisationID string, role domain.Role, email string, active bool, now time.Time) (*domain.User, error) {
	if !validID(organisationID) {
		return nil, errNoAccount
	}
	return s.setActive(ctx, active, now, `u.organisation_id = ? AND u.role = ? AND u.email_hash = ?`,
		organisationID, string(role), s.emailHash(email))
}

// SetUserActiveByID implements domain.Store.
func (s *Store) SetUserActiveByID(ctx context.Context, organisationID, userID string, active bool, now time.Time) (*domain.User, error) {
	if !validID(userID) || !validID(organisationID) {
		return nil, errNoAccount
	}
	return s.setActive(ctx, active, now, `u.organisation_id = ? AND u.id = ? AND u.role <> 'candidate'`, organisationID, userID)
}

var errNoAccount = domain.Errorf(domain.ENOTFOUND, "Er is geen account met deze rol en dit e-mailadres in de organisatie.")

func (s *Store) setActive(ctx context.Context, active bool, now time.Time, where string, args ...any) (*domain.User, error) {
	var out *domain.User
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var rows []userRow
		if err := tx.Raw(`SELECT `+userColumns+` FROM users u WHERE `+where, args...).Scan(&rows).Error; err != nil {
			return fmt.Errorf("find user: %w", err)
		}
		if len(rows) != 1 {
			return errNoAccount
		}
		id := rows[0].ID
		steps := []stmt{{`UPDATE users SET active = ? WHERE id = ?`, []any{active, id}}}
		if !active {
			// Nothing issued before a deactivation may work after it.
			steps = append(steps,
				stmt{`UPDATE tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`, []any{now, id}},
				stmt{`UPDATE sign_in_codes SET used_at = ? WHERE user_id = ? AND used_at IS NULL`, []any{now, id}})
		}
		for _, st := range steps {
			if err := tx.Exec(st.sql, st.args...).Error; err != nil {
				return fmt.Errorf("update user: %w", err)
			}
		}
		u, err := s.userOf(rows[0])
		if err != nil {
			return err
		}
		u.Active = active
		out = u
		return nil
	})
	return out, err
}

// StaffUsers implements domain.Store.
func (s *Store) StaffUsers(ctx context.Context, organisationID string) ([]domain.User, error) {
	if !validID(organisationID) {
		return []domain.User{}, nil
	}
	var rows []userRow
	if err := s.db.WithContext(ctx).Raw(`SELECT `+userColumns+` FROM users u
		WHERE u.organisation_id = ? AND u.role <> 'candidate'`, organisationID).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	out, err := s.usersOf(rows)
	if err != nil {
		return nil, err
	}
	// Sorted here: the database holds only sealed names.
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Role != b.Role {
			return a.Role < b.Role
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.ID < b.ID
	})
	return out, nil
}

// AddToken implements domain.Store.
func (s *Store) AddToken(ctx context.Context, t domain.NewToken) error {
	return insertToken(s.db.WithContext(ctx), t, nil)
}

func insertToken(tx *gorm.DB, t domain.NewToken, scanID *string) error {
	var idle *int64
	var idleUntil *time.Time
	if t.Idle > 0 {
		secs, until := int64(t.Idle/time.Second), t.CreatedAt.Add(t.Idle)
		idle, idleUntil = &secs, &until
	}
	if err := tx.Exec(`INSERT INTO tokens (id, hash, user_id, scan_id, created_at, expires_at, idle_seconds, idle_until)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, t.ID, t.Hash, t.UserID, scanID, t.CreatedAt, t.ExpiresAt, idle, idleUntil).Error; err != nil {
		return fmt.Errorf("insert token: %w", err)
	}
	return nil
}

// UserByToken implements domain.Store.
func (s *Store) UserByToken(ctx context.Context, tokenHash string, session bool, now time.Time) (*domain.User, domain.Actor, error) {
	db := s.db.WithContext(ctx)
	var rows []struct {
		ID, OrganisationID, Role, Name, Email string
		Active                                bool
		IdleSeconds                           *int64
		LastUsedAt                            *time.Time
	}
	if err := db.Raw(`SELECT `+userColumns+`, t.idle_seconds, t.last_used_at FROM tokens t JOIN users u ON u.id = t.user_id
		WHERE t.hash = ? AND u.active AND t.revoked_at IS NULL AND t.expires_at > ?
		AND (t.idle_until IS NULL OR t.idle_until > ?) AND (t.idle_seconds IS NOT NULL) = ?`, tokenHash, now, now, session).Scan(&rows).Error; err != nil {
		return nil, domain.Actor{}, fmt.Errorf("find user by token: %w", err)
	}
	if len(rows) == 0 {
		return nil, domain.Actor{}, errNotFound
	}
	// A session's idle time starts again with every use; a bearer token's
	// use is recorded once a minute, so that an API client does not write
	// a row on every request.
	r := rows[0]
	switch {
	case r.IdleSeconds != nil:
		if err := db.Exec(`UPDATE tokens SET last_used_at = ?, idle_until = ? WHERE hash = ?`,
			now, now.Add(time.Duration(*r.IdleSeconds)*time.Second), tokenHash).Error; err != nil {
			return nil, domain.Actor{}, fmt.Errorf("record session use: %w", err)
		}
	case r.LastUsedAt == nil || now.Sub(*r.LastUsedAt) >= time.Minute:
		if err := db.Exec(`UPDATE tokens SET last_used_at = ? WHERE hash = ?`, now, tokenHash).Error; err != nil {
			return nil, domain.Actor{}, fmt.Errorf("record token use: %w", err)
		}
	}
	rows0 := []userRow{{ID: r.ID, OrganisationID: r.OrganisationID, Role: r.Role, Name: r.Name, Email: r.Email, Active: r.Active}}
	u, err := s.userOf(rows0[0])
	if err != nil {
		return nil, domain.Actor{}, err
	}
	a := domain.Actor{UserID: u.ID, Role: u.Role, OrganisationID: u.OrganisationID,
		Organisations: []string{u.OrganisationID}}
	if a.Role == domain.RoleAdviser {
		var more []string
		if err := db.Raw(`SELECT organisation_id FROM adviser_assignments WHERE adviser_id = ? ORDER BY organisation_id`,
			u.ID).Scan(&more).Error; err != nil {
			return nil, domain.Actor{}, fmt.Errorf("find assignments: %w", err)
		}
		a.Organisations = append(a.Organisations, more...)
	}
	return u, a, nil
}

// Tokens implements domain.Store.
func (s *Store) Tokens(ctx context.Context, organisationID, userID string) ([]domain.Token, error) {
	if !validID(organisationID) || !validID(userID) {
		return nil, errNotFound
	}
	db := s.db.WithContext(ctx)
	var n int64
	if err := db.Raw(`SELECT count(*) FROM users WHERE id = ? AND organisation_id = ? AND role <> 'candidate'`,
		userID, organisationID).Scan(&n).Error; err != nil {
		return nil, fmt.Errorf("find user: %w", err)
	}
	if n == 0 {
		return nil, errNotFound
	}
	var rows []struct {
		ID, UserID           string
		ScanID               *string
		CreatedAt, ExpiresAt time.Time
		RevokedAt            *time.Time
		LastUsedAt           *time.Time
		IdleSeconds          *int64
	}
	if err := db.Raw(`SELECT id, user_id, scan_id, created_at, expires_at, revoked_at, last_used_at, idle_seconds FROM tokens
		WHERE user_id = ? ORDER BY created_at DESC, id`, userID).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	out := make([]domain.Token, len(rows))
	for i, r := range rows {
		out[i] = domain.Token{ID: r.ID, UserID: r.UserID, ScanID: deref(r.ScanID), CreatedAt: r.CreatedAt.UTC(),
			ExpiresAt: r.ExpiresAt.UTC(), RevokedAt: utc(r.RevokedAt), LastUsedAt: utc(r.LastUsedAt), Session: r.IdleSeconds != nil}
	}
	return out, nil
}

// RevokeToken implements domain.Store.
func (s *Store) RevokeToken(ctx context.Context, ref domain.TokenRef, now time.Time) (string, error) {
	where, args := `revoked_at IS NULL`, []any{now}
	switch {
	case ref.ID != "" && validID(ref.ID):
		where, args = where+` AND id = ?`, append(args, ref.ID)
	case ref.ID == "" && ref.Hash != "":
		where, args = where+` AND hash = ?`, append(args, ref.Hash)
	default:
		return "", errNoToken
	}
	if ref.UserID != "" || ref.OrganisationID != "" {
		if !validID(ref.UserID) || !validID(ref.OrganisationID) {
			return "", errNoToken
		}
		where += ` AND user_id = ? AND user_id IN (SELECT id FROM users WHERE organisation_id = ? AND role <> 'candidate')`
		args = append(args, ref.UserID, ref.OrganisationID)
	}
	var users []string
	if err := s.db.WithContext(ctx).Raw(`UPDATE tokens SET revoked_at = ? WHERE `+where+` RETURNING user_id`,
		args...).Scan(&users).Error; err != nil {
		return "", fmt.Errorf("revoke token: %w", err)
	}
	if len(users) == 0 {
		return "", errNoToken
	}
	return users[0], nil
}

var errNoToken = domain.Errorf(domain.ENOTFOUND, "Er is geen geldig toegangstoken met dit kenmerk.")

// AdvisersFor implements domain.Store.
func (s *Store) AdvisersFor(ctx context.Context, organisationID, email string) ([]domain.User, error) {
	if !validID(organisationID) {
		return []domain.User{}, nil
	}
	var rows []userRow
	if err := s.db.WithContext(ctx).Raw(`SELECT `+userColumns+` FROM users u
		WHERE u.role = 'adviser' AND u.email_hash = @email AND (u.organisation_id = @org OR EXISTS (
			SELECT 1 FROM adviser_assignments x WHERE x.adviser_id = u.id AND x.organisation_id = @org))
		ORDER BY u.id`, sql.Named("email", s.emailHash(email)), sql.Named("org", organisationID)).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("find advisers: %w", err)
	}
	return s.usersOf(rows)
}

// UsersByEmail implements domain.Store.
func (s *Store) UsersByEmail(ctx context.Context, email string) ([]domain.User, error) {
	var rows []userRow
	if err := s.db.WithContext(ctx).Raw(`SELECT `+userColumns+` FROM users u WHERE u.email_hash = ? AND u.active
		ORDER BY u.organisation_id, u.role, u.id`, s.emailHash(email)).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("find users by address: %w", err)
	}
	return s.usersOf(rows)
}

// AddSignInCode implements domain.Store.
func (s *Store) AddSignInCode(ctx context.Context, c domain.SignInCode) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(`INSERT INTO sign_in_codes (code_hash, user_id, purpose, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?)`, c.Hash, c.UserID, c.Purpose, c.CreatedAt, c.ExpiresAt).Error; err != nil {
			return fmt.Errorf("insert sign-in code: %w", err)
		}
		if c.Mail == nil {
			return nil
		}
		return s.enqueue(ctx, tx, []domain.Mail{*c.Mail})
	})
}

// UseSignInCode implements domain.Store.
func (s *Store) UseSignInCode(ctx context.Context, codeHash string, purposes []string, t domain.NewToken) error {
	if len(purposes) == 0 {
		return errNotFound
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var users []string
		// Marking it used in the statement that finds it makes the code
		// single-use even under concurrent use.
		if err := tx.Raw(`UPDATE sign_in_codes SET used_at = ?
			WHERE code_hash = ? AND purpose IN ? AND used_at IS NULL AND expires_at > ?
			AND user_id IN (SELECT id FROM users WHERE active) RETURNING user_id`,
			t.CreatedAt, codeHash, purposes, t.CreatedAt).Scan(&users).Error; err != nil {
			return fmt.Errorf("use sign-in code: %w", err)
		}
		if len(users) == 0 {
			return domain.Errorf(domain.ENOTFOUND, "Deze aanmeldlink is onbekend, al gebruikt of verlopen.")
		}
		t.UserID = users[0]
		return insertToken(tx, t, nil)
	})
}

// AcceptInvitation implements domain.Store.
func (s *Store) AcceptInvitation(ctx context.Context, codeHash string, t domain.NewToken) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var used []struct{ UserID, ScanID string }
		// Marking it used in the same statement that finds it makes the code
		// single-use even under concurrent accepts.
		if err := tx.Raw(`UPDATE invitations SET used_at = ?
			WHERE code_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING user_id, scan_id`,
			t.CreatedAt, codeHash, t.CreatedAt).Scan(&used).Error; err != nil {
			return fmt.Errorf("use invitation: %w", err)
		}
		if len(used) == 0 || used[0].UserID == "" {
			return domain.Errorf(domain.ENOTFOUND, "Deze uitnodiging is onbekend, al gebruikt of verlopen.")
		}
		t.UserID = used[0].UserID
		return insertToken(tx, t, &used[0].ScanID)
	})
}

// OpenInvitation implements domain.Store.
func (s *Store) OpenInvitation(ctx context.Context, codeHash string, now time.Time) (*domain.Scan, time.Time, error) {
	db := s.db.WithContext(ctx)
	var open []struct {
		ScanID    string
		ExpiresAt time.Time
	}
	if err := db.Raw(`SELECT scan_id, expires_at FROM invitations WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?`,
		codeHash, now).Scan(&open).Error; err != nil {
		return nil, time.Time{}, fmt.Errorf("find invitation: %w", err)
	}
	if len(open) == 0 {
		return nil, time.Time{}, domain.Errorf(domain.ENOTFOUND, "Deze uitnodiging is onbekend, al gebruikt of verlopen.")
	}
	sc, err := s.loadScan(db, open[0].ScanID)
	if err != nil {
		return nil, time.Time{}, err
	}
	return sc, open[0].ExpiresAt.UTC(), nil
}

// sealLegacyUsers seals the names and addresses of rows written before
// they were sealed (email_hash still NULL) and gives them their keyed
// hash. A migration cannot: the keys are not in the database. It runs in
// one transaction, and again harmlessly at every start.
func (s *Store) sealLegacyUsers(ctx context.Context) (int, error) {
	n := 0
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var rows []userRow
		if err := tx.Raw(`SELECT ` + userColumns + ` FROM users u WHERE u.email_hash IS NULL`).Scan(&rows).Error; err != nil {
			return fmt.Errorf("find unsealed users: %w", err)
		}
		for _, r := range rows {
			name, email, err := s.sealPerson(r.ID, r.Name, r.Email)
			if err != nil {
				return err
			}
			if err := tx.Exec(`UPDATE users SET name = ?, email = ?, email_hash = ? WHERE id = ?`,
				name, email, s.emailHash(r.Email), r.ID).Error; err != nil {
				return fmt.Errorf("seal user %s: %w", r.ID, err)
			}
			n++
		}
		return nil
	})
	return n, err
}

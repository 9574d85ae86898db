package gormstore

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"basisscan/domain"
)

// keyedHash is the keyed hash of a value that must be found again but not
// be read from the database: an Idempotency-Key with its caller, a
// request's fingerprint, a client address. purpose keeps the kinds apart.
func (s *Store) keyedHash(purpose string, parts ...[]byte) string {
	m := hmac.New(sha256.New, s.lookupKey)
	m.Write([]byte(purpose))
	for _, p := range parts {
		// Length-prefixed, so that ("ab","c") and ("a","bc") differ.
		fmt.Fprintf(m, "\x00%d:", len(p))
		m.Write(p)
	}
	return hex.EncodeToString(m.Sum(nil))
}

func (s *Store) idempotencyID(actorID, key string) string {
	return s.keyedHash("idempotency-key", []byte(actorID), []byte(key))
}

func idempotencyAAD(id string) string { return "idempotency:" + id }

// idempotentReply is the sealed form of a domain.IdempotentResponse.
type idempotentReply struct {
	Status int               `json:"status"`
	Header map[string]string `json:"header,omitempty"`
	Body   []byte            `json:"body"`
}

// claimTries bounds the loop of insert, take-over and read: each step
// fails only when another request changed the row in between.
const claimTries = 5

// ClaimIdempotencyKey implements domain.IdempotencyStore. The claim is one
// atomic statement, an insert that does nothing on conflict or an update
// conditioned on the lease, so that of concurrent claims on any instance
// exactly one wins.
func (s *Store) ClaimIdempotencyKey(ctx context.Context, c domain.IdempotencyClaim) (bool, *domain.IdempotencyRecord, error) {
	if _, err := s.PurgeIdempotencyKeys(ctx, c.Now); err != nil {
		return false, nil, err
	}
	db := s.db.WithContext(ctx)
	id := s.idempotencyID(c.ActorID, c.Key)
	fp := s.keyedHash("idempotency-request", c.Fingerprint)
	now, lease, expires := c.Now.UTC(), c.LeaseEnds.UTC(), c.ExpiresAt.UTC()
	for range claimTries {
		res := db.Exec(`INSERT INTO idempotency_keys (id, fingerprint, claim, lease_ends, expires_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`, id, fp, c.Token, lease, expires)
		if res.Error != nil {
			return false, nil, fmt.Errorf("claim idempotency key: %w", res.Error)
		}
		if res.RowsAffected == 1 {
			return true, nil, nil
		}
		// An expired key, or a claim whose request died before it stored a
		// response, is taken over.
		res = db.Exec(`UPDATE idempotency_keys SET fingerprint = ?, claim = ?, lease_ends = ?, expires_at = ?,
				status = NULL, response = NULL, scan_id = NULL
			WHERE id = ? AND (expires_at <= ? OR (status IS NULL AND lease_ends <= ?))`,
			fp, c.Token, lease, expires, id, now, now)
		if res.Error != nil {
			return false, nil, fmt.Errorf("take over idempotency key: %w", res.Error)
		}
		if res.RowsAffected == 1 {
			return true, nil, nil
		}
		var rows []struct {
			Fingerprint string
			LeaseEnds   time.Time
			Status      *int
			Response    *string
		}
		if err := db.Raw(`SELECT fingerprint, lease_ends, status, response FROM idempotency_keys WHERE id = ?`, id).
			Scan(&rows).Error; err != nil {
			return false, nil, fmt.Errorf("read idempotency key: %w", err)
		}
		if len(rows) == 0 {
			continue // released in between: claim it again
		}
		r := rows[0]
		rec := &domain.IdempotencyRecord{SameRequest: hmac.Equal([]byte(r.Fingerprint), []byte(fp)), LeaseEnds: r.LeaseEnds.UTC()}
		if r.Status != nil && r.Response != nil {
			plain, err := s.keys.open(*r.Response, idempotencyAAD(id))
			if err != nil {
				return false, nil, fmt.Errorf("open idempotent response: %w", err)
			}
			var sr idempotentReply
			if err := json.Unmarshal(plain, &sr); err != nil {
				return false, nil, fmt.Errorf("decode idempotent response: %w", err)
			}
			rec.Response = &domain.IdempotentResponse{Status: sr.Status, Header: sr.Header, Body: sr.Body}
		}
		return false, rec, nil
	}
	return false, nil, domain.Unavailable(errors.New("idempotency key changed on every try"),
		"Het verzoek kon niet worden vastgelegd. Probeer het opnieuw.")
}

// CompleteIdempotencyKey implements domain.IdempotencyStore.
func (s *Store) CompleteIdempotencyKey(ctx context.Context, c domain.IdempotencyClaim, r domain.IdempotentResponse) error {
	id := s.idempotencyID(c.ActorID, c.Key)
	plain, err := json.Marshal(idempotentReply{Status: r.Status, Header: r.Header, Body: r.Body})
	if err != nil {
		return fmt.Errorf("encode idempotent response: %w", err)
	}
	sealed, err := s.keys.seal(plain, idempotencyAAD(id))
	if err != nil {
		return fmt.Errorf("seal idempotent response: %w", err)
	}
	var scanID *string
	if r.ScanID != "" {
		scanID = &r.ScanID
	}
	res := s.db.WithContext(ctx).Exec(`UPDATE idempotency_keys SET status = ?, response = ?, scan_id = ?
		WHERE id = ? AND claim = ? AND status IS NULL`, r.Status, sealed, scanID, id, c.Token)
	if res.Error != nil {
		return fmt.Errorf("store idempotent response: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return errNotFound
	}
	return nil
}

// ReleaseIdempotencyKey implements domain.IdempotencyStore.
func (s *Store) ReleaseIdempotencyKey(ctx context.Context, c domain.IdempotencyClaim) error {
	if err := s.db.WithContext(ctx).Exec(`DELETE FROM idempotency_keys WHERE id = ? AND claim = ? AND status IS NULL`,
		s.idempotencyID(c.ActorID, c.Key), c.Token).Error; err != nil {
		return fmt.Errorf("release idempotency key: %w", err)
	}
	return nil
}

// PurgeIdempotencyKeys implements domain.IdempotencyStore.
func (s *Store) PurgeIdempotencyKeys(ctx context.Context, now time.Time) (int, error) {
	res := s.db.WithContext(ctx).Exec(`DELETE FROM idempotency_keys WHERE expires_at <= ?`, now.UTC())
	if res.Error != nil {
		return 0, fmt.Errorf("purge idempotency keys: %w", res.Error)
	}
	return int(res.RowsAffected), nil
}

// resealIdempotentResponse is Rekey's step for one stored response.
func (s *Store) resealIdempotentResponse(tx *gorm.DB, id, lock string) (bool, error) {
	var rows []struct{ Response *string }
	if err := tx.Raw(`SELECT response FROM idempotency_keys WHERE id = ?`+lock, id).Scan(&rows).Error; err != nil {
		return false, err
	}
	if len(rows) == 0 || rows[0].Response == nil || s.keys.sealedByActive(*rows[0].Response) {
		return false, nil
	}
	sealed, err := s.keys.reseal(*rows[0].Response, idempotencyAAD(id))
	if err != nil {
		return false, err
	}
	return true, tx.Exec(`UPDATE idempotency_keys SET response = ? WHERE id = ?`, sealed, id).Error
}

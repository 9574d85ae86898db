package gormstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"basisscan/domain"
)

// sealedByActive reports whether sealed names the active key.
func (k *Keyring) sealedByActive(sealed string) bool {
	return strings.HasPrefix(sealed, sealPrefix+k.active+".")
}

// reseal opens sealed and seals it again under the active key.
func (k *Keyring) reseal(sealed, aad string) (string, error) {
	plain, err := k.open(sealed, aad)
	if err != nil {
		return "", err
	}
	return k.seal(plain, aad)
}

// Resealed is how many rows of one table Rekey sealed again.
type Resealed struct {
	Table string
	Rows  int
}

// nilUUID sorts before every id a row has; the cursor's start.
const nilUUID = "00000000-0000-0000-0000-000000000000"

// rekeyBatch is how many ids Rekey reads at a time, unless a test sets
// Store.rekeyBatch; each row is then re-sealed in a transaction of its own.
const rekeyBatch = 200

// Rekey seals every sealed value again under the active key: the case
// content of scans (and writes it in the newest stored form), advice
// documents, history reasons, the names and addresses of users, webhook
// secrets, and the stored responses of idempotency keys.
// Afterwards a keyring without the keys that sealed before opens them all.
// Each row goes in a transaction of its own and a row already sealed under
// the active key (and in the newest form) is left alone, so a crash
// loses nothing and a rerun finishes the work. It returns the count per
// table, and an error if a value does not open with any key in the ring.
func (s *Store) Rekey(ctx context.Context) ([]Resealed, error) {
	lock := ""
	if s.postgres {
		lock = " FOR UPDATE" // a concurrent writer waits, and then writes on top
	}
	tables := []struct {
		name, ids, start string
		row              func(tx *gorm.DB, id string) (bool, error)
	}{
		{"scans", `SELECT id FROM scans WHERE id > ? ORDER BY id LIMIT ?`, nilUUID, func(tx *gorm.DB, id string) (bool, error) {
			var content string
			if err := tx.Raw(`SELECT content FROM scans WHERE id = ?`+lock, id).Row().Scan(&content); err != nil {
				return false, err
			}
			plain, err := s.keys.open(content, id)
			if err != nil {
				return false, err
			}
			v, err := contentVersionOf(plain)
			if err != nil {
				return false, err
			}
			if v == contentVersion && s.keys.sealedByActive(content) {
				return false, nil
			}
			if plain, err = upgradeContent(plain); err != nil {
				return false, err
			}
			sealed, err := s.keys.seal(plain, id)
			if err != nil {
				return false, err
			}
			return true, tx.Exec(`UPDATE scans SET content = ? WHERE id = ?`, sealed, id).Error
		}},
		{"advice_documents", `SELECT DISTINCT scan_id FROM advice_documents WHERE scan_id > ? ORDER BY scan_id LIMIT ?`, nilUUID, func(tx *gorm.DB, id string) (bool, error) {
			// Every document of the scan, one kind after the other.
			changed := false
			for _, kind := range domain.DocumentKinds {
				var r struct{ PDF []byte }
				res := tx.Raw(`SELECT pdf FROM advice_documents WHERE scan_id = ? AND kind = ?`+lock, id, string(kind)).Scan(&r)
				if res.Error != nil {
					return false, res.Error
				}
				pdf := r.PDF
				if res.RowsAffected == 0 || s.keys.sealedByActive(string(pdf)) {
					continue
				}
				sealed, err := s.keys.reseal(string(pdf), documentAAD(id, kind))
				if err != nil {
					return false, err
				}
				if err := tx.Exec(`UPDATE advice_documents SET pdf = ? WHERE scan_id = ? AND kind = ?`, []byte(sealed), id, string(kind)).Error; err != nil {
					return false, err
				}
				changed = true
			}
			return changed, nil
		}},
		{"scan_history", `SELECT id FROM scan_history WHERE id > ? AND reason LIKE '` + sealPrefix + `%' ORDER BY id LIMIT ?`, "0", func(tx *gorm.DB, id string) (bool, error) {
			var reason, scanID string
			if err := tx.Raw(`SELECT reason, scan_id FROM scan_history WHERE id = ?`+lock, id).Row().Scan(&reason, &scanID); err != nil {
				return false, err
			}
			// Empty after a purge, or plain text from before reasons were sealed.
			if !strings.HasPrefix(reason, sealPrefix) || s.keys.sealedByActive(reason) {
				return false, nil
			}
			sealed, err := s.keys.reseal(reason, historyAAD(scanID))
			if err != nil {
				return false, err
			}
			return true, tx.Exec(`UPDATE scan_history SET reason = ? WHERE id = ?`, sealed, id).Error
		}},
		{"users", `SELECT id FROM users WHERE id > ? ORDER BY id LIMIT ?`, nilUUID, func(tx *gorm.DB, id string) (bool, error) {
			var name, email string
			if err := tx.Raw(`SELECT name, email FROM users WHERE id = ?`+lock, id).Row().Scan(&name, &email); err != nil {
				return false, err
			}
			if s.keys.sealedByActive(name) && s.keys.sealedByActive(email) {
				return false, nil
			}
			n, err := s.keys.reseal(name, userAAD(id, "name"))
			if err != nil {
				return false, err
			}
			e, err := s.keys.reseal(email, userAAD(id, "email"))
			if err != nil {
				return false, err
			}
			return true, tx.Exec(`UPDATE users SET name = ?, email = ? WHERE id = ?`, n, e, id).Error
		}},
		{"river_job", `SELECT id FROM river_job WHERE id > ? AND kind = '` + mailKind + `' ORDER BY id LIMIT ?`, "0", func(tx *gorm.DB, id string) (bool, error) {
			// A message waiting in the outbox: once the old key is gone it
			// would no longer open, and would never be sent.
			read, write := `SELECT json(args) FROM river_job WHERE id = ?`, `UPDATE river_job SET args = jsonb(?) WHERE id = ?`
			if s.postgres {
				read, write = `SELECT args::text FROM river_job WHERE id = ?`+lock, `UPDATE river_job SET args = CAST(? AS jsonb) WHERE id = ?`
			}
			var raw string
			if err := tx.Raw(read, id).Row().Scan(&raw); err != nil {
				return false, err
			}
			var args mailArgs
			if err := json.Unmarshal([]byte(raw), &args); err != nil {
				return false, err
			}
			if s.keys.sealedByActive(args.Sealed) {
				return false, nil
			}
			sealed, err := s.keys.reseal(args.Sealed, mailAAD)
			if err != nil {
				return false, err
			}
			args.Sealed = sealed
			b, err := json.Marshal(args)
			if err != nil {
				return false, err
			}
			return true, tx.Exec(write, string(b), id).Error
		}},
		{"webhooks", `SELECT id FROM webhooks WHERE id > ? ORDER BY id LIMIT ?`, nilUUID, func(tx *gorm.DB, id string) (bool, error) {
			var secret string
			if err := tx.Raw(`SELECT secret FROM webhooks WHERE id = ?`+lock, id).Row().Scan(&secret); err != nil {
				return false, err
			}
			if s.keys.sealedByActive(secret) {
				return false, nil
			}
			sealed, err := s.keys.reseal(secret, webhookAAD(id))
			if err != nil {
				return false, err
			}
			return true, tx.Exec(`UPDATE webhooks SET secret = ? WHERE id = ?`, sealed, id).Error
		}},
		{"idempotency_keys", `SELECT id FROM idempotency_keys WHERE id > ? AND response IS NOT NULL ORDER BY id LIMIT ?`, "", func(tx *gorm.DB, id string) (bool, error) {
			return s.resealIdempotentResponse(tx, id, lock)
		}},
	}
	out := make([]Resealed, 0, len(tables))
	for _, t := range tables {
		n, err := s.rekeyTable(ctx, t.ids, t.start, t.row)
		out = append(out, Resealed{Table: t.name, Rows: n})
		if err != nil {
			return out, fmt.Errorf("rekey %s: %w", t.name, err)
		}
	}
	return out, nil
}

// rekeyTable pages through the ids that query returns after a cursor and
// runs row on each in a transaction of its own.
func (s *Store) rekeyTable(ctx context.Context, query, start string, row func(tx *gorm.DB, id string) (bool, error)) (int, error) {
	batch := rekeyBatch
	if s.rekeyBatch > 0 {
		batch = s.rekeyBatch
	}
	n, after := 0, start
	for {
		var ids []string
		if err := s.db.WithContext(ctx).Raw(query, after, batch).Scan(&ids).Error; err != nil {
			return n, err
		}
		for _, id := range ids {
			var changed bool
			if err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
				var err error
				changed, err = row(tx, id)
				return err
			}); err != nil {
				return n, fmt.Errorf("row %s: %w", id, err)
			}
			if changed {
				n++
			}
		}
		if len(ids) < batch {
			return n, nil
		}
		after = ids[len(ids)-1]
	}
}

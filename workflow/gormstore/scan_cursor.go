package gormstore

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"slices"
	"time"

	"github.com/google/uuid"

	"basisscan/domain"
)

// cursorPosition is where a page of scans ends: the last scan's creation
// time and id.
type cursorPosition struct {
	CreatedAt time.Time
	ID        string
}

// A cursor is base64url of the position (8 bytes of Unix microseconds, the
// 16 bytes of the id) and the first 16 bytes of an HMAC-SHA256 over the
// position and the list it belongs to. Its key is derived from the look-up
// key, which every deployment has and keeps outside the database: no
// client can forge a cursor or move one to another list.
const (
	cursorPositionLen = 8 + 16
	cursorMACLen      = 16
)

var errBadCursor = &domain.Error{Code: domain.EMALFORMED, Message: "De cursor is ongeldig.",
	Fields: []domain.FieldError{{Field: "cursor", Message: "Deze cursor hoort niet bij deze lijst. Gebruik de next_cursor van de vorige pagina met dezelfde filters, of laat hem weg voor de eerste pagina."}}}

// cursorKey is the key of cursors' MACs, derived so that it is never the
// look-up key itself.
func (s *Store) cursorKey() []byte {
	m := hmac.New(sha256.New, s.lookupKey)
	m.Write([]byte("basisscan scan list cursor v1"))
	return m.Sum(nil)
}

func (s *Store) cursorMAC(pos []byte, binding string) []byte {
	m := hmac.New(sha256.New, s.cursorKey())
	m.Write(pos)
	m.Write([]byte{0})
	m.Write([]byte(binding))
	return m.Sum(nil)[:cursorMACLen]
}

// sealCursor returns the cursor of the page after p in the list binding names.
func (s *Store) sealCursor(p cursorPosition, binding string) string {
	id := uuid.MustParse(p.ID)
	b := binary.BigEndian.AppendUint64(make([]byte, 0, cursorPositionLen+cursorMACLen), uint64(p.CreatedAt.UnixMicro()))
	b = append(b, id[:]...)
	b = append(b, s.cursorMAC(b, binding)...)
	return base64.RawURLEncoding.EncodeToString(b)
}

// openCursor returns the position of a cursor sealCursor made for the list
// binding names. Returns EMALFORMED for any other string.
func (s *Store) openCursor(c string, binding string) (cursorPosition, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || len(b) != cursorPositionLen+cursorMACLen {
		return cursorPosition{}, errBadCursor
	}
	pos, mac := b[:cursorPositionLen], b[cursorPositionLen:]
	if !hmac.Equal(mac, s.cursorMAC(pos, binding)) {
		return cursorPosition{}, errBadCursor
	}
	id, err := uuid.FromBytes(pos[8:])
	if err != nil {
		return cursorPosition{}, errBadCursor
	}
	at := time.UnixMicro(int64(binary.BigEndian.Uint64(pos[:8]))).UTC()
	return cursorPosition{CreatedAt: at, ID: id.String()}, nil
}

// sortedCopy returns the strings sorted, leaving ss as it was.
func sortedCopy(ss []string) []string {
	out := slices.Clone(ss)
	slices.Sort(out)
	return out
}

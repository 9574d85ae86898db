package gormstore

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// Keyring encrypts case content at rest with AES-256-GCM. Every sealed value
// names the id of its key, so keys can rotate: the active key seals, any key
// in the ring opens.
type Keyring struct {
	active string
	aeads  map[string]cipher.AEAD
}

// NewKeyring returns a keyring sealing with keys[active]. Every key must be
// 32 bytes (AES-256) and its id free of '.' and ':'.
func NewKeyring(active string, keys map[string][]byte) (*Keyring, error) {
	k := &Keyring{active: active, aeads: map[string]cipher.AEAD{}}
	for id, secret := range keys {
		if id == "" || strings.ContainsAny(id, ".: ") {
			return nil, fmt.Errorf("encryption key id %q: must be non-empty without '.', ':' or spaces", id)
		}
		if len(secret) != 32 {
			return nil, fmt.Errorf("encryption key %s: %d bytes, want 32", id, len(secret))
		}
		block, err := aes.NewCipher(secret)
		if err != nil {
			return nil, fmt.Errorf("encryption key %s: %w", id, err)
		}
		gcm, err := cipher.NewGCM(block)
		if err != nil {
			return nil, fmt.Errorf("encryption key %s: %w", id, err)
		}
		k.aeads[id] = gcm
	}
	if _, ok := k.aeads[active]; !ok {
		return nil, fmt.Errorf("active encryption key %q is not in the keyring", active)
	}
	return k, nil
}

// sealPrefix versions the envelope format: "v1.<key id>.<base64url(nonce|ciphertext)>".
const sealPrefix = "v1."

// seal encrypts plain, bound to aad (the row it belongs to), so that a
// sealed value copied into another row does not open.
func (k *Keyring) seal(plain []byte, aad string) (string, error) {
	gcm := k.aeads[k.active]
	nonce := make([]byte, gcm.NonceSize(), gcm.NonceSize()+len(plain)+gcm.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("seal: %w", err)
	}
	out := gcm.Seal(nonce, nonce, plain, []byte(aad))
	return sealPrefix + k.active + "." + base64.RawURLEncoding.EncodeToString(out), nil
}

var errSealed = errors.New("sealed value is malformed")

// open decrypts a value sealed by seal with the same aad.
func (k *Keyring) open(sealed, aad string) ([]byte, error) {
	rest, ok := strings.CutPrefix(sealed, sealPrefix)
	if !ok {
		return nil, errSealed
	}
	id, data, ok := strings.Cut(rest, ".")
	if !ok {
		return nil, errSealed
	}
	gcm, ok := k.aeads[id]
	if !ok {
		return nil, fmt.Errorf("sealed with key %q, which is not configured", id)
	}
	raw, err := base64.RawURLEncoding.DecodeString(data)
	if err != nil || len(raw) < gcm.NonceSize() {
		return nil, errSealed
	}
	plain, err := gcm.Open(nil, raw[:gcm.NonceSize()], raw[gcm.NonceSize():], []byte(aad))
	if err != nil {
		return nil, fmt.Errorf("open sealed value with key %q: %w", id, err)
	}
	return plain, nil
}

// KeyID returns the id of the key that seals.
func (k *Keyring) KeyID() string { return k.active }

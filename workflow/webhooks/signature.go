// Package webhooks posts the events of an organisation's scans to the URLs
// it registered, signed the Standard Webhooks way (HMAC-SHA256 over id,
// timestamp and body), through a client that reaches only the internet.
package webhooks

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"time"
)

// SecretPrefix marks a webhook secret, as in Standard Webhooks: the bytes
// after it, base64, are the HMAC key.
const SecretPrefix = "whsec_"

// NewSecret returns 32 random bytes and their written form.
func NewSecret() ([]byte, string) {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return b, SecretPrefix + base64.StdEncoding.EncodeToString(b)
}

// ParseSecret reads a secret written as "whsec_<base64>" of 24 to 64 bytes.
func ParseSecret(s string) ([]byte, error) {
	b64, ok := strings.CutPrefix(s, SecretPrefix)
	if !ok {
		return nil, errors.New("secret must start with " + SecretPrefix)
	}
	b, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(b) < 24 || len(b) > 64 {
		return nil, errors.New("secret must be 24 to 64 bytes in standard base64 after " + SecretPrefix)
	}
	return b, nil
}

// Sign returns the webhook-signature header of the message: "v1," and the
// base64 HMAC-SHA256 of "id.timestamp.body".
func Sign(secret []byte, id string, at time.Time, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(id + "." + strconv.FormatInt(at.Unix(), 10) + "."))
	mac.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// Tolerance is how far a message's timestamp may be from the receiver's
// clock before Verify refuses it as a replay.
const Tolerance = 5 * time.Minute

// Verify checks a message as a receiver does: the timestamp is within
// Tolerance of now and one of the signatures in the header is ours.
func Verify(secret []byte, id, timestamp, signatures string, body []byte, now time.Time) error {
	sec, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return errors.New("bad timestamp")
	}
	at := time.Unix(sec, 0)
	if now.Sub(at) > Tolerance || at.Sub(now) > Tolerance {
		return errors.New("timestamp too far from now")
	}
	want := Sign(secret, id, at, body)
	for _, sig := range strings.Fields(signatures) {
		if hmac.Equal([]byte(sig), []byte(want)) {
			return nil
		}
	}
	return errors.New("no matching signature")
}

package gormstore

import (
	"bytes"
	"strings"
	"testing"
)

func keyring(t *testing.T, active string, ids ...string) *Keyring {
	t.Helper()
	m := map[string][]byte{}
	for i, id := range ids {
		m[id] = bytes.Repeat([]byte{byte(i + 1)}, 32)
	}
	k, err := NewKeyring(active, m)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestKeyring(t *testing.T) {
	t.Parallel()
	old := keyring(t, "k1", "k1")
	sealed, err := old.seal([]byte("schulden bij de gemeente"), "scan-1")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(sealed, "schulden") || !strings.HasPrefix(sealed, "v1.k1.") {
		t.Fatalf("sealed = %q", sealed)
	}
	// After rotation the new key seals and the old one still opens.
	rotated := keyring(t, "k2", "k1", "k2")
	if plain, err := rotated.open(sealed, "scan-1"); err != nil || string(plain) != "schulden bij de gemeente" {
		t.Fatalf("open after rotation = %q, %v", plain, err)
	}
	if again, _ := rotated.seal([]byte("x"), "scan-1"); !strings.HasPrefix(again, "v1.k2.") {
		t.Fatalf("rotated keyring seals with %q", again)
	}
	if _, err := rotated.open(sealed, "scan-2"); err == nil {
		t.Fatal("content moved to another row opened")
	}
	// Another ending, whatever the random nonce made the last two characters.
	tail := "AA"
	if strings.HasSuffix(sealed, tail) {
		tail = "BB"
	}
	tampered := sealed[:len(sealed)-2] + tail
	if _, err := rotated.open(tampered, "scan-1"); err == nil {
		t.Fatal("tampered content opened")
	}
	if _, err := keyring(t, "k3", "k3").open(sealed, "scan-1"); err == nil || !strings.Contains(err.Error(), `"k1"`) {
		t.Fatalf("missing key: %v", err)
	}
	for _, bad := range []string{"", "plain json", "v1.k1", "v1.k1.!!!"} {
		if _, err := old.open(bad, "scan-1"); err == nil {
			t.Errorf("open(%q) succeeded", bad)
		}
	}
	if _, err := NewKeyring("k1", map[string][]byte{"k1": make([]byte, 16)}); err == nil {
		t.Fatal("a 128-bit key was accepted")
	}
	if _, err := NewKeyring("k9", map[string][]byte{"k1": make([]byte, 32)}); err == nil {
		t.Fatal("an active key outside the ring was accepted")
	}
}

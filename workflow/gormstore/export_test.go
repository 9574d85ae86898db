package gormstore

// For the external tests: what they need of the package's inside.
var (
	FullContent   = fullContent
	LegacyDecoded = legacyDecoded
	ContentOnly   = contentOnly
	CheckNotEmpty = notEmpty
)

// Seal and Open expose the keyring to tests that write or read the
// database behind the store's back.
func (k *Keyring) Seal(plain []byte, aad string) (string, error) { return k.seal(plain, aad) }

func (k *Keyring) Open(sealed, aad string) ([]byte, error) { return k.open(sealed, aad) }

// SetRekeyBatch makes Rekey page through the ids n at a time.
func (s *Store) SetRekeyBatch(n int) { s.rekeyBatch = n }

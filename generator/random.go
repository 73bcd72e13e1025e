package generator

import (
	"crypto/rand"
	"encoding/hex"
)

// randomSuffix names temporary files uniquely.
func randomSuffix() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

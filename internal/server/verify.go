package server

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
)

var (
	errNoSignature  = errors.New("missing X-Hub-Signature-256 (unsigned and SHA-1-only deliveries are refused)")
	errBadSignature = errors.New("X-Hub-Signature-256 does not match the body")
)

// verify checks GitHub's HMAC-SHA256 signature of the raw body in constant
// time. It never falls back to SHA-1.
func verify(secret, body []byte, header string) error {
	if header == "" {
		return errNoSignature
	}
	hexSig, ok := strings.CutPrefix(header, "sha256=")
	if !ok {
		return errBadSignature
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil || len(got) != sha256.Size {
		return errBadSignature
	}
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	if !hmac.Equal(got, mac.Sum(nil)) {
		return errBadSignature
	}
	return nil
}

// Sign returns the X-Hub-Signature-256 value for body, as GitHub computes
// it (for tests and tools that replay deliveries).
func Sign(secret, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

package models

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strings"
)

// signToken makes a token that carries parts (none empty, none holding a
// NUL) signed for one use with the portal's secret: what a link in a mail
// stands on without a sign-in, which nobody can make for another person or
// another use.
func signToken(secret []byte, use string, parts ...string) string {
	payload := base64.RawURLEncoding.EncodeToString([]byte(strings.Join(parts, "\x00")))
	return payload + "." + base64.RawURLEncoding.EncodeToString(tokenMAC(secret, use, payload))
}

// parseToken checks a token of signToken for use and returns its n parts.
func parseToken(secret []byte, use, token string, n int) ([]string, bool) {
	payload, sig, found := strings.Cut(token, ".")
	if !found {
		return nil, false
	}
	mac, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(mac, tokenMAC(secret, use, payload)) {
		return nil, false
	}
	raw, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		return nil, false
	}
	parts := strings.Split(string(raw), "\x00")
	return parts, len(parts) == n && parts[0] != ""
}

func tokenMAC(secret []byte, use, payload string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(use + "\x00" + payload))
	return m.Sum(nil)
}

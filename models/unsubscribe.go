package models

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strings"
)

// An unsubscribe link carries a token naming the member and the topic,
// signed with the portal's secret: it works without signing in (a mail
// program posts to it, RFC 8058), and nobody can make one for someone else.

// ConfirmTopic is what a newsletter confirmation link's token is for.
const ConfirmTopic MailTopic = "confirm"

// UnsubscribeToken signs a member's id and a topic.
func UnsubscribeToken(secret []byte, userID string, topic MailTopic) string {
	payload := base64.RawURLEncoding.EncodeToString([]byte(userID + "\x00" + string(topic)))
	return payload + "." + base64.RawURLEncoding.EncodeToString(unsubscribeMAC(secret, payload))
}

// ParseUnsubscribeToken checks a token and returns whom and what it is for.
func ParseUnsubscribeToken(secret []byte, token string) (userID string, topic MailTopic, ok bool) {
	payload, sig, found := strings.Cut(token, ".")
	if !found {
		return "", "", false
	}
	mac, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(mac, unsubscribeMAC(secret, payload)) {
		return "", "", false
	}
	raw, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		return "", "", false
	}
	id, t, found := strings.Cut(string(raw), "\x00")
	if !found || id == "" {
		return "", "", false
	}
	return id, MailTopic(t), true
}

func unsubscribeMAC(secret []byte, payload string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("unsubscribe\x00" + payload))
	return m.Sum(nil)
}

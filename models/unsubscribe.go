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

// EditionTag names, in a member's unsubscribe link, the edition the mail
// came with, signed for that member: an unsubscribe is counted for that
// edition only, and nobody can make a link count for another.
func EditionTag(secret []byte, userID, editionID string) string {
	return editionID + "." + base64.RawURLEncoding.EncodeToString(unsubscribeMAC(secret, "edition\x00"+userID+"\x00"+editionID)[:12])
}

// ParseEditionTag checks an edition tag for a member and returns the edition.
func ParseEditionTag(secret []byte, userID, tag string) (editionID string, ok bool) {
	i := strings.LastIndexByte(tag, '.')
	if i <= 0 {
		return "", false
	}
	mac, err := base64.RawURLEncoding.DecodeString(tag[i+1:])
	if err != nil || !hmac.Equal(mac, unsubscribeMAC(secret, "edition\x00"+userID+"\x00"+tag[:i])[:12]) {
		return "", false
	}
	return tag[:i], true
}

func unsubscribeMAC(secret []byte, payload string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("unsubscribe\x00" + payload))
	return m.Sum(nil)
}

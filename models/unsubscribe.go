package models

import (
	"crypto/hmac"
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
	return signToken(secret, "unsubscribe", userID, string(topic))
}

// ParseUnsubscribeToken checks a token and returns whom and what it is for.
func ParseUnsubscribeToken(secret []byte, token string) (userID string, topic MailTopic, ok bool) {
	parts, ok := parseToken(secret, "unsubscribe", token, 2)
	if !ok {
		return "", "", false
	}
	return parts[0], MailTopic(parts[1]), true
}

// EditionTag names, in a member's unsubscribe link, the edition the mail
// came with, signed for that member: an unsubscribe is counted for that
// edition only, and nobody can make a link count for another.
func EditionTag(secret []byte, userID, editionID string) string {
	return editionID + "." + base64.RawURLEncoding.EncodeToString(tokenMAC(secret, "unsubscribe", "edition\x00"+userID+"\x00"+editionID)[:12])
}

// ParseEditionTag checks an edition tag for a member and returns the edition.
func ParseEditionTag(secret []byte, userID, tag string) (editionID string, ok bool) {
	i := strings.LastIndexByte(tag, '.')
	if i <= 0 {
		return "", false
	}
	mac, err := base64.RawURLEncoding.DecodeString(tag[i+1:])
	if err != nil || !hmac.Equal(mac, tokenMAC(secret, "unsubscribe", "edition\x00"+userID+"\x00"+tag[:i])[:12]) {
		return "", false
	}
	return tag[:i], true
}

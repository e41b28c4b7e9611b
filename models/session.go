package models

import "time"

// Session is a visitor's server-side session. Its ID is the SHA-256 of the
// cookie's token, so a leaked database does not hand out live sessions.
type Session struct {
	ID                string    `bson:"_id"`
	UserID            string    `bson:"user_id,omitempty"`
	CreatedAt         time.Time `bson:"created_at"`
	LastSeenAt        time.Time `bson:"last_seen_at"`
	ExpiresAt         time.Time `bson:"expires_at"` // idle expiry, pushed on by activity
	AbsoluteExpiresAt time.Time `bson:"absolute_expires_at"`
}

// OAuthAttempt is a sign-in in progress: what the callback must see again.
type OAuthAttempt struct {
	State     string    `bson:"state"`
	Nonce     string    `bson:"nonce"`
	ReturnTo  string    `bson:"return_to"`
	StartedAt time.Time `bson:"started_at"`
}

// Live reports whether the session may still be used at now.
func (s *Session) Live(now time.Time) bool {
	return now.Before(s.ExpiresAt) && now.Before(s.AbsoluteExpiresAt)
}

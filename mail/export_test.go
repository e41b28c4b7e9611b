package mail

// SetSentHook runs f after each mail is recorded as sent (tests kill the process there).
func SetSentHook(f func(key string)) { sentHook = f }

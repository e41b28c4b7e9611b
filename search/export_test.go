package search

import "time"

// SetReopenEvery shortens the wait before a broken index is reopened (tests).
func SetReopenEvery(d time.Duration) func() {
	old := reopenEvery
	reopenEvery = d
	return func() { reopenEvery = old }
}

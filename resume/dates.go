package resume

import (
	"strconv"
	"strings"
	"time"
)

// month turns the dates found in exports ("Jan 2020", "2020-01",
// "2020-01-15", "2020") into "YYYY-MM" or "YYYY"; it returns "" for
// anything else, and for years no career spans.
func month(s string) string {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"Jan 2006", "January 2006", "2006-01", "2006-01-02", "01/2006"} {
		if t, err := time.Parse(layout, s); err == nil && plausibleYear(t.Year()) {
			return t.Format("2006-01")
		}
	}
	if y, err := strconv.Atoi(s); err == nil && plausibleYear(y) {
		return s
	}
	return ""
}

func plausibleYear(y int) bool { return y > 1900 && y < 2200 }

// monthOrEmpty re-checks a date that came back from a preview.
func monthOrEmpty(s string) string { return month(s) }

package handlers

import (
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/talentcommunity/portal/config"
)

// Whatever a URL says, a page number is one the lists can show.
func FuzzPageNumber(f *testing.F) {
	for _, s := range []string{"1", "2", "9223372036854775807", "-16", "0", "abc", "", "500", "501", " 3", "1e3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if n := pageNumber(s); n < 1 || n > maxPage {
			t.Fatalf("pageNumber(%q) = %d", s, n)
		}
	})
}

// Text from a URL is valid UTF-8, trimmed, and at most the asked number of
// characters, cut between characters.
func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"developer", "\xff\xfe", strings.Repeat("a", 99) + "éé", "  spaced  ", "日本語のテキスト", ""} {
		f.Add(s, 100)
	}
	f.Fuzz(func(t *testing.T, s string, max int) {
		max = max%300 + 1
		if max < 1 {
			max += 300
		}
		out := cleanText(s, max)
		if !utf8.ValidString(out) || utf8.RuneCountInString(out) > max || out != strings.TrimSpace(out) {
			t.Fatalf("cleanText(%q, %d) = %q", s, max, out)
		}
		if !strings.Contains(strings.ToValidUTF8(s, ""), out) {
			t.Fatalf("cleanText(%q, %d) = %q is not part of the input", s, max, out)
		}
	})
}

// The referral cookie is accepted only as this portal wrote it, and never
// older than 30 days; anything else is ignored without a panic.
func FuzzReferralCookie(f *testing.F) {
	h := &Handler{Cfg: config.Config{Secret: []byte("0123456789abcdef0123456789abcdef")}}
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	at := now.Add(-time.Hour).Unix()
	valid := "AbCdEfGh12345678." + strconv.FormatInt(at, 10) + "." + h.referralSignature("AbCdEfGh12345678", at)
	for _, s := range []string{valid, "", "a.b.c", "..", "code.1.sig", valid + "x", strings.Replace(valid, "A", "B", 1)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, value string) {
		code, ok := h.parseReferralCookie(value, now)
		if !ok {
			return
		}
		parts := strings.Split(value, ".")
		stamp, _ := strconv.ParseInt(parts[1], 10, 64)
		if code != parts[0] || parts[2] != h.referralSignature(code, stamp) || now.Sub(time.Unix(stamp, 0)) > referralMaxAge {
			t.Fatalf("accepted a cookie this portal did not write: %q", value)
		}
	})
}

package auth

import "testing"

func TestSafeReturnPath(t *testing.T) {
	cases := map[string]string{
		"":                       "/",
		"/":                      "/",
		"/admin/users?q=a":       "/admin/users?q=a",
		"//evil.example":         "/",
		"/\\evil.example":        "/",
		"https://evil.example/":  "/",
		"javascript:alert(1)":    "/",
		"evil.example":           "/",
		"/ok\r\nSet-Cookie: x=y": "/",
		"/%2F%2Fevil.example":    "/%2F%2Fevil.example",
	}
	for in, want := range cases {
		if got := SafeReturnPath(in); got != want {
			t.Errorf("SafeReturnPath(%q) = %q, want %q", in, got, want)
		}
	}
}

package handlers_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	gozxingqr "github.com/makiuchi-d/gozxing/qrcode"

	"github.com/talentcommunity/portal/apptest"
	"github.com/talentcommunity/portal/models"
)

const browserUA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36"

var shareURL = regexp.MustCompile(`id="share-url-([A-Za-z0-9_-]+)" type="url" value="([^"]+)"`)

// share makes the client's link to a target and returns its code.
func share(t *testing.T, c *apptest.Client, kind, id string) string {
	t.Helper()
	res := htmxPost(c, "/referrals", url.Values{"kind": {kind}, "id": {id}})
	m := shareURL.FindStringSubmatch(res.Body)
	if res.StatusCode != 200 || m == nil {
		t.Fatalf("share %s %s: %d %s", kind, id, res.StatusCode, res.Body)
	}
	return m[1]
}

func visit(c *apptest.Client, path, ua string) *apptest.Response {
	return c.Do(http.MethodGet, path, nil, map[string]string{"User-Agent": ua})
}

func openVacancy(t *testing.T, p *apptest.Portal) {
	t.Helper()
	if err := p.App.Store.SaveVacancy(context.Background(), models.Vacancy{ID: "vac-go", Title: "Go developer", Company: "Polder Cloud",
		City: "Utrecht", Status: models.VacancyOpen, OwnerID: "demo:recruiter", Skills: []string{"Go"}, PublishedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
}

func link(t *testing.T, p *apptest.Portal, code string) *models.ReferralLink {
	t.Helper()
	l, err := p.App.Store.ReferralLink(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestReferralLinkLandingAndClicks(t *testing.T) {
	p := apptest.Start(t, nil)
	openVacancy(t, p)
	anna := p.Client()
	anna.DemoSignIn("candidate")
	code := share(t, anna, models.TargetVacancy, "vac-go")
	if again := share(t, anna, models.TargetVacancy, "vac-go"); again != code {
		t.Errorf("a second share made a second link: %s, %s", code, again)
	}
	if raw, _ := base64.RawURLEncoding.DecodeString(code); len(raw)*8 < 64 {
		t.Errorf("code %q has fewer than 64 random bits", code)
	}

	visitor := p.Client()
	res := visit(visitor, "/r/"+code, browserUA)
	if res.StatusCode != 200 || res.Header.Get("Location") != "" {
		t.Fatalf("landing: %d, Location %q", res.StatusCode, res.Header.Get("Location"))
	}
	for _, want := range []string{"Sanne invited you", "Go developer", `href="/vacancies/vac-go"`,
		`<meta property="og:title" content="Sanne invited you: Go developer">`, `<meta name="twitter:card" content="summary_large_image">`,
		`<meta property="og:image" content="` + p.URL + `/r/` + code + `/card.png">`,
		`<meta property="og:url" content="` + p.URL + `/r/` + code + `">`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("landing lacks %s", want)
		}
	}
	card := p.Client().Get("/r/" + code + "/card.png")
	if img, err := png.Decode(strings.NewReader(card.Body)); err != nil || img.Bounds().Dx() != 1200 || img.Bounds().Dy() != 627 {
		t.Errorf("preview card: %v", err)
	}
	cookie := strings.Join(res.Header.Values("Set-Cookie"), "\n")
	if !strings.Contains(cookie, "portal_ref="+code+".") || !strings.Contains(cookie, "max-age=2592000") || !strings.Contains(cookie, "HttpOnly") {
		t.Errorf("attribution cookie: %q", cookie)
	}
	visit(visitor, "/r/"+code, browserUA)                                      // the same visitor again today
	visit(p.Client(), "/r/"+code, "LinkedInBot/1.0 (compatible; Mozilla/5.0)") // LinkedIn's link preview
	visit(p.Client(), "/r/"+code, "")                                          // no user agent at all
	visit(anna, "/r/"+code, browserUA)                                         // the member's own click
	if l := link(t, p, code); l.Clicks != 1 {
		t.Errorf("%d clicks counted, want 1", l.Clicks)
	}
	visit(p.Client(), "/r/"+code, browserUA+" Firefox")     // the same address with another browser: the same visitor
	visit(p.ClientFrom("127.0.0.2"), "/r/"+code, browserUA) // someone else
	if l := link(t, p, code); l.Clicks != 2 {
		t.Errorf("%d clicks counted, want 2", l.Clicks)
	}

	// Unknown, disabled and silly codes get the same friendly 404.
	for _, path := range []string{"/r/AAAAAAAAAAAAAAAA", "/r/" + strings.Repeat("x", 200)} {
		if res := visit(p.Client(), path, browserUA); res.StatusCode != 404 || !strings.Contains(res.Body, "This invitation link doesn&#39;t work") {
			t.Errorf("%s: %d", path, res.StatusCode)
		}
	}
	if res := anna.Post("/referrals/"+code+"/disabled", url.Values{"disabled": {"true"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable: %d", res.StatusCode)
	}
	if res := visit(p.Client(), "/r/"+code, browserUA); res.StatusCode != 404 || !strings.Contains(res.Body, "This invitation link doesn&#39;t work") {
		t.Errorf("disabled link: %d", res.StatusCode)
	}
	// Only the owner can turn it on again.
	other := p.Client()
	other.DemoSignIn("admin")
	if res := other.Post("/referrals/"+code+"/disabled", url.Values{"disabled": {"false"}}); res.StatusCode != 404 {
		t.Errorf("someone else's link: %d", res.StatusCode)
	}
	if res := other.Get("/referrals/" + code); res.StatusCode != 404 {
		t.Errorf("someone else's share page: %d", res.StatusCode)
	}
}

// setCookie plants a referral cookie as the portal would have made it at clickedAt.
func setCookie(t *testing.T, p *apptest.Portal, c *apptest.Client, code string, clickedAt time.Time) {
	t.Helper()
	at := strconv.FormatInt(clickedAt.Unix(), 10)
	mac := hmac.New(sha256.New, p.App.Cfg.Secret)
	mac.Write([]byte("referral|" + code + "|" + at))
	u, _ := url.Parse(p.URL)
	c.HTTP.Jar.SetCookies(u, []*http.Cookie{{Name: "portal_ref", Value: code + "." + at + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil)[:16]), Path: "/"}})
}

func TestSignUpAttributionAndConversions(t *testing.T) {
	p := apptest.Start(t, nil)
	ctx := context.Background()
	openVacancy(t, p)
	anna := p.Client()
	anna.DemoSignIn("candidate")
	vacancyCode := share(t, anna, models.TargetVacancy, "vac-go")
	communityCode := share(t, anna, models.TargetCommunity, "")

	// A newcomer clicks the vacancy link, then the community link (first
	// touch wins), then signs in for the first time.
	newcomer := p.Client()
	visit(newcomer, "/r/"+vacancyCode, browserUA)
	visit(newcomer, "/r/"+communityCode, browserUA)
	newcomer.DemoSignIn("admin")
	u, _ := p.App.Store.User(ctx, "demo:admin")
	if u.ReferredBy == nil || u.ReferredBy.Code != vacancyCode {
		t.Fatalf("referred by %+v, want the first link", u.ReferredBy)
	}
	if l := link(t, p, vacancyCode); l.SignUps != 1 {
		t.Errorf("sign-ups %d", l.SignUps)
	}
	if l := link(t, p, communityCode); l.SignUps != 0 {
		t.Errorf("the second link took the sign-up")
	}
	// Interest in the vacancy they were invited to converts, once.
	for range 2 {
		newcomer.Post("/vacancies/vac-go/interest", nil)
	}
	if l := link(t, p, vacancyCode); l.Interests != 1 {
		t.Errorf("interests %d, want 1", l.Interests)
	}
	page := anna.Get("/referrals").Body
	if !regexp.MustCompile(`<td[^>]*>1</td><td[^>]*>1</td><td[^>]*>0</td><td[^>]*>1</td><td[^>]*>0</td>`).MatchString(page) {
		t.Errorf("My referrals does not show 1 click, 1 sign-up, 1 interest: %s", regexpFind(t, page, `(?s)(<tr id="link-`+vacancyCode+`".*?</tr>)`))
	}
	ns, _ := p.App.Store.Notifications(ctx, "demo:candidate", 10)
	kinds := []string{}
	for _, n := range ns {
		kinds = append(kinds, n.Kind)
	}
	if strings.Join(kinds, ",") != "referral_converted,referral_signup" {
		t.Errorf("thank-yous: %v", kinds)
	}

	// An existing member is not credited again, and nor is the referrer with their own link.
	existing := p.Client()
	existing.DemoSignIn("recruiter")
	existing.Post("/auth/logout", nil)
	visit(existing, "/r/"+communityCode, browserUA)
	existing.DemoSignIn("recruiter")
	anna.Post("/auth/logout", nil)
	visit(anna, "/r/"+communityCode, browserUA)
	anna.DemoSignIn("candidate")
	for _, id := range []string{"demo:recruiter", "demo:candidate"} {
		if u, _ := p.App.Store.User(ctx, id); u.ReferredBy != nil {
			t.Errorf("%s was attributed: %+v", id, u.ReferredBy)
		}
	}
	if l := link(t, p, communityCode); l.SignUps != 0 {
		t.Errorf("community sign-ups %d, want 0", l.SignUps)
	}

	// The recruiter sees the funnel and marks the hire; the referrer is thanked.
	rec := existing
	page = rec.Get("/recruit/referrals").Body
	if !strings.Contains(page, `<a href="/vacancies/vac-go">Go developer</a>`) || !strings.Contains(page, "Sanne de Vries") {
		t.Errorf("funnel lacks the vacancy or the referrer")
	}
	if res := rec.Post("/recruit/referrals/hired", url.Values{"user_id": {"demo:admin"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("mark hired: %d", res.StatusCode)
	}
	if l := link(t, p, vacancyCode); l.Hires != 1 {
		t.Errorf("hires %d", l.Hires)
	}
	if res := anna.Post("/recruit/referrals/hired", url.Values{"user_id": {"demo:admin"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a candidate marking a hire: %d", res.StatusCode)
	}
}

// The invitation cookie counts for 30 days, and only as the portal signed it.
func TestReferralCookieAgeAndSignature(t *testing.T) {
	for name, tc := range map[string]struct {
		age      time.Duration
		forged   bool
		credited bool
	}{
		"29 days old": {age: 29 * 24 * time.Hour, credited: true},
		"31 days old": {age: 31 * 24 * time.Hour},
		"forged":      {forged: true},
	} {
		t.Run(name, func(t *testing.T) {
			p := apptest.Start(t, nil)
			anna := p.Client()
			anna.DemoSignIn("candidate")
			code := share(t, anna, models.TargetCommunity, "")
			newcomer := p.Client()
			setCookie(t, p, newcomer, code, time.Now().Add(-tc.age))
			if tc.forged {
				u, _ := url.Parse(p.URL)
				newcomer.HTTP.Jar.SetCookies(u, []*http.Cookie{{Name: "portal_ref", Path: "/",
					Value: code + "." + strconv.FormatInt(time.Now().Unix(), 10) + ".bm90LXNpZ25lZA"}})
			}
			newcomer.DemoSignIn("admin")
			u, _ := p.App.Store.User(context.Background(), "demo:admin")
			if credited := u.ReferredBy != nil && link(t, p, code).SignUps == 1; credited != tc.credited {
				t.Errorf("credited = %v, want %v", credited, tc.credited)
			}
		})
	}
}

func TestClickAndLinkRateLimits(t *testing.T) {
	p := apptest.Start(t, nil)
	anna := p.Client()
	anna.DemoSignIn("candidate")
	code := share(t, anna, models.TargetCommunity, "")
	scraper := p.Client()
	limited := 0
	for i := range 40 {
		res := visit(scraper, "/r/"+code, fmt.Sprintf("%s #%d", browserUA, i))
		if res.StatusCode == http.StatusTooManyRequests {
			limited++
			if !strings.Contains(res.Body, "A little slower, please") {
				t.Fatal("the 429 page is not friendly")
			}
		}
	}
	if limited != 10 {
		t.Errorf("%d of 40 clicks in a minute refused, want 10", limited)
	}
	if l := link(t, p, code); l.Clicks != 1 { // one address is one visitor a day, whatever it says its browser is
		t.Errorf("%d clicks counted from one address", l.Clicks)
	}

	// Links: at most 30 new ones an hour per member.
	ctx := context.Background()
	now := time.Now()
	for i := range 29 { // the community link above is the first
		if _, _, err := p.App.Store.ReferralLinkFor(ctx, "demo:candidate", models.TargetVacancy, fmt.Sprintf("v%d", i), "", now); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := p.App.Store.ReferralLinkFor(ctx, "demo:candidate", models.TargetVacancy, "one-too-many", "", now); err == nil {
		t.Error("a 31st link within the hour was made")
	}
	openVacancy(t, p)
	if res := htmxPost(anna, "/referrals", url.Values{"kind": {"vacancy"}, "id": {"vac-go"}}); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("sharing past the limit: %d", res.StatusCode)
	}
}

// The QR codes decode back to the link, as a phone camera would read them.
func TestQRCodesDecodeToTheLink(t *testing.T) {
	p := apptest.Start(t, nil)
	anna := p.Client()
	anna.DemoSignIn("candidate")
	code := share(t, anna, models.TargetCommunity, "")
	want := p.URL + "/r/" + code

	res := p.Client().Get("/r/" + code + "/qr.png")
	if res.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("png content type %q", res.Header.Get("Content-Type"))
	}
	img, err := png.Decode(strings.NewReader(res.Body))
	if err != nil {
		t.Fatal(err)
	}
	if got := decodeQR(t, img); got != want {
		t.Errorf("PNG decodes to %q, want %q", got, want)
	}

	res = p.Client().Get("/r/" + code + "/qr.svg")
	if res.Header.Get("Content-Type") != "image/svg+xml" {
		t.Fatalf("svg content type %q", res.Header.Get("Content-Type"))
	}
	if got := decodeQR(t, rasterize(t, res.Body)); got != want {
		t.Errorf("SVG decodes to %q, want %q", got, want)
	}
	if res := p.Client().Get("/r/nope/qr.png"); res.StatusCode != 404 {
		t.Errorf("QR of an unknown code: %d", res.StatusCode)
	}
}

func decodeQR(t *testing.T, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := gozxingqr.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("not a readable QR code: %v", err)
	}
	return res.GetText()
}

var svgSquare = regexp.MustCompile(`M(\d+) (\d+)h1v1h-1z`)

// rasterize draws the SVG's unit squares at 8 pixels each, as a viewer would.
func rasterize(t *testing.T, svg string) image.Image {
	t.Helper()
	size := regexpFind(t, svg, `viewBox="0 0 (\d+) `)
	n, _ := strconv.Atoi(size)
	const scale = 8
	img := image.NewGray(image.Rect(0, 0, n*scale, n*scale))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for _, m := range svgSquare.FindAllStringSubmatch(svg, -1) {
		x, _ := strconv.Atoi(m[1])
		y, _ := strconv.Atoi(m[2])
		for dy := range scale {
			for dx := range scale {
				img.SetGray(x*scale+dx, y*scale+dy, color.Gray{})
			}
		}
	}
	return img
}

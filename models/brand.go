package models

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Brand is whose community this is and how it looks: an admin sets it, and
// every page, mail, link preview and calendar file speaks in its name. The
// legal name and postal address identify the sender of every mail, as EU
// and Dutch/Belgian law (and CAN-SPAM) ask of a commercial message.
type Brand struct {
	Name      string `bson:"name"`
	Accent    string `bson:"accent"` // "#rrggbb": buttons, links and headings
	LegalName string `bson:"legal_name"`
	// Address is the postal address, one line per line.
	Address      string `bson:"address"`
	PrivacyURL   string `bson:"privacy_url,omitempty"`
	ContactEmail string `bson:"contact_email,omitempty"`
	Logo         []byte `bson:"logo,omitempty"`      // already cleaned (see package logo)
	LogoType     string `bson:"logo_type,omitempty"` // image/png or image/svg+xml
	// Retention is how long people who did not join are kept: a setting of
	// the community like its name, saved on the same settings page.
	Retention Retention `bson:"retention"`
	// Version changes with every save: it names the logo and the style sheet,
	// so browsers fetch the new ones and cache them for good otherwise.
	Version   int64     `bson:"version"`
	UpdatedAt time.Time `bson:"updated_at,omitempty"`
}

// Limits of the brand's fields.
const (
	MaxBrandNameLen    = 60
	MaxLegalNameLen    = 120
	MaxAddressLen      = 300
	MaxAddressLines    = 5
	MaxLogoBytes       = 200 << 10
	DefaultAccent      = "#0a5c7a"
	DefaultCommunity   = "Talent Community"
	MinAccentContrast  = 4.5 // WCAG 2 AA for normal text, against white
	brandAccentPattern = `^#[0-9a-fA-F]{6}$`
)

var accentPattern = regexp.MustCompile(brandAccentPattern)

// DefaultBrand is how a community looks before an admin sets its brand.
func DefaultBrand() Brand { return Brand{Name: DefaultCommunity, Accent: DefaultAccent} }

// AddressLines is the postal address as lines.
func (b Brand) AddressLines() []string {
	var lines []string
	for _, l := range strings.Split(b.Address, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

// Sender names who sends the community's mail, on one line: the legal name
// and the postal address ("" while neither is set).
func (b Brand) Sender() string {
	return JoinNonEmpty(", ", append([]string{b.LegalName}, b.AddressLines()...)...)
}

// Identified says whether the brand names its sender: mail needs it.
func (b Brand) Identified() bool { return b.LegalName != "" && b.Address != "" }

// AccentHover is the accent a shade darker, for hovered buttons.
func (b Brand) AccentHover() string {
	r, g, bl, ok := parseHex(b.Accent)
	if !ok {
		return DefaultBrand().AccentHover()
	}
	dark := func(c float64) int { return int(math.Round(c * 255 * 0.78)) }
	return fmt.Sprintf("#%02x%02x%02x", dark(r), dark(g), dark(bl))
}

// AccentRGB is the accent as "r, g, b", for translucent underlines.
func (b Brand) AccentRGB() string {
	r, g, bl, ok := parseHex(b.Accent)
	if !ok {
		return DefaultBrand().AccentRGB()
	}
	return fmt.Sprintf("%d, %d, %d", int(r*255), int(g*255), int(bl*255))
}

// parseHex reads "#rrggbb" as channels from 0 to 1.
func parseHex(s string) (r, g, b float64, ok bool) {
	if !accentPattern.MatchString(s) {
		return 0, 0, 0, false
	}
	v, _ := strconv.ParseUint(s[1:], 16, 32)
	return float64(v>>16&0xff) / 255, float64(v>>8&0xff) / 255, float64(v&0xff) / 255, true
}

// ContrastWithWhite is the WCAG 2 contrast ratio of a "#rrggbb" colour with
// white: white text on it, and it as text on white, read the same.
func ContrastWithWhite(hex string) (float64, bool) {
	r, g, b, ok := parseHex(hex)
	if !ok {
		return 0, false
	}
	linear := func(c float64) float64 {
		if c <= 0.04045 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	lum := 0.2126*linear(r) + 0.7152*linear(g) + 0.0722*linear(b)
	return 1.05 / (lum + 0.05), true
}

// BrandInput is the admin's brand form, as typed. The logo travels apart:
// it is a file.
type BrandInput struct {
	Name, Accent, LegalName, Address, PrivacyURL, ContactEmail string
}

// BrandInputFrom fills the form from the brand as it stands.
func BrandInputFrom(b Brand) BrandInput {
	return BrandInput{Name: b.Name, Accent: b.Accent, LegalName: b.LegalName, Address: b.Address,
		PrivacyURL: b.PrivacyURL, ContactEmail: b.ContactEmail}
}

// Validate checks the form and cleans it. The accent must read on white
// (and white on it) at WCAG AA: the message gives the ratio it has.
func (in *BrandInput) Validate() FieldErrors {
	e := FieldErrors{}
	e.text("name", &in.Name, MaxBrandNameLen, true)
	e.text("legal_name", &in.LegalName, MaxLegalNameLen, true)
	in.Accent = strings.ToLower(strings.TrimSpace(in.Accent))
	if len(in.Accent) == 6 && accentPattern.MatchString("#"+in.Accent) {
		in.Accent = "#" + in.Accent // typed without its "#"
	}
	if ratio, ok := ContrastWithWhite(in.Accent); !ok {
		e.add("accent", "validation.colour", 0)
	} else if ratio < MinAccentContrast {
		e["accent"] = FieldError{Key: "validation.contrast", Value: strconv.FormatFloat(math.Floor(ratio*10)/10, 'f', 1, 64)}
	}
	lines := (&Brand{Address: strings.ReplaceAll(in.Address, "\r", "")}).AddressLines()
	in.Address = strings.Join(lines, "\n")
	switch {
	case in.Address == "":
		e.add("address", "validation.required", 0)
	case len([]rune(in.Address)) > MaxAddressLen:
		e.add("address", "validation.too_long", MaxAddressLen)
	case len(lines) > MaxAddressLines:
		e.add("address", "validation.too_many_lines", MaxAddressLines)
	}
	if in.PrivacyURL = strings.TrimSpace(in.PrivacyURL); in.PrivacyURL != "" {
		e.webURL("privacy_url", in.PrivacyURL, false)
	}
	e.email("contact_email", &in.ContactEmail, false)
	return e
}

// Apply copies a valid form onto the brand (the logo is left as it is).
func (in BrandInput) Apply(b *Brand) {
	b.Name, b.Accent, b.LegalName, b.Address = in.Name, in.Accent, in.LegalName, in.Address
	b.PrivacyURL, b.ContactEmail = in.PrivacyURL, in.ContactEmail
}

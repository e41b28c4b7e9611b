package models

import (
	"slices"
	"time"
)

// Change is one thing a member changed on their profile, for their
// timeline: a list field with what was added and removed, or a single
// value from one to another.
type Change struct {
	Field   string   `bson:"field" json:"field"`
	Added   []string `bson:"added,omitempty" json:"added,omitempty"`
	Removed []string `bson:"removed,omitempty" json:"removed,omitempty"`
	From    string   `bson:"from,omitempty" json:"from,omitempty"`
	To      string   `bson:"to,omitempty" json:"to,omitempty"`
}

// ProfileChanges says what a save changed, field by field, in the order
// the profile shows them. The phone number and e-mail policy are left out:
// a recruiter needs to know the member moved or wants other work, not see
// their settings churn.
func ProfileChanges(before, after *User) []Change {
	var out []Change
	value := func(field, from, to string) {
		if from != to {
			out = append(out, Change{Field: field, From: from, To: to})
		}
	}
	list := func(field string, from, to []string) {
		c := Change{Field: field}
		for _, v := range to {
			if !slices.Contains(from, v) {
				c.Added = append(c.Added, v)
			}
		}
		for _, v := range from {
			if !slices.Contains(to, v) {
				c.Removed = append(c.Removed, v)
			}
		}
		if len(c.Added)+len(c.Removed) > 0 {
			out = append(out, c)
		}
	}
	value("headline", before.Headline, after.Headline)
	value("city", before.City, after.City)
	value("country", before.Country, after.Country)
	value("seniority", string(before.Seniority), string(after.Seniority))
	list("skills", before.Skills, after.Skills)
	list("interests", before.Interests, after.Interests)
	b, a := before.Preferences, after.Preferences
	list("roles", b.Roles, a.Roles)
	list("workplaces", b.Workplaces, a.Workplaces)
	list("employment_types", b.EmploymentTypes, a.EmploymentTypes)
	list("regions", b.Regions, a.Regions)
	value("frequency", before.Contact.Frequency, after.Contact.Frequency)
	list("channels", before.Contact.Channels, after.Contact.Channels)
	return out
}

// ChangeValuePrefixes name the message that shows a field's value, for the
// fields whose values are codes rather than the member's own words.
var ChangeValuePrefixes = map[string]string{
	"seniority": "seniority.", "workplaces": "workplace.", "employment_types": "employment.",
	"frequency": "frequency.", "channels": "channel.",
}

// ChangeFields are the fields ProfileChanges reports, for their labels.
var ChangeFields = []string{"headline", "city", "country", "seniority", "skills", "interests", "roles", "workplaces",
	"employment_types", "regions", "frequency", "channels"}

// profileChangeWindow joins a member's changes made close together (five
// interests added one by one) into one line of their timeline.
const profileChangeWindow = time.Hour

// mergeChanges adds later changes to earlier ones: a value keeps where it
// came from and takes where it went; a term added and removed again is no
// change at all.
func mergeChanges(earlier, later []Change) []Change {
	out := slices.Clone(earlier)
	for _, l := range later {
		i := slices.IndexFunc(out, func(c Change) bool { return c.Field == l.Field })
		if i < 0 {
			out = append(out, l)
			continue
		}
		c := &out[i]
		c.To = l.To
		for _, v := range l.Added {
			if j := slices.Index(c.Removed, v); j >= 0 {
				c.Removed = slices.Delete(c.Removed, j, j+1)
			} else {
				c.Added = append(c.Added, v)
			}
		}
		for _, v := range l.Removed {
			if j := slices.Index(c.Added, v); j >= 0 {
				c.Added = slices.Delete(c.Added, j, j+1)
			} else {
				c.Removed = append(c.Removed, v)
			}
		}
	}
	return slices.DeleteFunc(out, func(c Change) bool {
		return len(c.Added)+len(c.Removed) == 0 && c.From == c.To
	})
}

package models

import (
	"slices"
	"sync"
	"time"
)

// The states of an event.
const (
	EventPublished = "published"
	EventCancelled = "cancelled"
)

// Event is a meetup, webinar or open day that members can join.
//
// Who comes is kept on the event itself, as ids in arrival order, so that
// joining and leaving are single-document atomic updates: the store needs no
// transaction to never overbook, and the waitlist is simply the order of
// arrival. The attendance fields are only ever written by those updates;
// saving the event's details leaves them alone.
type Event struct {
	ID          string     `bson:"_id"`
	Title       string     `bson:"title"`
	Description string     `bson:"description"` // Markdown
	StartsAt    time.Time  `bson:"starts_at"`
	EndsAt      time.Time  `bson:"ends_at"`
	TimeZone    string     `bson:"time_zone"` // IANA name; the times are shown in it
	Online      bool       `bson:"online"`
	OnlineURL   string     `bson:"online_url,omitempty"` // shown to attendees only
	Venue       string     `bson:"venue,omitempty"`      // street address of an in-person event
	City        string     `bson:"city,omitempty"`
	Capacity    int        `bson:"capacity"` // 0: no limit
	RSVPBy      *time.Time `bson:"rsvp_by,omitempty"`
	Interests   []string   `bson:"interests"`
	CoverURL    string     `bson:"cover_url,omitempty"`
	Status      string     `bson:"status,omitempty"` // empty is published, for older documents
	OwnerID     string     `bson:"owner_id,omitempty"`
	PublishedAt time.Time  `bson:"published_at"`
	Version     int64      `bson:"version"`
	Attendance  `bson:",inline"`
}

// Attendance is who joined an event, as member ids in order of arrival.
type Attendance struct {
	Attendees []string `bson:"attendees"`
	Waitlist  []string `bson:"waitlist"`
	Going     int      `bson:"going"` // len(Attendees), for the conditional join
	CheckedIn []string `bson:"checked_in,omitempty"`
	Reminded  []string `bson:"reminded,omitempty"`
	// Promoted counts the places given to people on the waitlist.
	Promoted int `bson:"promoted,omitempty"`
	// Guests came without being members (see Guest).
	Guests []Guest `bson:"guests,omitempty"`
}

// AttendanceFields are the stored fields only joins, leaves, check-ins,
// guests at the door and reminders write.
var AttendanceFields = []string{"attendees", "waitlist", "going", "checked_in", "reminded", "promoted", "guests"}

// RSVP is where one member stands with an event.
type RSVP struct {
	Attending bool
	Position  int // place on the waitlist, from 1; 0 when not waiting
	CheckedIn bool
}

// Joined reports whether the member is attending or waiting.
func (r RSVP) Joined() bool { return r.Attending || r.Position > 0 }

// RSVPOf tells where a member stands.
func (e *Event) RSVPOf(userID string) RSVP {
	if userID == "" {
		return RSVP{}
	}
	if slices.Contains(e.Attendees, userID) {
		return RSVP{Attending: true, CheckedIn: slices.Contains(e.CheckedIn, userID)}
	}
	if i := slices.Index(e.Waitlist, userID); i >= 0 {
		return RSVP{Position: i + 1}
	}
	return RSVP{}
}

// RSVPDeadline is when joining closes: the RSVP date, or the start.
func (e *Event) RSVPDeadline() time.Time {
	if e.RSVPBy != nil {
		return *e.RSVPBy
	}
	return e.StartsAt
}

// Cancelled reports whether the host called the event off.
func (e *Event) Cancelled() bool { return e.Status == EventCancelled }

// Past reports whether the event has ended.
func (e *Event) Past(now time.Time) bool { return !e.EndsAt.After(now) }

// Full reports whether every place is taken.
func (e *Event) Full() bool { return e.Capacity > 0 && e.Going >= e.Capacity }

// PlacesLeft is how many can still attend; -1 when there is no limit.
func (e *Event) PlacesLeft() int {
	if e.Capacity == 0 {
		return -1
	}
	return max(0, e.Capacity-e.Going)
}

// Why a member cannot join an event.
const (
	JoinOK        = ""
	JoinCancelled = "events.closed.cancelled"
	JoinStarted   = "events.closed.started"
	JoinRSVPOver  = "events.closed.rsvp_over"
)

// CanJoin says whether joining is still open, and if not, why (a message key).
func (e *Event) CanJoin(now time.Time) string {
	switch {
	case e.Cancelled():
		return JoinCancelled
	case !e.StartsAt.After(now):
		return JoinStarted
	case e.RSVPBy != nil && !e.RSVPBy.After(now):
		return JoinRSVPOver
	}
	return JoinOK
}

// Location is the event's time zone, or UTC when the stored name is unknown.
func (e *Event) Location() *time.Location { return zoneNamed(e.TimeZone) }

// zones holds each time zone once it has been read: a page of events asks
// for its zones many times, and reading one from the zone database takes
// about 10 µs.
var zones sync.Map // name → *time.Location

func zoneNamed(name string) *time.Location {
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "" {
		loc = time.UTC
	}
	zones.Store(name, loc)
	return loc
}

// ShowsOnlineLink reports whether a member may see where an online event
// takes place: attendees, and recruiters who run events.
func (e *Event) ShowsOnlineLink(u *User) bool {
	if u == nil || e.OnlineURL == "" {
		return false
	}
	return u.Has(RoleRecruiter) || slices.Contains(e.Attendees, u.ID)
}

// The door: check-in opens a few hours before an event starts (people come
// early, hosts set up) and is the door until some hours after it ends;
// later, the list can still be corrected.
const (
	DoorOpensBefore = 3 * time.Hour
	DoorClosesAfter = 6 * time.Hour
)

// DoorOpensAt is when people can first be checked in.
func (e *Event) DoorOpensAt() time.Time { return e.StartsAt.Add(-DoorOpensBefore) }

// CanCheckIn reports whether someone can be checked in at now: at the door,
// or afterwards to correct the list; never before the event's day.
func (e *Event) CanCheckIn(now time.Time) bool { return !now.Before(e.DoorOpensAt()) }

// AttendedAt is when a check-in at now says the member came: now at the
// door, the event's start when the list is corrected afterwards.
func (e *Event) AttendedAt(now time.Time) time.Time {
	if now.After(e.EndsAt.Add(DoorClosesAfter)) {
		return e.StartsAt
	}
	return now
}

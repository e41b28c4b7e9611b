package store_test

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/store"
)

// storeSources parses the store's own Go files (not its tests), by name.
func storeSources(t *testing.T) map[string]*ast.File {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*ast.File{}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = f
	}
	return out
}

// Guard: every collection the store declares is either listed as holding
// data about people (and so covered by export and erasure) or as holding
// none. A new collection fails this test until someone decides which.
func TestEveryCollectionIsClassifiedForPrivacy(t *testing.T) {
	classified := store.ClassifiedCollections()
	found := 0
	for name, f := range storeSources(t) {
		ast.Inspect(f, func(n ast.Node) bool {
			spec, ok := n.(*ast.ValueSpec)
			if !ok {
				return true
			}
			for i, id := range spec.Names {
				if !strings.HasPrefix(id.Name, "col") || i >= len(spec.Values) {
					continue
				}
				lit, ok := spec.Values[i].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					continue
				}
				value, _ := strconv.Unquote(lit.Value)
				found++
				if !slices.Contains(classified, value) {
					t.Errorf("collection %q (%s in %s) is neither personal nor impersonal data: add it to personalData (with the field naming the person) or impersonalData in privacy.go", value, id.Name, name)
				}
			}
			return true
		})
	}
	if found < 8 {
		t.Fatalf("found only %d collection constants: the guard no longer reads the code", found)
	}
}

func TestExportAndEraseCoverEveryPersonalCollection(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	now := time.Now()
	u, err := s.SignInUser(ctx, models.User{ID: "linkedin:erase-me", Provider: "linkedin", Subject: "erase-me", Name: "Erase Me"}, nil, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ModifyProfile(ctx, u.ID, func(u *models.User) error {
		u.Skills = []string{"Go"}
		models.SetConsents(u, map[models.ConsentKind]bool{models.ConsentVisibility: true}, now)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveSession(ctx, &models.Session{ID: "s1", UserID: u.ID, ExpiresAt: now.Add(time.Hour), AbsoluteExpiresAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveVacancy(ctx, models.Vacancy{ID: "v1", Title: "Go developer", OwnerID: u.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveEdition(ctx, "ed1", func(e *models.Edition) error { e.Subject, e.AuthorID = "News", u.ID; return nil }); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveArticle(ctx, models.Article{ID: "a1", Title: "Hello", AuthorID: u.ID}); err != nil {
		t.Fatal(err)
	}
	// An event they host and wait for (someone else has its one place), and
	// one they attend, checked in and reminded.
	soon := now.Add(48 * time.Hour)
	for _, e := range []models.Event{
		{ID: "e1", Title: "Meetup", OwnerID: u.ID, Status: models.EventPublished, StartsAt: soon, EndsAt: soon.Add(time.Hour), Capacity: 1},
		{ID: "e2", Title: "Webinar", Status: models.EventPublished, StartsAt: soon, EndsAt: soon.Add(time.Hour)},
	} {
		if err := s.SaveEvent(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	for _, join := range [][2]string{{"e1", "other"}, {"e1", u.ID}, {"e2", u.ID}} {
		if _, err := s.JoinEvent(ctx, join[0], join[1], now); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetCheckedIn(ctx, "e2", u.ID, true, now.AddDate(1, 0, 0)); err != nil { // whenever e2 is, the door has opened
		t.Fatal(err)
	}
	if err := s.MarkReminded(ctx, "e2", u.ID); err != nil {
		t.Fatal(err)
	}
	// A referral link of theirs with a click and a sign-up, and a sign-up of
	// theirs through someone else's link.
	link, _, err := s.ReferralLinkFor(ctx, u.ID, models.TargetCommunity, "", "", now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordReferralClick(ctx, link, "click-1", now); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordConversion(ctx, models.NewConversion(link, "newbie", models.ConversionSignUp, now)); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveUser(ctx, models.User{ID: "friend", Name: "A friend"}); err != nil {
		t.Fatal(err)
	}
	theirs, _, err := s.ReferralLinkFor(ctx, "friend", models.TargetCommunity, "", "", now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordConversion(ctx, models.NewConversion(theirs, u.ID, models.ConversionSignUp, now)); err != nil {
		t.Fatal(err)
	}
	// A calendar feed, retired once (only the newest address is theirs).
	for _, token := range []string{"feed-old", "feed-new"} {
		if err := s.SetCalendarToken(ctx, u.ID, token); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.UserByCalendarToken(ctx, "feed-old"); err != store.ErrNotFound {
		t.Errorf("a retired calendar address still works: %v", err)
	}
	if got, err := s.UserByCalendarToken(ctx, "feed-new"); err != nil || got.ID != u.ID {
		t.Errorf("calendar feed: %+v %v", got, err)
	}
	// A touchpoint with this person as candidate (notifying them), and one as recruiter.
	if _, err := s.RecordTouchpoint(ctx, models.Touchpoint{ID: "t1", CandidateID: u.ID, RecruiterID: "rec", At: now},
		models.Notification{ID: "n1", UserID: u.ID, FromID: "rec", Title: "x", CreatedAt: now}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordTouchpoint(ctx, models.Touchpoint{ID: "t2", CandidateID: "cand", RecruiterID: u.ID, At: now},
		models.Notification{ID: "n2", UserID: "cand", FromID: u.ID, Title: "y", CreatedAt: now}); err != nil {
		t.Fatal(err)
	}
	// A note of theirs about someone else, and a saved search.
	if _, err := s.ChangeRelationship(ctx, "cand", u.ID, func(r *models.Relationship) (bool, error) {
		return true, r.AddNote(models.Note{ID: "note1", AuthorID: u.ID, Text: "Knows Go", At: now})
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveSearch(ctx, u.ID, models.SavedSearch{ID: "ss1", Name: "Go in Utrecht", Query: "q=go", LookedAt: now}); err != nil {
		t.Fatal(err)
	}
	// A mail to them in the outbox.
	if _, err := s.QueueMail(ctx, models.Mail{ID: models.MailKey("test", "x", u.ID), Purpose: "test", UserID: u.ID, To: "erase@example.com",
		Subject: "Hello", Text: "Hi"}); err != nil {
		t.Fatal(err)
	}
	// Someone else's data stays.
	if err := s.SaveSession(ctx, &models.Session{ID: "s2", UserID: "someone-else", ExpiresAt: now.Add(time.Hour), AbsoluteExpiresAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}

	counts, err := s.CountPersonData(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, col := range store.PersonalCollections() {
		if counts[col] == 0 {
			t.Fatalf("this test stores nothing in %s: extend it for the new collection", col)
		}
	}
	export, err := s.ExportPerson(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, col := range store.PersonalCollections() {
		if int64(len(export[col])) != counts[col] {
			t.Errorf("export of %s has %d documents, the store %d", col, len(export[col]), counts[col])
		}
	}
	if c := export["referral_conversions.referrer_id"]; len(c) != 1 || c[0]["referred_id"] != nil || c[0]["kind"] != "signup" {
		t.Errorf("the export names the person they referred, or lacks the sign-up: %v", c)
	}
	if fmt.Sprint(export["users"][0]["skills"]) != "[Go]" || export["users"][0]["consent_history"] == nil {
		t.Errorf("export lacks the profile: %v", export["users"][0])
	}

	if err := s.ErasePerson(ctx, u.ID, []string{"candidates-x"}); err != nil {
		t.Fatal(err)
	}
	counts, _ = s.CountPersonData(ctx, u.ID)
	for col, n := range counts {
		if n != 0 {
			t.Errorf("%d documents left in %s", n, col)
		}
	}
	if _, err := s.Session(ctx, "s2"); err != nil {
		t.Error("someone else's session was erased")
	}
	if sum, _ := s.ReferralSummary(ctx); len(sum.Leaders) != 1 || sum.Leaders[0].ID != "friend" || sum.Totals.SignUps != 2 {
		t.Errorf("the referral summary after the erasure: %+v (the leaders should keep only the friend, the totals both sign-ups)", sum)
	}
	if recent, _ := s.RecentReferred(ctx); len(recent) != 0 {
		t.Errorf("the referred members still name the erased member: %+v", recent)
	}
	if e, err := s.Event(ctx, "e1"); err != nil || e.OwnerID != "" || fmt.Sprint(e.Attendees, e.Waitlist) != "[other] []" {
		t.Errorf("the hosted event should stay, without its host and with its other attendee: %+v %v", e, err)
	}
	if e, err := s.Event(ctx, "e2"); err != nil || e.Going != 0 || len(e.CheckedIn)+len(e.Reminded) != 0 {
		t.Errorf("the attended event should count nobody: %+v %v", e, err)
	}
	if l, err := s.ReferralLink(ctx, theirs.Code); err != nil || l.SignUps != 1 {
		t.Errorf("the friend's link should keep its count: %+v %v", l, err)
	}
	if _, err := s.ReferralLink(ctx, link.Code); err == nil {
		t.Error("the erased member's link still works")
	}
	if v, err := s.Vacancy(ctx, "v1"); err != nil || v.OwnerID != "" || v.Title != "Go developer" {
		t.Errorf("the posted vacancy should stay, without its owner: %+v %v", v, err)
	}
	if ids, _ := s.IndexDeletions(ctx, 10); len(ids) != 1 || ids[0] != "candidates-x" {
		t.Errorf("no tombstone for the index: %v", ids)
	}
	if n, _ := s.ErasedMembers(ctx); n != 1 {
		t.Errorf("anonymous count = %d", n)
	}
	// Erasing again (an interrupted erasure retried) is harmless.
	if err := s.ErasePerson(ctx, u.ID, []string{"candidates-x"}); err != nil {
		t.Fatal(err)
	}
}

// Concurrent changes to one profile all land: the optimistic version check
// makes a loser read again instead of overwriting.
func TestConcurrentProfileChangesAllLand(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	u, err := s.SignInUser(ctx, models.User{ID: "u", Name: "U"}, nil, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	const n = 10
	drainIndexQueue(t, s)
	concurrently(t, n, func(i int) error {
		_, err := s.ModifyProfile(ctx, u.ID, func(u *models.User) error {
			_, err := models.AddTermTo(u, models.TermSkill, fmt.Sprintf("skill-%d", i))
			return err
		})
		return err
	})
	got, _ := s.User(ctx, u.ID)
	if len(got.Skills) != n || got.Version != u.Version+n || !queued(t, s, "users|"+u.ID) {
		t.Fatalf("skills %v, version %d", got.Skills, got.Version)
	}
}

// Rebuilding footprints (after a bulk seed) adds to a footprint that exists
// and creates the missing ones, so export finds both.
func TestRebuiltFootprintsAddToExistingOnes(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	now := time.Now()
	live := func(id, user string) models.Session {
		return models.Session{ID: id, UserID: user, ExpiresAt: now.Add(time.Hour), AbsoluteExpiresAt: now.Add(time.Hour)}
	}
	first := live("s1", "ann")
	if err := s.SaveSession(ctx, &first); err != nil { // traced as it is written
		t.Fatal(err)
	}
	if err := s.InsertSeed(ctx, store.SeedDocuments{Sessions: []models.Session{live("s2", "ann"), live("s3", "bob")}}); err != nil {
		t.Fatal(err)
	}
	for user, want := range map[string]int{"ann": 2, "bob": 1} {
		export, err := s.ExportPerson(ctx, user)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(export["sessions"]); got != want {
			t.Errorf("%s's export has %d sessions, want %d", user, got, want)
		}
	}
}

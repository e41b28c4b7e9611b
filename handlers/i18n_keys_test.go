package handlers

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/talentcommunity/portal/i18n"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/resume"
	"github.com/talentcommunity/portal/store"
)

// Templates build some message keys from values ("seniority." + value);
// every value must have its message, in both languages.
func TestBuiltMessageKeysExist(t *testing.T) {
	en, err := i18n.Keys("en")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	add := func(prefix string, values []string, suffix string) {
		for _, v := range values {
			want = append(want, prefix+v+suffix)
		}
	}
	strs := func(vs any) []string {
		var out []string
		switch vs := vs.(type) {
		case []models.Seniority:
			for _, v := range vs {
				out = append(out, string(v))
			}
		case []models.AvailabilityStatus:
			for _, v := range vs {
				out = append(out, string(v))
			}
		case []models.ConsentKind:
			for _, v := range vs {
				out = append(out, string(v))
			}
		case []models.Role:
			for _, v := range vs {
				out = append(out, string(v))
			}
		}
		return out
	}
	add("profile.", profileSections, ".title")
	add("seniority.", strs(models.Seniorities), "")
	add("availability.", strs(models.AvailabilityStatuses), "")
	add("workplace.", models.Workplaces, "")
	add("employment.", models.EmploymentTypes, "")
	add("frequency.", models.ContactFrequencies, "")
	add("channel.", models.ContactChannels, "")
	add("milestone.", models.MilestoneKinds, "")
	add("talent.congrats.subject.", models.MilestoneKinds, "")
	add("talent.change.", models.ChangeFields, "")
	add("today.group.", groupableSignals, "")
	add("today.group.note.", groupableSignals, "")
	add("talent.congrats.message.", models.MilestoneKinds, "")
	add("consent.", strs(models.ConsentKinds), ".label")
	add("consent.", strs(models.ConsentKinds), ".text")
	add("role.", strs([]models.Role{models.RoleCandidate, models.RoleRecruiter, models.RoleAdmin}), "")
	add("import.part.", importSections, "")
	add("vacancies.facet.", vacancyFacets, "")
	add("events.facet.", eventFacets, "")
	add("events.format.", []string{"online", "in_person"}, "")
	add("notifications.", []string{models.KindEventReminder, models.KindEventPromoted, models.KindEventCancelled,
		models.KindReferralSignUp, models.KindReferralConverted, models.KindReferralHired}, "")
	add("referrals.target.", models.ReferralTargets, "")
	add("rhythm.", models.Rhythms, "")
	add("channel.", models.TouchpointChannels, "")
	add("talent.facet.", append(slices.Clone(talentFacets), "last_contact"), "")
	add("talent.engagement.", models.EngagementTiers, "")
	add("talent.source.", []string{"signup", "referral", "import"}, "")
	for _, r := range models.LastContactRanges {
		add("talent.contact.", []string{r.Name}, "")
	}
	for _, s := range talentSortOrder {
		add("talent.sort.", []string{cmp.Or(s, "match")}, "")
	}
	add("today.filter.", todayFilters, "")
	add("talent.log.group.", []string{string(store.KindVacancy), string(store.KindEvent)}, "")
	add("talent.signal.", []string{models.KindAvailabilityChanged, models.KindSignedUp, models.KindMilestone, models.KindEventAttended,
		models.KindInterestExpressed, models.KindEventJoined, models.KindReferralSignUp}, "")
	add("talent.tl.", []string{models.KindCongratulated, models.KindVacancyShared, models.KindInterestExpressed, models.KindEventJoined,
		models.KindEventAttended, models.KindNoShow, models.KindReferralSignUp, models.KindProfileChanged, models.KindMilestone,
		models.KindAvailabilityChanged, models.KindSignedUp, models.KindContact}, "")
	add("talent.activity.", []string{models.KindSignIn, models.KindEventJoined, models.KindEventAttended, models.KindInterestExpressed,
		models.KindReferralSignUp, models.KindNewsletterClick}, "")
	add("privacy.contacts.", []string{models.KindCongratulated, models.KindVacancyShared}, "")
	add("referrals.share.", models.ReferralTargets, "")
	add("article.status.", []string{models.ArticleDraft, models.ArticlePublished, models.ArticleArchived}, "")
	add("vacancy.status.", []string{models.VacancyDraft, models.VacancyOpen, models.VacancyClosed}, "")
	add("match.reason.", []string{models.ReasonSkills, models.ReasonNiceSkills, models.ReasonMissing, models.ReasonInterests,
		models.ReasonLocation, models.ReasonRemote, models.ReasonSeniority, models.ReasonAvailability}, "")
	for _, err := range []error{errNoFile, resume.ErrTooLarge, resume.ErrNotZip, resume.ErrUnsafe, resume.ErrNoData, resume.ErrNotJSON, errors.New("other")} {
		want = append(want, importErrorKey(err))
	}
	for key := range refusalFlashes {
		want = append(want, key)
	}
	for step := 1; step <= models.OnboardingSteps; step++ {
		want = append(want, fmt.Sprintf("onboarding.step%d.title", step), fmt.Sprintf("onboarding.step%d.lead", step))
	}
	u := &models.User{}
	for {
		_, next := models.Completeness(u)
		if next == nil {
			break
		}
		want = append(want, "profile.next."+next.Key)
		// Complete the step to find the next one.
		switch next.Key {
		case "skills":
			u.Skills = []string{"a", "b", "c"}
		case "availability":
			u.Availability.Status = models.AvailabilityOpen
		case "headline":
			u.Headline = "x"
		case "interests":
			u.Interests = []string{"a", "b"}
		case "location":
			u.City = "x"
		case "preferences":
			u.Preferences.Roles = []string{"x"}
		case "consents":
			u.Consents.Contact.At, u.Consents.Visibility.At, u.Consents.Newsletter.At = u.CreatedAt.AddDate(1, 0, 0), u.CreatedAt.AddDate(1, 0, 0), u.CreatedAt.AddDate(1, 0, 0)
		case "contact":
			u.Contact.Frequency = "monthly"
		case "seniority":
			u.Seniority = "senior"
		default:
			t.Fatalf("unknown step %q: teach this test about it", next.Key)
		}
	}
	for _, k := range want {
		if !slices.Contains(en, k) {
			t.Errorf("no message %q", k)
		}
	}
}

// Every flash message a handler sets is shown on the next page: three once
// never were, because the list of known flashes was kept by hand. Every
// "flash." message id in the handlers' source counts, also those a handler
// picks from a map or a variable.
func TestEveryFlashSetIsShown(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	literal := regexp.MustCompile(`"(flash\.[a-z_.]+)"`)
	found := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range literal.FindAllStringSubmatch(string(src), -1) {
			found++
			if _, ok := flashKind(m[1]); !ok {
				t.Errorf("%s uses the flash %s, which never shows", f, m[1])
			}
		}
	}
	for key := range refusalFlashes {
		if kind, ok := flashKind(key); !ok || kind != "error" {
			t.Errorf("the refusal %s shows as %q", key, kind)
		}
	}
	if found < 20 {
		t.Fatalf("found only %d flash ids: is the pattern still right?", found)
	}
	if _, ok := flashKind("flash.</p><script>"); ok {
		t.Error("an unknown flash id would be shown")
	}
}

package models

import "testing"

func TestRoles(t *testing.T) {
	var nobody *User
	if nobody.Has(RoleCandidate) {
		t.Error("nil user has a role")
	}
	cand := &User{Roles: []Role{RoleCandidate}}
	rec := &User{Roles: []Role{RoleCandidate, RoleRecruiter}}
	admin := &User{Roles: []Role{RoleCandidate, RoleAdmin}}
	if cand.IsRecruiter() || cand.IsAdmin() || !cand.Has(RoleCandidate) {
		t.Error("candidate roles wrong")
	}
	if !rec.IsRecruiter() || rec.IsAdmin() {
		t.Error("recruiter roles wrong")
	}
	if !admin.IsRecruiter() || !admin.IsAdmin() {
		t.Error("an admin may do what a recruiter may")
	}
}

func TestRolesFromEmail(t *testing.T) {
	admins, recruiters := []string{"boss@x.example"}, []string{"rec@x.example", "boss@x.example"}
	if got := RolesFromEmail(" Boss@X.example", true, admins, recruiters); len(got) != 2 {
		t.Errorf("boss: %v", got)
	}
	if got := RolesFromEmail("rec@x.example", true, admins, recruiters); len(got) != 1 || got[0] != RoleRecruiter {
		t.Errorf("recruiter: %v", got)
	}
	if got := RolesFromEmail("boss@x.example", false, admins, recruiters); got != nil {
		t.Errorf("unverified email granted %v", got)
	}
	if got := RolesFromEmail("", true, admins, recruiters); got != nil {
		t.Errorf("empty email granted %v", got)
	}
}

func TestNames(t *testing.T) {
	u := &User{Name: "Sanne de Vries"}
	if u.FirstName() != "Sanne" || u.Initials() != "SD" {
		t.Errorf("%q %q", u.FirstName(), u.Initials())
	}
	u.GivenName = "Sanneke"
	if u.FirstName() != "Sanneke" {
		t.Error("given name not preferred")
	}
	if (&User{Name: "Ünal"}).Initials() != "Ü" {
		t.Error("initials of a non-ASCII name")
	}
}

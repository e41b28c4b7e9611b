package models

// DatabaseMode says what a database holds: the made-up demo community or
// real people. The first member to arrive decides it, once: the demo seed or
// a demo sign-in makes it a demo, a real sign-in (or an import of real
// people) makes it real. It never changes afterwards, because the demo's
// one-click accounts and its outbox page must never reach real people, and
// real people must never sign in among made-up ones.
type DatabaseMode string

// The modes. An undecided database has no members yet.
const (
	ModeUndecided DatabaseMode = ""
	ModeDemo      DatabaseMode = "demo"
	ModeReal      DatabaseMode = "real"
)

// The identity providers of made-up members: the demo's accounts and
// community, and the synthetic members of a scale seed.
const (
	ProviderDemo = "demo"
	ProviderSeed = "seed"
)

// ModeOf is the kind of database a member signed in through provider
// belongs in: made-up providers belong in a demo, every other in a real one.
func ModeOf(provider string) DatabaseMode {
	if provider == ProviderDemo || provider == ProviderSeed {
		return ModeDemo
	}
	return ModeReal
}

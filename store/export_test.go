package store

import "context"

// Internals the external tests reach.

// FindUsersByEmail asks the users collection for a field other than _id, as
// a careless feature would (for the guard test).
func (s *Store) FindUsersByEmail(ctx context.Context, email string) error {
	_, err := s.read(colUsers).Find(ctx, map[string]any{"email": email})
	return err
}

// SetIndexHook makes stage call fn in indexed (tests kill the process there).
func SetIndexHook(stage string, fn func()) {
	indexHook = func(s string) {
		if s == stage {
			fn()
		}
	}
}

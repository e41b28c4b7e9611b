// Package taxonomy is the shared list of skills and interests: it folds the
// spelling variants people type into one term ("golang" → "Go") and suggests
// terms as they type. The list lives in MongoDB and is cached here.
package taxonomy

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/store"
)

// Service answers from a copy of the taxonomy held in memory, refreshed
// after TTL (so terms another instance added appear within a minute).
type Service struct {
	Store *store.Store
	TTL   time.Duration

	mu       sync.RWMutex
	byFold   map[string]models.Term            // kind:fold(label or alias) → term
	labels   map[models.TermKind][]models.Term // sorted by label, for suggestions
	loadedAt time.Time
}

// EnsureDefaults writes the default terms (idempotent: existing terms keep
// their aliases and gain any new default ones).
func (s *Service) EnsureDefaults(ctx context.Context) error {
	stored, err := s.Store.Terms(ctx)
	if err != nil {
		return err
	}
	have := make(map[string]models.Term, len(stored))
	for _, t := range stored {
		have[t.Key] = t
	}
	// Only what is missing is written: a restart of a portal that has them
	// all costs one read instead of a write per default term.
	for _, t := range Defaults {
		if h, ok := have[t.Key]; ok && !slices.ContainsFunc(t.Aliases, func(a string) bool { return !slices.Contains(h.Aliases, a) }) {
			continue
		}
		if err := s.Store.SaveTerm(ctx, t); err != nil {
			return err
		}
	}
	return s.reload(ctx)
}

func (s *Service) reload(ctx context.Context) error {
	terms, err := s.Store.Terms(ctx)
	if err != nil {
		return err
	}
	byFold := make(map[string]models.Term, 3*len(terms))
	labels := map[models.TermKind][]models.Term{}
	for _, t := range terms {
		byFold[string(t.Kind)+":"+models.FoldTerm(t.Label)] = t
		for _, a := range t.Aliases {
			key := string(t.Kind) + ":" + models.FoldTerm(a)
			if _, taken := byFold[key]; !taken {
				byFold[key] = t
			}
		}
		labels[t.Kind] = append(labels[t.Kind], t)
	}
	for _, ts := range labels {
		slices.SortFunc(ts, func(a, b models.Term) int { return strings.Compare(strings.ToLower(a.Label), strings.ToLower(b.Label)) })
	}
	s.mu.Lock()
	s.byFold, s.labels, s.loadedAt = byFold, labels, time.Now()
	s.mu.Unlock()
	return nil
}

func (s *Service) fresh(ctx context.Context) error {
	s.mu.RLock()
	stale := s.byFold == nil || time.Since(s.loadedAt) > s.TTL
	s.mu.RUnlock()
	if stale {
		return s.reload(ctx)
	}
	return nil
}

// Lookup finds the term that what was typed folds to, if any.
func (s *Service) Lookup(ctx context.Context, kind models.TermKind, typed string) (models.Term, bool, error) {
	if err := s.fresh(ctx); err != nil {
		return models.Term{}, false, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	t, ok := s.byFold[string(kind)+":"+models.FoldTerm(typed)]
	return t, ok, nil
}

// Terms lists the terms of kind, sorted by label.
func (s *Service) Terms(ctx context.Context, kind models.TermKind) ([]models.Term, error) {
	if err := s.fresh(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return append([]models.Term{}, s.labels[kind]...), nil
}

// Normalize turns what a person typed into the taxonomy's label when a term
// or one of its variants matches, and into cleaned free text otherwise.
// It returns "" when nothing printable was typed.
func (s *Service) Normalize(ctx context.Context, kind models.TermKind, typed string) (string, error) {
	clean := models.CleanTerm(typed)
	if clean == "" {
		return "", nil
	}
	if err := s.fresh(ctx); err != nil {
		return "", err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if t, ok := s.byFold[string(kind)+":"+models.FoldTerm(clean)]; ok {
		return t.Label, nil
	}
	return clean, nil
}

// Suggest returns up to limit labels of kind that start with (or else
// contain) what was typed, leaving out those in exclude.
func (s *Service) Suggest(ctx context.Context, kind models.TermKind, typed string, exclude []string, limit int) ([]string, error) {
	q := strings.ToLower(models.CleanTerm(typed))
	if err := s.fresh(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	skip := map[string]bool{}
	for _, e := range exclude {
		skip[models.FoldTerm(e)] = true
	}
	var prefix, contains []string
	for _, t := range s.labels[kind] {
		label := strings.ToLower(t.Label)
		if skip[models.FoldTerm(t.Label)] {
			continue
		}
		switch {
		case q == "" || strings.HasPrefix(label, q) || slices.ContainsFunc(t.Aliases, func(a string) bool { return strings.HasPrefix(a, q) }):
			prefix = append(prefix, t.Label)
		case strings.Contains(label, q):
			contains = append(contains, t.Label)
		}
	}
	out := append(prefix, contains...)
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// Add puts a new term (or new variants of an existing one) into the taxonomy.
func (s *Service) Add(ctx context.Context, kind models.TermKind, label string, aliases []string) (models.Term, error) {
	t := models.Term{Key: models.TermKey(kind, label), Kind: kind, Label: label, Aliases: aliases}
	if err := s.Store.SaveTerm(ctx, t); err != nil {
		return t, err
	}
	return t, s.reload(ctx)
}

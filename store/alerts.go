package store

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"

	"github.com/talentcommunity/portal/models"
)

// VacancyAlert returns the record of the alerts about a vacancy; nil when
// none went out yet.
func (s *Store) VacancyAlert(ctx context.Context, vacancyID string) (*models.VacancyAlert, error) {
	a, err := findOne[models.VacancyAlert](ctx, s.read(colVacancyAlerts), bson.M{"_id": vacancyID}, "vacancy alert")
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	return a, err
}

// SaveVacancyAlert records that the alerts about a vacancy went out.
func (s *Store) SaveVacancyAlert(ctx context.Context, a models.VacancyAlert) error {
	_, err := s.write(colVacancyAlerts).ReplaceOne(ctx, bson.M{"_id": a.VacancyID}, a, options.Replace().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("store: vacancy alert: %w", err)
	}
	return nil
}

package store

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// AcquireLease lets holder run the job called name until now+ttl, unless
// another holder's lease is still running. With N portal instances, each
// scheduled job then runs once.
func (s *Store) AcquireLease(ctx context.Context, name, holder string, now time.Time, ttl time.Duration) (bool, error) {
	filter := bson.M{"_id": name, "$or": bson.A{
		bson.M{"holder": holder},
		bson.M{"expires_at": bson.M{"$lte": now}},
	}}
	update := bson.M{"$set": bson.M{"holder": holder, "expires_at": now.Add(ttl)}}
	_, err := s.write(colLeases).UpdateOne(ctx, filter, update, options.Update().SetUpsert(true))
	if isDuplicate(err) {
		// The lease exists and is someone else's: the upsert tried to insert a second one.
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: lease %s: %w", name, err)
	}
	return true, nil
}

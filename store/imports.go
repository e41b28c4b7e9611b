package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"

	"github.com/talentcommunity/portal/models"
)

// importChunk is one part of an uploaded file, keyed "importID/n": a
// document holds at most 16 MB, and an export of a large ATS may be more.
type importChunk struct {
	ID   string `bson:"_id"`
	Data []byte `bson:"data"`
}

const importChunkBytes = 4 << 20

// CreateImport keeps an uploaded file and its import (a draft until the
// mapping is confirmed).
func (s *Store) CreateImport(ctx context.Context, job models.ImportJob, file []byte) error {
	job.Chunks = 0
	for start := 0; ; start += importChunkBytes {
		end := min(start+importChunkBytes, len(file))
		c := importChunk{ID: job.ID + "/" + strconv.Itoa(job.Chunks), Data: file[start:end]}
		if _, err := s.write(colImportFiles).InsertOne(ctx, c); err != nil {
			return fmt.Errorf("store: keep import file: %w", err)
		}
		job.Chunks++
		if end == len(file) {
			break
		}
	}
	if _, err := s.write(colImports).InsertOne(ctx, job); err != nil {
		return fmt.Errorf("store: create import: %w", err)
	}
	return nil
}

// ImportFile is the file an import reads.
func (s *Store) ImportFile(ctx context.Context, job *models.ImportJob) ([]byte, error) {
	var out []byte
	for n := range job.Chunks {
		c, err := findOne[importChunk](ctx, s.read(colImportFiles), bson.M{"_id": job.ID + "/" + strconv.Itoa(n)}, "import file")
		if err != nil {
			return nil, err
		}
		out = append(out, c.Data...)
	}
	return out, nil
}

// Import returns one import, or ErrNotFound.
func (s *Store) Import(ctx context.Context, id string) (*models.ImportJob, error) {
	return findOne[models.ImportJob](ctx, s.write(colImports), bson.M{"_id": id}, "import "+id)
}

// Imports lists the imports, newest first (a team makes a few).
func (s *Store) Imports(ctx context.Context) ([]models.ImportJob, error) {
	cur, err := s.read(colImports).Find(ctx, bson.M{}, options.Find().SetSort(bson.D{{Key: "created_at", Value: -1}}).
		SetProjection(bson.M{"rejects": 0}))
	out, err := decodeAll[models.ImportJob](ctx, cur, err)
	if err != nil {
		return nil, fmt.Errorf("store: imports: %w", err)
	}
	return out, nil
}

// ImportsToRun lists the imports confirmed and not finished, oldest first:
// a restart resumes the running ones.
func (s *Store) ImportsToRun(ctx context.Context) ([]models.ImportJob, error) {
	cur, err := s.read(colImports).Find(ctx, bson.M{"state": bson.M{"$in": bson.A{models.ImportQueued, models.ImportRunning}}},
		options.Find().SetSort(bson.D{{Key: "created_at", Value: 1}}).SetProjection(bson.M{"rejects": 0}))
	out, err := decodeAll[models.ImportJob](ctx, cur, err)
	if err != nil {
		return nil, fmt.Errorf("store: imports to run: %w", err)
	}
	return out, nil
}

// ErrImportState is an import asked to do what its state does not allow
// (confirming one that runs, cancelling one that ended).
var ErrImportState = errors.New("store: the import is not in a state for that")

// ConfirmImport sets the mapping and source of a draft and queues it.
func (s *Store) ConfirmImport(ctx context.Context, id, source string, mapping []string) error {
	_, err := modify(ctx, s, colImports, id, false, func(j *models.ImportJob) (bson.M, error) {
		if j.State != models.ImportDraft {
			return nil, ErrImportState
		}
		return bson.M{"$set": bson.M{"state": models.ImportQueued, "source": source, "mapping": mapping}}, nil
	})
	return wrapImport(err, "confirm")
}

// CancelImport stops an import that has not ended: the rows written stay,
// the rest are not read. A draft is simply dropped.
func (s *Store) CancelImport(ctx context.Context, id string, now time.Time) error {
	_, err := modify(ctx, s, colImports, id, false, func(j *models.ImportJob) (bson.M, error) {
		if j.Finished() {
			return nil, ErrImportState
		}
		return bson.M{"$set": bson.M{"state": models.ImportCancelled, "finished_at": now}}, nil
	})
	return wrapImport(err, "cancel")
}

// ImportProgress records a batch done: the cursor, the counts and the
// rejected rows, in one write. It refuses (ErrImportState) when the import
// was cancelled meanwhile, so the worker stops.
func (s *Store) ImportProgress(ctx context.Context, id string, next int, counts models.ImportCounts, rejects []models.ImportReject, done bool, now time.Time) error {
	_, err := modify(ctx, s, colImports, id, false, func(j *models.ImportJob) (bson.M, error) {
		if j.State != models.ImportRunning && j.State != models.ImportQueued {
			return nil, ErrImportState
		}
		set := bson.M{"next": next, "counts": counts, "state": models.ImportRunning}
		if done {
			set["state"], set["finished_at"] = models.ImportDone, now
		}
		update := bson.M{"$set": set}
		if room := models.MaxRejects - len(j.Rejects); room > 0 && len(rejects) > 0 {
			update["$push"] = bson.M{"rejects": bson.M{"$each": rejects[:min(room, len(rejects))]}}
		}
		return update, nil
	})
	return wrapImport(err, "progress")
}

// FailImport ends an import that cannot go on (its file is unreadable).
func (s *Store) FailImport(ctx context.Context, id, reason string, now time.Time) error {
	_, err := s.write(colImports).UpdateOne(ctx, bson.M{"_id": id},
		bson.M{"$set": bson.M{"state": models.ImportFailed, "error": reason, "finished_at": now}})
	return wrapImport(err, "fail")
}

// CountImportFunnel counts a step of the funnel of the import that brought
// a person (informed, joined, objected, erased).
func (s *Store) CountImportFunnel(ctx context.Context, importID, step string) error {
	if importID == "" {
		return nil
	}
	_, err := s.write(colImports).UpdateOne(ctx, bson.M{"_id": importID}, bson.M{"$inc": bson.M{"funnel." + step: 1}})
	return wrapImport(err, "funnel")
}

// ForgetImportFiles drops the files and rejected rows of imports that
// ended more than models.ImportKeep ago: they hold people's data that has
// done its work. It reports how many imports it cleared.
func (s *Store) ForgetImportFiles(ctx context.Context, now time.Time) (int, error) {
	cur, err := s.read(colImports).Find(ctx, bson.M{"finished_at": bson.M{"$lte": now.Add(-models.ImportKeep)}, "chunks": bson.M{"$gt": 0}},
		options.Find().SetProjection(bson.M{"_id": 1, "chunks": 1}))
	jobs, err := decodeAll[models.ImportJob](ctx, cur, err)
	if err != nil {
		return 0, wrapImport(err, "old files")
	}
	for _, j := range jobs {
		ids := make([]string, j.Chunks)
		for n := range ids {
			ids[n] = j.ID + "/" + strconv.Itoa(n)
		}
		if err := s.write(colImportFiles).DeleteIDs(ctx, ids); err != nil {
			return 0, wrapImport(err, "forget file")
		}
		_, err := s.write(colImports).UpdateOne(ctx, bson.M{"_id": j.ID},
			bson.M{"$set": bson.M{"chunks": 0}, "$unset": bson.M{"rejects": ""}})
		if err != nil {
			return 0, wrapImport(err, "forget rejects")
		}
	}
	return len(jobs), nil
}

func wrapImport(err error, what string) error {
	if err == nil || errors.Is(err, ErrImportState) || errors.Is(err, ErrNotFound) {
		return err
	}
	return fmt.Errorf("store: import %s: %w", what, err)
}

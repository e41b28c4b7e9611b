// Package importer brings an ATS's candidates into the talent pool: it
// keeps the uploaded file, guesses the mapping, and runs the import as a
// job that survives a restart and can be cancelled.
package importer

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/talentcommunity/portal/ats"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/store"
	"github.com/talentcommunity/portal/taxonomy"
)

// batchSize is how many rows are written between two records of progress:
// a restart redoes at most this many (and counts none twice).
const batchSize = 500

// batchWritten runs between a batch's writes and the record of its
// progress, the moment a crash costs most; tests stop the import there.
var batchWritten = func(start int) {}

// Importer runs imports.
type Importer struct {
	Store    *store.Store
	Taxonomy *taxonomy.Service
	// Index indexes people at once; when it fails, they are queued for the
	// sync worker instead.
	Index  func(ctx context.Context, ids []string) error
	Secret string // keys the hashes of people who objected
	Log    *slog.Logger
	Now    func() time.Time
}

func (im *Importer) now() time.Time {
	if im.Now != nil {
		return im.Now()
	}
	return time.Now()
}

// Upload reads a file, guesses its mapping and keeps it as a draft import.
// A file that cannot be read as a table is refused with the reason.
func (im *Importer) Upload(ctx context.Context, fileName string, data []byte, source, by string) (*models.ImportJob, *ats.Table, error) {
	t, err := ats.Read(data)
	if err != nil {
		return nil, nil, err
	}
	mapping, preset := ats.Guess(t.Header)
	now := im.now().UTC()
	if source == "" {
		source = DefaultSource(preset, fileName, now)
	}
	job := models.ImportJob{ID: newID(), Source: source, FileName: fileName, Preset: preset, Encoding: t.Encoding,
		Header: t.Header, Mapping: fieldsToStrings(mapping), Rows: len(t.Rows), State: models.ImportDraft,
		CreatedBy: by, CreatedAt: now}
	if t.Separator != 0 {
		job.Separator = string(t.Separator)
	}
	if err := im.Store.CreateImport(ctx, job, data); err != nil {
		return nil, nil, err
	}
	return &job, t, nil
}

// DefaultSource names an import by the ATS and the month ("Recruitee,
// 2026-12"), or by the file when the ATS is not known.
func DefaultSource(preset, fileName string, now time.Time) string {
	if preset == "" {
		preset = fileName
	}
	return preset + ", " + now.Format("2006-01")
}

func newID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Table reads an import's file again (for its preview).
func (im *Importer) Table(ctx context.Context, job *models.ImportJob) (*ats.Table, error) {
	data, err := im.Store.ImportFile(ctx, job)
	if err != nil {
		return nil, err
	}
	return ats.Read(data)
}

// Preview is how the first rows will be saved, or why they will not.
type Preview struct {
	Line   int
	Person models.ImportedPerson
	Reject string
}

// Previews reads the first n rows through a mapping.
func Previews(t *ats.Table, m ats.Mapping, n int) []Preview {
	out := make([]Preview, 0, n)
	for _, row := range t.Rows[:min(n, len(t.Rows))] {
		p, reject := ats.Person(row, m)
		out = append(out, Preview{Line: row.Line, Person: p, Reject: reject})
	}
	return out
}

// Run writes a confirmed import's rows from where it stopped, a batch at a
// time, until the end or until it is cancelled. It returns the import as
// it ended (or stopped).
func (im *Importer) Run(ctx context.Context, id string) (*models.ImportJob, error) {
	job, err := im.Store.Import(ctx, id)
	if err != nil {
		return nil, err
	}
	if job.State != models.ImportQueued && job.State != models.ImportRunning {
		return job, nil
	}
	t, err := im.Table(ctx, job)
	if err != nil {
		// The file read well on upload: a failure now is the store's.
		if errors.Is(err, store.ErrNotFound) || isTableError(err) {
			return job, im.Store.FailImport(ctx, id, err.Error(), im.now())
		}
		return nil, err
	}
	mapping := stringsToFields(job.Mapping)
	ref := models.ImportRef{ID: job.ID, Source: job.Source, At: job.CreatedAt}
	counts := job.Counts
	for next := job.Next; next < len(t.Rows); {
		if err := ctx.Err(); err != nil {
			return job, err
		}
		end := min(next+batchSize, len(t.Rows))
		rejects, err := im.batch(ctx, ref, t.Rows[next:end], mapping, &counts)
		if err != nil {
			return nil, fmt.Errorf("import %s rows %d-%d: %w", id, next, end, err)
		}
		batchWritten(next)
		err = im.Store.ImportProgress(ctx, id, end, counts, rejects, end == len(t.Rows), im.now())
		if errors.Is(err, store.ErrImportState) {
			im.Log.Info("import cancelled", "import", id, "rows_done", next)
			return im.Store.Import(ctx, id)
		}
		if err != nil {
			return nil, err
		}
		next = end
	}
	return im.Store.Import(ctx, id)
}

func isTableError(err error) bool {
	return errors.Is(err, ats.ErrEmpty) || errors.Is(err, ats.ErrNotTable) || errors.Is(err, ats.ErrTooMany) ||
		errors.Is(err, ats.ErrTooLarge) || errors.Is(err, ats.ErrBroken)
}

// batch writes rows and adds their outcomes to counts; it returns the
// rows rejected.
func (im *Importer) batch(ctx context.Context, ref models.ImportRef, rows []ats.Row, m ats.Mapping, counts *models.ImportCounts) ([]models.ImportReject, error) {
	var rejects []models.ImportReject
	people := make([]models.ImportedPerson, 0, len(rows))
	for _, row := range rows {
		p, reject := ats.Person(row, m)
		if reject != "" {
			counts.Add(models.OutcomeRejected)
			rejects = append(rejects, models.ImportReject{Line: row.Line, Reason: reject, Cells: row.Cells})
			continue
		}
		if err := im.fold(ctx, &p); err != nil {
			return nil, err
		}
		people = append(people, p)
	}
	outcomes, touched, err := im.Store.ApplyImport(ctx, store.ImportBatch{Import: ref, People: people, Suppressed: im.suppressed(ctx)})
	if err != nil {
		return nil, err
	}
	for _, o := range outcomes {
		counts.Add(o)
	}
	if len(touched) > 0 {
		if err := im.Index(ctx, touched); err != nil {
			im.Log.Warn("import: indexing later", "err", err)
			if err := im.Store.QueueMembersForIndex(ctx, touched); err != nil {
				return nil, err
			}
		}
	}
	return rejects, nil
}

// fold turns skills and tags into the taxonomy's labels.
func (im *Importer) fold(ctx context.Context, p *models.ImportedPerson) error {
	for _, list := range []struct {
		terms *[]string
		kind  models.TermKind
	}{{&p.Skills, models.TermSkill}, {&p.Tags, models.TermInterest}} {
		var out []string
		for _, t := range *list.terms {
			label, err := im.Taxonomy.Normalize(ctx, list.kind, t)
			if err != nil {
				return err
			}
			if label != "" && len(out) < models.MaxSkills && !slices.Contains(out, label) {
				out = append(out, label)
			}
		}
		*list.terms = out
	}
	return nil
}

// suppressed checks a row's keys against the people who objected.
func (im *Importer) suppressed(ctx context.Context) func(keys []string) (bool, error) {
	return func(keys []string) (bool, error) {
		hashes := make([]string, len(keys))
		for i, k := range keys {
			hashes[i] = models.SuppressionHash(im.Secret, k)
		}
		return im.Store.Suppressed(ctx, hashes)
	}
}

func fieldsToStrings(m ats.Mapping) []string {
	out := make([]string, len(m))
	for i, f := range m {
		out[i] = string(f)
	}
	return out
}

func stringsToFields(s []string) ats.Mapping {
	out := make(ats.Mapping, len(s))
	for i, f := range s {
		out[i] = ats.Field(f)
	}
	return out
}

// Mapping is a stored import's mapping.
func Mapping(job *models.ImportJob) ats.Mapping { return stringsToFields(job.Mapping) }

// Worker runs the imports that are confirmed, one at a time, under a
// lease (with several instances, one runs each), and resumes one that a
// restart interrupted.
func (im *Importer) Worker(ctx context.Context, holder string, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		im.runWaiting(ctx, holder)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (im *Importer) runWaiting(ctx context.Context, holder string) {
	jobs, err := im.Store.ImportsToRun(ctx)
	if err != nil {
		im.Log.Warn("imports: list", "err", err)
		return
	}
	for _, j := range jobs {
		got, err := im.Store.AcquireLease(ctx, "import:"+j.ID, holder, im.now(), 10*time.Minute)
		if err != nil || !got {
			continue
		}
		if _, err := im.Run(ctx, j.ID); err != nil && ctx.Err() == nil {
			im.Log.Warn("import failed, retried later", "import", j.ID, "err", err)
		}
	}
}

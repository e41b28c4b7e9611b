package models

import "time"

// The states of an import, in order; an import ends done, cancelled or failed.
const (
	ImportDraft     = "draft"   // uploaded, the mapping still to check
	ImportQueued    = "queued"  // confirmed, waiting for the worker
	ImportRunning   = "running" // rows being written (resumed after a restart)
	ImportDone      = "done"
	ImportCancelled = "cancelled"
	ImportFailed    = "failed"
)

// ImportJob is one file from an ATS on its way into the talent pool.
type ImportJob struct {
	ID string `bson:"_id" json:"id"`
	// Source names where the people came from, as their status and the
	// privacy centre say it ("Recruitee, 2026-12").
	Source    string `bson:"source" json:"source"`
	FileName  string `bson:"file_name" json:"file_name"`
	Preset    string `bson:"preset,omitempty" json:"preset,omitempty"`
	Encoding  string `bson:"encoding,omitempty" json:"encoding,omitempty"`
	Separator string `bson:"separator,omitempty" json:"separator,omitempty"`
	// Header is the file's header; Mapping the field each column fills ("" for none).
	Header  []string `bson:"header" json:"header"`
	Mapping []string `bson:"mapping" json:"mapping"`
	// Rows is how many rows the file has; Next how many are done (the
	// cursor a resumed import starts from).
	Rows   int          `bson:"rows" json:"rows"`
	Next   int          `bson:"next" json:"next"`
	State  string       `bson:"state" json:"state"`
	Error  string       `bson:"error,omitempty" json:"error,omitempty"`
	Counts ImportCounts `bson:"counts" json:"counts"`
	// Rejects are the rows not imported, with their reason (the first MaxRejects).
	Rejects []ImportReject `bson:"rejects,omitempty" json:"rejects,omitempty"`
	// Funnel counts what became of the people it created since.
	Funnel     ImportFunnel `bson:"funnel" json:"funnel"`
	Chunks     int          `bson:"chunks" json:"-"`
	CreatedBy  string       `bson:"created_by" json:"created_by"`
	CreatedAt  time.Time    `bson:"created_at" json:"created_at"`
	FinishedAt time.Time    `bson:"finished_at,omitempty" json:"finished_at,omitempty"`
}

// ImportCounts add up the outcomes of an import's rows: every row has one.
type ImportCounts struct {
	Created   int `bson:"created" json:"created"`
	Merged    int `bson:"merged" json:"merged"`
	Unchanged int `bson:"unchanged" json:"unchanged"`
	Rejected  int `bson:"rejected" json:"rejected"`
	// Erased are rows of people who asked us to remove their data before:
	// they are not brought back.
	Erased int `bson:"erased_before" json:"erased_before"`
}

// Add counts one outcome.
func (c *ImportCounts) Add(outcome string) {
	switch outcome {
	case OutcomeCreated:
		c.Created++
	case OutcomeMerged:
		c.Merged++
	case OutcomeUnchanged:
		c.Unchanged++
	case OutcomeRejected:
		c.Rejected++
	case OutcomeErased:
		c.Erased++
	}
}

// Total is how many rows were counted.
func (c ImportCounts) Total() int { return c.Created + c.Merged + c.Unchanged + c.Rejected + c.Erased }

// ImportFunnel is what became of the people an import created.
type ImportFunnel struct {
	Informed int `bson:"informed" json:"informed"`
	Joined   int `bson:"joined" json:"joined"`
	Objected int `bson:"objected" json:"objected"`
	Erased   int `bson:"erased" json:"erased"`
}

// ImportReject is a row not imported: its line in the file, why, and its cells.
type ImportReject struct {
	Line   int      `bson:"line" json:"line"`
	Reason string   `bson:"reason" json:"reason"`
	Cells  []string `bson:"cells" json:"cells"`
}

// MaxRejects bounds the rejected rows an import keeps to show (all are counted).
const MaxRejects = 5000

// Progress is the share of rows done, 0 to 100.
func (j *ImportJob) Progress() int {
	if j.Rows == 0 {
		return 100
	}
	return j.Next * 100 / j.Rows
}

// Finished reports whether the import ended.
func (j *ImportJob) Finished() bool {
	return j.State == ImportDone || j.State == ImportCancelled || j.State == ImportFailed
}

// ImportKeep is how long an import's file and rejected rows are kept after
// it ended: long enough to fix the rows and import them again.
const ImportKeep = 30 * 24 * time.Hour

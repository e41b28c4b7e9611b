package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/talentcommunity/portal/app"
	"github.com/talentcommunity/portal/config"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/store"
)

// importSummary is what `portal import candidates --json` prints.
type importSummary struct {
	ID        string `json:"id"`
	Source    string `json:"source"`
	Preset    string `json:"preset,omitempty"`
	Encoding  string `json:"encoding,omitempty"`
	Rows      int    `json:"rows"`
	Created   int    `json:"created"`
	Merged    int    `json:"merged"`
	Unchanged int    `json:"unchanged"`
	Rejected  int    `json:"rejected"`
	// ErasedBefore are rows of people who asked to be removed: not brought back.
	ErasedBefore int                   `json:"erased_before"`
	State        string                `json:"state"`
	Seconds      float64               `json:"seconds"`
	Rejects      []models.ImportReject `json:"rejects,omitempty"`
}

// importCandidates runs `portal import candidates FILE [--source NAME]
// [--json]`: the same import as the page, with the mapping guessed from
// the headers, run to the end in this process.
func importCandidates(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] != "candidates" {
		return errors.New("import: say what to import: portal import candidates FILE [--source NAME] [--json]")
	}
	fs := flag.NewFlagSet("import candidates", flag.ContinueOnError)
	source := fs.String("source", "", "where the people came from, as their status shows it (default: the ATS and the month)")
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	file, flags := "", args[1:]
	if len(flags) > 0 && !strings.HasPrefix(flags[0], "-") {
		file, flags = flags[0], flags[1:]
	}
	if err := fs.Parse(flags); err != nil {
		return err
	}
	if file == "" && fs.NArg() == 1 {
		file = fs.Arg(0)
	}
	if file == "" {
		return errors.New("import candidates: name the file (CSV or XLSX)")
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("import candidates: %w", err)
	}
	return withApp(ctx, cfg, log, func(a *app.App) error {
		start := time.Now()
		job, _, err := a.Importer.Upload(ctx, filepath.Base(file), data, *source, "")
		if err != nil {
			return fmt.Errorf("import candidates: %s: %w", file, err)
		}
		if err := a.Store.ConfirmImport(ctx, job.ID, job.Source, job.Mapping); err != nil {
			return err
		}
		if job, err = a.Importer.Run(ctx, job.ID); err != nil {
			return err
		}
		if full, err := a.Store.Import(ctx, job.ID); err == nil {
			job = full
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		s := importSummary{ID: job.ID, Source: job.Source, Preset: job.Preset, Encoding: job.Encoding, Rows: job.Rows,
			Created: job.Counts.Created, Merged: job.Counts.Merged, Unchanged: job.Counts.Unchanged,
			Rejected: job.Counts.Rejected, ErasedBefore: job.Counts.Erased, State: job.State,
			Seconds: time.Since(start).Round(time.Millisecond).Seconds(), Rejects: job.Rejects}
		if *asJSON {
			enc := json.NewEncoder(out)
			enc.SetIndent("", "  ")
			return enc.Encode(s)
		}
		_, err = fmt.Fprintf(out, "%s: %d rows from %s: %d created, %d merged, %d unchanged, %d rejected, %d erased before (%.1f s)\n",
			job.State, s.Rows, s.Source, s.Created, s.Merged, s.Unchanged, s.Rejected, s.ErasedBefore, s.Seconds)
		return err
	})
}

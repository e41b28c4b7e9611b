package resume

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/talentcommunity/portal/models"
)

// Limits on a LinkedIn archive. Its real CSV files are a few kilobytes; the
// limits refuse zip bombs and archives that are something else.
const (
	maxZipEntries   = 500
	maxCSVSize      = 2 << 20 // bytes, uncompressed, per file read
	maxTotalRead    = 6 << 20
	maxCompressRate = 100 // uncompressed / compressed, for files over 64 KB
)

// The files of LinkedIn's export that the portal reads.
var linkedInFiles = map[string]bool{"profile.csv": true, "positions.csv": true, "skills.csv": true, "education.csv": true}

// ParseLinkedInZip reads the Profile, Positions, Skills and Education CSV
// files of LinkedIn's data export.
func ParseLinkedInZip(data []byte) (Import, error) {
	if len(data) > MaxUpload {
		return Import{}, ErrTooLarge
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return Import{}, ErrNotZip
	}
	if len(zr.File) > maxZipEntries {
		return Import{}, fmt.Errorf("%w: %d entries", ErrUnsafe, len(zr.File))
	}
	tables := map[string][][]string{}
	total := 0
	for _, f := range zr.File {
		name := strings.ToLower(path.Base(f.Name))
		if !linkedInFiles[name] || strings.Count(f.Name, "/") > 2 || f.FileInfo().IsDir() {
			continue
		}
		if f.Flags&0x1 != 0 {
			return Import{}, fmt.Errorf("%w: encrypted entry", ErrUnsafe)
		}
		if f.UncompressedSize64 > maxCSVSize ||
			(f.UncompressedSize64 > 64<<10 && f.CompressedSize64 > 0 && f.UncompressedSize64/f.CompressedSize64 > maxCompressRate) {
			return Import{}, fmt.Errorf("%w: %s would unpack to %d bytes", ErrUnsafe, f.Name, f.UncompressedSize64)
		}
		rc, err := f.Open()
		if err != nil {
			return Import{}, fmt.Errorf("%w: %v", ErrNotZip, err)
		}
		// The header's sizes may lie: read at most the limit, whatever it says.
		b, err := io.ReadAll(io.LimitReader(rc, maxCSVSize+1))
		rc.Close()
		if err != nil {
			return Import{}, fmt.Errorf("%w: %v", ErrNotZip, err)
		}
		if len(b) > maxCSVSize {
			return Import{}, fmt.Errorf("%w: %s unpacks past the limit", ErrUnsafe, f.Name)
		}
		if total += len(b); total > maxTotalRead {
			return Import{}, fmt.Errorf("%w: archive unpacks past the limit", ErrUnsafe)
		}
		rows, err := readCSV(b)
		if err != nil {
			return Import{}, fmt.Errorf("%w: %s: %v", ErrNoData, f.Name, err)
		}
		tables[name] = rows
	}
	if len(tables) == 0 {
		return Import{}, ErrNoData
	}
	im := Import{}
	for _, r := range records(tables["profile.csv"], "Headline") {
		im.Headline = r["Headline"]
		parts := strings.Split(r["Geo Location"], ",")
		if len(parts) > 0 {
			im.City = parts[0]
		}
		if len(parts) > 1 {
			im.Country = parts[len(parts)-1]
		}
		break
	}
	for _, r := range records(tables["skills.csv"], "Name") {
		im.Skills = append(im.Skills, r["Name"])
	}
	for _, r := range records(tables["positions.csv"], "Title") {
		im.Positions = append(im.Positions, models.Position{
			Title: r["Title"], Company: r["Company Name"], Location: r["Location"], Description: r["Description"],
			Start: month(r["Started On"]), End: month(r["Finished On"]),
		})
	}
	for _, r := range records(tables["education.csv"], "School Name") {
		im.Education = append(im.Education, models.Education{
			School: r["School Name"], Degree: r["Degree Name"], Start: month(r["Start Date"]), End: month(r["End Date"]),
		})
	}
	im = Clean(im)
	if im.Empty() {
		return Import{}, ErrNoData
	}
	return im, nil
}

func readCSV(b []byte) ([][]string, error) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	rows, err := r.ReadAll()
	if err != nil {
		return nil, errors.New("not a CSV file")
	}
	return rows, nil
}

// records maps rows to their column names. LinkedIn puts notes above the
// header of some files, so the header is the first row with the key column.
func records(rows [][]string, key string) []map[string]string {
	for i, row := range rows {
		if i > 5 {
			return nil
		}
		header := -1
		for j, col := range row {
			if strings.TrimSpace(col) == key {
				header = j
			}
		}
		if header < 0 {
			continue
		}
		var out []map[string]string
		for _, data := range rows[i+1:] {
			rec := map[string]string{}
			for j, col := range row {
				if j < len(data) {
					rec[strings.TrimSpace(col)] = data[j]
				}
			}
			out = append(out, rec)
		}
		return out
	}
	return nil
}

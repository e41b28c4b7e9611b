// Package ats reads the candidate exports of Applicant Tracking Systems
// (CSV or XLSX, as messy as real ones are) into rows of people, with the
// columns mapped to the portal's fields by their headers.
package ats

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Table is a file as read: its header and its rows of cells, each with the
// line it started on (what a person finds in their spreadsheet).
type Table struct {
	Header []string
	Rows   []Row
	// Encoding and Separator say how a CSV was read ("" for XLSX).
	Encoding  string
	Separator rune
}

// Row is one record of the file.
type Row struct {
	Line  int
	Cells []string
}

// Limits of what is read: an export of a large ATS fits; a file that does
// not is refused before it fills the memory.
const (
	MaxFileBytes = 32 << 20
	MaxRows      = 200_000
)

// Errors a person can act on.
var (
	ErrEmpty    = errors.New("the file holds no rows")
	ErrTooLarge = fmt.Errorf("the file is larger than %d MB", MaxFileBytes>>20)
	ErrTooMany  = fmt.Errorf("the file has more than %d rows", MaxRows)
	ErrNotTable = errors.New("the file is neither CSV nor an Excel workbook (.xlsx)")
	ErrBroken   = errors.New("the file cannot be read as CSV")
)

// Read reads a CSV or XLSX export. XLSX is told by its content (a ZIP), not
// its name.
func Read(data []byte) (*Table, error) {
	if len(data) > MaxFileBytes {
		return nil, ErrTooLarge
	}
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return readXLSX(data)
	}
	if bytes.IndexByte(data, 0) >= 0 && !hasUTF16BOM(data) {
		return nil, ErrNotTable
	}
	return readCSV(data)
}

func hasUTF16BOM(data []byte) bool {
	return bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF})
}

// decode turns the bytes of a text file into UTF-8: UTF-8 with or without
// its BOM, UTF-16 with a BOM (Excel's "Unicode text"), and otherwise
// Windows-1252, what Excel writes on Western Windows.
func decode(data []byte) (string, string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return string(data[3:]), "UTF-8", nil
	case hasUTF16BOM(data):
		out, _, err := transform.Bytes(unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder(), data)
		if err != nil {
			return "", "", fmt.Errorf("not readable as UTF-16: %w", err)
		}
		return string(out), "UTF-16", nil
	case utf8.Valid(data):
		return string(data), "UTF-8", nil
	}
	out, _, err := transform.Bytes(charmap.Windows1252.NewDecoder(), data)
	if err != nil {
		return "", "", fmt.Errorf("not readable as Windows-1252: %w", err)
	}
	return string(out), "Windows-1252", nil
}

func readCSV(data []byte) (*Table, error) {
	text, enc, err := decode(data)
	if err != nil {
		return nil, err
	}
	sep := sniffSeparator(text)
	r := csv.NewReader(strings.NewReader(text))
	r.Comma, r.FieldsPerRecord, r.LazyQuotes = sep, -1, true
	t := &Table{Encoding: enc, Separator: sep}
	for {
		cells, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: line %d: %w", ErrBroken, lineOf(err), err)
		}
		line, _ := r.FieldPos(0)
		if err := t.add(line, cells); err != nil {
			return nil, err
		}
	}
	return t.done()
}

func lineOf(err error) int {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.StartLine
	}
	return 0
}

// sniffSeparator picks the separator the header line uses most, outside
// quotes: a comma, a semicolon (Excel in much of Europe) or a tab.
func sniffSeparator(text string) rune {
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" {
			continue
		}
		best, bestN := ',', 0
		for _, sep := range []rune{',', ';', '\t'} {
			if n := countOutsideQuotes(line, sep); n > bestN {
				best, bestN = sep, n
			}
		}
		return best
	}
	return ','
}

func countOutsideQuotes(line string, sep rune) int {
	n, quoted := 0, false
	for _, r := range line {
		switch {
		case r == '"':
			quoted = !quoted
		case r == sep && !quoted:
			n++
		}
	}
	return n
}

func readXLSX(data []byte) (*Table, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, ErrNotTable
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, ErrEmpty
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, fmt.Errorf("reading the workbook: %w", err)
	}
	defer rows.Close()
	t := &Table{}
	for line := 1; rows.Next(); line++ {
		cells, err := rows.Columns()
		if err != nil {
			return nil, fmt.Errorf("row %d: %w", line, err)
		}
		if err := t.add(line, cells); err != nil {
			return nil, err
		}
	}
	if err := rows.Error(); err != nil {
		return nil, fmt.Errorf("reading the workbook: %w", err)
	}
	return t.done()
}

// add takes one record: the first that is not blank is the header; blank
// records, and the header repeated (files glued together), are skipped.
func (t *Table) add(line int, cells []string) error {
	for i := range cells {
		cells[i] = strings.TrimSpace(strings.ReplaceAll(cells[i], "\r\n", "\n"))
	}
	if blank(cells) {
		return nil
	}
	if t.Header == nil {
		t.Header = cells
		return nil
	}
	if sameHeader(t.Header, cells) {
		return nil
	}
	if len(t.Rows) >= MaxRows {
		return ErrTooMany
	}
	t.Rows = append(t.Rows, Row{Line: line, Cells: cells})
	return nil
}

func (t *Table) done() (*Table, error) {
	if len(t.Rows) == 0 {
		return nil, ErrEmpty
	}
	return t, nil
}

func blank(cells []string) bool {
	for _, c := range cells {
		if c != "" {
			return false
		}
	}
	return true
}

func sameHeader(header, cells []string) bool {
	if len(cells) < len(header) {
		return false
	}
	for i, h := range header {
		if !strings.EqualFold(h, cells[i]) {
			return false
		}
	}
	return true
}

// Cell is the cell of column i, "" when the row is shorter.
func (r Row) Cell(i int) string {
	if i < 0 || i >= len(r.Cells) {
		return ""
	}
	return r.Cells[i]
}

package ats_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"github.com/talentcommunity/portal/ats"
)

// Real exports are messy; each file below is read to the same two people.
func TestReadMessyFiles(t *testing.T) {
	win1252, _ := charmap.Windows1252.NewEncoder().String("Name,E-mail\nJosé Müller,jose@example.com\nÅsa Öberg,asa@example.com\n")
	for name, file := range map[string]string{
		"UTF-8 with BOM and semicolons":     "\ufeffName;E-mail\nJosé Müller;jose@example.com\nÅsa Öberg;asa@example.com\n",
		"Windows-1252 from Excel":           win1252,
		"tabs, CRLF":                        "Name\tE-mail\r\nJosé Müller\tjose@example.com\r\nÅsa Öberg\tasa@example.com\r\n",
		"blank lines and a repeated header": "Name,E-mail\n\nJosé Müller,jose@example.com\n,\nName,E-mail\nÅsa Öberg,asa@example.com\n\n",
		"quoted separators":                 "Name,E-mail\n\"José Müller\",\"jose@example.com\"\n\"Åsa Öberg\",asa@example.com\n",
	} {
		t.Run(name, func(t *testing.T) {
			tb, err := ats.Read([]byte(file))
			if err != nil {
				t.Fatal(err)
			}
			if len(tb.Rows) != 2 || tb.Rows[0].Cell(0) != "José Müller" || tb.Rows[1].Cell(0) != "Åsa Öberg" || tb.Rows[1].Cell(1) != "asa@example.com" {
				t.Fatalf("rows: %+v (header %q)", tb.Rows, tb.Header)
			}
			if tb.Header[1] != "E-mail" {
				t.Errorf("header: %q", tb.Header)
			}
		})
	}
}

func TestQuotedLineBreakKeepsItsLine(t *testing.T) {
	tb, err := ats.Read([]byte("Name,Notes,Email\nAnna,\"line one\nline two\",anna@example.com\nBram,,bram@example.com\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(tb.Rows) != 2 || tb.Rows[0].Cell(1) != "line one\nline two" || tb.Rows[1].Line != 4 {
		t.Fatalf("rows: %+v", tb.Rows)
	}
}

func TestReadXLSX(t *testing.T) {
	f := excelize.NewFile()
	for i, row := range [][]any{{"First Name", "Last Name", "Email", "Current Company", "Current Title", "Candidate ID"},
		{"Anna", "de Vries", "anna@example.com", "Polder Cloud", "Go developer", 42}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	tb, err := ats.Read(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	m, preset := ats.Guess(tb.Header)
	if preset != "Greenhouse" {
		t.Errorf("preset %q", preset)
	}
	p, reject := ats.Person(tb.Rows[0], m)
	if reject != "" || p.Name != "Anna de Vries" || p.Company != "Polder Cloud" || p.Headline != "Go developer" || p.ATSID != "42" {
		t.Errorf("person %+v, %q", p, reject)
	}
}

func TestRefusedFiles(t *testing.T) {
	for name, c := range map[string]struct {
		file string
		want error
	}{
		"empty":        {"", ats.ErrEmpty},
		"header only":  {"Name,Email\n", ats.ErrEmpty},
		"binary":       {"\x00\x01\x02garbage", ats.ErrNotTable},
		"a broken ZIP": {"PK\x03\x04broken", ats.ErrNotTable},
	} {
		if _, err := ats.Read([]byte(c.file)); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
	}
}

func TestGuessAndPerson(t *testing.T) {
	header := []string{"Voornaam", "Achternaam", "E-mailadres", "Telefoonnummer", "Woonplaats", "Functie", "Vaardigheden", "Taal", "LinkedIn profiel"}
	m, preset := ats.Guess(header)
	if preset != "" {
		t.Errorf("preset %q", preset)
	}
	want := ats.Mapping{ats.FieldFirstName, ats.FieldLastName, ats.FieldEmail, ats.FieldPhone, ats.FieldCity, ats.FieldHeadline, ats.FieldSkills, ats.FieldLanguage, ats.FieldLinkedIn}
	for i := range want {
		if m[i] != want[i] {
			t.Errorf("column %q: %q, want %q", header[i], m[i], want[i])
		}
	}
	for _, c := range []struct {
		cells  []string
		reject string
	}{
		{[]string{"Anna", "Bakker", " Anna@Example.COM ", "06-12345678", "Utrecht", "Go developer", "Go; Kubernetes", "Nederlands", "nl.linkedin.com/in/AnnaB/"}, ""},
		{[]string{"Bram", "", "", "", "", "", "", "", "https://www.linkedin.com/in/bram"}, ""},
		{[]string{"Cees", "", "", "", "", "", "", "", ""}, ats.RejectNoIdentity},
		{[]string{"Dirk", "", "dirk(at)example.com", "", "", "", "", "", ""}, ats.RejectBadEmail},
		{[]string{"Eva", "", "eva@example.com", "call me", "", "", "", "", ""}, ats.RejectBadPhone},
	} {
		p, reject := ats.Person(ats.Row{Line: 2, Cells: c.cells}, m)
		if reject != c.reject {
			t.Errorf("%s: reject %q, want %q", c.cells[0], reject, c.reject)
		}
		if c.cells[0] == "Anna" && (p.Emails[0] != "anna@example.com" || p.LinkedIn != "https://www.linkedin.com/in/annab" ||
			p.Language != "nl" || len(p.Skills) != 2 || p.Name != "Anna Bakker") {
			t.Errorf("Anna: %+v", p)
		}
	}
}

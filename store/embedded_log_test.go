package store

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
)

// FerretDB's logger drops what is below an error, and an error it lets
// through carries every attribute and group added before, in order.
func TestMinLevelKeepsAttributesForWhatItLetsThrough(t *testing.T) {
	var out bytes.Buffer
	log := slog.New(minLevel{Handler: slog.NewTextHandler(&out, nil), min: slog.LevelError}).With("component", "ferretdb")
	conn := log.With("conn", 7).WithGroup("sql").With("table", "users")
	conn.Info("connection accepted")
	conn.Warn("endSessions is not supported")
	if out.Len() != 0 {
		t.Fatalf("below the level, yet logged: %s", out.String())
	}
	conn.Error("disk full", "tx", 3)
	log.Error("closing")
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 ||
		!strings.Contains(lines[0], `msg="disk full" component=ferretdb conn=7 sql.table=users sql.tx=3`) ||
		!strings.HasSuffix(lines[1], `msg=closing component=ferretdb`) {
		t.Fatalf("logged:\n%s", out.String())
	}
}

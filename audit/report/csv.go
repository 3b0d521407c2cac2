package report

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// CSVOptions configure the CSV report.
type CSVOptions struct {
	// BOM starts the file with a UTF-8 byte order mark, without which Excel
	// reads UTF-8 as the Windows code page and garbles accented labels.
	BOM bool
}

// CSVColumns is the header of the CSV report, one finding per row. The set
// and order are part of the tool's interface (docs/report-formats.md):
// columns are only ever added at the end.
var CSVColumns = []string{
	"severity", "rule", "title", "area", "file", "line", "column",
	"entity_schema", "entity_key", "entity_class", "place", "message", "excerpt",
	"remediation", "doc_url", "effort_hours", "compat", "fingerprint", "change",
}

// CSV writes one row per finding (RFC 4180: CRLF line ends, quotes where
// needed), in the deterministic order of the scan, with control and
// bidirectional characters escaped (see Visible).
func CSV(w io.Writer, m *Migration, opt CSVOptions) error {
	return renderVisible(w, false, func(w io.Writer) error { return writeCSV(w, m, opt) })
}

func writeCSV(w io.Writer, m *Migration, opt CSVOptions) error {
	bw := bufio.NewWriter(w)
	if opt.BOM {
		bw.WriteString("\ufeff")
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	if err := cw.Write(CSVColumns); err != nil {
		return err
	}
	for f := range m.Result.Findings.All() {
		r := m.Rule(f.RuleID, f.Severity)
		class := ""
		if it := m.Inv.Lookup(f.Entity); it != nil {
			class = string(it.Class)
		}
		row := []string{
			f.Severity.String(), f.RuleID, r.Title, r.Category, f.File,
			strconv.Itoa(f.Line), strconv.Itoa(f.Col),
			f.EntitySchema, f.EntityKey, class, f.Place, f.Message, f.Excerpt,
			r.Doc.Remediation, r.Doc.URL, strconv.FormatFloat(r.EffortHours(), 'f', -1, 64),
			strings.Join(f.Compat, " "), f.Fingerprint, string(m.ChangeOf(*f)),
		}
		for i, c := range row {
			row[i] = csvCell(c)
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	// With --compare, the findings fixed since the previous audit follow,
	// with what the previous file tells of them.
	if m.Comparison != nil {
		for _, f := range m.Comparison.FixedFindings {
			line := ""
			if f.Line > 0 {
				line = strconv.Itoa(f.Line)
			}
			row := []string{
				f.Severity, f.Rule.ID, f.Rule.Title, f.Rule.Category, f.File, line, "",
				"", "", "", f.Place, f.Message, "",
				f.Rule.Doc.Remediation, f.Rule.Doc.URL, strconv.FormatFloat(f.Hours, 'f', -1, 64),
				"", f.Fingerprint, string(ChangeFixed),
			}
			if i := strings.IndexByte(f.Entity, ' '); i > 0 {
				row[7], row[8] = f.Entity[:i], f.Entity[i+1:]
			}
			for i, c := range row {
				row[i] = csvCell(c)
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// csvCell defuses formula injection: spreadsheet programs run a cell that
// starts with = + - @ (or a tab or carriage return before one) as a
// formula, and exports are full of such text (SQL comments, expressions,
// attacker-controlled labels). A leading apostrophe makes Excel, LibreOffice
// and Google Sheets show the text as is.
func csvCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

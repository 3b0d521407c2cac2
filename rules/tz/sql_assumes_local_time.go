package tz

import (
	"regexp"
	"strings"
	_ "time/tzdata"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/serverconf"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// Comparisons and conversions of date columns in raw SQL that depend on
// the time zone the values are stored in.
var (
	tzLiteral   = regexp.MustCompile(`(?i)\b(ts[a-z]\w*)\s*(?:<=|>=|<>|!=|=|<|>|\bnot\s+between\b|\bbetween\b)\s*(?:timestamp\s+|date\s+|to_date\s*\(\s*|to_timestamp\s*\(\s*)?'\d{4}-\d{2}-\d{2}`)
	tzLiteralR  = regexp.MustCompile(`(?i)'\d{4}-\d{2}-\d{2}[^']*'\s*\)?\s*(?:<=|>=|<>|!=|=|<|>)\s*(ts[a-z]\w*)\b`)
	tzNow       = regexp.MustCompile(`(?i)\b(ts[a-z]\w*)\s*(?:<=|>=|<>|!=|=|<|>)\s*\(?\s*(now\s*\(\s*\)|getdate\s*\(\s*\)|sysdatetime\s*\(\s*\)|sysdate\b|current_timestamp\b|localtimestamp\b|current_date\b)`)
	tzNowR      = regexp.MustCompile(`(?i)\b(now\s*\(\s*\)|getdate\s*\(\s*\)|sysdatetime\s*\(\s*\)|sysdate\b|current_timestamp\b|localtimestamp\b|current_date\b)[^;,()]*?(?:<=|>=|<>|!=|=|<|>)\s*(ts[a-z]\w*)\b`)
	tzFormat    = regexp.MustCompile(`(?i)\b(?:to_char|date_format|trunc|date)\s*\(\s*(?:\w+\.)?(ts[a-z]\w*)\b|\bdate_trunc\s*\(\s*'[^']*'\s*,\s*(?:\w+\.)?(ts[a-z]\w*)\b|\bconvert\s*\(\s*\w+(?:\s*\(\s*\d+\s*\))?\s*,\s*(?:\w+\.)?(ts[a-z]\w*)\b|\bcast\s*\(\s*(?:\w+\.)?(ts[a-z]\w*)\s+as\s+date\b|\b(?:\w+\.)?(ts[a-z]\w*)\s*::\s*date\b|\bextract\s*\(\s*\w+\s+from\s+(?:\w+\.)?(ts[a-z]\w*)\b`)
	tzPatterns  = []*regexp.Regexp{tzLiteral, tzLiteralR, tzNow, tzNowR, tzFormat}
	tzPatternOf = []string{
		"compared with a literal local date", "compared with a literal local date",
		"compared with the database server's clock", "compared with the database server's clock",
		"converted to a day or a text in the session time zone",
	}
)

// SQLLocalTime flags raw SQL that assumes dates are stored in local time.
var SQLLocalTime = &audit.Rule{
	ID:        "TZ-004",
	Name:      "sql-assumes-local-time",
	Title:     "Raw SQL assuming dates stored in local time",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionMedium,
	Category:  area.TimeZones,
	Doc: audit.Doc{
		Rationale: "After the conversion to multi-time-zone (TIMESTAMP WITH TIME ZONE) — and already in v5.11 for XML " +
			"dates, \"now stored in UTC\" — a ts… column holds an instant, while \"if the database does not manage " +
			"multiple time zones … SQL queries must be executed in the time zone of the database server\". Raw SQL " +
			"that compares a ts… column with a literal date ('2019-06-01 00:00'), with the server clock (NOW(), " +
			"GETDATE(), SYSDATE, CURRENT_TIMESTAMP, CURRENT_DATE) or turns it into a day or a text (TO_CHAR, " +
			"CONVERT, ::date, CAST AS DATE, DATE_TRUNC, EXTRACT) shifts by the UTC offset once the storage changes. " +
			"Windows of a day or more around the clock (`NOW() - INTERVAL '7 days'`, `GETDATE() - 30`) are not " +
			"disturbed by an offset of hours and are not reported, nor is the clock assigned to a column " +
			"(`UPDATE … SET tsLastModified = NOW()` stores the current instant in either storage). The rule reads " +
			"SQL scripts, SQL activities and SQL in JavaScript strings, comments and template blocks excluded. " +
			"Nothing is reported when a serverConf.xml of the scan shows the main database already on TIMESTAMP " +
			"WITH TIME ZONE (useTimestampTZ=\"true\"): the storage does not change, so neither do the results; when " +
			"no serverConf.xml of the scan tells, the message says so. It is a heuristic: review each place.",
		Remediation: "Filter dates with XTK expressions and the built-in date functions in queries " +
			"(`<condition expr=\"@created >= SubDays(GetDate(), 30)\"/>`), or state the time zone in SQL " +
			"(`tsCreated >= TIMESTAMP WITH TIME ZONE '2019-06-01 00:00:00+02'`, `tsCreated AT TIME ZONE 'Europe/Paris'`).",
		Bad: `<workflow internalName="WKF_purge" label="Purge" xtkschema="xtk:workflow">
  <activities>
    <sql label="Purge" name="sql">
      <script>DELETE FROM CusOrder WHERE tsCreated &lt; '2019-01-01 00:00:00';</script>
    </sql>
  </activities>
</workflow>`,
		Good: `<workflow internalName="WKF_purge" label="Purge" xtkschema="xtk:workflow">
  <activities>
    <sql label="Purge" name="sql">
      <script>DELETE FROM CusOrder WHERE iStatus = 3; -- tsCreated &lt; '2019-01-01' was the old rule</script>
    </sql>
  </activities>
</workflow>`,
		URL: docs.TZOperating,
	},
	Effort:   0.5,
	Requires: []*audit.Collector{serverconf.Collector},
	Run:      runSQLLocalTime,
}

func runSQLLocalTime(p *audit.Pass) {
	if srcschema.IsHeader(p) {
		return
	}
	// inSetClause reports whether a match starts an assignment of the SET
	// list of an UPDATE: a SET keyword after the last WHERE and the last
	// statement end, then only earlier assignments.
	lastWord := func(s, w string) int {
		for to := len(s); ; {
			i := strings.LastIndex(s[:to], w)
			if i < 0 {
				return -1
			}
			if (i == 0 || !srcschema.IsWordByte(s[i-1])) && (i+len(w) == len(s) || !srcschema.IsWordByte(s[i+len(w)])) {
				return i
			}
			to = i
		}
	}
	inSetClause := func(before string) bool {
		before = strings.ToLower(before)
		set := lastWord(before, "set")
		if set < 0 || set < lastWord(before, "where") || set < strings.LastIndexByte(before, ';') {
			return false
		}
		// The column must be the target of an assignment of the list, not
		// part of an expression (SET a = CASE WHEN tsX = NOW() …).
		seg := before[set+len("set"):]
		if c := strings.LastIndexByte(seg, ','); c >= 0 {
			seg = seg[c+1:]
		}
		return strings.TrimSpace(seg) == ""
	}
	for _, t := range srcschema.SQLTexts(p) {
		if !mayCompareDates(t.Text) {
			continue
		}
		masked := srcschema.MaskSQL(t.Text, false)
		seen := map[int]bool{}
		for k, re := range tzPatterns {
			if !tzHints[k](t.Text) {
				continue
			}
			for _, m := range re.FindAllStringSubmatchIndex(masked, -1) {
				col, clock := "", ""
				for g := 1; 2*g+1 < len(m); g++ {
					if m[2*g] < 0 {
						continue
					}
					v := masked[m[2*g]:m[2*g+1]]
					if strings.HasPrefix(strings.ToLower(v), "ts") {
						col = v
					} else {
						clock = strings.ToLower(v)
					}
				}
				if seen[m[0]] || col == "" {
					continue
				}
				if re == tzNow && !strings.HasPrefix(clock, "current_date") && coarseShift(masked[m[1]:]) {
					continue
				}
				// UPDATE … SET tsX = NOW() stores the current instant, right
				// in either storage: an assignment, not a comparison.
				if re == tzNow && strings.Trim(masked[m[3]:m[4]], " \t\r\n(") == "=" && inSetClause(masked[:m[0]]) {
					continue
				}
				if re == tzNowR && !strings.HasPrefix(clock, "current_date") && coarseShift(masked[m[3]:m[1]]) {
					continue
				}
				seen[m[0]] = true
				s, e := audit.ValueRange(t.Span, m[0], m[1])
				p.Defer(p.Newf(s, e, "date column %s %s in %s: the result shifts by the UTC offset once dates are stored with their time zone; review it", col, tzPatternOf[k], t.Where), conversionToCome)
			}
		}
	}
}

// tzHints are cheap tests that a text may match the pattern of the
// same index in schTZPatterns, which are slow to run on every SQL text.
var tzHints = []func(string) bool{
	hasDateLiteral, hasDateLiteral, hasClock, hasClock,
	func(s string) bool {
		for _, w := range []string{"to_char", "date_format", "trunc", "date", "convert", "cast", "::", "extract"} {
			if srcschema.ContainsFold(s, w) {
				return true
			}
		}
		return false
	},
}

// mayCompareDates reports whether s names a ts… column at all.
func mayCompareDates(s string) bool {
	for from := 0; ; {
		i := srcschema.IndexFold(s, "ts", from)
		if i < 0 {
			return false
		}
		if (i == 0 || !srcschema.IsWordByte(s[i-1])) && i+2 < len(s) && srcschema.Lower(s[i+2]) >= 'a' && srcschema.Lower(s[i+2]) <= 'z' {
			return true
		}
		from = i + 1
	}
}

// hasDateLiteral reports whether s holds a quote followed by a digit.
func hasDateLiteral(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '\'' && s[i+1] >= '0' && s[i+1] <= '9' {
			return true
		}
	}
	return false
}

// hasClock reports whether s reads the database server's clock.
func hasClock(s string) bool {
	for _, w := range []string{"now", "getdate", "sysdate", "current_", "localtimestamp"} {
		if srcschema.ContainsFold(s, w) {
			return true
		}
	}
	return false
}

// tzArith matches date arithmetic after the server clock: an interval,
// or a number of days (GETDATE() - 30, SYSDATE - 1).
var tzArith = regexp.MustCompile(`(?i)^\s*[-+]\s*(?:interval\s*'([^']*)'\s*(\w+)?|(\d+(?:\.\d+)?)(\s*/)?)`)

// coarseShift reports whether s starts with arithmetic of a day or more:
// a window of days around the clock is not disturbed by a time-zone offset
// of a few hours, while an exact instant or an hourly window is.
func coarseShift(s string) bool {
	m := tzArith.FindStringSubmatch(s)
	if m == nil {
		return false
	}
	if m[3] != "" {
		return m[4] == "" // SYSDATE - 1/24 is an hour
	}
	unit := strings.ToLower(m[1] + " " + m[2])
	for _, u := range []string{"hour", "minute", "second"} {
		if strings.Contains(unit, u) {
			return false
		}
	}
	return true
}

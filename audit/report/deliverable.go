package report

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// FormatEffort gives an estimate the way projects plan it: whole hours
// (quarter hours add precision nobody has), and person-days beyond a day.
// "74 h, about 9 person-days".
func FormatEffort(h float64) string {
	if h <= 0 {
		return "0 h"
	}
	if d := AboutDays(h); d != "" {
		return RoundHours(h) + ", " + d
	}
	return RoundHours(h)
}

// AboutDays is "about 9 person-days" from a day of work, else "".
func AboutDays(h float64) string {
	if h < hoursPerDay {
		return ""
	}
	d := int64(math.Round(h / hoursPerDay))
	if d == 1 {
		return "about 1 person-day"
	}
	return "about " + groupThousands(d) + " person-days"
}

// RoundHours writes hours as FormatEffort does, without the days.
func RoundHours(h float64) string {
	if h >= 10 {
		return groupThousands(int64(math.Round(h))) + " h"
	}
	return FormatHours(h)
}

// FormatDate writes the analysis date as people read it in a deliverable,
// "2 December 2026", in UTC so that the same instant prints the same day
// everywhere.
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2 January 2006")
}

// AnalysisDate is the date a report states: SOURCE_DATE_EPOCH when set (a
// reproducible build of the report gives the same bytes), else now.
// A malformed SOURCE_DATE_EPOCH is an error rather than silently ignored.
func AnalysisDate(sourceDateEpoch string, now time.Time) (time.Time, error) {
	s := strings.TrimSpace(sourceDateEpoch)
	if s == "" {
		return now.UTC(), nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, err
	}
	return time.Unix(n, 0).UTC(), nil
}

// internalSentence matches the sentences of a rule's rationale that tell
// how the rule detects the problem (what it reads, what it leaves out):
// they help whoever tunes the rules, not the customer deciding on a fix.
var internalSentence = regexp.MustCompile(`(?i)\b(this|the|each|a) rule\b|\brules? (reads?|looks?|finds?|reports?|ignores?|checks?|flags?|matches)\b|\b(is|are) (not )?(reported|flagged|ignored)\b|^unlike\b|\bcomments excluded\b|\bis found in\b|\bfalse positives?\b`)

// CustomerProse is a rule's rationale without the sentences about how the
// rule works. When every sentence is about the rule, the text is kept.
func CustomerProse(s string) string {
	var kept []string
	for _, sen := range sentences(s) {
		if !internalSentence.MatchString(strings.TrimSpace(sen)) {
			kept = append(kept, sen)
		}
	}
	if len(kept) == 0 {
		return s
	}
	return strings.TrimSpace(strings.Join(kept, ""))
}

// sentences splits prose after ". ", "! " or "? " (optionally closed by a
// quote or parenthesis) followed by a capital or a quote, outside code
// spans, keeping the separators so that joining gives the text back.
func sentences(s string) []string {
	var out []string
	start, code := 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '`' {
			code = !code
			continue
		}
		if code || (c != '.' && c != '!' && c != '?') {
			continue
		}
		j := i + 1
		for j < len(s) && (s[j] == '"' || s[j] == ')') {
			j++
		}
		if j >= len(s) || s[j] != ' ' {
			continue
		}
		k := j
		for k < len(s) && s[k] == ' ' {
			k++
		}
		if k < len(s) && (s[k] >= 'A' && s[k] <= 'Z' || s[k] == '"' || s[k] == '`') {
			out = append(out, s[start:k])
			start = k
			i = k - 1
		}
	}
	return append(out, s[start:])
}

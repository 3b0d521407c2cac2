package report

import (
	"strings"
	"testing"
	"time"
)

func TestFormatEffort(t *testing.T) {
	for h, want := range map[float64]string{
		0: "0 h", 0.25: "0.25 h", 2.5: "2.5 h", 11.75: "12 h, about 1 person-day", 6: "6 h", 73.75: "74 h, about 9 person-days",
		1234.4: "1,234 h, about 154 person-days",
	} {
		if got := FormatEffort(h); got != want {
			t.Errorf("FormatEffort(%v) = %q, want %q", h, got, want)
		}
	}
}

func TestAnalysisDate(t *testing.T) {
	now := time.Date(2026, 12, 2, 23, 30, 0, 0, time.FixedZone("x", 3600))
	if d, err := AnalysisDate("", now); err != nil || FormatDate(d) != "2 December 2026" {
		t.Errorf("no SOURCE_DATE_EPOCH: %v %v", d, err)
	}
	if d, err := AnalysisDate("1764633600", now); err != nil || FormatDate(d) != "2 December 2025" {
		t.Errorf("SOURCE_DATE_EPOCH: %v %v", FormatDate(d), err)
	}
	if _, err := AnalysisDate("yesterday", now); err == nil {
		t.Error("a malformed SOURCE_DATE_EPOCH should be an error")
	}
	if FormatDate(time.Time{}) != "" {
		t.Error("a zero date should print nothing")
	}
}

func TestCustomerProse(t *testing.T) {
	in := "v7 replaced the SQLData syntax (see `a. B`). An expression holding it is rejected. " +
		"The marker is found in every expression; comments are ignored. Unlike PU-0005, this rule looks only at conditions."
	got := CustomerProse(in)
	want := "v7 replaced the SQLData syntax (see `a. B`). An expression holding it is rejected."
	if got != want {
		t.Errorf("CustomerProse:\n got %q\nwant %q", got, want)
	}
	only := "The rule reports each call."
	if CustomerProse(only) != only {
		t.Error("a rationale made only of detection notes should be kept whole")
	}
	if s := sentences(in); strings.Join(s, "") != in || len(s) != 4 {
		t.Errorf("sentences do not split in 4 and join back: %q", s)
	}
}

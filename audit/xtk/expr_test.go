package xtk

import (
	"math/rand"
	"reflect"
	"strings"
	"testing"
)

func TestSQLData(t *testing.T) {
	tests := []struct {
		expr string
		want []Range
	}{
		{"@id = 1", nil},
		{"@id IN ([SQLDATA[SELECT 1]])", []Range{{8, 27}}},
		{"[SqlData[a]] OR [sqldata[b]]", []Range{{0, 12}, {16, 28}}},
		{"@x = [SQLDATA[unterminated", []Range{{5, 26}}},
	}
	for _, tt := range tests {
		if got := SQLData(tt.expr); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("SQLData(%q) = %v, want %v", tt.expr, got, tt.want)
		}
	}
}

// The quick test before SQLData's lower-cased copy never drops a match.
func TestMayHoldSQLData(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	pieces := []string{"[", "]", "sql", "SQL", "Data", "data", "[SQLDATA[", "x", " ", "{", "\u0130", "é", "[sqldata", "[[", "S", "q"}
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		for n := r.Intn(8); n > 0; n-- {
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
		s := b.String()
		lower := strings.ToLower(s)
		if strings.Contains(lower, "[sqldata[") && !mayHoldSQLData(s) {
			t.Fatalf("mayHoldSQLData(%q) = false, but SQLData may find %v", s, SQLData(s))
		}
		if !mayHoldSQLData(s) && !isASCII(s) {
			t.Fatalf("mayHoldSQLData(%q) = false on non-ASCII text", s)
		}
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func TestAnalyze(t *testing.T) {
	tests := []struct {
		expr      string
		calls     []string
		countStar int
	}{
		{"Upper(@lastName) = 'MARTIN'", []string{"Upper"}, 0},
		{"Iif(@a > 0, Abs(@a), 0)", []string{"Iif", "Abs"}, 0},
		{"count(*) > 2 AND Count ( * ) < 9", []string{"count", "Count"}, 2},
		// Strings, SQLData, substitutions and SQL keywords are not calls.
		{"@name = 'Soundex(x)' OR @id IN ([SQLDATA[SELECT Foo(1)]])", nil, 0},
		{"@id = $(l) AND @d > $date(x)", nil, 0},
		{"@a IN (1, 2) AND NOT (@b = 1)", nil, 0},
		{"[folder/@name] = 'x' AND Year(@created) = 2020", []string{"Year"}, 0},
	}
	for _, tt := range tests {
		s := Analyze(tt.expr)
		var names []string
		for _, c := range s.Calls {
			names = append(names, c.Name)
			if tt.expr[c.Start:c.Start+len(c.Name)] != c.Name {
				t.Errorf("%q: call %s at wrong offset %d", tt.expr, c.Name, c.Start)
			}
		}
		if !reflect.DeepEqual(names, tt.calls) {
			t.Errorf("Analyze(%q) calls = %v, want %v", tt.expr, names, tt.calls)
		}
		if len(s.CountStar) != tt.countStar {
			t.Errorf("Analyze(%q) count(*) = %d, want %d", tt.expr, len(s.CountStar), tt.countStar)
		}
	}
}

func TestIsBuiltin(t *testing.T) {
	for _, name := range []string{"Upper", "upper", "COUNTALL", "GetDate", "Iif", "Year"} {
		if !IsBuiltin(name) {
			t.Errorf("%s should be built in", name)
		}
	}
	for _, name := range []string{"Soundex", "LoyaltyScore", ""} {
		if IsBuiltin(name) {
			t.Errorf("%s should not be built in", name)
		}
	}
	if BuiltinCount() < 100 {
		t.Errorf("only %d built-in functions", BuiltinCount())
	}
}

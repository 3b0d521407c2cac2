package audit_test

import (
	"context"
	"slices"
	"testing"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/source"
)

func TestMentions(t *testing.T) {
	tests := []struct {
		doc  string
		want bool
	}{
		{`<queryFilter expr="[SqlData[x]]"/>`, true},
		{`<queryFilter expr="@id = 1"/>`, false},
		{`<queryFilter expr="[&#83;QLDATA[x]]"/>`, true}, // a character reference could spell it
		{"<workflow><![CDATA[var s = '[SQLDATA[';]]></workflow>", true},
		{`<queryFilter expr="[SqLdAtA[x]]"/>`, true},
		{`<queryFilter expr="[SQL DATA[x]]"/>`, false},
		{"<queryFilter expr=\"[\u0130QLDATA[x]]\"/>", true}, // U+0130 lower-cases to i
		{"<queryFilter expr=\"[\u017fQLDATA[x]]\"/>", true}, // the long s folds to s
	}
	for _, tt := range tests {
		var got bool
		rule := &audit.Rule{ID: "TST-001", Name: "t", Title: "t", Severity: audit.SeverityInfo, Category: "t",
			Run: func(p *audit.Pass) { got = p.Mentions("sqldata") }}
		driver.Run(context.Background(), []*source.Input{source.NewInput("a.xml", []byte(tt.doc))}, driver.Options{Rules: []*audit.Rule{rule}, Workers: 1})
		if got != tt.want {
			t.Errorf("Mentions in %s = %v, want %v", tt.doc, got, tt.want)
		}
	}
}

// Words the automaton does not take (upper case, empty, non-ASCII) keep
// the direct search over the lower-cased source.
func TestMentionsOtherWords(t *testing.T) {
	doc := `<queryFilter expr="[SqlData[x]] café"/>`
	var got []bool
	rule := &audit.Rule{ID: "TST-001", Name: "t", Title: "t", Severity: audit.SeverityInfo, Category: "t",
		Run: func(p *audit.Pass) {
			got = []bool{p.Mentions("SQLDATA"), p.Mentions(""), p.Mentions("café"), p.Mentions("nope", "sqldata"), p.Mentions("nope")}
		}}
	driver.Run(context.Background(), []*source.Input{source.NewInput("a.xml", []byte(doc))}, driver.Options{Rules: []*audit.Rule{rule}, Workers: 1})
	want := []bool{false, true, true, true, false}
	if !slices.Equal(got, want) {
		t.Errorf("Mentions = %v, want %v", got, want)
	}
}

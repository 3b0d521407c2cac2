package audit

import "testing"

func TestRunsFor(t *testing.T) {
	v7 := &Rule{ID: "SQL-001"}
	v8 := &Rule{ID: "V8-001", Targets: []string{TargetV8, TargetV8Enterprise}}
	ent := &Rule{ID: "V8-002", Targets: []string{TargetV8Enterprise}}
	cases := []struct {
		r      *Rule
		target string
		want   bool
	}{
		{v7, "", true}, {v7, TargetV7, true}, {v7, TargetV8, true}, {v7, TargetV8Enterprise, true},
		{v8, "", false}, {v8, TargetV7, false}, {v8, TargetV8, true}, {v8, TargetV8Enterprise, true},
		{ent, TargetV8, false}, {ent, TargetV8Enterprise, true},
	}
	for _, c := range cases {
		if got := c.r.RunsFor(c.target); got != c.want {
			t.Errorf("%s RunsFor(%q) = %v", c.r.ID, c.target, got)
		}
	}
	if tg, err := ParseTarget(" V8 "); err != nil || tg != TargetV8 {
		t.Errorf("ParseTarget(V8) = %q, %v", tg, err)
	}
	if tg, _ := ParseTarget(""); tg != TargetV7 {
		t.Errorf("empty target is %q", tg)
	}
	if _, err := ParseTarget("v8-ffda"); err == nil {
		t.Error("unknown target accepted")
	}
	if err := Validate([]*Rule{{ID: "V8-003", Name: "x", Title: "T", Severity: SeverityInfo, Category: "c", Precision: PrecisionLow,
		Targets: []string{"v9"}, Doc: Doc{Rationale: "r", Remediation: "r.", Bad: "b", Good: "g", URL: "u"}, Run: func(*Pass) {}}}); err == nil {
		t.Error("an unknown rule target passes Validate")
	}
}

package sqlword

import (
	"testing"
)

func TestOpsDDL(t *testing.T) {
	s := NewSQLSummary()
	s.Add(`CREATE OR REPLACE VIEW cusLogs AS SELECT tsLog FROM NmsTrackingLogRcp;
DROP TABLE IF EXISTS wkf1234_tmp;
CREATE UNIQUE INDEX NmsRecipient_x ON [dbo].[NmsRecipient] (sX);
TRUNCATE TABLE XtkWorkflowTask;`)
	want := []string{"CREATE INDEX on NmsRecipient", "CREATE VIEW on NmsTrackingLogRcp", "TRUNCATE on XtkWorkflowTask"}
	got := SortedKeys(s.Ddl)
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("got %v, want %v", got, want)
		}
	}
}

package tz

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/serverconf"
)

// noStorageNote ends the message of a finding about the conversion of
// date columns to TIMESTAMP WITH TIME ZONE when no serverConf.xml of the
// scan says how the main database stores them: the export cannot tell
// whether the conversion is still to come.
const noStorageNote = "; no serverConf.xml of the scan says whether the main database already stores dates with their time zone (useTimestampTZ=\"true\": nothing to convert, nothing to fear)"

// conversionToCome decides a deferred finding about the -usetimestamptz:1
// conversion of date columns (TZ-001, TZ-004, TZ-006). A main database
// already on TIMESTAMP WITH TIME ZONE (useTimestampTZ="true" in a
// serverConf.xml of the scan) is not converted, so the finding goes; when
// no serverConf.xml of the scan sets useTimestampTZ, the message says that
// the export cannot tell. The rule requires serverconf.Collector.
func conversionToCome(ix *audit.Index, f *audit.Finding) bool {
	vs := serverconf.DBTimestampTZ.Values(ix, "default")
	for _, v := range vs {
		if serverconf.True(v) {
			return false
		}
	}
	if len(vs) == 0 {
		f.Message += noStorageNote
	}
	return true
}

package v8

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/walk"
)

// V8FTP flags FTP connections opened from JavaScript.
var V8FTP = &audit.Rule{
	ID:        "V8-021",
	Name:      "v8-ftp-from-javascript",
	Title:     "FTP URL in server JavaScript",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionHigh,
	Category:  area.V8,
	Targets:   v8Any,
	Doc: audit.Doc{
		Rationale: "Campaign v8 \"Added FTP URL allowlisting controls to workflow JavaScript code activities, " +
			"restricting outbound FTP connections to authorized addresses only\". A script that connects to an " +
			"ftp:// or ftps:// address fails until Adobe allows the host. The rule reports those URLs in string " +
			"literals of server scripts, except in the arguments of log calls (logInfo, logWarning, logError, " +
			"logVerbose), which only write them to the journal.",
		Remediation: "List the FTP hosts for the allowlist request, or move the transfer to a file transfer activity on " +
			"an external account Adobe configures.",
		Bad: `<javascript name="ftp.js" namespace="cus" xtkschema="xtk:javascript">
  <data><![CDATA[var url = "ftp://files.partner.com/in/";]]></data>
</javascript>`,
		Good: `<javascript name="ftp.js" namespace="cus" xtkschema="xtk:javascript">
  <data><![CDATA[var url = "https://files.partner.com/in/";]]></data>
</javascript>`,
		URL: docs.RN,
	},
	Effort:   0.5,
	Keywords: []string{"ftp://", "ftps://"},
	Run: func(p *audit.Pass) {
		for _, s := range p.Scripts() {
			if !s.Server {
				continue
			}
			code := s.JS().Code()
			for k, t := range code {
				if t.Kind != jsscan.String || inLogCall(code, k) {
					continue
				}
				v := strings.ToLower(t.Value)
				if !strings.HasPrefix(v, "ftp://") && !strings.HasPrefix(v, "ftps://") {
					continue
				}
				host := t.Value[strings.Index(t.Value, "//")+2:]
				if k := strings.IndexAny(host, "/:"); k >= 0 {
					host = host[:k]
				}
				p.ReportValue(s.JS().Span, t.Start+1, t.End-1, "server JavaScript names the FTP host %s: Campaign v8 allows outbound FTP only to allowlisted addresses; if the script or its caller connects to it, request the allowlisting or use a file transfer activity", walk.Shorten(host, 60))
			}
		}
	},
}

// logCalls write their arguments to the journal.
var logCalls = map[string]bool{"logInfo": true, "logWarning": true, "logError": true, "logVerbose": true}

// inLogCall reports whether code[k] is inside the arguments of a log call.
func inLogCall(code []jsscan.Token, k int) bool {
	depth := 0
	for i := k - 1; i >= 0; i-- {
		switch code[i].Text {
		case ")", "]", "}":
			depth++
		case "(", "[", "{":
			if depth > 0 {
				depth--
				continue
			}
			if code[i].Text != "(" {
				return false
			}
			return i > 0 && code[i-1].Kind == jsscan.Ident && logCalls[code[i-1].Text]
		case ";":
			if depth == 0 {
				return false
			}
		}
	}
	return false
}

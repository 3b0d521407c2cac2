package acc

import (
	"bytes"
	"path"
	"regexp"
	"strings"
)

// campaignMarkers are API names only Campaign server code uses. A file that
// holds one is Campaign code whatever else it looks like (Mocha ported to
// Campaign keeps its module.exports).
var campaignMarkers = regexp.MustCompile(`\b(?:loadLibrary|logInfo|logWarning|logError|xtk\.\w+|nms\.\w+|NLWS\b|sqlExec|sqlSelect|sqlGet\w+|getOption|setOption|DOMDocument|application\.\w+|instance\.vars|vars\.\w+|task\.\w+|event\.\w+|NL\.\w+|HttpClientRequest|MemoryBuffer|formatDate|parseTimeStamp)`)

// LooksLikeCampaignJS reports whether text calls Campaign server APIs, for
// input whose name does not tell its kind (standard input).
func LooksLikeCampaignJS(text []byte) bool { return campaignMarkers.Match(text) }

// thirdPartyFolders hold libraries written elsewhere.
var thirdPartyFolders = map[string]bool{
	"node_modules": true, "bower_components": true, "vendor": true, "vendors": true,
	"third_party": true, "thirdparty": true, "third-party": true,
}

// libraryBanner matches the licence banner of a published library at the
// top of a file ("/*! jQuery v3.7.1 | (c) OpenJS Foundation").
var libraryBanner = regexp.MustCompile(`(?is)^\s*/\*[!*].{0,200}?(?:@license\b|\bv?\d+\.\d+\.\d+\b.{0,300}?(?:\(c\)|©|copyright|licen[cs]e))`)

// moduleSyntax is ECMAScript module syntax, which Campaign's SpiderMonkey
// engine never ran: the file is front-end or Node.js code.
var moduleSyntax = regexp.MustCompile(`(?m)^\s*(?:export\s+(?:default|const|function|class|\{)|import\s+[\w{*][^;\n]*\bfrom\s+["'])`)

// notCampaignCode tells why a file found by its extension is not Campaign
// code, or "" when it is (or may be).
func notCampaignCode(fileName string, body []byte, kind FileKind) string {
	if kind == KindText {
		return "not a Campaign export or code file (a text file outside the known source layouts and without a metadata header)"
	}
	if kind != KindJS {
		return ""
	}
	if campaignMarkers.Match(body) {
		return ""
	}
	p := strings.ReplaceAll(fileName, "\\", "/")
	for _, seg := range strings.Split(path.Dir(p), "/") {
		if thirdPartyFolders[strings.ToLower(seg)] {
			return "third-party JavaScript (" + seg + " folder), not Campaign code"
		}
	}
	if strings.HasSuffix(strings.ToLower(p), ".min.js") {
		return "minified third-party JavaScript, not Campaign code"
	}
	if libraryBanner.Match(body[:min(len(body), 512)]) {
		return "third-party JavaScript library (licence banner), not Campaign code"
	}
	if moduleSyntax.Match(body) {
		return "JavaScript module (import/export), not Campaign server code"
	}
	if minified(body) {
		return "minified JavaScript, not Campaign code"
	}
	return ""
}

// minified reports code written on very long lines, as minifiers do.
func minified(b []byte) bool {
	if len(b) < 2048 {
		return false
	}
	longest := 0
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			i = len(b)
		}
		longest = max(longest, i)
		if i == len(b) {
			break
		}
		b = b[i+1:]
	}
	return longest > 2000
}

package rules

import (
	"regexp"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/jsscan"
)

// The vendor's post-upgrade check searches three more strings in every
// stored entity: common.js (PU-0002), logon( (PU-0003) and
// new SoapMethodCall( (PU-0004). The rules below find what those searches
// mean, in code only, and without their misses.

// JSCommonLibrary flags references to the platform's common.js library.
var JSCommonLibrary = &audit.Rule{
	ID:        "JS-013",
	Name:      "common-js-library",
	Title:     "Dependency on the platform's common.js library",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  jsCatJS,
	Compat:    []string{"PU-0002"},
	Doc: audit.Doc{
		Rationale: "The post-upgrade check reports `common.js` (PU-0002): \"This library must not be used.\" The " +
			"rule reports the places that actually load a platform library of that name: `loadLibrary(…)`, " +
			"`NL.require(…)`, `xtk.javascript.get(…)`/`load(…)`, `<%@ page import=\"…\" %>` and `<script src=\"…\">` " +
			"naming `common.js` in a reserved namespace (`xtk:common.js`, `nms:common.js`), under a platform " +
			"path (`/nl/…/common.js`, `/xtk/…/common.js`) or without namespace. Customer libraries that happen " +
			"to be called common.js (`cus:common.js`, any non-reserved namespace, or a library exported in " +
			"the same scan) are not reported, nor are comments and prose, which the vendor's plain text " +
			"search does report.",
		Remediation: "Remove the dependency: copy the functions the code needs into a library of your own " +
			"namespace (`loadLibrary(\"cus:myHelpers.js\")`); no replacement is documented.",
		Bad: `<javascript name="export.js" namespace="cus" xtkschema="xtk:javascript">
  <data><![CDATA[loadLibrary("xtk:common.js");
function cus_export() { return formatDate(new Date(), "%4Y%2M%2D"); }]]></data>
</javascript>`,
		Good: `<javascript name="export.js" namespace="cus" xtkschema="xtk:javascript">
  <data><![CDATA[loadLibrary("cus:common.js");
function cus_export() { return formatDate(new Date(), "%4Y%2M%2D"); }]]></data>
</javascript>`,
		URL: jsDocCheck,
	},
	Effort: 2,
	Run:    runJSCommonLibrary,
}

// jsReservedNamespaces are the namespaces of the platform (Appendix B.5).
var jsReservedNamespaces = map[string]bool{
	"xtk": true, "nl": true, "nms": true, "ncm": true, "temp": true, "ncl": true, "crm": true, "xxl": true,
}

// jsPlatformCommon reports whether a library reference names the
// platform's common.js, and how to describe it.
func jsPlatformCommon(ref string) (string, bool) {
	ref = strings.TrimSpace(ref)
	if k := strings.IndexAny(ref, "?#"); k >= 0 {
		ref = ref[:k]
	}
	if strings.Contains(ref, "/") {
		if !strings.HasSuffix(ref, "/common.js") {
			return "", false
		}
		if strings.Contains(ref, "://") {
			return "", false // an external or CDN file
		}
		seg := strings.Split(strings.TrimPrefix(ref, "/"), "/")[0]
		if jsReservedNamespaces[strings.ToLower(seg)] {
			return "a platform path", true
		}
		return "", false
	}
	ns, name, ok := strings.Cut(ref, ":")
	if !ok {
		if ref == "common.js" {
			return "no namespace", true
		}
		return "", false
	}
	if (name == "common.js" || name == "common") && jsReservedNamespaces[ns] {
		return "the reserved namespace " + ns, true
	}
	return "", false
}

var jsScriptSrcRE = regexp.MustCompile(`(?i)<script\b[^>]*?\bsrc\s*=\s*["']([^"']+)["']`)

func runJSCommonLibrary(p *audit.Pass) {
	report := func(start, end int64, ref, how, via string) {
		f := p.Newf(start, end, "%s loads %s (%s): this platform library must not be used in v7; copy what you need into a library of your own namespace", via, ref, how)
		key := strings.TrimSpace(ref)
		p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
			return !ix.HasFact(factLibDefined, key)
		})
	}
	for _, c := range jsCodes(p, true, "common") {
		for _, name := range []string{"loadLibrary", "require", "get", "load"} {
			c.calls(name, func(i, open int, member bool) {
				switch name {
				case "require":
					if q := c.prev(c.prev(i)); !member || q < 0 || c.t[q].Text != "NL" {
						return
					}
				case "get", "load":
					if q := c.prev(c.prev(i)); !member || q < 0 || c.t[q].Text != "javascript" && c.t[q].Text != "xtkJavascript" {
						return
					}
				}
				args := c.args(open)
				if len(args) == 0 {
					return
				}
				ref, ok := c.literal(args[0])
				if !ok {
					return
				}
				if how, bad := jsPlatformCommon(ref); bad {
					start, end := c.span(args[0][0], args[0][0])
					report(start, end, ref, how, c.text(c.chainStart(i), i+1)+"()")
				}
			})
		}
	}
	for _, code := range p.Code() {
		if code.Lang != acc.Template {
			continue
		}
		if jsscan.HasTemplate(code.Text) {
			for _, part := range jsscan.SplitTemplate(code.Text) {
				if part.Kind != jsscan.DirectivePart || part.Directive == nil || part.Directive.Name != "page" {
					continue
				}
				// One import attribute lists several libraries,
				// comma-separated: each is a reference of its own.
				imp := part.Directive.Attrs["import"]
				at := strings.Index(code.Text[part.Start:part.End], imp)
				for _, ref := range pageImports(imp) {
					how, bad := jsPlatformCommon(ref)
					if !bad {
						continue
					}
					k := part.Start + max(at, 0)
					if at >= 0 {
						k += strings.Index(imp, ref)
					}
					s, e := audit.ValueRange(code.Span, k, k+len(ref))
					report(s, e, ref, how, "<%@ page import %>")
				}
			}
		}
		for _, m := range jsScriptSrcRE.FindAllStringSubmatchIndex(code.Text, -1) {
			src := code.Text[m[2]:m[3]]
			if how, bad := jsPlatformCommon(src); bad {
				s, e := audit.ValueRange(code.Span, m[2], m[3])
				report(s, e, src, how, "<script src>")
			}
		}
	}
}

// JSLogonMethod flags the logon( connection method.
var JSLogonMethod = &audit.Rule{
	ID:        "JS-014",
	Name:      "logon-connection-method",
	Title:     "Deprecated logon() connection method",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionVeryHigh,
	Category:  jsCatJS,
	Compat:    []string{"PU-0003"},
	Doc: audit.Doc{
		Rationale: "The post-upgrade check reports `logon(` (PU-0003): \"This connection method must no longer be " +
			"used\"; earlier versions of the page tied it to identified web applications, whose connection " +
			"methods changed in v7. The rule reports calls of a function or method named exactly `logon`, " +
			"whitespace before the parenthesis included (which the vendor search misses), in server and " +
			"browser code. The SOAP method `Logon` (`session.Logon(…)`, `xtk:session#Logon`) is the documented API " +
			"and is not reported; nor are identifiers that merely contain the word (`logonRemote(`, " +
			"`logonEscalation`), variables named logon, comments, and calls of a `logon` function the " +
			"customer's code declares.",
		Remediation: "Let the platform authenticate: session tokens issued by Campaign, the `/nl/jsp/logon.jsp` " +
			"redirection (`/nl/jsp/logon.jsp?login=<trusted login>&action=submit&target=/view/home`), or SOAP " +
			"`xtk:session#Logon` from server code.",
		Bad: `<webApp internalName="extranet" label="Extranet" xtkschema="nms:webApp">
  <activities>
    <script name="script"><script>var session = logon(ctx.vars.login, ctx.vars.password);</script></script>
  </activities>
</webApp>`,
		Good: `<webApp internalName="extranet" label="Extranet" xtkschema="nms:webApp">
  <activities>
    <script name="script"><script>var operator = application.operator.login;</script></script>
  </activities>
</webApp>`,
		URL: jsDocCheck,
	},
	Effort: 3,
	Run: func(p *audit.Pass) {
		for _, c := range jsCodes(p, true, "logon") {
			if c.declaresFunction("logon") {
				continue
			}
			c.calls("logon", func(i, open int, member bool) {
				start, end := c.span(i, open)
				f := p.Newf(start, end, "%s() in %s: the logon() connection method must no longer be used in v7; rely on session tokens or /nl/jsp/logon.jsp", c.text(c.chainStart(i), i+1), c.where())
				p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
					return member || !ix.HasFact(factFuncDeclared, "logon")
				})
			})
		}
	},
}

// JSSoapMethodCall flags new SoapMethodCall(), supported only from
// sessionTokenOnly security zones.
var JSSoapMethodCall = &audit.Rule{
	ID:        "JS-015",
	Name:      "soap-method-call",
	Title:     "new SoapMethodCall() works only from a sessionTokenOnly security zone",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  jsCatJS,
	Compat:    []string{"PU-0004"},
	Doc: audit.Doc{
		Rationale: "The post-upgrade check reports `new SoapMethodCall(` (PU-0004): it \"is only supported when it is " +
			"used in JavaScript code executed from a security zone that is in sessionTokenOnly mode\". The rule " +
			"reports every construction, also written with several spaces, a line break or a space before the " +
			"parenthesis (which the vendor's exact search misses), in browser and server code, and not in " +
			"comments or strings. When the scan holds server configuration files and none of their security " +
			"zones sets `sessionTokenOnly=\"true\"`, the call cannot work: error.",
		Remediation: "Call it only from clients of a dedicated `securityZone` with `sessionTokenOnly=\"true\"` limited " +
			"to the needed addresses, or move the SOAP call to server-side code (a script activity or a JSSP).",
		Bad: `<webApp internalName="quickUpdate" label="Quick update" xtkschema="nms:webApp">
  <activities>
    <page name="page"><html><![CDATA[<script>var call = new SoapMethodCall("xtk:session", "GetOption"); call.execute();</script>]]></html></page>
  </activities>
</webApp>`,
		Good: `<webApp internalName="quickUpdate" label="Quick update" xtkschema="nms:webApp">
  <activities>
    <page name="page"><html><![CDATA[<script>document.controller.submit('next', '_self', 'transition1');</script>]]></html></page>
  </activities>
</webApp>`,
		URL: jsDocCheck,
	},
	Effort: 2,
	Run: func(p *audit.Pass) {
		for _, c := range jsCodes(p, true, "SoapMethodCall") {
			for i := range c.t {
				n := c.next(i)
				if !c.isKeyword(i, "new") || n < 0 || c.t[n].Kind != jsscan.Ident || c.t[n].Text != "SoapMethodCall" || !c.is(c.next(n), "(") {
					continue
				}
				start, end := c.span(i, n)
				f := p.Newf(start, end, "new SoapMethodCall() in %s", c.where())
				p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
					confs := ix.Facts(factServerConf, "file")
					if len(confs) > 0 && !ix.HasFact(factSessionTokenOnly, "true") {
						f.Severity = audit.SeverityError
						f.Message += " cannot work: no security zone of " + strings.Join(confs, ", ") + " sets sessionTokenOnly=\"true\"; move the call server-side or add a dedicated zone"
						return true
					}
					f.Message += " only works for clients of a security zone with sessionTokenOnly=\"true\"; check the zone of its callers or move the call server-side"
					return true
				})
			}
		}
	},
}

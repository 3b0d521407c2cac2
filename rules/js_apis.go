package rules

import (
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// Facts about the server configuration files of the scan.
const (
	factServerConf       = "js.serverConf"            // "file" → file names
	factURLAction        = "js.urlPermission.action"  // file → action ("" when the attribute is absent)
	factURLEntry         = "js.urlPermission.url"     // "all" → dnsSuffix \t urlRegEx
	factSessionTokenOnly = "js.zone.sessionTokenOnly" // "true" → file names
	factDBProvider       = "js.db.provider"           // "default" → provider of the default data source
	factCookieDomain     = "js.redirection.cookieDomain"
	factFuncDeclared     = "js.function.declared" // function name → library key
)

var jsServerConfCollector = audit.Collector{
	Name:    "js-server-conf",
	Schemas: []string{acc.SchemaServerConf},
	Collect: func(u *audit.Unit, rec audit.Recorder) {
		file := u.File
		rec.Record(factServerConf, "file", file)
		u.Entity.Root.Walk(func(el *xmltree.Element) bool {
			switch el.LocalName() {
			case "urlPermission":
				rec.Record(factURLAction, file, strings.ToLower(strings.TrimSpace(el.AttrValue("action"))))
				for _, url := range el.Elements() {
					if url.LocalName() == "url" {
						rec.Record(factURLEntry, "all", url.AttrValue("dnsSuffix")+"\t"+url.AttrValue("urlRegEx"))
					}
				}
			case "securityZone":
				if strings.EqualFold(el.AttrValue("sessionTokenOnly"), "true") {
					rec.Record(factSessionTokenOnly, "true", file)
				}
			case "dataSource":
				if el.AttrValue("name") == "default" {
					if cnx := el.Child("dbcnx"); cnx != nil && cnx.AttrValue("provider") != "" {
						rec.Record(factDBProvider, "default", cnx.AttrValue("provider"))
					}
				}
			case "redirection":
				rec.Record(factCookieDomain, "redirection", file)
				for _, a := range el.Attrs {
					if strings.HasPrefix(strings.ToLower(a.Name), "cookiedomain") {
						for _, d := range strings.Split(a.Value, ",") {
							if d = strings.TrimSpace(d); d != "" {
								rec.Record(factCookieDomain, "domain", strings.ToLower(d))
							}
						}
					}
				}
			}
			return true
		})
	},
}

// JSURLPermission flags outbound URLs that the urlPermission allowlist of
// the target server does not cover.
var JSURLPermission = &audit.Rule{
	ID:        "JS-007",
	Name:      "outbound-url-not-allowed",
	Title:     "Outbound URL called from JavaScript is not in the urlPermission allowlist",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionMedium,
	Category:  jsCatJS,
	Doc: audit.Doc{
		Rationale: "Since build 8797 JavaScript may only call URLs listed in the `urlPermission` node of " +
			"serverConf.xml; \"Blocking: all URLs that do not belong to the allowlist are blocked … This is the " +
			"default mode after a postupgrade\", and the default list only covers what the instance needs itself. " +
			"The rule collects the URLs passed to `new HttpClientRequest(…)`, `new HttpSoapConnection(…)` and " +
			"assigned to the `url` of an HttpClientRequest, and checks them against every `<url dnsSuffix urlRegEx>` " +
			"of the serverConf.xml and config-<instance>.xml files of the scan (the host must contain dnsSuffix " +
			"and the URL match urlRegEx). A URL that is not covered is an error when the action is `deny` or the " +
			"node is absent, info when it is `warn` or `ignore`, and a warning when no server configuration is " +
			"part of the scan. URLs built at run time are reported as info, with their literal start when it " +
			"gives the host; localhost is allowed by the default configuration.",
		Remediation: "Add the host to the allowlist of serverConf.xml: `<urlPermission action=\"deny\"><url " +
			"dnsSuffix=\"api.partner.com\" urlRegEx=\"https://api\\.partner\\.com/.*\"/></urlPermission>`; after a " +
			"migration, `action=\"warn\"` logs the calls (JST-310027) while the list is built.",
		Bad: `<workflow internalName="WKF_captcha" label="Captcha check" xtkschema="xtk:workflow">
  <activities>
    <js name="js"><script>var req = new HttpClientRequest("https://www.google.com/recaptcha/api/siteverify");
req.execute();</script></js>
  </activities>
</workflow>`,
		Good: `<workflow internalName="WKF_captcha" label="Captcha check" xtkschema="xtk:workflow">
  <activities>
    <js name="js"><script>var req = new HttpClientRequest("http://localhost:8080/nl/jsp/ping.jsp");
req.execute();</script></js>
  </activities>
</workflow>`,
		URL: jsDocURLPerm,
	},
	Effort: 0.5,
	Run:    runJSURLPermission,
}

// jsHTTPClasses take the URL as their first constructor argument.
var jsHTTPClasses = map[string]bool{"HttpClientRequest": true, "HttpSoapConnection": true}

func runJSURLPermission(p *audit.Pass) {
	for _, c := range jsCodes(p, false, "Http") {
		for i := range c.t {
			if !c.isKeyword(i, "new") {
				continue
			}
			ch := c.chain(i, -1)
			if ch == nil || ch.steps[0].kind != stepNew || !jsHTTPClasses[ch.steps[0].name] || ch.steps[0].open < 0 {
				continue
			}
			args := c.args(ch.steps[0].open)
			if len(args) == 0 {
				continue
			}
			c.checkURL(p, args[0], "new "+ch.steps[0].name+"()")
		}
		// req.url = "https://..." on a request made by new HttpClientRequest()
		for i := range c.t {
			if c.t[i].Kind != jsscan.Ident || c.t[i].Text != "url" || !c.is(c.prev(i), ".") || !c.is(c.next(i), "=") {
				continue
			}
			recv := c.prev(c.prev(i))
			if !c.isName(recv) || c.chainStart(recv) != recv {
				continue
			}
			a, _ := c.lastAssign(c.t[recv].Text, recv)
			if a == nil || a.kind != assignValue {
				continue
			}
			if ch := c.chain(a.lo, a.hi); ch == nil || ch.steps[0].kind != stepNew || ch.steps[0].name != "HttpClientRequest" {
				continue
			}
			lo := c.next(c.next(i))
			c.checkURL(p, [2]int{lo, c.exprEnd(lo)}, c.t[recv].Text+".url")
		}
	}
}

// jsURLValue returns what is known of a URL argument: the whole literal,
// or the literal it starts with (prefix), resolving one variable.
func (c *jsCode) jsURLValue(r [2]int) (url string, prefix, ok bool) {
	parts := c.concatParts(r)
	if len(parts) == 0 {
		return "", false, false
	}
	first := parts[0]
	v, lit := c.literal(first)
	if !lit && c.isName(first[0]) && c.end(first[0]) == first[1] {
		if a, _ := c.lastAssign(c.t[first[0]].Text, first[0]); a != nil && a.kind == assignValue {
			v, lit = c.literal([2]int{a.lo, a.hi})
		}
	}
	if !lit {
		return "", false, false
	}
	return v, len(parts) > 1, true
}

// jsURLHost returns the host of a URL, and whether the URL text is long
// enough to contain all of it.
func jsURLHost(url string, prefix bool) (string, bool) {
	_, rest, ok := strings.Cut(url, "://")
	if !ok {
		return "", false
	}
	end := strings.IndexAny(rest, "/:?#")
	if end < 0 {
		if prefix {
			return "", false
		}
		end = len(rest)
	}
	host := rest[:end]
	if k := strings.LastIndexByte(host, '@'); k >= 0 {
		host = host[k+1:]
	}
	return strings.ToLower(host), host != ""
}

func jsLocalHost(h string) bool {
	return h == "localhost" || h == "127.0.0.1" || h == "[::1]" || strings.HasPrefix(h, "127.")
}

// checkURL reports the URL argument r of a call when the allowlist of
// the scan does not cover it.
func (c *jsCode) checkURL(p *audit.Pass, r [2]int, call string) {
	if r[0] < 0 || r[1] <= r[0] {
		return
	}
	last := c.prev(r[1])
	if last < r[0] {
		last = r[0]
	}
	start, end := c.span(r[0], last)
	url, prefix, ok := c.jsURLValue(r)
	host, hostOK := jsURLHost(url, prefix)
	if !ok || !hostOK {
		f := p.Newf(start, end, "URL of %s is built at run time (%s): make sure every host it can reach is in the urlPermission allowlist of serverConf.xml", call, c.text(r[0], r[1]))
		f.Severity = audit.SeverityInfo
		p.Emit(f)
		return
	}
	if jsLocalHost(host) {
		return
	}
	shown := url
	if prefix {
		shown += "…"
	}
	f := p.Newf(start, end, "URL %s of %s", shown, call)
	p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
		if jsURLAllowed(ix.Facts(factURLEntry, "all"), url, host, prefix) {
			return false
		}
		fix := "add <url dnsSuffix=\"" + host + "\" urlRegEx=\"" + regexp.QuoteMeta(jsURLOrigin(url)) + "/.*\"/> to urlPermission"
		confs := ix.Facts(factServerConf, "file")
		if len(confs) == 0 {
			f.Severity = audit.SeverityWarning
			f.Message += " must be allowed by urlPermission, which blocks unlisted URLs by default after a postupgrade (no serverConf.xml in the scan): " + fix
			return true
		}
		action, file := jsURLAction(ix)
		switch action {
		case "warn", "ignore":
			f.Severity = audit.SeverityInfo
			f.Message += " is not in the urlPermission allowlist; " + file + " sets action=\"" + action + "\", so the call still works: " + fix + " before switching to deny"
		case "absent":
			f.Message += " is not in the urlPermission allowlist and " + strings.Join(confs, ", ") + " has no urlPermission node (default: deny): the call is blocked; " + fix
		default:
			f.Message += " is not in the urlPermission allowlist of " + file + " (action deny): the call is blocked; " + fix
		}
		return true
	})
}

func jsURLOrigin(url string) string {
	scheme, rest, _ := strings.Cut(url, "://")
	if k := strings.IndexAny(rest, "/?#"); k >= 0 {
		rest = rest[:k]
	}
	return scheme + "://" + rest
}

// jsURLAction returns the effective urlPermission action of the scan and
// the file that sets it: an instance configuration overrides
// serverConf.xml. "absent" means no file has the node.
func jsURLAction(ix *audit.Index) (string, string) {
	files := ix.FactKeys(factURLAction)
	if len(files) == 0 {
		return "absent", ""
	}
	sort.SliceStable(files, func(i, j int) bool {
		return strings.HasPrefix(path.Base(files[i]), "config-") && !strings.HasPrefix(path.Base(files[j]), "config-")
	})
	vals := ix.Facts(factURLAction, files[0])
	action := ""
	if len(vals) > 0 {
		action = vals[0]
	}
	if action == "" {
		action = "deny"
	}
	return action, files[0]
}

// jsURLAllowed applies the allowlist: an entry covers a URL whose host
// contains its dnsSuffix and that matches its urlRegEx. Only the start of
// a URL built at run time is known: its host decides.
func jsURLAllowed(entries []string, url, host string, prefix bool) bool {
	for _, e := range entries {
		dns, re, _ := strings.Cut(e, "\t")
		if dns == "" || !strings.Contains(host, strings.ToLower(dns)) {
			continue
		}
		if prefix || re == "" {
			return true
		}
		rx, err := regexp.Compile("^(?:" + re + ")$")
		if err != nil || rx.MatchString(url) {
			return true // a pattern Go cannot read is given the benefit of the doubt
		}
	}
	return false
}

// JSDecrypt flags decryptString on stored passwords and decryptPassword
// in contexts that may not call it.
var JSDecrypt = &audit.Rule{
	ID:        "JS-008",
	Name:      "decrypt-stored-password",
	Title:     "decryptString on a stored password, or decryptPassword where it is not allowed",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionMedium,
	Category:  jsCatJS,
	Doc: audit.Doc{
		Rationale: "Since build 18.6 \"passwords stored in the database (options / external accounts) cannot be " +
			"decrypted anymore\" with `decryptString`; after a postupgrade the function is no longer activated " +
			"for them and `decryptPassword` replaces it. The rule reports `decryptString(x)` without a key when " +
			"x is a password (a name or attribute containing password/pwd, or a value read from an option), " +
			"directly or through the variable it was assigned from; `decryptString` with a custom key, or on " +
			"other data, stays valid (AES-GCM). When the scan exports XtkSecurity_Unsafe_DecryptString=1 the " +
			"finding is a warning. `decryptPassword` \"cannot be called in workflows, web applications, " +
			"reports or deliveries\": calls there, and in libraries that such code of the scan loads, are errors; " +
			"JSSP pages and SOAP method implementations may call it.",
		Remediation: "Decrypt external-account passwords with `decryptPassword(account.@password)` inside a JSSP " +
			"or the implementation of a SOAP method, and call that method from the workflow or web application.",
		Bad: `<workflow internalName="WKF_remote" label="Remote logon" xtkschema="xtk:workflow">
  <activities>
    <js name="js"><script>var pwd = decryptString(extAccount.@password);</script></js>
  </activities>
</workflow>`,
		Good: `<workflow internalName="WKF_remote" label="Remote logon" xtkschema="xtk:workflow">
  <activities>
    <js name="js"><script>var session = cus.remote.Logon(extAccount.@name);</script></js>
  </activities>
</workflow>`,
		URL: jsDocGCM,
	},
	Effort: 2,
	Run:    runJSDecrypt,
}

var jsPasswordName = regexp.MustCompile(`(?i)pass(word|wd)?|pwd`)

const optUnsafeDecrypt = "XtkSecurity_Unsafe_DecryptString"

func runJSDecrypt(p *audit.Pass) {
	for _, c := range jsCodes(p, false, "decrypt") {
		c.calls("decryptString", func(i, open int, member bool) {
			if !member && c.declaresFunction("decryptString") {
				return
			}
			args := c.args(open)
			if len(args) != 1 {
				return // no argument, or a custom key: GCM data, still valid
			}
			why := c.jsPasswordEvidence(args[0], 0)
			if why == "" {
				return
			}
			start, end := c.span(i, c.m(open))
			f := p.Newf(start, end, "%s decrypts %s: since build 18.6 stored passwords can no longer be decrypted with decryptString; use decryptPassword() in a JSSP or a SOAP method implementation",
				c.text(i, c.m(open)+1), why)
			p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
				if v, ok := ix.Option(optUnsafeDecrypt); ok && optionEnabled(v) {
					f.Severity = audit.SeverityWarning
					f.Message += " (it only works because " + optUnsafeDecrypt + " is enabled)"
				}
				return true
			})
		})
		c.calls("decryptPassword", func(i, open int, member bool) {
			if !member && c.declaresFunction("decryptPassword") {
				return
			}
			start, end := c.span(i, c.m(open))
			call := c.text(i, c.m(open)+1)
			switch c.kind {
			case kindWorkflow, kindWebApp, kindReport, kindDelivery:
				p.Reportf(start, end, "%s in %s: decryptPassword cannot be called in workflows, web applications, reports or deliveries; move it into a JSSP or a SOAP method implementation", call, c.where())
			case kindLibrary:
				lib := p.Entity.Key
				if lib == "" {
					return
				}
				f := p.Newf(start, end, "%s in library %s", call, lib)
				p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
					var bad []string
					for k := range jsCallers(ix, lib) {
						switch k {
						case callerWorkflow, callerWebApp, callerReport, callerDelivery:
							bad = append(bad, jsCallerLabel(k))
						}
					}
					if len(bad) == 0 {
						return false
					}
					sort.Strings(bad)
					f.Message += ", which " + strings.Join(bad, ", ") + " of the scan load: decryptPassword cannot be called there; call it from a JSSP or a SOAP method implementation"
					return true
				})
			}
		})
	}
}

// jsPasswordEvidence tells why an argument holds a stored password, or "".
func (c *jsCode) jsPasswordEvidence(r [2]int, depth int) string {
	for k := r[0]; k >= 0 && k < r[1]; k = c.end(k) {
		tk := c.t[k]
		if tk.Kind != jsscan.Ident {
			continue
		}
		if jsPasswordName.MatchString(tk.Text) {
			if c.is(c.prev(k), "@") {
				return "the stored password @" + tk.Text
			}
			return "a password (" + tk.Text + ")"
		}
		if tk.Text == "getOption" && c.is(c.next(k), "(") {
			return "an option value"
		}
	}
	if depth == 0 && c.isName(r[0]) && c.end(r[0]) == r[1] {
		if a, _ := c.lastAssign(c.t[r[0]].Text, r[0]); a != nil && a.kind == assignValue {
			return c.jsPasswordEvidence([2]int{a.lo, a.hi}, 1)
		}
	}
	return ""
}

// JSDeprecatedCrypto flags the CBC-based encryption functions.
var JSDeprecatedCrypto = &audit.Rule{
	ID:        "JS-009",
	Name:      "deprecated-cbc-crypto",
	Title:     "Deprecated CBC encryption function cryptString, Encrypt or EncryptServerPassword",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionVeryHigh,
	Category:  jsCatJS,
	Doc: audit.Doc{
		Rationale: "Campaign deprecated its AES-CBC functions for AES-GCM ones: \"The following functions are fully " +
			"deprecated: cryptString, Encrypt, EncryptServerPassword\". The rule reports calls of the JavaScript " +
			"function `cryptString(…)`, of the xtk:session methods `Encrypt` and `EncryptServerPassword` " +
			"(`xtk.session.Encrypt(…)`, SOAP names `\"xtk:session#Encrypt\"` in strings, `<soapCall name=\"Encrypt\" " +
			"service=\"xtk:session\"/>`), matching names exactly; the GCM replacements `encryptString`, " +
			"`EncryptString` and `EncryptStringWithServerPassword` are not reported, nor are functions of the same " +
			"name declared by the customer's own code.",
		Remediation: "Use the GCM functions: `encryptString(value)` in JavaScript, `xtk.session.EncryptString(value)` " +
			"or `xtk.session.EncryptStringWithServerPassword(value)` through the API.",
		Bad: `<javascript name="tokens.js" namespace="cus" xtkschema="xtk:javascript">
  <data><![CDATA[function cus_token(id) { return cryptString(String(id)); }]]></data>
</javascript>`,
		Good: `<javascript name="tokens.js" namespace="cus" xtkschema="xtk:javascript">
  <data><![CDATA[function cus_token(id) { return encryptString(String(id)); }]]></data>
</javascript>`,
		URL:     jsDocGCM + "#depracated-functions",
		Rewrite: "`acc-audit fix --unsafe` rewrites `cryptString(` as `encryptString(`; a suggestion, because the ciphertext changes and whatever decrypts it elsewhere must change too.",
	},
	Effort: 1,
	Run:    runJSDeprecatedCrypto,
}

var jsCBCReplacement = map[string]string{
	"cryptString":           "encryptString()",
	"Encrypt":               "xtk.session.EncryptString()",
	"EncryptServerPassword": "xtk.session.EncryptStringWithServerPassword()",
}

func runJSDeprecatedCrypto(p *audit.Pass) {
	for _, c := range jsCodes(p, true, "rypt") {
		for name, repl := range jsCBCReplacement {
			c.calls(name, func(i, open int, member bool) {
				if member {
					recv := strings.ToLower(c.text(c.chainStart(c.prev(c.prev(i))), c.prev(i)))
					if name == "cryptString" || !strings.Contains(recv, "session") {
						return
					}
				} else if c.declaresFunction(name) {
					return
				}
				start, end := c.span(i, c.m(open))
				f := p.Newf(start, end, "%s: %s is a deprecated CBC function; use %s", c.text(c.chainStart(i), c.m(open)+1), name, repl)
				// The GCM function takes the same argument but writes another
				// ciphertext: whatever decrypts it outside Campaign must
				// follow, so the rewrite is only a suggestion.
				if name == "cryptString" && !member {
					s, e := c.span(i, i)
					p.SuggestFix(&f, "cryptString( becomes encryptString(", false, p.Edit(s, e, "encryptString"))
				}
				if member {
					p.Emit(f)
					return
				}
				fn := name
				p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
					return !ix.HasFact(factFuncDeclared, fn)
				})
			})
		}
		for i := range c.t {
			if c.t[i].Kind != jsscan.String {
				continue
			}
			for _, m := range []string{"EncryptServerPassword", "Encrypt"} {
				a := "xtk:session#" + m
				if j := strings.Index(c.t[i].Value, a); j >= 0 && !jsWordAt(c.t[i].Value, j+len(a)) {
					start, end := c.span(i, i)
					p.Reportf(start, end, "SOAP method %s is a deprecated CBC function; use %s", a, jsCBCReplacement[m])
					break
				}
			}
		}
	}
	p.Entity.Root.Walk(func(el *xmltree.Element) bool {
		if el.LocalName() == "soapCall" && el.AttrValue("service") == "xtk:session" {
			if n := el.AttrValue("name"); n == "Encrypt" || n == "EncryptServerPassword" {
				p.ReportAttr(el.AttrNode("name"), "<soapCall> of xtk:session#%s, a deprecated CBC function; use %s", n, jsCBCReplacement[n])
			}
		}
		return true
	})
}

// JSLoadLibraryDebug flags loadLibraryDebug, removed in 7.3.2.
var JSLoadLibraryDebug = &audit.Rule{
	ID:        "JS-010",
	Name:      "load-library-debug",
	Title:     "loadLibraryDebug, removed in build 7.3.2",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionVeryHigh,
	Category:  jsCatJS,
	Doc: audit.Doc{
		Rationale: "Release 7.3.2: \"To prevent crashes, the loadLibraryDebug JS method has been removed.\" Scripts " +
			"that still call it fail on current v7 builds. Calls are matched as code (comments and strings are " +
			"ignored); `loadLibrary` is not affected.",
		Remediation: "Load the library with `loadLibrary(\"cus:mylib.js\")`.",
		Bad: `<jssp name="report.jssp" namespace="cus" xtkschema="xtk:jssp">
  <data><![CDATA[<% loadLibraryDebug("cus:reportUtils.js"); %><html><body><%= cus_render() %></body></html>]]></data>
</jssp>`,
		Good: `<jssp name="report.jssp" namespace="cus" xtkschema="xtk:jssp">
  <data><![CDATA[<% loadLibrary("cus:reportUtils.js"); %><html><body><%= cus_render() %></body></html>]]></data>
</jssp>`,
		URL:     jsDocRN2023 + "#release-7-3-2-other",
		Rewrite: "`acc-audit fix --unsafe` rewrites `loadLibraryDebug(` as `loadLibrary(`; a suggestion, because the release notes remove the call without naming its replacement.",
	},
	Effort: 0.25,
	Run: func(p *audit.Pass) {
		for _, c := range jsCodes(p, false, "loadLibraryDebug") {
			c.calls("loadLibraryDebug", func(i, open int, member bool) {
				if !member && c.declaresFunction("loadLibraryDebug") {
					return
				}
				start, end := c.span(i, c.m(open))
				lib := ""
				if args := c.args(open); len(args) > 0 {
					lib = c.text(args[0][0], args[0][1])
				}
				f := p.Newf(start, end, "loadLibraryDebug was removed in build 7.3.2: write loadLibrary(%s)", lib)
				// The release notes remove the call without naming a
				// replacement: loadLibrary loads the same library, without
				// the debug behaviour, so the rewrite is a suggestion.
				if name := c.t[i]; name.Text == "loadLibraryDebug" {
					s, e := c.span(i, i)
					p.SuggestFix(&f, "loadLibraryDebug( becomes loadLibrary(", false, p.Edit(s, e, "loadLibrary"))
				}
				p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
					return member || !ix.HasFact(factFuncDeclared, "loadLibraryDebug")
				})
			})
		}
	},
}

// JSExecCommand flags external commands run from JavaScript.
var JSExecCommand = &audit.Rule{
	ID:        "JS-012",
	Name:      "exec-command",
	Title:     "External OS command run with execCommand",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  jsCatJS,
	Doc: audit.Doc{
		Rationale: "From build 8780 administrators can deny commands to `execCommand` (exec/@blacklistFile of " +
			"serverConf.xml; the documented sample denies ln, dd, openssl, curl, wget, python, python3, perl, " +
			"ruby and sh), hosted instances apply the restriction automatically and run commands as a dedicated " +
			"user. Every call is reported with the command when its name is written in the script (directly, or " +
			"in the string the command variable starts from); commands of the documented denylist are named as such.",
		Remediation: "Replace the command by a platform feature (file transfer and data loading activities, " +
			"`encryptString`, the preprocessing commands of serverConf.xml) or agree the command with the " +
			"administrator of the target instance.",
		Bad: `<workflow internalName="WKF_gpg" label="Encrypt export" xtkschema="xtk:workflow">
  <activities>
    <js name="js"><script>execCommand("gpg --encrypt --recipient ops " + vars.filename, true);</script></js>
  </activities>
</workflow>`,
		Good: `<workflow internalName="WKF_gpg" label="Encrypt export" xtkschema="xtk:workflow">
  <activities>
    <js name="js"><script>logInfo("file " + vars.filename + " is encrypted by the file transfer activity");</script></js>
  </activities>
</workflow>`,
		URL: jsDocServer + "#command-restriction-server-side",
	},
	Effort: 2,
	Run:    runJSExecCommand,
}

var jsDeniedCommands = map[string]bool{
	"ln": true, "dd": true, "openssl": true, "curl": true, "wget": true, "python": true,
	"python3": true, "perl": true, "ruby": true, "sh": true,
}

func runJSExecCommand(p *audit.Pass) {
	for _, c := range jsCodes(p, false, "execCommand") {
		c.calls("execCommand", func(i, open int, member bool) {
			if member || c.declaresFunction("execCommand") {
				return
			}
			start, end := c.span(i, c.m(open))
			cmd := ""
			if args := c.args(open); len(args) > 0 {
				cmd = c.jsCommandName(args[0], open)
			}
			switch {
			case cmd == "":
				p.Reportf(start, end, "execCommand runs an external command: the target may deny it (exec/@blacklistFile) and hosted instances restrict it; replace it by a platform feature")
			case jsDeniedCommands[cmd]:
				p.Reportf(start, end, "execCommand runs %s, which the documented command denylist blocks; replace it by a platform feature", cmd)
			default:
				p.Reportf(start, end, "execCommand runs %s: the target may deny it (exec/@blacklistFile) and hosted instances restrict it; replace it by a platform feature or agree it with the administrator", cmd)
			}
		})
	}
}

// jsCommandName returns the program an execCommand argument starts with.
func (c *jsCode) jsCommandName(r [2]int, at int) string {
	v := ""
	if parts := c.concatParts(r); len(parts) > 0 {
		if s, ok := c.literal(parts[0]); ok {
			v = s
		} else if c.isName(parts[0][0]) && c.end(parts[0][0]) == parts[0][1] {
			// var cmd = 'gpg '; cmd += ...; execCommand(cmd)
			name := c.t[parts[0][0]].Text
			scope := c.scopeOf(name, at)
			for _, a := range c.flow().assigns[name] {
				if a.at < at && a.scope == scope && a.kind == assignValue {
					if ps := c.concatParts([2]int{a.lo, a.hi}); len(ps) > 0 {
						if s, ok := c.literal(ps[0]); ok {
							v = s
						}
					}
					break
				}
			}
		}
	}
	f := strings.Fields(v)
	if len(f) == 0 {
		return ""
	}
	return path.Base(strings.ReplaceAll(strings.Trim(f[0], "\"'"), "\\", "/"))
}

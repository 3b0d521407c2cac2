package rules

import (
	"regexp"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/jsscan"
)

// v8Receiver returns the name a method call at name token i is made on
// (session for xtk.session.Write), or "".
func v8Receiver(c *jsCode, i int) string {
	dot := c.prev(i)
	if !c.is(dot, ".") {
		return ""
	}
	if r := c.prev(dot); c.isName(r) {
		return c.t[r].Text
	}
	return ""
}

// v8SessionReceivers are the names the session object is reached through.
var v8SessionReceivers = map[string]bool{"session": true, "xtkSession": true}

// V8Logon flags code that logs on with a login and password.
var V8Logon = &audit.Rule{
	ID:        "V8-003",
	Name:      "v8-logon-technical-operator",
	Title:     "Integration logging on with xtk:session#Logon (login and password)",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionMedium,
	Category:  CatV8,
	Targets:   v8Any,
	Doc: audit.Doc{
		Rationale: "\"If you are making API calls from a system external to Campaign into either their Campaign " +
			"Marketing instance or the Real-Time Message Center instance, you must migrate the technical operator(s) " +
			"to technical account(s)\", which is \"**mandatory** starting Campaign v8.6\": \"Connecting with " +
			"user/password (aka native authentication) will no longer be allowed.\" The rule reports calls of " +
			"`Logon` on a session object (`xtk.session.Logon(…)`, `NLWS.xtkSession.Logon(…)`) in scripts of the " +
			"export, the code that opens such sessions. Whether the login is a technical operator cannot always be " +
			"seen, hence the medium precision.",
		Remediation: "Create a technical account in the Adobe Developer Console (OAuth Server-to-Server), give it the " +
			"product profile the integration needs, and authenticate with its access token instead of a login and password.",
		Bad: `<javascript name="remote.js" namespace="cus" xtkschema="xtk:javascript">
  <data><![CDATA[var token = xtk.session.Logon("integration", getOption("cusRemotePwd"), <param/>);]]></data>
</javascript>`,
		Good: `<javascript name="remote.js" namespace="cus" xtkschema="xtk:javascript">
  <data><![CDATA[var token = getOption("cusRemoteAccessToken");]]></data>
</javascript>`,
		URL: v8DocIMS,
	},
	Effort: 4,
	Run: func(p *audit.Pass) {
		for _, c := range jsCodes(p, false, "Logon") {
			c.calls("Logon", func(i, _ int, member bool) {
				if member && v8SessionReceivers[v8Receiver(c, i)] {
					p.ReportToken(c.s, c.t[i], "%s.Logon() opens a session with a login and password: Campaign v8 requires a technical account (Adobe IMS, OAuth Server-to-Server) for API access", v8Receiver(c, i))
				}
			})
		}
	},
}

// V8DirectWrite flags writes from JavaScript that v8 Enterprise wants
// batched through staging.
var V8DirectWrite = &audit.Rule{
	ID:        "V8-014",
	Name:      "v8-direct-write-from-javascript",
	Title:     "JavaScript writing records with xtk.session.Write",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionMedium,
	Category:  CatV8,
	Targets:   v8Enterprise,
	Doc: audit.Doc{
		Rationale: "\"If you use Adobe Campaign v8, we recommend that you use the staging mechanism with the " +
			"**Ingestion** and **Data update/delete** APIs for the `Write` method in a Snowflake table\"; unitary " +
			"writes are slow on the cloud database (\"blasting unitary calls is not recommended\"). The rule reports " +
			"each `xtk.session.Write(…)`, `WriteCollection(…)` and `NLWS.xtkSession.Write(…)` call. Writes to tables " +
			"that stay local are fine, which the script alone does not tell: medium precision.",
		Remediation: "For Snowflake tables, enable staging on the schema (`autoStg=\"true\"`) and call " +
			"`xtk.session.Ingest(…)` (insert) or `xtk.session.IngestExt(…)` (update, delete), or use an Update data activity.",
		Bad: `<workflow internalName="WKF_score" label="Score" xtkschema="xtk:workflow">
  <activities>
    <js name="js"><script>xtk.session.Write(&lt;score xtkschema="cus:score" _operation="insert" value="1"/&gt;);</script></js>
  </activities>
</workflow>`,
		Good: `<workflow internalName="WKF_score" label="Score" xtkschema="xtk:workflow">
  <activities>
    <js name="js"><script>xtk.session.Ingest(&lt;score xtkschema="cus:score" value="1"/&gt;);</script></js>
  </activities>
</workflow>`,
		URL: v8DocWfJS,
	},
	Effort: 2,
	Run: func(p *audit.Pass) {
		for _, c := range jsCodes(p, false, "Write") {
			for _, m := range []string{"Write", "WriteCollection"} {
				c.calls(m, func(i, open int, member bool) {
					if !member || !v8SessionReceivers[v8Receiver(c, i)] || v8LocalWrite(c, open) {
						return
					}
					p.ReportToken(c.s, c.t[i], "%s.%s() writes records one call at a time: on Campaign v8 Enterprise use staging and the Ingest APIs for Snowflake tables", v8Receiver(c, i), m)
				})
			}
		}
	},
}

// v8LocalWrite reports whether the write whose "(" is at open stores only
// xtk documents (options, folders, operators), which v8 Enterprise keeps
// in the local database.
func v8LocalWrite(c *jsCode, open int) bool {
	args := c.args(open)
	if len(args) == 0 {
		return false
	}
	x := c.jsXMLArgument(args[0])
	if x < 0 || c.t[x].XML == nil {
		return false
	}
	docs := jsWriteDocuments(c.t[x].XML)
	for _, d := range docs {
		ns, _, _ := strings.Cut(d.AttrValue("xtkschema"), ":")
		if !strings.EqualFold(strings.TrimSpace(ns), "xtk") {
			return false
		}
	}
	return len(docs) > 0
}

// V8Subscription flags subscription calls whose effect v8 Enterprise
// delays.
var V8Subscription = &audit.Rule{
	ID:        "V8-015",
	Name:      "v8-asynchronous-subscription",
	Title:     "Subscription or unsubscription call that may expect an immediate effect",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionMedium,
	Category:  CatV8,
	Targets:   v8Enterprise,
	Doc: audit.Doc{
		Rationale: "On v8 Enterprise the \"subscription (opt-in) and unsubscription (opt-out) mechanisms, and Mobile " +
			"registration are asynchronous processes. Requests are processed each hour\". Code calling " +
			"`nms.subscription.Subscribe(…)` or `Unsubscribe(…)` that reads the subscription back, or confirms it " +
			"to the recipient at once, changes behaviour. The rule reports each call for review.",
		Remediation: "Design the page or workflow for a delayed update: confirm the request rather than the result, and " +
			"read subscriptions back only after the technical workflow has run.",
		Bad: `<javascript name="optin.js" namespace="cus" xtkschema="xtk:javascript">
  <data><![CDATA[nms.subscription.Subscribe("newsletter", <recipient email={email}/>, false);]]></data>
</javascript>`,
		Good: `<javascript name="optin.js" namespace="cus" xtkschema="xtk:javascript">
  <data><![CDATA[logInfo("opt-in request recorded for " + email);]]></data>
</javascript>`,
		URL: v8DocGuardrails,
	},
	Effort: 1,
	Run: func(p *audit.Pass) {
		for _, c := range jsCodes(p, false, "ubscribe") {
			for _, m := range []string{"Subscribe", "Unsubscribe"} {
				c.calls(m, func(i, _ int, member bool) {
					if member && v8Receiver(c, i) == "subscription" {
						p.ReportToken(c.s, c.t[i], "nms.subscription.%s() is processed asynchronously (each hour) on Campaign v8 Enterprise: do not rely on its effect right after the call", m)
					}
				})
			}
		}
	},
}

// V8ExecCommand flags external commands, which a v8 instance does not
// run for customer code.
var V8ExecCommand = &audit.Rule{
	ID:        "V8-016",
	Name:      "v8-exec-command",
	Title:     "External command run with execCommand",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionHigh,
	Category:  CatV8,
	Targets:   v8Any,
	Doc: audit.Doc{
		Rationale: "Campaign v8 runs only as a Managed Cloud Service, where \"scripts are executed only through the " +
			"JavaScript engine. These specific implementations can cause security gaps and postupgrade issues. They " +
			"are not supported.\" (hosted instance FAQ). JS-012 reports the call for v7; this rule reports the " +
			"command it runs (the first argument), which has to be replaced before the move.",
		Remediation: "Rewrite the step with platform features: file transfer, data loading and extraction activities, " +
			"`encryptString`, unzip or decryption on demand agreed with Adobe.",
		Bad: `<workflow internalName="WKF_zip" label="Zip" xtkschema="xtk:workflow">
  <activities>
    <js name="js"><script>execCommand("zip -r /tmp/out.zip " + vars.dir, true);</script></js>
  </activities>
</workflow>`,
		Good: `<workflow internalName="WKF_zip" label="Zip" xtkschema="xtk:workflow">
  <activities>
    <js name="js"><script>logInfo("files are compressed by the file transfer activity");</script></js>
  </activities>
</workflow>`,
		URL: docBase + "technotes/using/dc-migration-faq.md",
	},
	Effort: 4,
	Run: func(p *audit.Pass) {
		for _, c := range jsCodes(p, false, "execCommand") {
			c.calls("execCommand", func(i, open int, member bool) {
				if member || c.declaresFunction("execCommand") {
					return
				}
				args := c.args(open)
				if len(args) == 0 {
					return
				}
				cmd := c.jsCommandName(args[0], open)
				if cmd == "" {
					cmd = "a command"
				}
				start, end := c.span(args[0][0], c.prev(args[0][1]))
				p.Reportf(start, end, "execCommand runs %s, an external command a Campaign v8 instance does not run for customer code: rewrite the step with platform features", cmd)
			})
		}
	},
}

// v8AbsolutePath matches paths into a server's file system.
var v8AbsolutePath = regexp.MustCompile(`^(?:/[A-Za-z0-9_.$-]|[A-Za-z]:[\\/]|\\\\[A-Za-z0-9]|\$\(XTK_INSTALL_DIR\))`)

// V8ServerPath flags scripts that read or write files at absolute server
// paths.
var V8ServerPath = &audit.Rule{
	ID:        "V8-017",
	Name:      "v8-server-file-path",
	Title:     "File read or written at an absolute path of the application server",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionMedium,
	Category:  CatV8,
	Targets:   v8Any,
	Doc: audit.Doc{
		Rationale: "On v8 the application server is Adobe's: files exchanged with the instance go through the Adobe " +
			"SFTP storage (\"SFTP management - Monitor SFTP storage, manage IP allowlists, and SSH keys\" in the " +
			"Control Panel), and a script cannot count on a folder of its own on the server. The rule reports " +
			"`new File(…)` and `loadFile(…)` whose path starts at a root (`/`, `C:\\`, a `\\\\server` share) or at " +
			"the installation folder. That such paths fail is inferred from the managed set-up, hence the medium " +
			"precision.",
		Remediation: "Exchange files through the SFTP storage Adobe provides (file transfer activities on its external " +
			"account) and keep directories in an option, not in code.",
		Bad: `<javascript name="export.js" namespace="cus" xtkschema="xtk:javascript">
  <data><![CDATA[var f = new File("/data/exports/recipients.csv");]]></data>
</javascript>`,
		Good: `<javascript name="export.js" namespace="cus" xtkschema="xtk:javascript">
  <data><![CDATA[var f = new File(getOption("cusExportDir") + "recipients.csv");]]></data>
</javascript>`,
		URL: v8DocBase + "v8/start/campaign-faq-comprehensive.md",
	},
	Effort: 1,
	Run: func(p *audit.Pass) {
		for _, c := range jsCodes(p, false, "File", "loadFile") {
			check := func(at, open int, api string) {
				args := c.args(open)
				if len(args) == 0 {
					return
				}
				pth := c.jsPathText(args[0], open)
				if !v8AbsolutePath.MatchString(pth) {
					return
				}
				p.ReportToken(c.s, c.t[at], "%s uses the server path %s: on Campaign v8 exchange files through the Adobe SFTP storage and keep folders in options", api, opsShorten(pth, 80))
			}
			for i := range c.t {
				if c.isKeyword(i, "new") {
					if ch := c.chain(i, -1); ch != nil && ch.steps[0].kind == stepNew && ch.steps[0].name == "File" && ch.steps[0].open >= 0 {
						check(i, ch.steps[0].open, "new File()")
					}
				}
			}
			c.calls("loadFile", func(i, open int, member bool) {
				if !member && !c.declaresFunction("loadFile") {
					check(i, open, "loadFile()")
				}
			})
		}
	},
}

// V8SecurityTokenURL flags security tokens passed in GET URLs.
var V8SecurityTokenURL = &audit.Rule{
	ID:        "V8-019",
	Name:      "v8-security-token-in-url",
	Title:     "Security token read from or written into a URL parameter",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionHigh,
	Category:  CatV8,
	Targets:   v8Any,
	Doc: audit.Doc{
		Rationale: "Since Campaign v8 (2022 release) \"security tokens are not retrieved from the GET URL securitytoken " +
			"parameter anymore\". Code that reads the token with `request.getParameter(\"securitytoken\")` or builds " +
			"links carrying `securitytoken=` or `__securitytoken=` stops authenticating. The rule reports the " +
			"parameter in string literals of server and browser scripts and JSSP pages.",
		Remediation: "Get the token from the session: `getNewSecurityToken(jsspContext.getSessionToken(), " +
			"jsspContext.getSecurityToken(), true)`, or log on through the Login API and send the token in the " +
			"X-Security-Token header.",
		Bad: `<jssp name="cus/export.jssp" xtkschema="xtk:jssp">
  <data><![CDATA[<% var token = request.getParameter("securitytoken"); %>]]></data>
</jssp>`,
		Good: `<jssp name="cus/export.jssp" xtkschema="xtk:jssp">
  <data><![CDATA[<% var token = getNewSecurityToken(jsspContext.getSessionToken(), jsspContext.getSecurityToken(), true); %>]]></data>
</jssp>`,
		URL: v8DocRN2022,
	},
	Effort: 2,
	Run: func(p *audit.Pass) {
		if !p.Mentions("securitytoken") {
			return
		}
		for _, s := range p.Scripts() {
			if !strings.Contains(strings.ToLower(s.JS.Src), "securitytoken") {
				continue
			}
			c := jsCodeOf(s, jsKindOf(p.Entity, s.Code.Elem))
			for k, t := range s.JS.Tokens {
				if t.Kind != jsscan.String {
					continue
				}
				v := strings.ToLower(t.Value)
				at := strings.Index(v, "securitytoken=")
				if at < 0 && strings.TrimLeft(v, "_") == "securitytoken" && v8GetParameterArg(c, k) {
					at = strings.Index(v, "securitytoken")
				}
				if at < 0 {
					continue
				}
				// The value may be shorter than the token (escapes): report at
				// the token when the offset cannot be mapped.
				if len(t.Value) == t.End-t.Start-2 {
					p.ReportValue(s.JS.Span, t.Start+1+at, t.Start+1+at+len("securitytoken"),
						"the securitytoken URL parameter is ignored since Campaign v8: take the token from the session (getNewSecurityToken) or the X-Security-Token header")
				} else {
					p.ReportToken(s, t, "the securitytoken URL parameter is ignored since Campaign v8: take the token from the session (getNewSecurityToken) or the X-Security-Token header")
				}
			}
		}
	},
}

// v8GetParameterArg reports whether string token k is the first argument
// of a getParameter call (request.getParameter("securitytoken")).
func v8GetParameterArg(c *jsCode, k int) bool {
	open := c.prev(k)
	if !c.is(open, "(") {
		return false
	}
	name := c.prev(open)
	return c.isName(name) && c.t[name].Text == "getParameter"
}

// V8FTP flags FTP connections opened from JavaScript.
var V8FTP = &audit.Rule{
	ID:        "V8-021",
	Name:      "v8-ftp-from-javascript",
	Title:     "FTP URL in server JavaScript",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionHigh,
	Category:  CatV8,
	Targets:   v8Any,
	Doc: audit.Doc{
		Rationale: "Campaign v8 \"Added FTP URL allowlisting controls to workflow JavaScript code activities, " +
			"restricting outbound FTP connections to authorized addresses only\". A script that connects to an " +
			"ftp:// or ftps:// address fails until Adobe allows the host. The rule reports those URLs in string " +
			"literals of server scripts.",
		Remediation: "List the FTP hosts for the allowlist request, or move the transfer to a file transfer activity on " +
			"an external account Adobe configures.",
		Bad: `<javascript name="ftp.js" namespace="cus" xtkschema="xtk:javascript">
  <data><![CDATA[var url = "ftp://files.partner.com/in/";]]></data>
</javascript>`,
		Good: `<javascript name="ftp.js" namespace="cus" xtkschema="xtk:javascript">
  <data><![CDATA[var url = "https://files.partner.com/in/";]]></data>
</javascript>`,
		URL: v8DocRN,
	},
	Effort: 0.5,
	Run: func(p *audit.Pass) {
		if !p.Mentions("ftp://", "ftps://") {
			return
		}
		for _, s := range p.Scripts() {
			if !s.Server {
				continue
			}
			for _, t := range s.JS.Tokens {
				if t.Kind != jsscan.String {
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
				p.ReportValue(s.JS.Span, t.Start+1, t.End-1, "server JavaScript connects to FTP host %s: Campaign v8 allows outbound FTP only to allowlisted addresses; request the allowlisting or use a file transfer activity", opsShorten(host, 60))
			}
		}
	},
}

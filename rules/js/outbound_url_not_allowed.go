package js

import (
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/jsflow"
	"github.com/acc-audit/acc-audit/rules/internal/serverconf"
)

// JSURLPermission flags outbound URLs that the urlPermission allowlist of
// the target server does not cover.
var JSURLPermission = &audit.Rule{
	ID:        "JS-007",
	Name:      "outbound-url-not-allowed",
	Title:     "Outbound URL called from JavaScript is not in the urlPermission allowlist",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionMedium,
	Category:  area.JS,
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
		URL: docs.JSURLPerm,
	},
	Effort:   0.5,
	Requires: []*audit.Collector{serverconf.Collector},
	Keywords: []string{"http"},
	Run:      runJSURLPermission,
}

// jsHTTPClasses take the URL as their first constructor argument.
var jsHTTPClasses = map[string]bool{"HttpClientRequest": true, "HttpSoapConnection": true}

func runJSURLPermission(p *audit.Pass) {
	for _, c := range jsflow.Codes(p, false, "Http") {
		for i := range c.T {
			if !c.IsKeyword(i, "new") {
				continue
			}
			ch := c.Chain(i, -1)
			if ch == nil || ch.Steps[0].Kind != jsflow.StepNew || !jsHTTPClasses[ch.Steps[0].Name] || ch.Steps[0].Open < 0 {
				continue
			}
			args := c.Args(ch.Steps[0].Open)
			if len(args) == 0 {
				continue
			}
			checkURL(c, p, args[0], "new "+ch.Steps[0].Name+"()")
		}
		// req.url = "https://..." on a request made by new HttpClientRequest()
		for i := range c.T {
			if c.T[i].Kind != jsscan.Ident || c.T[i].Text != "url" || !c.Is(c.Prev(i), ".") || !c.Is(c.Next(i), "=") {
				continue
			}
			recv := c.Prev(c.Prev(i))
			if !c.IsName(recv) || c.ChainStart(recv) != recv {
				continue
			}
			a, _ := c.LastAssign(c.T[recv].Text, recv)
			if a == nil || a.Kind != jsflow.AssignValue {
				continue
			}
			if ch := c.Chain(a.Lo, a.Hi); ch == nil || ch.Steps[0].Kind != jsflow.StepNew || ch.Steps[0].Name != "HttpClientRequest" {
				continue
			}
			lo := c.Next(c.Next(i))
			checkURL(c, p, [2]int{lo, c.ExprEnd(lo)}, c.T[recv].Text+".url")
		}
	}
}

// jsURLValue returns what is known of a URL argument: the whole literal,
// or the literal it starts with (prefix), resolving one variable.
func jsURLValue(c *jsflow.Code, r [2]int) (url string, prefix, ok bool) {
	parts := c.ConcatParts(r)
	if len(parts) == 0 {
		return "", false, false
	}
	first := parts[0]
	v, lit := c.Literal(first)
	if !lit && c.IsName(first[0]) && c.End(first[0]) == first[1] {
		if a, _ := c.LastAssign(c.T[first[0]].Text, first[0]); a != nil && a.Kind == jsflow.AssignValue {
			v, lit = c.Literal([2]int{a.Lo, a.Hi})
		}
	}
	if !lit {
		return "", false, false
	}
	return v, len(parts) > 1, true
}

func jsLocalHost(h string) bool {
	return h == "localhost" || h == "127.0.0.1" || h == "[::1]" || strings.HasPrefix(h, "127.")
}

// checkURL reports the URL argument r of a call when the allowlist of
// the scan does not cover it.
func checkURL(c *jsflow.Code, p *audit.Pass, r [2]int, call string) {
	if r[0] < 0 || r[1] <= r[0] {
		return
	}
	last := c.Prev(r[1])
	if last < r[0] {
		last = r[0]
	}
	start, end := c.Span(r[0], last)
	url, prefix, ok := jsURLValue(c, r)
	host, hostOK := serverconf.URLHost(url, prefix)
	if !ok || !hostOK {
		f := p.Newf(start, end, "URL of %s is built at run time (%s): make sure every host it can reach is in the urlPermission allowlist of serverConf.xml", call, c.Text(r[0], r[1]))
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
		if jsURLAllowed(serverconf.URLEntries.Values(ix, ""), url, host, prefix) {
			return false
		}
		fix := "add <url dnsSuffix=\"" + host + "\" urlRegEx=\"" + regexp.QuoteMeta(jsURLOrigin(url)) + "/.*\"/> to urlPermission"
		confs := serverconf.ConfFiles.Keys(ix)
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
	files := serverconf.URLActions.Keys(ix)
	if len(files) == 0 {
		return "absent", ""
	}
	sort.SliceStable(files, func(i, j int) bool {
		return strings.HasPrefix(path.Base(files[i]), "config-") && !strings.HasPrefix(path.Base(files[j]), "config-")
	})
	vals := serverconf.URLActions.Values(ix, files[0])
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
func jsURLAllowed(entries []serverconf.URLEntry, url, host string, prefix bool) bool {
	for _, e := range entries {
		dns, re := e.DNSSuffix, e.URLRegEx
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

package js

import (
	"regexp"
	"sort"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/jsflow"
	"github.com/acc-audit/acc-audit/rules/internal/option"
)

// JSDecrypt flags decryptString on stored passwords and decryptPassword
// in contexts that may not call it.
var JSDecrypt = &audit.Rule{
	ID:        "JS-008",
	Name:      "decrypt-stored-password",
	Title:     "decryptString on a stored password, or decryptPassword where it is not allowed",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionMedium,
	Category:  area.JS,
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
		URL: docs.GCM,
	},
	Effort:   2,
	Requires: []*audit.Collector{jsflow.LibraryCollector, option.Collector},
	Keywords: []string{"decrypt"},
	Run:      runJSDecrypt,
}

var jsPasswordName = regexp.MustCompile(`(?i)pass(word|wd)?|pwd`)

var unsafeDecrypt = option.Watch("XtkSecurity_Unsafe_DecryptString")

func runJSDecrypt(p *audit.Pass) {
	for _, c := range jsflow.Codes(p, false, "decrypt") {
		c.Calls("decryptString", func(i, open int, member bool) {
			if !member && c.DeclaresFunction("decryptString") {
				return
			}
			args := c.Args(open)
			if len(args) != 1 {
				return // no argument, or a custom key: GCM data, still valid
			}
			why := jsPasswordEvidence(c, args[0], 0)
			if why == "" {
				return
			}
			start, end := c.Span(i, c.M(open))
			f := p.Newf(start, end, "%s decrypts %s: since build 18.6 stored passwords can no longer be decrypted with decryptString; use decryptPassword() in a JSSP or a SOAP method implementation",
				c.Text(i, c.M(open)+1), why)
			p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
				if v, ok := option.Value(ix, unsafeDecrypt); ok && option.Enabled(v) {
					f.Severity = audit.SeverityWarning
					f.Message += " (it only works because " + unsafeDecrypt + " is enabled)"
				}
				return true
			})
		})
		c.Calls("decryptPassword", func(i, open int, member bool) {
			if !member && c.DeclaresFunction("decryptPassword") {
				return
			}
			start, end := c.Span(i, c.M(open))
			call := c.Text(i, c.M(open)+1)
			switch c.Kind {
			case jsflow.KindWorkflow, jsflow.KindWebApp, jsflow.KindReport, jsflow.KindDelivery:
				p.Reportf(start, end, "%s in %s: decryptPassword cannot be called in workflows, web applications, reports or deliveries; move it into a JSSP or a SOAP method implementation", call, c.Where())
			case jsflow.KindLibrary:
				lib := p.Entity.Key
				if lib == "" {
					return
				}
				f := p.Newf(start, end, "%s in library %s", call, lib)
				p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
					var bad []string
					for k := range jsflow.Callers(ix, lib) {
						switch k {
						case jsflow.CallerWorkflow, jsflow.CallerWebApp, jsflow.CallerReport, jsflow.CallerDelivery:
							bad = append(bad, jsflow.CallerLabel(k))
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
func jsPasswordEvidence(c *jsflow.Code, r [2]int, depth int) string {
	for k := r[0]; k >= 0 && k < r[1]; k = c.End(k) {
		tk := c.T[k]
		if tk.Kind != jsscan.Ident {
			continue
		}
		if jsPasswordName.MatchString(tk.Text) {
			if c.Is(c.Prev(k), "@") {
				return "the stored password @" + tk.Text
			}
			return "a password (" + tk.Text + ")"
		}
		if tk.Text == "getOption" && c.Is(c.Next(k), "(") {
			return "an option value"
		}
	}
	if depth == 0 && c.IsName(r[0]) && c.End(r[0]) == r[1] {
		if a, _ := c.LastAssign(c.T[r[0]].Text, r[0]); a != nil && a.Kind == jsflow.AssignValue {
			return jsPasswordEvidence(c, [2]int{a.Lo, a.Hi}, 1)
		}
	}
	return ""
}

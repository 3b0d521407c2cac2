package rules

import (
	"sort"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// The same call means different things in different places: `.@` on
// `recipient` breaks delivery personalisation, EvaluateJavaScript breaks
// only for callers that are not administrators, decryptPassword is refused
// in workflows but allowed in JSSP. jsKind says where a script runs.

type jsKind uint8

const (
	kindOther jsKind = iota
	kindDelivery
	kindWebApp
	kindJSSP
	kindReport
	kindWorkflow
	kindLibrary
	kindJST
	kindForm
)

// jsKindOf classifies the code held by el in entity e. Campaigns export
// their workflows and deliveries nested inside the operation.
func jsKindOf(e *acc.Entity, el *xmltree.Element) jsKind {
	switch e.Schema {
	case "nms:delivery", "nms:includeView":
		return kindDelivery
	case "nms:webApp":
		return kindWebApp
	case "xtk:jssp":
		return kindJSSP
	case "xtk:report":
		return kindReport
	case "xtk:workflow":
		return kindWorkflow
	case "xtk:javascript":
		return kindLibrary
	case "xtk:jst":
		return kindJST
	case "xtk:form", "xtk:navtree":
		return kindForm
	case "xtk:option":
		// tracking formulas are evaluated for each message of a delivery
		if strings.HasPrefix(e.Name, "NmsTracking_") && strings.HasSuffix(e.Name, "Formula") {
			return kindDelivery
		}
	}
	for cur := el; cur != nil && cur != e.Root; cur = cur.Parent {
		switch cur.LocalName() {
		case "workflow":
			return kindWorkflow
		case "delivery":
			return kindDelivery
		}
	}
	return kindOther
}

// jsCodes prepares the scripts of a pass that contain one of the needles
// (most scripts hold none of the names a rule looks for, and preparing
// them is the costly part): the server code, and the code the browser runs
// when client is set.
func jsCodes(p *audit.Pass, client bool, needles ...string) []*jsCode {
	var out []*jsCode
	for _, s := range p.Scripts() {
		if !s.Server && !client {
			continue
		}
		for _, n := range needles {
			if strings.Contains(s.JS.Src, n) {
				out = append(out, jsCodeOf(s, jsKindOf(p.Entity, s.Code.Elem)))
				break
			}
		}
	}
	return out
}

// where names the context of the script for messages.
func (c *jsCode) where() string {
	if !c.s.Server {
		return "browser code"
	}
	return c.kind.String()
}

func (k jsKind) String() string {
	switch k {
	case kindDelivery:
		return "delivery personalisation"
	case kindWebApp:
		return "a web application"
	case kindJSSP:
		return "a JSSP page"
	case kindReport:
		return "a report"
	case kindWorkflow:
		return "a workflow"
	case kindLibrary:
		return "a JavaScript library"
	case kindJST:
		return "a JavaScript template"
	case kindForm:
		return "a form"
	}
	return "a script"
}

// nonAdmin reports whether the script runs with the rights of an operator
// who need not be an administrator: web applications and reports run as
// their visitor, JSSP pages as the logged-on operator, browser code and
// forms as the console user.
func (c *jsCode) nonAdmin() bool {
	if !c.s.Server {
		return true
	}
	switch c.kind {
	case kindWebApp, kindJSSP, kindReport, kindForm:
		return true
	}
	return false
}

// Library use. A library is only as privileged as its callers, so the
// rules about admin-only APIs judge code in an xtk:javascript entity by the
// entities of the scan that load it.
const (
	factLibUse     = "js.library.use"     // library key → caller kinds ("webApp", "library:cus:x.js", ...)
	factLibDefined = "js.library.defined" // library key → "1"
)

// Caller kinds recorded under factLibUse.
const (
	callerWebApp   = "webApp"
	callerJSSP     = "jssp"
	callerReport   = "report"
	callerClient   = "client"
	callerForm     = "form"
	callerSOAP     = "soap"     // implements a SOAP method any operator may call
	callerWorkflow = "workflow" // includes custom workflow activities
	callerDelivery = "delivery"
	callerLibrary  = "library:" // prefix, followed by the loading library's key
)

func jsCallerOf(kind jsKind, server bool, self string) string {
	if !server {
		return callerClient
	}
	switch kind {
	case kindWebApp:
		return callerWebApp
	case kindJSSP:
		return callerJSSP
	case kindReport:
		return callerReport
	case kindForm:
		return callerForm
	case kindWorkflow:
		return callerWorkflow
	case kindDelivery:
		return callerDelivery
	case kindLibrary:
		return callerLibrary + self
	}
	return ""
}

// jsLibraryName normalises a library reference ("cus:util.js") for
// comparison with the key of an xtk:javascript entity; paths such as
// "/nl/core/shared/nl.js" name built-in files and are kept as written.
func jsLibraryName(s string) string { return strings.TrimSpace(s) }

// jsWatchedFunctions are names of removed or deprecated platform
// functions that a customer library may declare for itself: calls of such
// a declared function are the customer's, not the platform's.
var jsWatchedFunctions = []string{"logon", "cryptString", "Encrypt", "EncryptServerPassword", "loadLibraryDebug"}

var jsLibraryCollector = audit.Collector{
	Name: "js-library-use",
	Collect: func(u *audit.Unit, rec audit.Recorder) {
		e := u.Entity
		self := ""
		if e.Schema == "xtk:javascript" {
			self = e.Key
			if self != "" {
				rec.Record(factLibDefined, self, "1")
			}
		}
		if e.Schema == "xtk:srcSchema" {
			jsCollectSchemaLibraries(e, rec)
		}
		for _, s := range u.Scripts() {
			loads := strings.Contains(s.JS.Src, "loadLibrary") || strings.Contains(s.JS.Src, "avascript")
			var declared []string
			if self != "" && s.Server {
				for _, fn := range jsWatchedFunctions {
					if strings.Contains(s.JS.Src, fn) {
						declared = append(declared, fn)
					}
				}
			}
			if !loads && len(declared) == 0 {
				continue
			}
			c := jsCodeOf(s, jsKindOf(e, s.Code.Elem))
			for _, fn := range declared {
				if c.declaresFunction(fn) {
					rec.Record(factFuncDeclared, fn, self)
				}
			}
			caller := jsCallerOf(c.kind, s.Server, self)
			if caller == "" {
				continue
			}
			for _, lib := range c.loadedLibraries() {
				rec.Record(factLibUse, lib, caller)
			}
		}
		// <%@ page import="cus:lib.js" %> in JSSP and templates
		for _, code := range u.Code() {
			if code.Lang != acc.Template || !jsscan.HasTemplate(code.Text) {
				continue
			}
			for _, part := range jsscan.SplitTemplate(code.Text) {
				if part.Kind == jsscan.DirectivePart && part.Directive != nil && part.Directive.Name == "page" {
					if imp := part.Directive.Attrs["import"]; imp != "" {
						if caller := jsCallerOf(jsKindOf(e, code.Elem), true, self); caller != "" {
							rec.Record(factLibUse, jsLibraryName(imp), caller)
						}
					}
				}
			}
		}
	},
}

// jsCollectSchemaLibraries records the libraries that implement SOAP
// methods (callable by any operator unless access="admin") and custom
// workflow activities.
func jsCollectSchemaLibraries(e *acc.Entity, rec audit.Recorder) {
	workflowExt := e.Root.AttrValue("extendedSchema") == "xtk:workflow"
	e.Root.Walk(func(el *xmltree.Element) bool {
		switch el.LocalName() {
		case "method":
			lib := el.AttrValue("library")
			if lib == "" {
				return true
			}
			if !strings.EqualFold(strings.TrimSpace(el.AttrValue("access")), "admin") {
				rec.Record(factLibUse, jsLibraryName(lib), callerSOAP)
			}
		case "attribute":
			if workflowExt && el.AttrValue("name") == "library" {
				if lib := strings.Trim(el.AttrValue("default"), "'\" "); lib != "" {
					rec.Record(factLibUse, jsLibraryName(lib), callerWorkflow)
				}
			}
		}
		return true
	})
}

// loadedLibraries lists the libraries a script loads by name:
// loadLibrary("cus:x.js"), xtk.javascript.get("cus:x.js") and
// xtk.javascript.load("cus:x.js").
func (c *jsCode) loadedLibraries() []string {
	var out []string
	for _, name := range []string{"loadLibrary", "get", "load"} {
		c.calls(name, func(i, open int, member bool) {
			if name != "loadLibrary" {
				p := c.prev(c.prev(i))
				if !member || p < 0 || c.t[p].Text != "javascript" && c.t[p].Text != "xtkJavascript" {
					return
				}
			}
			args := c.args(open)
			if len(args) == 0 {
				return
			}
			if v, ok := c.literal(args[0]); ok && v != "" {
				out = append(out, jsLibraryName(v))
			}
		})
	}
	return out
}

// jsCallers returns the kinds of code of the scan that reach library lib,
// directly or through other libraries.
func jsCallers(ix *audit.Index, lib string) map[string]bool {
	out := map[string]bool{}
	seen := map[string]bool{lib: true}
	queue := []string{lib}
	for len(queue) > 0 {
		l := queue[0]
		queue = queue[1:]
		for _, v := range ix.Facts(factLibUse, l) {
			if next, ok := strings.CutPrefix(v, callerLibrary); ok {
				if !seen[next] {
					seen[next] = true
					queue = append(queue, next)
				}
				continue
			}
			out[v] = true
		}
	}
	return out
}

// jsNonAdminCallers lists, sorted, the non-administrator contexts that
// reach a library.
func jsNonAdminCallers(ix *audit.Index, lib string) []string {
	var out []string
	for k := range jsCallers(ix, lib) {
		switch k {
		case callerWebApp, callerJSSP, callerReport, callerClient, callerForm, callerSOAP:
			out = append(out, jsCallerLabel(k))
		}
	}
	sort.Strings(out)
	return out
}

func jsCallerLabel(k string) string {
	switch k {
	case callerWebApp:
		return "a web application"
	case callerJSSP:
		return "a JSSP page"
	case callerReport:
		return "a report"
	case callerClient:
		return "browser code"
	case callerForm:
		return "a form"
	case callerSOAP:
		return "a SOAP method open to non-administrators"
	case callerWorkflow:
		return "a workflow"
	case callerDelivery:
		return "a delivery"
	}
	return k
}

// jsAdminOnlyCall reports tokens lo..hi that use an API reserved to
// administrators (see jsAdminOnly).
func jsAdminOnlyCall(p *audit.Pass, c *jsCode, lo, hi int, what, fix string) {
	start, end := c.span(lo, hi)
	jsAdminOnly(p, c, start, end, what, fix)
}

// jsAdminOnly reports a use of something reserved to administrators: at
// the rule's severity when the code runs as a non-administrator (or is a
// library that such code of the scan loads), as info elsewhere, where an
// administrator normally runs it.
func jsAdminOnly(p *audit.Pass, c *jsCode, start, end int64, what, fix string) {
	switch {
	case c.nonAdmin():
		p.Reportf(start, end, "%s in %s, which runs as an operator who need not be an administrator: %s", what, c.where(), fix)
	case c.kind == kindLibrary && p.Entity.Key != "":
		lib := p.Entity.Key
		f := p.Newf(start, end, "%s in library %s", what, lib)
		p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
			if callers := jsNonAdminCallers(ix, lib); len(callers) > 0 {
				f.Message += ", which " + strings.Join(callers, ", ") + " of the scan load: " + fix
				return true
			}
			f.Severity = audit.SeverityInfo
			f.Message += "; no caller in the scan runs as a non-administrator, check the callers: " + fix
			return true
		})
	default:
		f := p.Newf(start, end, "%s in %s; fine when an administrator runs it, otherwise: %s", what, c.where(), fix)
		f.Severity = audit.SeverityInfo
		p.Emit(f)
	}
}

package jsflow

import (
	"cmp"
	"sort"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// ReservedNamespaces are the namespaces of the platform (Appendix B.5).
var ReservedNamespaces = map[string]bool{
	"xtk": true, "nl": true, "nms": true, "ncm": true, "temp": true, "ncl": true, "crm": true, "xxl": true,
}

// The same call means different things in different places: `.@` on
// `recipient` breaks delivery personalisation, EvaluateJavaScript breaks
// only for callers that are not administrators, decryptPassword is refused
// in workflows but allowed in JSSP. jsKind says where a script runs.

type kind uint8

const (
	kindOther kind = iota
	KindDelivery
	KindWebApp
	KindJSSP
	KindReport
	KindWorkflow
	KindLibrary
	kindJST
	KindForm
)

// KindOf classifies the code held by el in entity e. Campaigns export
// their workflows and deliveries nested inside the operation.
func KindOf(e *acc.Entity, el *xmltree.Element) kind {
	switch e.Schema {
	case "nms:delivery", "nms:includeView":
		return KindDelivery
	case "nms:webApp":
		return KindWebApp
	case "xtk:jssp":
		return KindJSSP
	case "xtk:report":
		return KindReport
	case "xtk:workflow":
		return KindWorkflow
	case "xtk:javascript":
		return KindLibrary
	case "xtk:jst":
		return kindJST
	case "xtk:form", "xtk:navtree":
		return KindForm
	case "xtk:option":
		// tracking formulas are evaluated for each message of a delivery
		if strings.HasPrefix(e.Name, "NmsTracking_") && strings.HasSuffix(e.Name, "Formula") {
			return KindDelivery
		}
	}
	for cur := el; cur != nil && cur != e.Root; cur = cur.Parent {
		switch cur.LocalName() {
		case "workflow":
			return KindWorkflow
		case "delivery":
			return KindDelivery
		}
	}
	return kindOther
}

// Codes prepares the scripts of a pass that contain one of the needles
// (most scripts hold none of the names a rule looks for, and preparing
// them is the costly part): the server code, and the code the browser runs
// when client is set.
func Codes(p *audit.Pass, client bool, needles ...string) []*Code {
	var out []*Code
	for _, s := range p.Scripts() {
		if !s.Server && !client {
			continue
		}
		for _, n := range needles {
			if holds(s, n) {
				out = append(out, CodeOf(s, KindOf(p.Entity, s.Code.Elem)))
				break
			}
		}
	}
	return out
}

// Where names the context of the script for messages.
func (c *Code) Where() string {
	if !c.S.Server {
		return "browser code"
	}
	return c.Kind.String()
}

func (k kind) String() string {
	switch k {
	case KindDelivery:
		return "delivery personalisation"
	case KindWebApp:
		return "a web application"
	case KindJSSP:
		return "a JSSP page"
	case KindReport:
		return "a report"
	case KindWorkflow:
		return "a workflow"
	case KindLibrary:
		return "a JavaScript library"
	case kindJST:
		return "a JavaScript template"
	case KindForm:
		return "a form"
	}
	return "a script"
}

// nonAdmin reports whether the script runs with the rights of an operator
// who need not be an administrator: web applications and reports run as
// their visitor, JSSP pages as the logged-on operator, browser code and
// forms as the console user.
func (c *Code) nonAdmin() bool {
	if !c.S.Server {
		return true
	}
	switch c.Kind {
	case KindWebApp, KindJSSP, KindReport, KindForm:
		return true
	}
	return false
}

// Library use. A library is only as privileged as its callers, so the
// rules about admin-only APIs judge code in an xtk:javascript entity by the
// entities of the scan that load it.
var (
	// libUse: library key → each kind of code that loads it.
	libUse = audit.NewFact("js.library.use", compareCaller)
	// LibDefined: key of each xtk:javascript library of the scan.
	LibDefined = audit.NewMarks("js.library.defined")
	// FuncDeclared: watched platform function name (logon...) → key of
	// each library of the scan declaring a function of that name.
	FuncDeclared = audit.NewFact("js.function.declared", strings.Compare)
)

// A caller is a kind of code loading a library; a library loading another
// is a caller of kind callerLibrary, with its key.
type caller struct {
	Kind    string
	Library string
}

func compareCaller(a, b caller) int {
	return cmp.Or(strings.Compare(a.Kind, b.Kind), strings.Compare(a.Library, b.Library))
}

// Caller kinds recorded under libUse.
const (
	CallerWebApp   = "webApp"
	callerJSSP     = "jssp"
	CallerReport   = "report"
	callerClient   = "client"
	callerForm     = "form"
	callerSOAP     = "soap"     // implements a SOAP method any operator may call
	CallerWorkflow = "workflow" // includes custom workflow activities
	CallerDelivery = "delivery"
	callerLibrary  = "library"
)

// callerOf returns the caller of a library loaded from code of kind (and,
// for a library, of key self); a zero Kind for code of no known kind.
func callerOf(kind kind, server bool, self string) caller {
	if !server {
		return caller{Kind: callerClient}
	}
	switch kind {
	case KindWebApp:
		return caller{Kind: CallerWebApp}
	case KindJSSP:
		return caller{Kind: callerJSSP}
	case KindReport:
		return caller{Kind: CallerReport}
	case KindForm:
		return caller{Kind: callerForm}
	case KindWorkflow:
		return caller{Kind: CallerWorkflow}
	case KindDelivery:
		return caller{Kind: CallerDelivery}
	case KindLibrary:
		return caller{Kind: callerLibrary, Library: self}
	}
	return caller{}
}

// libraryName normalises a library reference ("cus:util.js") for
// comparison with the key of an xtk:javascript entity; paths such as
// "/nl/core/shared/nl.js" name built-in files and are kept as written.
func libraryName(s string) string { return strings.TrimSpace(s) }

// watchedFunctions are names of removed or deprecated platform
// functions that a customer library may declare for itself: calls of such
// a declared function are the customer's, not the platform's.
var watchedFunctions = []string{"logon", "cryptString", "Encrypt", "EncryptServerPassword", "loadLibraryDebug"}

// LibraryCollector records the JavaScript libraries of the scan, the code
// loading them and the watched functions they declare.
var LibraryCollector = &audit.Collector{
	Name:  "js-library-use",
	Facts: []audit.FactKind{libUse, LibDefined, FuncDeclared},
	Collect: func(u *audit.Unit, rec *audit.Recorder) {
		e := u.Entity
		self := ""
		if e.Schema == "xtk:javascript" {
			self = e.Key
			if self != "" {
				LibDefined.Record(rec, self, audit.Mark{})
			}
		}
		if e.Schema == "xtk:srcSchema" {
			collectSchemaLibraries(e, rec)
		}
		for _, s := range u.Scripts() {
			loads := holds(s, "loadLibrary") || holds(s, "avascript")
			var declared []string
			if self != "" && s.Server {
				for _, fn := range watchedFunctions {
					if holds(s, fn) {
						declared = append(declared, fn)
					}
				}
			}
			if !loads && len(declared) == 0 {
				continue
			}
			c := CodeOf(s, KindOf(e, s.Code.Elem))
			for _, fn := range declared {
				if c.DeclaresFunction(fn) {
					FuncDeclared.Record(rec, fn, self)
				}
			}
			caller := callerOf(c.Kind, s.Server, self)
			if caller.Kind == "" {
				continue
			}
			for _, lib := range c.loadedLibraries() {
				libUse.Record(rec, lib, caller)
			}
		}
		// <%@ page import="cus:lib.js" %> in JSSP and templates
		for _, code := range u.Code() {
			if code.Lang != acc.Template || !jsscan.HasTemplate(code.Text) {
				continue
			}
			for _, part := range code.Parts() {
				if part.Kind == jsscan.DirectivePart && part.Directive != nil && part.Directive.Name == "page" {
					if imp := part.Directive.Attrs["import"]; imp != "" {
						if caller := callerOf(KindOf(e, code.Elem), true, self); caller.Kind != "" {
							libUse.Record(rec, libraryName(imp), caller)
						}
					}
				}
			}
		}
	},
}

// collectSchemaLibraries records the libraries that implement SOAP
// methods (callable by any operator unless access="admin") and custom
// workflow activities.
func collectSchemaLibraries(e *acc.Entity, rec *audit.Recorder) {
	workflowExt := e.Root.AttrValue("extendedSchema") == "xtk:workflow"
	e.Root.Walk(func(el *xmltree.Element) bool {
		switch el.LocalName() {
		case "method":
			lib := el.AttrValue("library")
			if lib == "" {
				return true
			}
			if !strings.EqualFold(strings.TrimSpace(el.AttrValue("access")), "admin") {
				libUse.Record(rec, libraryName(lib), caller{Kind: callerSOAP})
			}
		case "attribute":
			if workflowExt && el.AttrValue("name") == "library" {
				if lib := strings.Trim(el.AttrValue("default"), "'\" "); lib != "" {
					libUse.Record(rec, libraryName(lib), caller{Kind: CallerWorkflow})
				}
			}
		}
		return true
	})
}

// loadedLibraries lists the libraries a script loads by name:
// loadLibrary("cus:x.js"), xtk.javascript.get("cus:x.js") and
// xtk.javascript.load("cus:x.js").
func (c *Code) loadedLibraries() []string {
	var out []string
	for _, name := range []string{"loadLibrary", "get", "load"} {
		c.Calls(name, func(i, open int, member bool) {
			if name != "loadLibrary" {
				p := c.Prev(c.Prev(i))
				if !member || p < 0 || c.T[p].Text != "javascript" && c.T[p].Text != "xtkJavascript" {
					return
				}
			}
			args := c.Args(open)
			if len(args) == 0 {
				return
			}
			if v, ok := c.Literal(args[0]); ok && v != "" {
				out = append(out, libraryName(v))
			}
		})
	}
	return out
}

// Callers returns the kinds of code of the scan that reach library lib,
// directly or through other libraries.
func Callers(ix *audit.Index, lib string) map[string]bool {
	out := map[string]bool{}
	seen := map[string]bool{lib: true}
	queue := []string{lib}
	for len(queue) > 0 {
		l := queue[0]
		queue = queue[1:]
		for _, v := range libUse.Values(ix, l) {
			if v.Kind == callerLibrary {
				if !seen[v.Library] {
					seen[v.Library] = true
					queue = append(queue, v.Library)
				}
				continue
			}
			out[v.Kind] = true
		}
	}
	return out
}

// nonAdminCallers lists, sorted, the non-administrator contexts that
// reach a library.
func nonAdminCallers(ix *audit.Index, lib string) []string {
	var out []string
	for k := range Callers(ix, lib) {
		switch k {
		case CallerWebApp, callerJSSP, CallerReport, callerClient, callerForm, callerSOAP:
			out = append(out, CallerLabel(k))
		}
	}
	sort.Strings(out)
	return out
}

func CallerLabel(k string) string {
	switch k {
	case CallerWebApp:
		return "a web application"
	case callerJSSP:
		return "a JSSP page"
	case CallerReport:
		return "a report"
	case callerClient:
		return "browser code"
	case callerForm:
		return "a form"
	case callerSOAP:
		return "a SOAP method open to non-administrators"
	case CallerWorkflow:
		return "a workflow"
	case CallerDelivery:
		return "a delivery"
	}
	return k
}

// AdminOnlyCall reports tokens lo..hi that use an API reserved to
// administrators (see jsAdminOnly).
func AdminOnlyCall(p *audit.Pass, c *Code, lo, hi int, what, fix string) {
	start, end := c.Span(lo, hi)
	AdminOnly(p, c, start, end, what, fix)
}

// AdminOnly reports a use of something reserved to administrators: at
// the rule's severity when the code runs as a non-administrator (or is a
// library that such code of the scan loads), as info elsewhere, where an
// administrator normally runs it.
func AdminOnly(p *audit.Pass, c *Code, start, end int64, what, fix string) {
	switch {
	case c.nonAdmin():
		p.Reportf(start, end, "%s in %s, which runs as an operator who need not be an administrator: %s", what, c.Where(), fix)
	case c.Kind == KindLibrary && p.Entity.Key != "":
		lib := p.Entity.Key
		f := p.Newf(start, end, "%s in library %s", what, lib)
		p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
			if callers := nonAdminCallers(ix, lib); len(callers) > 0 {
				f.Message += ", which " + strings.Join(callers, ", ") + " of the scan load: " + fix
				return true
			}
			f.Severity = audit.SeverityInfo
			f.Message += "; no caller in the scan runs as a non-administrator, check the callers: " + fix
			return true
		})
	default:
		f := p.Newf(start, end, "%s in %s; fine when an administrator runs it, otherwise: %s", what, c.Where(), fix)
		f.Severity = audit.SeverityInfo
		p.Emit(f)
	}
}

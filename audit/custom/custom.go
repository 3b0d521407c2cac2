// Package custom loads rules written in YAML, without Go code: an XPath
// selector evaluated on each entity, optionally filtered by regular
// expressions on the selected node's value, and a message template.
//
//	rules:
//	  - id: CUS-001
//	    name: test-sender-address
//	    title: Test sender address left in a delivery
//	    severity: warning
//	    category: Custom checks
//	    schemas: [nms:delivery]
//	    xpath: //mailParameters/@senderAddress
//	    pattern: '(?i)@example\.(com|org)$'
//	    message: 'sender address {{.Value}} is a test address'
//	    rationale: ...
//	    remediation: ...
//
// The selector runs on github.com/antchfx/xpath over the engine's own
// positioned tree (see nav.go) rather than on antchfx/xmlquery's: xmlquery
// keeps no columns and no attribute positions, and would parse every
// entity a second time, whereas every match here is reported at the exact
// line and column of the attribute value, text or regular expression
// match, inside escaped text and CDATA too.
//
// Messages are Go text/template templates over MatchData ({{.Value}},
// {{.Match}}, {{index .Groups 1}}, {{.Name}}, {{.Entity}}...), checked
// when the file is loaded.
package custom

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"text/template"
	"unicode/utf8"

	"github.com/antchfx/xpath"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/config"
	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/source"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// DefaultCategory is the category of custom rules that state none.
const DefaultCategory = "Custom rules"

// DefaultBudget is the number of XPath steps (navigator moves and nodes
// read for string-values) a custom rule may take on one entity, unless its
// file or the rule sets budget: about a second of work, far above what a
// selector without nested // predicates needs on any real entity.
const DefaultBudget = 20_000_000

// A file is a custom rule file.
type file struct {
	// Budget is the default budget of the file's rules.
	Budget config.Value[int64] `yaml:"budget"`
	Rules  []*spec             `yaml:"rules"`
}

// spec is one rule as written.
type spec struct {
	ID          config.Value[string]  `yaml:"id"`
	Name        config.Value[string]  `yaml:"name"`
	Title       config.Value[string]  `yaml:"title"`
	Severity    config.Value[string]  `yaml:"severity"`
	Category    config.Value[string]  `yaml:"category"`
	Schemas     config.List           `yaml:"schemas"`
	From        config.List           `yaml:"from"`
	XPath       config.Value[string]  `yaml:"xpath"`
	Pattern     config.Value[string]  `yaml:"pattern"`
	NotPattern  config.Value[string]  `yaml:"not-pattern"`
	Message     config.Value[string]  `yaml:"message"`
	Rationale   config.Value[string]  `yaml:"rationale"`
	Remediation config.Value[string]  `yaml:"remediation"`
	URL         config.Value[string]  `yaml:"url"`
	Bad         config.Value[string]  `yaml:"bad"`
	Good        config.Value[string]  `yaml:"good"`
	Effort      config.Value[float64] `yaml:"effort"`
	Budget      config.Value[int64]   `yaml:"budget"`
}

// MatchData is what message templates see.
type MatchData struct {
	// Value is the selected node's value: an attribute's value, a text, an
	// element's own text (not its descendants'); shortened to one line.
	Value string
	// Match is the text the pattern matched (Value without a pattern).
	Match string
	// Groups are the pattern's submatches; Groups[0] is Match.
	Groups []string
	// Name is the attribute or element name ("" for text).
	Name string
	// Entity ("xtk:workflow wkfNightly"), its Schema and Key, and the Place
	// of the node inside it.
	Entity, Schema, Key, Place string
}

var (
	idPattern   = regexp.MustCompile(`^[A-Z]{2,5}-\d{3}$`)
	namePattern = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
)

// Load reads custom rule files. builtins are the rules acc-audit defines
// (built-in and pseudo-rules): a custom rule may not reuse their ids,
// names or families, so that a later release cannot collide with it.
func Load(paths []string, builtins []*audit.Rule) ([]*audit.Rule, error) {
	var out []*audit.Rule
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		rules, err := Parse(p, data, builtins, out)
		if err != nil {
			return nil, err
		}
		out = append(out, rules...)
	}
	return out, nil
}

// Parse reads and checks the rules of one file; earlier are custom rules
// of files already loaded, whose ids and names are taken too.
func Parse(name string, data []byte, builtins, earlier []*audit.Rule) ([]*audit.Rule, error) {
	src := config.Source{File: name, Data: data}
	var f file
	if err := src.Decode(&f); err != nil {
		return nil, err
	}
	builtinFamilies := map[string]bool{}
	ids, names := map[string]bool{}, map[string]bool{}
	for _, r := range builtins {
		ids[r.ID], names[r.Name] = true, true
		fam, _, _ := strings.Cut(r.ID, "-")
		builtinFamilies[fam] = true
	}
	for _, r := range earlier {
		ids[r.ID], names[r.Name] = true, true
	}
	var errs []error
	var out []*audit.Rule
	budget := int64(DefaultBudget)
	if f.Budget.Set {
		if f.Budget.V < 1 {
			errs = append(errs, src.Errorf(f.Budget, "budget must be 1 or more XPath steps per entity"))
		}
		budget = f.Budget.V
	}
	for i, s := range f.Rules {
		if s == nil {
			errs = append(errs, &config.Error{File: name, Msg: fmt.Sprintf("rule %d is empty", i+1)})
			continue
		}
		r, err := s.compile(src, i, ids, names, builtinFamilies, budget)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids[r.ID], names[r.Name] = true, true
		out = append(out, r)
	}
	if len(f.Rules) == 0 {
		errs = append(errs, &config.Error{File: name, Msg: "no rules: the file must hold `rules:` with at least one rule"})
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// compiled is a custom rule ready to run. An xpath.Expr keeps evaluation
// state in its query tree and is not safe for concurrent use (the race
// detector shows it when rules run on several entities at once): each
// worker takes its own copy from the pool.
type compiled struct {
	exprs   sync.Pool
	pattern *regexp.Regexp
	not     *regexp.Regexp
	message *template.Template
	budget  int64
	where   audit.Problem // the rule's place in its file, for its problems
}

func (s *spec) compile(src config.Source, i int, ids, names, families map[string]bool, budget int64) (*audit.Rule, error) {
	var errs []error
	bad := func(at config.Positioned, format string, args ...any) {
		errs = append(errs, src.Errorf(at, format, args...))
	}
	start := s.ID.Pos
	if !s.ID.Set {
		start = s.Name.Pos
	}
	required := func(v config.Value[string], key string) {
		if strings.TrimSpace(v.V) == "" {
			if v.Set {
				bad(v, "%s must not be empty", key)
			} else {
				bad(start, "rule %d: %s is required", i+1, key)
			}
		}
	}
	required(s.ID, "id")
	required(s.Name, "name")
	required(s.Title, "title")
	required(s.Severity, "severity")
	required(s.XPath, "xpath")
	required(s.Message, "message")
	required(s.Rationale, "rationale")
	required(s.Remediation, "remediation")

	r := &audit.Rule{ID: s.ID.V, Name: s.Name.V, Title: strings.TrimSpace(s.Title.V), Category: s.Category.V,
		Schemas: s.Schemas.Strings(), From: s.From.Strings(), Effort: s.Effort.V,
		// A pattern written for one project: its precision is unknown.
		Precision: audit.PrecisionMedium,
		Doc: audit.Doc{Rationale: strings.TrimSpace(s.Rationale.V), Remediation: strings.TrimSpace(s.Remediation.V),
			Bad: s.Bad.V, Good: s.Good.V, URL: s.URL.V}}
	if r.Category == "" {
		r.Category = DefaultCategory
	}
	if s.ID.V != "" {
		fam, _, _ := strings.Cut(s.ID.V, "-")
		switch {
		case !idPattern.MatchString(s.ID.V):
			bad(s.ID, "id %q must look like CUS-001 (2 to 5 capitals, a dash, 3 digits)", s.ID.V)
		case ids[s.ID.V]:
			bad(s.ID, "id %s is already used by another rule", s.ID.V)
		case families[fam]:
			bad(s.ID, "id %s is in the built-in family %s: use a family of your own, such as CUS-", s.ID.V, fam)
		}
	}
	if s.Name.V != "" {
		switch {
		case !namePattern.MatchString(s.Name.V):
			bad(s.Name, "name %q must be kebab-case (lower-case words joined by dashes)", s.Name.V)
		case names[s.Name.V]:
			bad(s.Name, "name %s is already used by another rule", s.Name.V)
		}
	}
	if strings.HasSuffix(r.Title, ".") {
		bad(s.Title, "title must not end with a period")
	}
	if s.Severity.V != "" {
		sev, err := audit.ParseSeverity(s.Severity.V)
		if err != nil {
			bad(s.Severity, "severity must be error, warning or info, not %q", s.Severity.V)
		}
		r.Severity = sev
	}
	for _, v := range s.From {
		if !slices.Contains(audit.SourceVersions, v.V) {
			bad(v, "from: unknown source version %q (want %s)", v.V, strings.Join(audit.SourceVersions, ", "))
		}
	}
	for _, v := range s.Schemas {
		if !strings.Contains(v.V, ":") && v.V != "serverConf" && v.V != audit.SchemaPackage {
			bad(v, "schemas: %q is not an entity schema (namespace:name such as xtk:workflow, or serverConf, package)", v.V)
		}
	}
	if s.Effort.V < 0 {
		bad(s.Effort, "effort must be 0 or more hours")
	}
	c := &compiled{budget: budget, where: audit.Problem{File: src.File, Line: start.Position().Line, Col: start.Position().Col}}
	if s.Budget.Set {
		if s.Budget.V < 1 {
			bad(s.Budget, "budget must be 1 or more XPath steps per entity")
		}
		c.budget = s.Budget.V
	}
	if s.XPath.V != "" {
		expr, err := xpath.Compile(s.XPath.V)
		if err != nil {
			bad(s.XPath, "bad xpath %q: %v", s.XPath.V, err)
		} else if t := resultType(expr); t != "" {
			bad(s.XPath, "xpath %q gives a %s: it must select nodes, or be a test (true or false)", s.XPath.V, t)
		} else {
			src := s.XPath.V
			c.exprs.Put(expr)
			c.exprs.New = func() any { return xpath.MustCompile(src) }
		}
	}
	groups := 1
	if s.Pattern.Set {
		re, err := regexp.Compile(s.Pattern.V)
		if err != nil {
			bad(s.Pattern, "bad pattern: %v", unwrapRE(err))
		} else {
			c.pattern = re
			groups = re.NumSubexp() + 1
		}
	}
	if s.NotPattern.Set {
		re, err := regexp.Compile(s.NotPattern.V)
		if err != nil {
			bad(s.NotPattern, "bad not-pattern: %v", unwrapRE(err))
		} else {
			c.not = re
		}
	}
	if s.Message.V != "" {
		t, err := template.New(s.ID.V).Option("missingkey=error").Parse(s.Message.V)
		if err == nil {
			sample := MatchData{Groups: make([]string, groups)}
			err = t.Execute(new(bytes.Buffer), sample)
		}
		if err != nil {
			bad(s.Message, "bad message template: %v (fields: .Value .Match .Groups .Name .Entity .Schema .Key .Place)", templateErr(err))
		} else {
			c.message = t
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	r.Run = c.run
	if err := s.checkExamples(src, r); err != nil {
		return nil, err
	}
	return r, nil
}

// checkExamples runs the rule on its documented examples, when given: the
// bad one must fire and the good one must not, as for built-in rules.
func (s *spec) checkExamples(src config.Source, r *audit.Rule) error {
	for _, ex := range []struct {
		v    config.Value[string]
		fire bool
	}{{s.Bad, true}, {s.Good, false}} {
		if strings.TrimSpace(ex.v.V) == "" {
			continue
		}
		res := driver.Run(context.Background(), []*source.Input{source.NewInput("example.xml", []byte(ex.v.V))}, driver.Options{Rules: []*audit.Rule{r}, Workers: 1})
		switch {
		case len(res.Problems) > 0 && res.Problems[0].Internal:
			return src.Errorf(ex.v, "example of %s: %s", r.ID, res.Problems[0].Message)
		case len(res.Problems) > 0:
			return src.Errorf(ex.v, "example of %s does not parse: %s", r.ID, res.Problems[0])
		case ex.fire && res.Findings.Len() == 0:
			return src.Errorf(ex.v, "the bad example of %s does not trigger it", r.ID)
		case !ex.fire && res.Findings.Len() > 0:
			f := res.Findings.Slice()[0]
			return src.Errorf(ex.v, "the good example of %s triggers it at %d:%d: %s", r.ID, f.Line, f.Col, f.Message)
		}
	}
	return nil
}

// resultType evaluates the expression on an empty document to learn the
// type it yields: "" for nodes and booleans, else the type's name.
func resultType(expr *xpath.Expr) (t string) {
	defer func() {
		if recover() != nil {
			t = ""
		}
	}()
	switch expr.Evaluate(newNav(&xmltree.Element{Name: "x"}, nil)).(type) {
	case *xpath.NodeIterator, bool:
		return ""
	case float64:
		return "number"
	case string:
		return "string"
	}
	return ""
}

func unwrapRE(err error) string {
	return strings.TrimPrefix(err.Error(), "error parsing regexp: ")
}

func templateErr(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, "executing \""); i >= 0 {
		if j := strings.Index(msg[i:], ": "); j >= 0 {
			return msg[i+j+2:]
		}
	}
	if i := strings.Index(msg, "template: "); i >= 0 {
		return msg[i+len("template: "):]
	}
	return msg
}

// run evaluates the rule on one entity. Past its budget, the rule gives
// up for the whole scan (see audit.Pass.Fail): a selector that explodes on
// one entity would do so on the next ones too, and findings from only the
// entities seen before would depend on the order the workers took them.
func (c *compiled) run(p *audit.Pass) {
	root := p.Entity.Root
	expr := c.exprs.Get().(*xpath.Expr)
	defer func() {
		r := recover()
		if r == nil {
			c.exprs.Put(expr)
			return
		}
		if _, ok := r.(errBudget); !ok {
			panic(r)
		}
		// The expression's evaluation state was left half-way: it is
		// dropped, not put back in the pool.
		prob := c.where
		prob.Message = fmt.Sprintf("custom rule %s went past its budget of %d XPath steps on one entity and was stopped; its findings are left out. Simplify its xpath (nested // predicates multiply), or raise budget: in the rule or its file",
			p.Rule.ID, c.budget)
		p.Fail(prob)
	}()
	work := &budget{left: c.budget}
	switch v := expr.Evaluate(newNav(root, work)).(type) {
	case *xpath.NodeIterator:
		for v.MoveNext() {
			n, ok := v.Current().(*nav)
			if ok {
				c.report(p, *n)
			}
		}
	case bool:
		if v {
			c.report(p, nav{root: root, cur: root, attr: -1})
		}
	}
}

// report emits the findings of one selected node.
func (c *compiled) report(p *audit.Pass, n nav) {
	var (
		value      string
		span       xmltree.Span
		hasValue   bool
		start, end int64
		name       string
	)
	switch node := n.cur.(type) {
	case nil:
		el := n.root
		value, span, hasValue = el.Text()
		start, end, name = el.Start, el.Start+1+int64(len(el.Name)), el.Name
	case *xmltree.Element:
		if n.attr >= 0 {
			a := &node.Attrs[n.attr]
			value, span, hasValue, name = a.Value, a.ValueSpan, true, a.Name
			start, end = audit.AttrRange(a)
		} else {
			value, span, hasValue = node.Text()
			start, end, name = node.Start, node.Start+1+int64(len(node.Name)), node.Name
		}
	case *xmltree.Text:
		value, span, hasValue = node.Data, node.Span, true
		start, end = audit.ValueRange(span, 0, len(value))
	case *xmltree.Comment:
		value, span, hasValue = node.Data, node.Span, true
		start, end = audit.ValueRange(span, 0, len(value))
	}
	if c.not != nil && c.not.MatchString(value) {
		return
	}
	data := MatchData{Value: short(value), Name: name, Entity: p.Entity.ID(), Schema: p.Entity.Schema, Key: p.Entity.Key}
	if c.pattern == nil {
		data.Match, data.Groups = data.Value, []string{data.Value}
		c.emit(p, start, end, data)
		return
	}
	if !hasValue {
		return
	}
	for _, m := range c.pattern.FindAllStringSubmatchIndex(value, -1) {
		d := data
		d.Groups = make([]string, len(m)/2)
		for g := range d.Groups {
			if m[2*g] >= 0 {
				d.Groups[g] = short(value[m[2*g]:m[2*g+1]])
			}
		}
		d.Match = d.Groups[0]
		s, e := audit.ValueRange(span, m[0], m[1])
		c.emit(p, s, e, d)
	}
}

func (c *compiled) emit(p *audit.Pass, start, end int64, d MatchData) {
	f := p.Newf(start, end, "%s", "")
	d.Place = f.Place
	var b strings.Builder
	if err := c.message.Execute(&b, d); err != nil {
		b.Reset()
		b.WriteString(p.Rule.Title)
	}
	f.Message = b.String()
	p.Emit(f)
}

// short keeps messages on one line and readable; the excerpt shows the
// source.
func short(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= 80 {
		return s
	}
	r := []rune(s)
	return string(r[:79]) + "…"
}

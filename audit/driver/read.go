package driver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/source"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// lateNote reads a decoding note known after the input was read.
func lateNote(p **source.LateNote) *source.LateNote {
	if p == nil {
		return nil
	}
	return *p
}

// countingReader counts the bytes read from an input and reports them to
// onRead by steps of about a megabyte (a retry in a fallback encoding
// reads the file again and is not counted twice).
type countingReader struct {
	r        io.Reader
	n        int64
	reported int64
	limit    int64 // bytes already reported by an earlier attempt
	onRead   func(int64)
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n += int64(n)
	if c.n-c.reported >= 1<<20 || err != nil {
		c.flush()
	}
	return n, err
}

// flush reports the bytes read and not reported yet.
func (c *countingReader) flush() {
	if c.onRead == nil {
		return
	}
	if d := c.n - max(c.reported, c.limit); d > 0 {
		c.onRead(d)
	}
	c.reported = max(c.n, c.limit)
}

// readFile streams one input, sending each entity to the workers.
func (s *scan) readFile(ctx context.Context, in *source.Input) FileInfo {
	info := FileInfo{Name: in.Name}
	if kind := readKind(ctx, in); kind != acc.KindXML {
		if kind == acc.KindUnknown {
			s.notRead(in.Name, "not a Campaign export or code file")
		} else {
			s.readSource(in, kind, &info)
		}
		return info
	}
	sent := 0
	for attempt := 0; attempt < 2; attempt++ {
		fallback := attempt == 1
		rc, err := in.Open()
		if err != nil {
			s.problem(audit.Problem{File: in.Name, Severity: audit.SeverityError, Message: err.Error()})
			info.Failed = true
			return info
		}
		cr := &countingReader{r: rc, onRead: s.opt.OnRead, limit: info.Bytes}
		var r io.Reader
		var dinfoLate **source.LateNote
		if fallback {
			r = source.DecodeFallback(cr)
			info.Encoding = "windows-1252 (fallback)"
		} else {
			var dinfo source.Info
			r, dinfo, err = source.Decode(cr)
			if err != nil {
				rc.Close()
				s.problem(audit.Problem{File: in.Name, Severity: audit.SeverityError, Message: err.Error()})
				info.Failed = true
				return info
			}
			info.Encoding = dinfo.Encoding
			dinfoLate = dinfo.Late
			if dinfo.Note != "" {
				s.problem(audit.Problem{File: in.Name, Line: dinfo.NoteLine, Col: dinfo.NoteCol, Severity: audit.SeverityWarning, Message: dinfo.Note})
			}
		}
		n, err := s.parse(ctx, in.Name, r, sent)
		rc.Close()
		if late := lateNote(dinfoLate); late != nil {
			s.problem(audit.Problem{File: in.Name, Line: late.Line, Col: late.Col, Severity: audit.SeverityWarning, Message: late.Msg})
		}
		cr.flush()
		info.Bytes = max(info.Bytes, cr.n)
		if n > sent {
			sent = n
		}
		info.Entities = sent
		var encErr *xmltree.EncodingError
		if !fallback && errors.As(err, &encErr) && strings.EqualFold(info.Encoding, "UTF-8") {
			s.problem(audit.Problem{File: in.Name, Line: encErr.Line, Col: encErr.Col, Severity: audit.SeverityWarning,
				Message: encErr.Msg + ": the file is not UTF-8 although it declares or defaults to it; read as windows-1252 (declare its encoding in the XML declaration)"})
			continue
		}
		if err != nil {
			p := audit.Problem{File: in.Name, Severity: audit.SeverityError, Message: err.Error()}
			var se *xmltree.SyntaxError
			if errors.As(err, &encErr) {
				se = &encErr.SyntaxError
			}
			if se != nil || errors.As(err, &se) {
				p.Line, p.Col, p.Message = se.Line, se.Col, "XML: "+se.Msg
			}
			s.problem(p)
			info.Failed = true
		}
		return info
	}
	return info
}

// parse streams one decoded document. Entities with an ordinal below skip
// were already checked by an earlier attempt and are not sent again.
func (s *scan) parse(ctx context.Context, name string, r io.Reader, skip int) (int, error) {
	var pkg *acc.Package
	var pkgWindow xmltree.Window
	var pkgEl *xmltree.Element
	ordinal := 0
	_, err := xmltree.Parse(r, xmltree.Options{
		Split:  acc.Split,
		Limits: s.limits,
		OnLimit: func(le *xmltree.LimitError) {
			ordinal++
			s.problem(audit.Problem{File: name, Line: le.Line, Col: le.Col, Severity: audit.SeverityError,
				Message: fmt.Sprintf("entity <%s> not checked: it holds %s (%s)", le.Element, le.Msg, LimitFlag[le.Limit])})
		},
		Skeleton: func(el *xmltree.Element, w xmltree.Window) {
			if el.LocalName() == "package" && pkgEl == nil {
				pkgEl = el
				pkg = acc.PackageOf([]*xmltree.Element{el})
				w.Data = cloneWindow(w.Data)
				pkgWindow = w
			}
		},
		OnSubtree: func(st xmltree.Subtree) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			ord := ordinal
			ordinal++
			if ord < skip {
				return nil
			}
			st.Window.Data = cloneWindow(st.Window.Data)
			e := acc.NewEntity(st.Root, acc.GroupSchema(st.Ancestors), pkg, name)
			e.Leading = st.Leading
			e.Ordinal = ord
			loc := xmltree.NewLocator(st.Window)
			if len(st.Ancestors) == 0 {
				if skip := s.completeXMLIdentity(name, e, st.Leading, loc); skip != "" {
					s.notRead(name, skip)
					return nil
				}
			}
			s.send(name, e, loc)
			return nil
		},
	})
	if err == nil && pkgEl != nil {
		// The header entity is the <package> start tag alone: its <entities>
		// groups were checked with their entities, and lie outside the
		// header's window.
		hdr := *pkgEl
		hdr.Children = nil
		e := &acc.Entity{Schema: audit.SchemaPackage, Root: &hdr, Package: pkg, Name: pkg.Name, Namespace: pkg.Namespace, Label: pkg.Label}
		if pkg.Namespace != "" && pkg.Name != "" {
			e.Key = pkg.Namespace + ":" + pkg.Name
		}
		s.send(name, e, xmltree.NewLocator(pkgWindow))
	}
	return ordinal, err
}

func (s *scan) send(file string, e *acc.Entity, loc *xmltree.Locator) {
	v := s.opt.From
	if v == "" {
		v = e.Package.SourceVersion()
	}
	if e.Schema != audit.SchemaPackage {
		s.nUnits.Add(1)
	}
	s.inFlight.acquire(len(loc.Window().Data))
	s.units <- &audit.Unit{File: file, Entity: e, Loc: loc, Version: v}
}

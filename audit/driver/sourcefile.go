package driver

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/source"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"golang.org/x/text/encoding/charmap"
)

// A NotRead is an input the scan did not audit because it holds no
// Campaign export or code (an image, a third-party library, test data),
// with the reason. Such files are listed, never skipped silently.
type NotRead struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
}

// MaxSourceFile bounds the size of a plain code file, which is read whole:
// real libraries and pages are a few hundred kilobytes.
const MaxSourceFile = 64 << 20

// sniffKind decides how to read an input whose name does not say: XML when
// it starts with markup, code when it opens with a metadata header, else
// nothing the tool reads.
func sniffKind(in *source.Input) (acc.FileKind, error) {
	rc, err := in.Open()
	if err != nil {
		return acc.KindUnknown, err
	}
	defer rc.Close()
	r, _, err := source.Decode(rc)
	if err != nil {
		return acc.KindXML, nil // the XML reader reports it with its position
	}
	head, _ := bufio.NewReaderSize(r, 4096).Peek(4096)
	head = bytes.TrimPrefix(head, []byte("\uFEFF"))
	trimmed := bytes.TrimLeft(head, " \t\r\n")
	if h := acc.ParseHeader(string(trimmed)); h != nil {
		if bytes.HasPrefix(trimmed, []byte("<!--")) {
			return acc.KindXML, nil
		}
		if h.Get("Schema") == "xtk:javascript" {
			return acc.KindJS, nil
		}
		return acc.KindText, nil
	}
	switch {
	case len(trimmed) == 0 || (trimmed[0] == '<' && !bytes.HasPrefix(trimmed, []byte("<%"))):
		return acc.KindXML, nil
	case bytes.HasPrefix(trimmed, []byte("<%")):
		return acc.KindJSSP, nil
	case acc.LooksLikeCampaignJS(head):
		return acc.KindJS, nil
	}
	return acc.KindUnknown, nil
}

// readSource reads a plain code file (JavaScript, JSSP, template, SQL,
// option value) and checks the entity it holds.
func (s *scan) readSource(in *source.Input, kind acc.FileKind, info *FileInfo) {
	rc, err := in.Open()
	if err != nil {
		s.problem(audit.Problem{File: in.Name, Severity: audit.SeverityError, Message: err.Error()})
		info.Failed = true
		return
	}
	defer rc.Close()
	cr := &countingReader{r: rc, onRead: s.opt.OnRead}
	r, dinfo, err := source.Decode(cr)
	if err != nil {
		s.problem(audit.Problem{File: in.Name, Severity: audit.SeverityError, Message: err.Error()})
		info.Failed = true
		return
	}
	limit := min(int64(s.limits.TextBytes), MaxSourceFile)
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	cr.flush()
	info.Bytes = cr.n
	info.Encoding = dinfo.Encoding
	if err != nil {
		s.problem(audit.Problem{File: in.Name, Severity: audit.SeverityError, Message: err.Error()})
		info.Failed = true
		return
	}
	if int64(len(data)) > limit {
		s.problem(audit.Problem{File: in.Name, Line: 1, Col: 1, Severity: audit.SeverityError,
			Message: fmt.Sprintf("entity not checked: a %s file of more than %d bytes (%s)", kind, limit, LimitFlag["text"])})
		info.Failed = true
		return
	}
	if dinfo.Encoding == "UTF-8" && !utf8.Valid(data) {
		bad := invalidUTF8(data)
		line, col := xmltree.NewLocator(xmltree.Window{Data: data, Line: 1}).Position(int64(bad))
		s.problem(audit.Problem{File: in.Name, Line: line, Col: col, Severity: audit.SeverityWarning,
			Message: "invalid UTF-8: the file is not UTF-8; read as windows-1252 (save it as UTF-8)"})
		if dec, err := charmap.Windows1252.NewDecoder().Bytes(data); err == nil {
			data = dec
			info.Encoding = "windows-1252 (fallback)"
		}
	}
	e, notes, skip := acc.NewSourceEntity(in.Name, data, kind)
	loc := xmltree.NewLocator(xmltree.Window{Data: data, Line: 1})
	for _, n := range notes {
		line, col := loc.Position(int64(n.Offset))
		s.problem(audit.Problem{File: in.Name, Line: line, Col: col, Severity: audit.SeverityWarning, Message: n.Msg})
	}
	if skip != "" {
		s.notRead(in.Name, skip)
		return
	}
	info.Entities = 1
	s.send(in.Name, e, loc)
}

// invalidUTF8 returns the offset of the first byte that is not UTF-8.
func invalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

func (s *scan) notRead(file, reason string) {
	s.mu.Lock()
	s.skipped = append(s.skipped, NotRead{File: file, Reason: reason})
	s.mu.Unlock()
}

// completeXMLIdentity gives a single-entity XML file the identity its
// metadata header or path holds, and says which entities are not Campaign
// entities at all (test data, other tools' XML).
func (s *scan) completeXMLIdentity(name string, e *acc.Entity, leading []*xmltree.Comment, loc *xmltree.Locator) (skip string) {
	var h *acc.Header
	if len(leading) > 0 {
		h = acc.HeaderOfComment(leading[0])
	}
	for _, n := range acc.CompleteIdentity(e, h, name) {
		line, col := loc.Position(int64(n.Offset))
		s.problem(audit.Problem{File: name, Line: line, Col: col, Severity: audit.SeverityWarning, Message: n.Msg})
	}
	if strings.HasPrefix(e.Schema, "?:") {
		return fmt.Sprintf("XML that is not a Campaign entity (root element <%s>)", e.Root.Name)
	}
	return ""
}

// readKind returns how an input is to be read.
func readKind(ctx context.Context, in *source.Input) acc.FileKind {
	kind := acc.KindOfName(in.Name)
	if kind == acc.KindUnknown && ctx.Err() == nil {
		if k, err := sniffKind(in); err == nil {
			kind = k
		} else {
			kind = acc.KindXML // the reader reports the error
		}
	}
	return kind
}

// LimitFlag names, for each entity limit, how to raise it.
var LimitFlag = map[string]string{
	"bytes": "raise it with --max-entity-bytes or limits.entity-bytes in .acc-audit.yaml",
	"nodes": "raise it with --max-entity-nodes or limits.entity-nodes in .acc-audit.yaml",
	"text":  "raise it with --max-script-bytes or limits.script-bytes in .acc-audit.yaml",
}

package acc

import (
	"strings"
)

// A Header is the metadata block that sync tools write at the top of a file
// kept in source control, in place of the entity's identity attributes:
//
//	/*!
//	Adobe Campaign metadata:
//	Schema: xtk:javascript
//	Name: zon:common.js
//	Label: Common functions
//	!*/
//
// It opens with `/*!` in JavaScript, `<!--!` in XML and `<%--!` in JSSP,
// templates and option values, and closes with `!*/`, `!-->` or `!--%>`
// (the plain closers `*/`, `-->` and `--%>` are accepted too).
type Header struct {
	Fields []HeaderField
	// Start and End are the byte offsets of the block in the text (End is
	// just past its closer, and past the line end that follows it).
	Start, End int
}

// A HeaderField is one `Key: value` line of a header.
type HeaderField struct {
	Key, Value string
	Offset     int // byte offset of Value in the text
}

// Get returns the value of a field (keys compare case-insensitively).
func (h *Header) Get(key string) string {
	if h == nil {
		return ""
	}
	for _, f := range h.Fields {
		if strings.EqualFold(f.Key, key) {
			return f.Value
		}
	}
	return ""
}

// Field returns the field named key, or nil.
func (h *Header) Field(key string) *HeaderField {
	if h == nil {
		return nil
	}
	for i := range h.Fields {
		if strings.EqualFold(h.Fields[i].Key, key) {
			return &h.Fields[i]
		}
	}
	return nil
}

// headerForms are the openers of a metadata block and their closers, the
// more specific closer first.
var headerForms = []struct {
	open    string
	closers []string
}{
	{"/*!", []string{"!*/", "*/"}},
	{"<!--!", []string{"!-->", "-->"}},
	{"<%--!", []string{"!--%>", "--%>"}},
}

// headerMarker is the first line every metadata block holds.
const headerMarker = "adobe campaign metadata:"

// maxHeader bounds how far a header is looked for: a block that does not
// close within it is not a header.
const maxHeader = 16 << 10

// ParseHeader reads the metadata block at the start of text (after a byte
// order mark and blank lines). It returns nil when there is none.
func ParseHeader(text string) *Header {
	start := 0
	if strings.HasPrefix(text, "\uFEFF") {
		start = len("\uFEFF")
	}
	for start < len(text) && (text[start] == ' ' || text[start] == '\t' || text[start] == '\r' || text[start] == '\n') {
		start++
	}
	for _, form := range headerForms {
		if !strings.HasPrefix(text[start:], form.open) {
			continue
		}
		bodyStart := start + len(form.open)
		limit := min(len(text), bodyStart+maxHeader)
		end, closeLen := -1, 0
		for _, c := range form.closers {
			if k := strings.Index(text[bodyStart:limit], c); k >= 0 && (end < 0 || bodyStart+k < end) {
				end, closeLen = bodyStart+k, len(c)
			}
		}
		if end < 0 {
			return nil
		}
		h := parseHeaderBody(text, bodyStart, end)
		if h == nil {
			return nil
		}
		h.Start = start
		h.End = end + closeLen
		// The line end after the closer belongs to the header, so that the
		// body starts on the next line as the sync tools write it.
		if strings.HasPrefix(text[h.End:], "\r\n") {
			h.End += 2
		} else if strings.HasPrefix(text[h.End:], "\n") {
			h.End++
		}
		return h
	}
	return nil
}

// parseHeaderBody reads the lines between the opener and the closer; the
// first non-blank one must be the marker.
func parseHeaderBody(text string, from, to int) *Header {
	h := &Header{}
	marked := false
	for pos := from; pos < to; {
		eol := strings.IndexByte(text[pos:to], '\n')
		next := to
		if eol >= 0 {
			next = pos + eol + 1
		} else {
			eol = to - pos
		}
		line := text[pos : pos+eol]
		lineStart := pos
		pos = next
		trimmed := strings.TrimSpace(line)
		if trimmed == "" {
			continue
		}
		if !marked {
			if !strings.EqualFold(trimmed, headerMarker) {
				return nil
			}
			marked = true
			continue
		}
		key, value, ok := strings.Cut(line, ":")
		if !ok || strings.TrimSpace(key) == "" || strings.ContainsAny(strings.TrimSpace(key), " \t") {
			continue
		}
		vOff := lineStart + len(key) + 1
		lead := len(value) - len(strings.TrimLeft(value, " \t"))
		h.Fields = append(h.Fields, HeaderField{
			Key:    strings.TrimSpace(key),
			Value:  strings.TrimSpace(value),
			Offset: vOff + lead,
		})
	}
	if !marked {
		return nil
	}
	return h
}

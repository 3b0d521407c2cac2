package xmltree

// NormalizeNewlines returns raw (found at file offset start) with CRLF and
// lone CR turned into LF, as XML text is, and the span mapping the result
// back to the file. Code read from plain files goes through it so that rules
// see the same text as for the same code inside an XML export.
func NormalizeNewlines(raw []byte, start int64) (string, Span) {
	return normalizeNewlines(raw, start)
}

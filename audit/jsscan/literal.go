package jsscan

import (
	"strings"
	"unicode/utf8"
)

// scanString scans the string literal at pos and decodes it. An
// unterminated literal stops before the line break that ends it, or at the
// end of input.
func scanString(src string, pos int) (end int, value string, ok bool) {
	n := len(src)
	quote := src[pos]
	i := pos + 1
	var buf []byte // allocated at the first escape only
	from := i      // start of the verbatim run not yet copied to buf
	for i < n {
		c := src[i]
		switch {
		case c == quote:
			if buf == nil {
				return i + 1, src[pos+1 : i], true
			}
			return i + 1, string(append(buf, src[from:i]...)), true
		case c == '\n' || c == '\r':
			return i, finishValue(buf, src, from, i), false
		case c == '\\':
			if buf == nil {
				buf = make([]byte, 0, i-pos+16)
			}
			buf = append(buf, src[from:i]...)
			i = decodeEscape(src, i, &buf)
			from = i
		default:
			i++
		}
	}
	return n, finishValue(buf, src, from, n), false
}

func finishValue(buf []byte, src string, from, to int) string {
	if buf == nil {
		return src[from:to]
	}
	return string(append(buf, src[from:to]...))
}

// decodeEscape decodes the escape sequence whose backslash is at i,
// appends its value and returns the offset after it.
func decodeEscape(src string, i int, buf *[]byte) int {
	n := len(src)
	if i+1 >= n {
		return n
	}
	c := src[i+1]
	i += 2
	switch c {
	case 'n':
		*buf = append(*buf, '\n')
	case 't':
		*buf = append(*buf, '\t')
	case 'r':
		*buf = append(*buf, '\r')
	case 'b':
		*buf = append(*buf, '\b')
	case 'f':
		*buf = append(*buf, '\f')
	case 'v':
		*buf = append(*buf, '\v')
	case '\r':
		if i < n && src[i] == '\n' {
			i++
		}
	case '\n':
	case 'x':
		if i+1 < n && isHex(src[i]) && isHex(src[i+1]) {
			*buf = utf8.AppendRune(*buf, hexVal(src[i])<<4|hexVal(src[i+1]))
			return i + 2
		}
		*buf = append(*buf, 'x')
	case 'u':
		r, ok := hex4(src, i)
		if !ok {
			*buf = append(*buf, 'u')
			return i
		}
		i += 4
		if r >= 0xD800 && r < 0xDC00 && i+1 < n && src[i] == '\\' && src[i+1] == 'u' {
			if lo, ok := hex4(src, i+2); ok && lo >= 0xDC00 && lo < 0xE000 {
				r = 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00)
				i += 6
			}
		}
		*buf = utf8.AppendRune(*buf, r)
	case '0', '1', '2', '3', '4', '5', '6', '7':
		// Legacy octal escapes, which SpiderMonkey still accepts.
		v := rune(c - '0')
		limit := 2
		if c > '3' {
			limit = 1
		}
		for k := 0; k < limit && i < n && src[i] >= '0' && src[i] <= '7'; k++ {
			v = v<<3 | rune(src[i]-'0')
			i++
		}
		*buf = utf8.AppendRune(*buf, v)
	default:
		if c == 0xe2 && (strings.HasPrefix(src[i-1:], "\u2028") || strings.HasPrefix(src[i-1:], "\u2029")) {
			return i - 1 + 3
		}
		// Any other character stands for itself; the tail of a
		// multi-byte character is copied by the caller.
		*buf = append(*buf, c)
	}
	return i
}

func hex4(src string, i int) (rune, bool) {
	if i+4 > len(src) {
		return 0, false
	}
	var r rune
	for k := 0; k < 4; k++ {
		if !isHex(src[i+k]) {
			return 0, false
		}
		r = r<<4 | hexVal(src[i+k])
	}
	return r, true
}

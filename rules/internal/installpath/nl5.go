// Package installpath finds the paths of old (v5, NL5) installation folders
// in texts.
package installpath

import (
	"regexp"
	"strings"

	"github.com/acc-audit/acc-audit/rules/internal/walk"
)

// NL5 finds the v5 directory names; opsNL5Match checks the path
// context around a match.
var NL5 = regexp.MustCompile(`(?i)nl5(?:\.back)?|neolane[ _]?v5`)

// Match reports whether text[i:j] names the v5 directory of a path:
// a whole name, next to a path separator.
func Match(text string, i, j int) bool {
	before, after := byte(0), byte(0)
	if i > 0 {
		before = text[i-1]
	}
	if j < len(text) {
		after = text[j]
	}
	if !pathBoundary(before) || !pathBoundary(after) {
		return false
	}
	return before == '/' || before == '\\' || after == '/' || after == '\\'
}

// pathBoundary tells the bytes that may surround a directory name in a
// path written in a value, a string or SQL (0 is the edge of the text).
func pathBoundary(c byte) bool {
	switch c {
	case 0, '/', '\\', '"', '\'', ' ', '\t', '\n', '\r', '=', ':', ';', ',', '(', ')', '<', '>':
		return true
	}
	return false
}

// Around returns the path holding text[i:j], for the message.
func Around(text string, i, j int) string {
	stop := func(c byte) bool {
		return strings.IndexByte("\"'<>\n\r\t;,()", c) >= 0
	}
	a, b := i, j
	for a > 0 && !stop(text[a-1]) {
		a--
	}
	for b < len(text) && !stop(text[b]) {
		b++
	}
	return walk.Shorten(strings.TrimSpace(text[a:b]), 100)
}

// Package jsscan is a tolerant lexical scanner for the server JavaScript of
// Adobe Campaign.
//
// Campaign runs SpiderMonkey 1.8.5: ES5 plus E4X, so scripts contain XML
// literals (xtk.queryDef.create(<queryDef .../>)), attribute accessors
// (r.@email, r.@["data-id"]), descendant and namespace operators (..,
// ::) and "for each". No Go JavaScript parser accepts E4X, and a parser
// would reject the broken or half-templated code that an audit must still
// read. Audit rules do not need an AST either: they look at identifiers,
// string literals and the XML of queries, and must report the exact place in
// the original XML file. So this package produces a flat token stream in
// which every token, and every node of every E4X literal, carries an offset
// that maps back to the file through an xmltree.Span.
//
// The scanner never fails: unterminated strings, comments, regular
// expressions and XML literals end at the end of input and are recorded as
// Errors. It runs in linear time, and nesting of E4X literals inside E4X
// expressions is bounded so that hostile input cannot exhaust the stack.
package jsscan

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// A Kind classifies a token.
type Kind uint8

// Token kinds. The zero Kind is invalid so that an unset Token is obvious.
const (
	Ident Kind = iota + 1
	Punct
	String
	Number
	Regex
	Comment
	XML
)

var kindNames = [...]string{"Invalid", "Ident", "Punct", "String", "Number", "Regex", "Comment", "XML"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// A Token is one lexical element of a script.
type Token struct {
	Kind Kind
	// Keyword marks an Ident that is a reserved word. Contextual words
	// such as "each" are not keywords.
	Keyword bool
	// NLBefore is set when a line terminator separates this token from the
	// previous non-comment token of the same code (ASI-sensitive rules need
	// it). The first token of an {expression} is compared with the brace.
	NLBefore bool
	// Depth is 0 for top-level code and one more than the enclosing XML
	// token's for code inside an E4X {expression}; it never exceeds
	// maxDepth. A byte beside the flags keeps the token at 64 bytes: every
	// script of every entity is held as tokens.
	Depth uint8

	Start, End int    // byte offsets in Script.Src
	Text       string // Src[Start:End]; strings keep their quotes
	// Value is the decoded value of a String (escapes and line
	// continuations resolved). It is empty for other kinds.
	Value string
	// XML is the root element of an XML literal. An XMLList (<>...</>) and
	// a literal that is a lone comment, CDATA section or processing
	// instruction get a synthetic root named "" that holds the nodes. It
	// is nil only when nothing could be parsed.
	XML *xmltree.Element
}

// An Error is a lexical problem. Scanning continues after it.
type Error struct {
	Offset int // byte offset in Script.Src
	Msg    string
}

// A Script is scanned JavaScript.
type Script struct {
	Src    string
	Span   xmltree.Span // maps Src offsets to file offsets
	Tokens []Token      // all tokens, comments and E4X-embedded code included, sorted by Start
	Errors []Error      // sorted by Offset

	codeOnce sync.Once
	code     []Token
	comments int // comment tokens, counted by the scanner for Code
	// The pooled slices behind Tokens and code, for Release.
	tokBuf, codeBuf *[]Token
}

// FileOffset returns the file offset of byte i of Src.
func (s *Script) FileOffset(i int) int64 { return s.Span.File(i) }

// maxDepth bounds E4X nesting ({ <a>{ <b>...</b> }</a> }), the only
// recursion of the scanner.
const maxDepth = 200

// Token.Depth is a byte: this does not compile if maxDepth outgrows it.
const _ uint8 = maxDepth

// Scan tokenizes src. span maps offsets in src to file offsets; it is
// stored in the Script and used for the positions of E4X nodes.
func Scan(src string, span xmltree.Span) *Script {
	s, _ := scan(src, span)
	return s
}

// finish sorts what the scanner produced.
func (s *Script) finish() *Script {
	// Tokens come out in order because an XML token is reserved before its
	// embedded code is scanned; the check only guards that invariant.
	prev := 0
	for i := range s.Tokens {
		// one load a token: reading both neighbours cost twice that
		start := s.Tokens[i].Start
		if start < prev {
			slices.SortStableFunc(s.Tokens, func(a, b Token) int { return a.Start - b.Start })
			break
		}
		prev = start
	}
	slices.SortStableFunc(s.Errors, func(a, b Error) int { return a.Offset - b.Offset })
	return s
}

type scanner struct {
	src       string
	s         *Script
	toks      []Token  // the tokens so far, in buf
	buf       *[]Token // pooled
	deepError bool
	steps     int // see scan
	// xmlAttrs collects the attributes of the E4X start tags being read
	// (an attribute's {expression} may open another literal), copied to
	// each element at their exact number when its tag ends: appending to
	// the element's own list grew it once per attribute. It is kept from
	// one literal of the script to the next.
	xmlAttrs []xmltree.Attr
}

func (sc *scanner) errorf(off int, msg string) {
	sc.s.Errors = append(sc.s.Errors, Error{Offset: off, Msg: msg})
}

// lex scans code from pos. In an E4X expression (inExpr) it stops at the
// '}' that balances the opening brace and returns its offset without
// emitting it; otherwise, and when input ends first, it returns len(src).
func (sc *scanner) lex(pos, depth int, inExpr bool) int {
	src := sc.src
	n := len(src)
	operand := true // an operand may start here: '/' is a regex, '<' may open XML
	nl := false
	braces := 0
	for pos < n {
		sc.steps++
		c := src[pos]
		if c <= ' ' || c == 0x7f {
			if c == '\n' || c == '\r' {
				nl = true
			}
			pos++
			if pos < n && src[pos] == ' ' {
				pos = spaceRun(src, pos)
			}
			continue
		}
		start := pos
		// room for the one token of this turn (push does not look)
		if len(sc.toks) == cap(sc.toks) {
			sc.grow()
		}
		switch {
		case isIdentASCII(c) && !isDigit(c), c == '\\' && pos+1 < n && src[pos+1] == 'u':
			pos = scanIdent(src, pos)
			t := sc.push(Ident, start, pos, depth, nl)
			kw, value := keyword(t.Text)
			t.Keyword = kw
			operand = kw && !value
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(src[pos:])
			if r == 0x2028 || r == 0x2029 {
				nl = true
				pos += size
				continue
			}
			if isSpaceRune(r) {
				pos += size
				continue
			}
			pos = scanIdent(src, pos)
			sc.push(Ident, start, pos, depth, nl)
			operand = false
		case isDigit(c) || (c == '.' && pos+1 < n && isDigit(src[pos+1])):
			pos = scanNumber(src, pos)
			sc.push(Number, start, pos, depth, nl)
			operand = false
		case c == '"' || c == '\'':
			end, value, ok := scanString(src, pos)
			if !ok {
				sc.errorf(start, "unterminated string literal")
			}
			pos = end
			sc.push(String, start, pos, depth, nl).Value = value
			operand = false
		case c == '/' && pos+1 < n && src[pos+1] == '/':
			pos = lineEnd(src, pos+2)
			sc.push(Comment, start, pos, depth, nl)
			sc.s.comments++
			continue
		case c == '/' && pos+1 < n && src[pos+1] == '*':
			k := strings.Index(src[pos+2:], "*/")
			if k < 0 {
				sc.errorf(start, "unterminated block comment")
				pos = n
			} else {
				pos += 2 + k + 2
			}
			sc.push(Comment, start, pos, depth, nl)
			if strings.ContainsAny(src[start:pos], "\n\r\u2028\u2029") {
				nl = true
			}
			sc.s.comments++
			continue
		case c == '/' && operand:
			end, ok := scanRegex(src, pos)
			if !ok {
				sc.errorf(start, "unterminated regular expression")
			}
			pos = end
			sc.push(Regex, start, pos, depth, nl)
			operand = false
		case c == '<' && operand && depth < maxDepth && startsXML(src, pos):
			// reserved before the embedded code is scanned, which keeps
			// the tokens in order (and may move them: t is taken after)
			idx := len(sc.toks)
			sc.push(XML, start, start, depth, nl)
			end, root := sc.xmlLiteral(pos, depth)
			t := &sc.toks[idx]
			t.End = end
			t.Text = src[start:end]
			t.XML = root
			pos = end
			operand = false
			nl = false
			continue
		default:
			if c == '<' && operand && depth >= maxDepth && !sc.deepError && startsXML(src, pos) {
				sc.deepError = true
				sc.errorf(start, "E4X literals nested too deeply; inner ones scanned as code")
			}
			if inExpr && c == '}' && braces == 0 {
				return pos
			}
			pos, operand = sc.punct(pos, depth, nl, &braces)
			nl = false
			continue
		}
		nl = false
	}
	return n
}

// spaceRun returns the end of the spaces from pos, read eight at a time
// while they last: the text of a template is blanked to spaces, most of
// the bytes of its script. A call of its own keeps the scanning loop as
// tight for code, whose spaces are mostly single.
//
//go:noinline
func spaceRun(src string, pos int) int {
	for pos+8 <= len(src) && src[pos:pos+8] == "        " {
		pos += 8
	}
	for pos < len(src) && src[pos] == ' ' {
		pos++
	}
	return pos
}

// punct emits the punctuator at pos (or a one-byte token for a character
// that has no place in JavaScript) and reports whether an operand may
// follow it.
func (sc *scanner) punct(pos, depth int, nl bool, braces *int) (int, bool) {
	src := sc.src
	l := punctLen(src, pos)
	if l == 0 {
		sc.errorf(pos, "unexpected character "+quoteByte(src[pos]))
		l = 1
	}
	end := pos + l
	switch sc.push(Punct, pos, end, depth, nl).Text {
	case "{":
		*braces++
	case "}":
		if *braces > 0 {
			*braces--
		}
	case ")", "]", "++", "--":
		// After a closing bracket or a postfix operator an operator
		// follows; "}" is left regex-friendly because it usually ends a
		// block rather than an object literal.
		return end, false
	}
	return end, true
}

func punctLen(src string, i int) int {
	at := func(k int) byte {
		if i+k < len(src) {
			return src[i+k]
		}
		return 0
	}
	c := src[i]
	switch c {
	case '>':
		switch at(1) {
		case '>':
			switch at(2) {
			case '>':
				if at(3) == '=' {
					return 4
				}
				return 3
			case '=':
				return 3
			}
			return 2
		case '=':
			return 2
		}
		return 1
	case '<':
		switch at(1) {
		case '<':
			if at(2) == '=' {
				return 3
			}
			return 2
		case '=':
			return 2
		}
		return 1
	case '=', '!':
		if at(1) == '=' {
			if at(2) == '=' {
				return 3
			}
			return 2
		}
		return 1
	case '&', '|', '+', '-':
		if at(1) == c || at(1) == '=' {
			return 2
		}
		return 1
	case '*', '/', '%', '^':
		if at(1) == '=' {
			return 2
		}
		return 1
	case '.', ':':
		if at(1) == c {
			return 2
		}
		return 1
	case '{', '}', '(', ')', '[', ']', ';', ',', '~', '?', '@':
		return 1
	}
	return 0
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isIdentASCII(c byte) bool { return identASCII[c] }

// identASCII is a table rather than comparisons: the test runs on every
// byte of every identifier.
var identASCII = func() (t [256]bool) {
	for c := range t {
		t[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$'
	}
	return t
}()

// isSpaceRune covers the non-ASCII white space JavaScript skips, the
// byte-order mark included. Line terminators are handled by the caller.
func isSpaceRune(r rune) bool {
	return r == 0xFEFF || (r != utf8.RuneError && unicode.IsSpace(r))
}

// scanIdent returns the end of the identifier at pos. Non-ASCII runes that
// are not white space are accepted whether or not they are letters, and so
// are invalid UTF-8 bytes: rejecting them would only split one name into
// several tokens.
func scanIdent(src string, pos int) int {
	n := len(src)
	for pos < n {
		c := src[pos]
		switch {
		case isIdentASCII(c):
			pos++
		case c == '\\' && pos+1 < n && src[pos+1] == 'u':
			pos += 2
			for k := 0; k < 4 && pos < n && isHex(src[pos]); k++ {
				pos++
			}
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(src[pos:])
			if r == 0x2028 || r == 0x2029 || isSpaceRune(r) {
				return pos
			}
			pos += size
		default:
			return pos
		}
	}
	return pos
}

func scanNumber(src string, pos int) int {
	n := len(src)
	if src[pos] == '0' && pos+1 < n && (src[pos+1] == 'x' || src[pos+1] == 'X') {
		pos += 2
		for pos < n && isHex(src[pos]) {
			pos++
		}
		return pos
	}
	for pos < n && isDigit(src[pos]) {
		pos++
	}
	if pos < n && src[pos] == '.' {
		pos++
		for pos < n && isDigit(src[pos]) {
			pos++
		}
	}
	if pos < n && (src[pos] == 'e' || src[pos] == 'E') {
		k := pos + 1
		if k < n && (src[k] == '+' || src[k] == '-') {
			k++
		}
		if k < n && isDigit(src[k]) {
			pos = k
			for pos < n && isDigit(src[pos]) {
				pos++
			}
		}
	}
	return pos
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func hexVal(c byte) rune {
	switch {
	case c >= '0' && c <= '9':
		return rune(c - '0')
	case c >= 'a' && c <= 'f':
		return rune(c - 'a' + 10)
	default:
		return rune(c - 'A' + 10)
	}
}

// lineEnd returns the offset of the line terminator at or after pos, or
// len(src).
func lineEnd(src string, pos int) int {
	for i := pos; i < len(src); i++ {
		switch src[i] {
		case '\n', '\r':
			return i
		case 0xe2:
			if strings.HasPrefix(src[i:], "\u2028") || strings.HasPrefix(src[i:], "\u2029") {
				return i
			}
		}
	}
	return len(src)
}

// scanRegex scans the regular expression literal at pos, flags included.
func scanRegex(src string, pos int) (int, bool) {
	n := len(src)
	i := pos + 1
	inClass := false
	for i < n {
		switch src[i] {
		case '\\':
			if i+1 >= n || src[i+1] == '\n' || src[i+1] == '\r' {
				return i + 1, false
			}
			i += 2
			continue
		case '[':
			inClass = true
		case ']':
			inClass = false
		case '/':
			if !inClass {
				return scanIdent(src, i+1), true
			}
		case '\n', '\r':
			return i, false
		}
		i++
	}
	return n, false
}

// keyword reports whether word is reserved and, if so, whether it is a
// value (this, null, true, false), after which an operator follows.
func keyword(word string) (kw, value bool) {
	switch word {
	case "this", "null", "true", "false", "super":
		return true, true
	case "break", "case", "catch", "class", "const", "continue", "debugger",
		"default", "delete", "do", "else", "enum", "export", "extends",
		"finally", "for", "function", "if", "import", "in", "instanceof",
		"let", "new", "return", "switch", "throw", "try", "typeof", "var",
		"void", "while", "with", "yield":
		return true, false
	}
	return false, false
}

// startsXML reports whether the '<' at pos, where an operand is expected,
// opens an E4X literal rather than being a stray operator.
func startsXML(src string, pos int) bool {
	if pos+1 >= len(src) {
		return false
	}
	c := src[pos+1]
	switch {
	case isXMLNameStart(c), c == '{', c == '>', c == '?':
		return true
	case c == '!':
		rest := src[pos+2:]
		return strings.HasPrefix(rest, "--") || strings.HasPrefix(rest, "[CDATA[")
	}
	return false
}

func quoteByte(c byte) string {
	if c >= ' ' && c < 0x7f {
		return "'" + string(rune(c)) + "'"
	}
	const hexDigits = "0123456789abcdef"
	return "0x" + string(hexDigits[c>>4]) + string(hexDigits[c&15])
}

// MayHoldXML reports whether src may hold an E4X literal: one starts at a
// '<' that startsXML accepts, so a source without such a '<' has no XML
// token, and a reader of XML tokens need not tokenize it.
func MayHoldXML(src string) bool {
	for i := strings.IndexByte(src, '<'); i >= 0; {
		if startsXML(src, i) {
			return true
		}
		k := strings.IndexByte(src[i+1:], '<')
		if k < 0 {
			return false
		}
		i += 1 + k
	}
	return false
}

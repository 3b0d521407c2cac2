package sec

import (
	"regexp"
	"strings"
)

// A literal session token in a URL or a SOAP envelope is either a trusted
// login (an operator whose trusted IP mask lets the token be its login) or
// a "<login>/<password>" pair. Values produced at run time (a <% %> block,
// a concatenation, an E4X {expression}, an XTK $(...) substitution) are
// real session tokens and are not reported.

var sessionParamRE = regexp.MustCompile(`(?i)[?&](?:amp;)?__sessiontoken=`)

// A token is a literal session token found in a text.
type token struct {
	start, end int    // the value, in the text
	value      string // decoded %2F
	urlPath    string // the page the link opens, when readable
}

// literalTokens finds the literal __sessiontoken URL parameters of a
// text.
func literalTokens(text string) []token {
	var out []token
	for _, m := range sessionParamRE.FindAllStringIndex(text, -1) {
		i := m[1]
		rest := text[i:]
		if rest == "" || strings.HasPrefix(rest, "<%") || strings.HasPrefix(rest, "$(") || strings.HasPrefix(rest, "{") ||
			strings.HasPrefix(strings.ToUpper(rest), "%3C%25") {
			continue
		}
		j := i
		for j < len(text) && !strings.ContainsRune("&\"'<>#)\\ \t\r\n", rune(text[j])) {
			j++
		}
		if j == i {
			continue
		}
		v := text[i:j]
		out = append(out, token{start: i, end: j, value: unescapeSlash(v), urlPath: urlPath(text, m[0])})
	}
	return out
}

func unescapeSlash(v string) string {
	return strings.ReplaceAll(strings.ReplaceAll(v, "%2F", "/"), "%2f", "/")
}

// urlPath returns the path of the URL whose query holds offset at.
func urlPath(text string, at int) string {
	start := strings.LastIndexAny(text[:at], "\"'<>( \t\r\n") + 1
	u := text[start:at]
	if q := strings.IndexByte(u, '?'); q >= 0 {
		u = u[:q]
	}
	if i := strings.Index(u, "://"); i >= 0 {
		if k := strings.IndexByte(u[i+3:], '/'); k >= 0 {
			u = u[i+3+k:]
		}
	}
	return u
}

// loginPassword reports whether a session token value has the
// "<login>/<password>" form.
func loginPassword(v string) bool {
	login, pwd, ok := strings.Cut(v, "/")
	return ok && login != "" && pwd != ""
}

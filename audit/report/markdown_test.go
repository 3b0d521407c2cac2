package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

// stripCodeSpans removes the code spans of a Markdown line, as GitHub reads
// them: a run of backticks opens a span that the next run of the same
// length closes.
func stripCodeSpans(line string) string {
	var b strings.Builder
	for i := 0; i < len(line); {
		if line[i] != '`' {
			b.WriteByte(line[i])
			i++
			continue
		}
		n := 0
		for i+n < len(line) && line[i+n] == '`' {
			n++
		}
		fence := line[i : i+n]
		rest := line[i+n:]
		end := -1
		for k := 0; k < len(rest); {
			j := strings.Index(rest[k:], fence)
			if j < 0 {
				break
			}
			j += k
			m := 0
			for j+m < len(rest) && rest[j+m] == '`' {
				m++
			}
			if m == n && (j == 0 || rest[j-1] != '`') {
				end = j
				break
			}
			k = j + m
		}
		if end < 0 {
			b.WriteString(fence)
			i += n
			continue
		}
		b.WriteString("CODE")
		i += n + end + n
	}
	return b.String()
}

var (
	mdTag     = regexp.MustCompile(`<[A-Za-z/!?]`)
	mdOurTags = regexp.MustCompile(`<(details open|/details|summary|/summary|br)>`)
	mdLink    = regexp.MustCompile(`\]\(`)
	mdOurLink = regexp.MustCompile(`\]\((<https://|#)`)
	mdOurDest = regexp.MustCompile(`\]\(<https://[^<>\s]*>\)`)
)

func TestMarkdownHostileContentIsInert(t *testing.T) {
	m := hostileMigration(t)
	var b bytes.Buffer
	if err := Markdown(&b, m); err != nil {
		t.Fatal(err)
	}
	escaped := regexp.MustCompile(`\\.`)
	inFence := false
	tableCols := 0
	for n, line := range strings.Split(b.String(), "\n") {
		if strings.HasPrefix(line, "```") {
			inFence = !inFence
			continue
		}
		if inFence {
			continue
		}
		// Backslash-escaped characters and code spans are text.
		text := escaped.ReplaceAllString(stripCodeSpans(line), "E")
		bare := mdOurTags.ReplaceAllString(mdOurDest.ReplaceAllString(text, "]()"), "")
		if tag := mdTag.FindString(bare); tag != "" {
			t.Errorf("line %d: raw HTML %q outside code: %s", n+1, tag, line)
		}
		if len(mdLink.FindAllString(text, -1)) != len(mdOurLink.FindAllString(text, -1)) {
			t.Errorf("line %d: a link the renderer did not write: %s", n+1, line)
		}
		if strings.Contains(text, "![") {
			t.Errorf("line %d: an image: %s", n+1, line)
		}
		// Every row of a table has as many cells as its header: an
		// unescaped pipe from the data would add one.
		if !strings.HasPrefix(line, "|") {
			tableCols = 0
			continue
		}
		cells := strings.Count(text, "|")
		if tableCols == 0 {
			tableCols = cells
		} else if cells != tableCols {
			t.Errorf("line %d has %d cell separators, its table %d: %s", n+1, cells, tableCols, line)
		}
	}
	if inFence {
		t.Error("unterminated code fence")
	}
	if !strings.Contains(b.String(), "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the hostile text should show, escaped")
	}
}

func TestStripCodeSpans(t *testing.T) {
	for in, want := range map[string]string{
		"a `b` c":         "a CODE c",
		"``a`b`` c":       "CODE c",
		"`` `x` `` <":     "CODE <",
		"no `close":       "no `close",
		"`a` and `<b>` x": "CODE and CODE x",
	} {
		if got := stripCodeSpans(in); got != want {
			t.Errorf("stripCodeSpans(%q) = %q, want %q", in, got, want)
		}
	}
}

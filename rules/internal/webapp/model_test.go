package webapp

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit/jsscan"
)

func TestSrvHasFold(t *testing.T) {
	if !HasFold("a?__SessionToken=x", "__sessiontoken=") || HasFold("__sessiontoke", "__sessiontoken=") ||
		!HasFold("/xtk/css/DropDownMenu.css", "dropdownmenu.") || HasFold("", "x") {
		t.Error("srvHasFold")
	}
}

// markupTextNaive is MarkupText as the regular expression and the
// lower-cased copy define it.
func markupTextNaive(src string) string {
	b := []byte(src)
	blank := func(i, j int) {
		for k := i; k < j; k++ {
			if b[k] != '\n' && b[k] != '\r' {
				b[k] = ' '
			}
		}
	}
	if jsscan.HasTemplate(src) {
		for _, part := range jsscan.SplitTemplate(src) {
			if part.Kind != jsscan.TextPart {
				blank(part.Start, part.End)
			}
		}
	}
	for _, m := range regexp.MustCompile(`(?s)<!--.*?-->`).FindAllStringIndex(string(b), -1) {
		blank(m[0], m[1])
	}
	if strings.Contains(strings.ToLower(src), "<script") {
		client := jsscan.ClientJS(src)
		for i := 0; i < len(client); i++ {
			if client[i] != ' ' && client[i] != '\n' && client[i] != '\r' && client[i] != '\t' {
				b[i] = ' '
			}
		}
	}
	return string(b)
}

// MarkupText answers as its definition on random pages of comments,
// scripts, template blocks and their pieces.
func TestMarkupTextMatchesNaive(t *testing.T) {
	pieces := []string{"<!--", "-->", "--", "<!-->", "<script>", "</script>", "<SCRIPT type=x>", "<ſcript>", "<scrİpt>",
		"<%", "%>", "<%= a %>", "x", "\n", "<", ">", "a<b", "'", "\"", "é"}
	rnd := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		var b []byte
		for range rnd.IntN(10) {
			b = append(b, pieces[rnd.IntN(len(pieces))]...)
		}
		src := string(b)
		if got, want := MarkupText(src), markupTextNaive(src); got != want {
			t.Fatalf("MarkupText(%q)\n = %q\nwant %q", src, got, want)
		}
	}
}

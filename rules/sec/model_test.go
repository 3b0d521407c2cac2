package sec

import (
	"testing"
)

func TestSrvLiteralTokens(t *testing.T) {
	for _, c := range []struct {
		text, value, path string
	}{
		{"/view/recipientOverview?__sessiontoken=extranet", "extranet", "/view/recipientOverview"},
		{`href="https://h/view/x?lang=en&amp;__sessiontoken=p1">`, "p1", "/view/x"},
		{"/x?__SessionToken=crm%2Fpwd&y=1", "crm/pwd", "/x"},
		{"/x?__sessiontoken=<%= document.controller.getSessionToken() %>", "", ""},
		{"/x?__sessiontoken=", "", ""},
		{"/x?__sessiontoken=$(token)", "", ""},
		{"<__sessiontoken xsi:type='xsd:string'/>", "", ""},
	} {
		toks := literalTokens(c.text)
		if c.value == "" {
			if len(toks) != 0 {
				t.Errorf("%q: unexpected token %q", c.text, toks[0].value)
			}
			continue
		}
		if len(toks) != 1 || toks[0].value != c.value || toks[0].urlPath != c.path {
			t.Errorf("%q: got %+v", c.text, toks)
		}
	}
}

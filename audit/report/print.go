package report

import (
	"fmt"
	"strings"
)

// pageCSS holds the page header and footer of the printed report: title,
// customer and date at the top, tool and page number at the bottom. They
// name the report, so they are written for each one and hashed into its
// Content-Security-Policy with the rest of the style. The paper size is
// left to the printer (A4 or Letter).
func pageCSS(m *Migration) string {
	top := m.Title
	right := FormatDate(m.Date)
	if m.Customer != "" {
		right = strings.TrimPrefix(m.Customer+" · "+right, " · ")
		right = strings.TrimSuffix(right, " · ")
	}
	box := func(name, content string) string {
		return fmt.Sprintf("@%s { content: %s; font: 7.5pt var(--sans); color: #444444; }", name, content)
	}
	return "\n@page { size: auto; margin: 14mm 11mm 13mm; " +
		box("top-left", cssString(top)) + " " +
		box("top-right", cssString(right)) + " " +
		box("bottom-left", cssString(strings.TrimSpace(m.Tool+" "+m.Version))) + " " +
		box("bottom-right", `"Page " counter(page) " of " counter(pages)`) + " }\n"
}

// cssString quotes s for a CSS string. Everything but letters, digits and
// spaces is written as a hex escape: no text from the command line can
// close the string, the rule or the style element.
func cssString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == ' ':
			b.WriteRune(r)
		default:
			fmt.Fprintf(&b, "\\%06x", r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

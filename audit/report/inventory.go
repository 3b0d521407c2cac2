package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/acc-audit/acc-audit/audit/inventory"
)

// InventoryText writes the inventory for a terminal: one titled block per
// view, aligned columns, colour for headings and counts only.
func InventoryText(w io.Writer, inv *inventory.Inventory, opt Options) error {
	return renderVisible(w, opt.Color, func(w io.Writer) error { return inventoryText(w, inv, opt) })
}

func inventoryText(w io.Writer, inv *inventory.Inventory, opt Options) error {
	bw := bufio.NewWriter(w)
	pal := newPalette(opt.Color)
	heading := func(s string) { fmt.Fprintf(bw, "\n%s\n", pal.file.Sprint(s)) }
	table := func(rows [][]string) {
		// Colour codes would break the widths, so columns are measured on
		// plain text and padded by hand. Numeric columns align right.
		var widths []int
		numeric := map[int]bool{}
		for ri, r := range rows {
			for i, c := range r {
				r[i] = Visible(c)
				c = r[i]
				if i >= len(widths) {
					widths = append(widths, 0)
					numeric[i] = true
				}
				widths[i] = max(widths[i], textWidth(c))
				if ri > 0 && !isNumber(c) {
					numeric[i] = false
				}
			}
		}
		for ri, r := range rows {
			var b strings.Builder
			b.WriteString("  ")
			for i, c := range r {
				pad := strings.Repeat(" ", widths[i]-textWidth(c))
				text := c
				switch {
				case ri == 0:
					text = pal.dim.Sprint(c)
				case i == 0:
					text = pal.entity.Sprint(c)
				case c == "0":
					text = pal.dim.Sprint(c)
				}
				if numeric[i] {
					b.WriteString(pad + text)
				} else {
					b.WriteString(text + pad)
				}
				if i < len(r)-1 {
					b.WriteString("  ")
				}
			}
			fmt.Fprintln(bw, strings.TrimRight(b.String(), " "))
		}
	}

	failed := ""
	if inv.FailedFiles > 0 {
		failed = "; " + pal.err.Sprint(plural(inv.FailedFiles, "input", "inputs")+" could not be read")
	}
	fmt.Fprintf(bw, "%s %s (%s), %s, %s%s\n", pal.file.Sprint("Inventory:"), plural(filesRead(inv), "file", "files"),
		FormatBytes(inv.Bytes), plural(inv.Entities, "entity", "entities"), plural(len(inv.Packages), "package", "packages"), failed)
	fmt.Fprintf(bw, "  custom %d · extensions %d · modified built-in %d · built-in %d",
		inv.Classes.Custom, inv.Classes.Extension, inv.Classes.BuiltInModified, inv.Classes.BuiltIn)
	if len(inv.Versions) > 0 {
		fmt.Fprintf(bw, " · source version %s", strings.Join(inv.Versions, ", "))
	}
	fmt.Fprintln(bw)

	if len(inv.Packages) > 0 {
		heading("Packages")
		for _, p := range inv.Packages {
			fmt.Fprintf(bw, "  %s", pal.entity.Sprint(Visible(p.ID())))
			if p.Label != "" {
				fmt.Fprintf(bw, "  %q", p.Label)
			}
			fmt.Fprintln(bw)
			var facts []string
			if p.BuildVersion != "" || p.BuildNumber != "" {
				b := "build " + p.BuildVersion
				if p.BuildNumber != "" {
					b += " (" + p.BuildNumber + ")"
				}
				if p.SourceVersion != "" {
					b += " = " + p.SourceVersion
				}
				facts = append(facts, b)
			}
			for _, kv := range [][2]string{{"vendor", p.Vendor}, {"author", p.Author}, {"date", p.Date}} {
				if kv[1] != "" {
					facts = append(facts, kv[0]+" "+kv[1])
				}
			}
			if len(facts) > 0 {
				fmt.Fprintf(bw, "    %s\n", strings.Join(facts, " · "))
			}
			var contents []string
			for _, c := range p.Contents {
				contents = append(contents, fmt.Sprintf("%s %d", c.Name, c.Count))
			}
			fmt.Fprintf(bw, "    %s: %s\n", plural(p.Entities, "entity", "entities"), strings.Join(contents, ", "))
			fmt.Fprintf(bw, "    %s\n", pal.dim.Sprint(Visible(p.File)))
		}
	}

	if len(inv.Types) > 0 {
		heading("Entities by type")
		rows := [][]string{{"type", "schema", "total", "custom", "extension", "modified built-in", "built-in"}}
		for _, t := range inv.Types {
			rows = append(rows, []string{t.Label, t.Schema, itoa(t.Total), itoa(t.Classes.Custom), itoa(t.Classes.Extension),
				itoa(t.Classes.BuiltInModified), itoa(t.Classes.BuiltIn)})
		}
		table(rows)

		heading("Entities by namespace")
		rows = [][]string{{"namespace", "owner", "entities", "types"}}
		for _, n := range inv.Namespaces {
			name, owner := n.Namespace, "project"
			if name == "" {
				name, owner = "(none)", ""
			} else if n.Reserved {
				owner = "product"
			}
			var types []string
			for _, t := range n.Types {
				types = append(types, fmt.Sprintf("%s %d", t.Name, t.Count))
			}
			rows = append(rows, []string{name, owner, itoa(n.Total), strings.Join(types, ", ")})
		}
		table(rows)
	}

	if len(inv.Extensions) > 0 {
		heading("Schema extensions")
		rows := [][]string{{"extended schema", "owner", "extensions", "extension schemas"}}
		for _, g := range inv.ExtensionGroups() {
			owner := "project"
			if g.ExtendsBuiltIn {
				owner = "product"
			}
			s := someOf(g.Schemas, 6)
			list := strings.Join(s.Shown, ", ")
			if s.More > 0 {
				list += fmt.Sprintf(" and %d more", s.More)
			}
			rows = append(rows, []string{g.Extends, owner, itoa(len(g.Schemas)), list})
		}
		table(rows)
	}

	for _, g := range inv.Activities {
		heading(fmt.Sprintf("Activities: %s, %s", plural(g.Containers, g.Kind, g.Kind+"s"), plural(g.Activities, "activity", "activities")))
		rows := [][]string{{"type", "activities", g.Kind + "s"}}
		for _, t := range g.Types {
			rows = append(rows, []string{t.Type, itoa(t.Count), itoa(t.Containers)})
		}
		table(rows)
	}

	if len(inv.Code) > 0 {
		heading("Code by place (lines)")
		rows := [][]string{{"place", "entities", "blocks", "server JS", "browser JS", "template", "SQL"}}
		for _, c := range append(inv.Code, inv.CodeTotal) {
			place := c.Place
			if c.Schema != "" {
				place += " (" + c.Schema + ")"
			}
			rows = append(rows, []string{place, itoa(c.Entities), itoa(c.Blocks), itoa(c.ServerJS), itoa(c.BrowserJS), itoa(c.Template), itoa(c.SQL)})
		}
		table(rows)
	}

	// Files of a source tree carry their identity in a header or a path,
	// not in attributes: say where each was read, so that a wrong layout
	// guess shows.
	var rows [][]string
	for _, it := range inv.Items {
		if it.Identity != "" {
			rows = append(rows, []string{it.Schema, it.Key, it.Identity, it.File})
		}
	}
	if len(rows) > 0 {
		heading(fmt.Sprintf("Source-tree files: %s identified by header, path or file name", plural(len(rows), "entity", "entities")))
		table(append([][]string{{"schema", "key", "identity from", "file"}}, rows...))
	}
	return bw.Flush()
}

func itoa(n int) string { return fmt.Sprint(n) }

// filesRead counts the inputs read: a path that could not be read (a
// missing file) is no file of the export.
func filesRead(inv *inventory.Inventory) int { return inv.Files - inv.FailedFiles }

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// textWidth counts runes: the inventory holds accented labels, and a byte
// count would misalign them.
func textWidth(s string) int { return len([]rune(s)) }

// InventoryJSON writes the inventory as one indented JSON document, with
// the tool that produced it.
func InventoryJSON(w io.Writer, inv *inventory.Inventory, opt Options) error {
	doc := struct {
		Tool jsonTool `json:"tool"`
		*inventory.Inventory
	}{jsonTool{Name: opt.ToolName, Version: opt.ToolVersion}, inv}
	return encodeJSON(w, doc)
}

// Package config reads acc-audit's YAML files (the configuration file
// .acc-audit.yaml, and the suppression and custom rule files, which use the
// helpers of this file) strictly: an unknown key, a duplicate key or a
// value of the wrong type is an error naming the file, line and column,
// with the offending line quoted, so that a typo in CI configuration never
// silently changes what is checked.
package config

import (
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"
)

// Pos is a position in a YAML file; the zero Pos means "not written".
type Pos struct {
	Line, Col int
}

// Position returns p; it lets Errorf take any positioned value.
func (p Pos) Position() Pos { return p }

// A Value is a scalar read from YAML with the position of its value, so
// that checks made after decoding (an unknown rule id, a bad glob) can
// point at it.
type Value[T any] struct {
	V T
	Pos
	Set bool // written in the file
}

// UnmarshalYAML decodes the node and remembers where it was.
func (v *Value[T]) UnmarshalYAML(n ast.Node) error {
	v.Pos = posOf(n.GetToken())
	v.Set = true
	if n.Type() == ast.NullType {
		return &yaml.TypeError{DstType: reflect.TypeFor[T](), SrcType: reflect.TypeFor[any](), Token: n.GetToken()}
	}
	return yaml.NodeToValue(n, &v.V, yaml.Strict(), yaml.DisallowUnknownField())
}

// A List is a list of strings, written as a YAML sequence, a single
// scalar, or comma-separated values in either.
type List []Value[string]

// UnmarshalYAML accepts `[a, b]`, a block sequence, `a` and `a, b`.
func (l *List) UnmarshalYAML(n ast.Node) error {
	var items []ast.Node
	switch n := n.(type) {
	case *ast.SequenceNode:
		items = n.Values
	case *ast.NullNode:
		return nil
	default:
		items = []ast.Node{n}
	}
	for _, it := range items {
		var s Value[string]
		if err := s.UnmarshalYAML(it); err != nil {
			return err
		}
		for _, part := range strings.Split(s.V, ",") {
			if part = strings.TrimSpace(part); part != "" {
				*l = append(*l, Value[string]{V: part, Pos: s.Pos, Set: true})
			}
		}
	}
	return nil
}

// Strings returns the values.
func (l List) Strings() []string {
	out := make([]string, 0, len(l))
	for _, v := range l {
		out = append(out, v.V)
	}
	return out
}

// A Pair is one key and value of a mapping, both positioned.
type Pair struct {
	Key, Value Value[string]
}

// Pairs is a mapping of strings kept in file order (a Go map would lose
// the order and the keys' positions).
type Pairs []Pair

// UnmarshalYAML reads a mapping of scalars.
func (p *Pairs) UnmarshalYAML(n ast.Node) error {
	if n.Type() == ast.NullType {
		return nil
	}
	var values []*ast.MappingValueNode
	switch m := n.(type) {
	case *ast.MappingNode:
		values = m.Values
	case *ast.MappingValueNode:
		values = []*ast.MappingValueNode{m}
	default:
		return &yaml.UnexpectedNodeTypeError{Actual: n.Type(), Expected: ast.MappingType, Token: n.GetToken()}
	}
	for _, mv := range values {
		var pair Pair
		if err := pair.Key.UnmarshalYAML(mv.Key); err != nil {
			return err
		}
		if err := pair.Value.UnmarshalYAML(mv.Value); err != nil {
			return err
		}
		*p = append(*p, pair)
	}
	return nil
}

func posOf(t *token.Token) Pos {
	if t == nil || t.Position == nil {
		return Pos{}
	}
	return Pos{Line: t.Position.Line, Col: t.Position.Column}
}

// An Error is a problem at a position of a YAML file.
type Error struct {
	File string
	Pos
	Msg string
	// Excerpt quotes the line with a caret under the column.
	Excerpt string
}

func (e *Error) Error() string {
	loc := e.File
	if e.Line > 0 {
		loc = fmt.Sprintf("%s:%d:%d", e.File, e.Line, e.Col)
	}
	if e.Excerpt == "" {
		return loc + ": " + e.Msg
	}
	return loc + ": " + e.Msg + "\n" + e.Excerpt
}

// A Source is the text of a YAML file being checked, to build positioned
// errors.
type Source struct {
	File string
	Data []byte
}

// Positioned is anything with a position: a Value, a Pos.
type Positioned interface{ Position() Pos }

// Errorf returns an error at the position of at.
func (s Source) Errorf(at Positioned, format string, args ...any) *Error {
	p := at.Position()
	return &Error{File: s.File, Pos: p, Msg: fmt.Sprintf(format, args...), Excerpt: excerpt(s.Data, p)}
}

// excerpt quotes line p.Line of data with a caret under p.Col.
func excerpt(data []byte, p Pos) string {
	if p.Line <= 0 {
		return ""
	}
	lines := strings.Split(string(data), "\n")
	if p.Line > len(lines) {
		return ""
	}
	line := strings.TrimRight(lines[p.Line-1], "\r")
	prefix := fmt.Sprintf("  %d | ", p.Line)
	caret := strings.Repeat(" ", len(prefix)) + strings.Repeat(" ", max(p.Col-1, 0)) + "^"
	return prefix + line + "\n" + caret
}

// Decode reads data into v strictly (unknown keys, duplicate keys and type
// mismatches are errors) and returns an *Error naming the position.
func (s Source) Decode(v any) error {
	err := yaml.UnmarshalWithOptions(s.Data, v, yaml.Strict(), yaml.DisallowUnknownField())
	if err == nil {
		return nil
	}
	var ye yaml.Error
	if !errors.As(err, &ye) {
		return &Error{File: s.File, Msg: err.Error()}
	}
	p := posOf(ye.GetToken())
	return &Error{File: s.File, Pos: p, Msg: friendly(ye), Excerpt: excerpt(s.Data, p)}
}

// friendly rewrites the decoder's messages that name Go types.
func friendly(ye yaml.Error) string {
	var te *yaml.TypeError
	if errors.As(ye, &te) {
		got := ""
		if t := te.Token; t != nil && t.Value != "" && t.Type != token.SequenceStartType && t.Type != token.MappingStartType {
			got = fmt.Sprintf(", not %q", t.Value)
		}
		return "expected " + kind(te.DstType) + got
	}
	var ue *yaml.UnexpectedNodeTypeError
	if errors.As(ye, &ue) {
		return fmt.Sprintf("expected a %s, not a %s", nodeKind(ue.Expected), nodeKind(ue.Actual))
	}
	msg := ye.GetMessage()
	if strings.HasPrefix(msg, "unknown field") {
		return strings.Replace(msg, "unknown field", "unknown key", 1)
	}
	return msg
}

func kind(t reflect.Type) string {
	if t == nil {
		return "a value"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Uint, reflect.Uint64:
		return "a whole number"
	case reflect.Float64, reflect.Float32:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "a mapping of keys to values"
	case reflect.Pointer:
		return kind(t.Elem())
	}
	return "a " + t.Kind().String()
}

func nodeKind(t ast.NodeType) string {
	switch t {
	case ast.MappingType, ast.MappingValueType:
		return "mapping"
	case ast.SequenceType:
		return "list"
	}
	return "scalar"
}

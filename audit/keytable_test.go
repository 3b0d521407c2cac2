package audit

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// A keyTable behaves as a map[string]int under a random mix of sets,
// removals and lookups, through several growths.
func TestKeyTableAgreesWithMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var kt keyTable[int]
	want := map[string]int{}
	key := func() string { return "k" + strconv.Itoa(rng.IntN(5000)) }
	for i := range 50000 {
		k := key()
		switch rng.IntN(4) {
		case 0:
			kt.remove(k)
			delete(want, k)
		default:
			kt.set(k, i)
			want[k] = i
		}
		probe := key()
		got, ok := kt.get(probe)
		w, wok := want[probe]
		if ok != wok || got != w {
			t.Fatalf("step %d: get(%q) = %d, %v; want %d, %v", i, probe, got, ok, w, wok)
		}
	}
	if kt.len() != len(want) {
		t.Fatalf("len %d, want %d", kt.len(), len(want))
	}
	var keys []string
	kt.each(func(k string, v int) {
		if want[k] != v {
			t.Errorf("each: %q = %d, want %d", k, v, want[k])
		}
		keys = append(keys, k)
	})
	slices.Sort(keys)
	var wantKeys []string
	for k := range want {
		wantKeys = append(wantKeys, k)
	}
	slices.Sort(wantKeys)
	if !slices.Equal(keys, wantKeys) {
		t.Fatalf("each gave %d keys, want %d", len(keys), len(wantKeys))
	}
}

// The empty key and keys that share prefixes are told apart.
func TestKeyTableEdgeKeys(t *testing.T) {
	var kt keyTable[string]
	if _, ok := kt.get("x"); ok {
		t.Fatal("empty table finds a key")
	}
	for _, k := range []string{"", "a", "ab", "abc", "b"} {
		kt.set(k, "v"+k)
	}
	for _, k := range []string{"", "a", "ab", "abc", "b"} {
		if v, ok := kt.get(k); !ok || v != "v"+k {
			t.Errorf("get(%q) = %q, %v", k, v, ok)
		}
	}
	if _, ok := kt.get("abcd"); ok {
		t.Error("finds a key never set")
	}
	kt.remove("ab")
	if _, ok := kt.get("ab"); ok || kt.len() != 4 {
		t.Errorf("after remove: found %v, len %d", ok, kt.len())
	}
	long := strings.Repeat("x", 3*arenaChunk)
	kt.set(long, "long")
	kt.set("after", "after")
	if v, ok := kt.get(long); !ok || v != "long" {
		t.Errorf("a key longer than an arena chunk: %q, %v", v, ok)
	}
	if v, ok := kt.get("after"); !ok || v != "after" {
		t.Errorf("the key after a long one: %q, %v", v, ok)
	}
	kt.remove(long)
	kt.remove("after")
	kt.set("ab", "again")
	if v, _ := kt.get("ab"); v != "again" || kt.len() != 5 {
		t.Errorf("set after remove: %q, len %d", v, kt.len())
	}
}

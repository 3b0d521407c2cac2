package audit

import (
	"hash/maphash"
	"math"
)

// A keyTable maps string keys to values, as a map[string]T would, in a
// fraction of its memory: the facts of a large export keep hundreds of
// thousands of short keys to the end of the scan (a column name per
// extension of the recipient schema), and a Go map spends on each a slot
// of a key and a value, its share of the empty slots, and the key's own
// allocation. Here the keys' bytes sit end to end in arena chunks, an
// entry of 12 bytes holds the key's place and its value's index, values
// recorded one after the other share one copy (an entity records many
// keys with its id), and an open-addressing index of 32-bit slots points
// to the entries. Chunks, rather than slices grown by doubling, keep the
// tables at their size. A removed key keeps its entry, marked gone. It is
// not safe for concurrent use.
type keyTable[T comparable] struct {
	seed  maphash.Seed
	arena [][]byte     // chunks of key bytes
	ents  [][]keyEntry // chunks of entChunk entries
	n     int          // entries, gone ones included
	vals  []T
	slots []uint32 // 0: empty; i+1: entry i
	live  int      // entries not gone
}

// A keyEntry places a key: in arena chunk loc>>16 at offset loc&0xffff,
// n bytes long (gone for a removed key); v indexes vals.
type keyEntry struct{ loc, n, v uint32 }

const (
	gone       = math.MaxUint32
	entChunk   = 4096
	arenaChunk = 1 << 16
)

func (t *keyTable[T]) entry(i int) *keyEntry { return &t.ents[i/entChunk][i%entChunk] }

func (t *keyTable[T]) key(e *keyEntry) []byte {
	c := t.arena[e.loc>>16]
	off := e.loc & 0xffff
	return c[off : off+e.n]
}

// find returns the slot index holding key, or the empty slot where it
// would go, and whether it is there.
func (t *keyTable[T]) find(key string) (int, bool) {
	if len(t.slots) == 0 {
		return -1, false
	}
	mask := len(t.slots) - 1
	i := int(maphash.String(t.seed, key)) & mask
	for {
		s := t.slots[i]
		if s == 0 {
			return i, false
		}
		e := t.entry(int(s - 1))
		if e.n != gone && int(e.n) == len(key) && string(t.key(e)) == key {
			return i, true
		}
		i = (i + 1) & mask
	}
}

// get returns the value of key.
func (t *keyTable[T]) get(key string) (T, bool) {
	if i, ok := t.find(key); ok {
		return t.vals[t.entry(int(t.slots[i]-1)).v], true
	}
	var zero T
	return zero, false
}

// value returns the index of v in vals: the last one if equal.
func (t *keyTable[T]) value(v T) uint32 {
	if n := len(t.vals); n > 0 && t.vals[n-1] == v {
		return uint32(n - 1)
	}
	if len(t.vals) == math.MaxUint32 {
		panic("audit: a fact holds too many values")
	}
	t.vals = append(t.vals, v)
	return uint32(len(t.vals) - 1)
}

// place copies key into the arena and returns its location.
func (t *keyTable[T]) place(key string) uint32 {
	last := len(t.arena) - 1
	if last < 0 || len(key) > arenaChunk-len(t.arena[last]) {
		// A key longer than a chunk gets a chunk of its own.
		t.arena = append(t.arena, make([]byte, 0, max(arenaChunk, len(key))))
		last++
		if last >= 1<<16 {
			panic("audit: the keys of a fact exceed their arena")
		}
	}
	off := len(t.arena[last])
	t.arena[last] = append(t.arena[last], key...)
	return uint32(last)<<16 | uint32(off)
}

// set gives key the value v.
func (t *keyTable[T]) set(key string, v T) {
	i, ok := t.find(key)
	if ok {
		t.entry(int(t.slots[i] - 1)).v = t.value(v)
		return
	}
	// Entries gone still count: the index is at most three quarters full.
	if (t.n+1)*4 > len(t.slots)*3 {
		t.grow()
		i, _ = t.find(key)
	}
	if t.n%entChunk == 0 {
		t.ents = append(t.ents, make([]keyEntry, entChunk))
	}
	*t.entry(t.n) = keyEntry{loc: t.place(key), n: uint32(len(key)), v: t.value(v)}
	t.n++
	t.slots[i] = uint32(t.n)
	t.live++
}

// remove deletes key, if present.
func (t *keyTable[T]) remove(key string) {
	if i, ok := t.find(key); ok {
		t.entry(int(t.slots[i] - 1)).n = gone
		t.live--
	}
}

// grow doubles the index and places every entry again but the removed
// ones, which nothing looks up.
func (t *keyTable[T]) grow() {
	if len(t.slots) == 0 {
		t.seed = maphash.MakeSeed()
	}
	n := max(16, 2*len(t.slots))
	t.slots = make([]uint32, n)
	mask := n - 1
	for j := range t.n {
		e := t.entry(j)
		if e.n == gone {
			continue
		}
		i := int(maphash.Bytes(t.seed, t.key(e))) & mask
		for t.slots[i] != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = uint32(j + 1)
	}
}

// len is the number of keys.
func (t *keyTable[T]) len() int { return t.live }

// each calls fn with every key and its value, in no particular order.
func (t *keyTable[T]) each(fn func(key string, v T)) {
	for j := range t.n {
		if e := t.entry(j); e.n != gone {
			fn(string(t.key(e)), t.vals[e.v])
		}
	}
}

package acc

// A Memo caches values derived from an entity or a script, built on first
// use. The rules of one entity run on one goroutine, so it needs no lock,
// and it dies with what it caches.
type Memo struct{ m map[any]any }

// Get returns the value stored under key, building it on first use.
func (c *Memo) Get(key any, build func() any) any {
	if v, ok := c.m[key]; ok {
		return v
	}
	v := build()
	if c.m == nil {
		c.m = map[any]any{}
	}
	c.m[key] = v
	return v
}

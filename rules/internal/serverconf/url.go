package serverconf

import (
	"strings"
)

// URLHost returns the host of a URL, and whether the URL text is long
// enough to contain all of it.
func URLHost(url string, prefix bool) (string, bool) {
	_, rest, ok := strings.Cut(url, "://")
	if !ok {
		return "", false
	}
	end := strings.IndexAny(rest, "/:?#")
	if end < 0 {
		if prefix {
			return "", false
		}
		end = len(rest)
	}
	host := rest[:end]
	if k := strings.LastIndexByte(host, '@'); k >= 0 {
		host = host[k+1:]
	}
	return strings.ToLower(host), host != ""
}

package bld

func or(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

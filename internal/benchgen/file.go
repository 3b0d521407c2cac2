package benchgen

import (
	"io"
	"os"
)

// PackageFile writes Package(size) to a new file at path.
func PackageFile(path string, size int64) (Stats, error) {
	return writeFile(path, func(w io.Writer) (Stats, error) { return Package(w, size) })
}

// MixFile writes Mix(size, seed) to a new file at path.
func MixFile(path string, size int64, seed uint64) (Stats, error) {
	return writeFile(path, func(w io.Writer) (Stats, error) { return Mix(w, size, seed) })
}

// writeFile creates path and writes an export to it; a failed close (a
// full disk) is an error like a failed write.
func writeFile(path string, write func(io.Writer) (Stats, error)) (Stats, error) {
	f, err := os.Create(path)
	if err != nil {
		return Stats{}, err
	}
	st, err := write(f)
	if err2 := f.Close(); err == nil {
		err = err2
	}
	return st, err
}

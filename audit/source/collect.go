// Package source finds the files to audit and reads them: files,
// directories, zip archives and standard input, in any encoding a Campaign
// export is found in. It never writes anything.
package source

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/bmatcuk/doublestar/v4"
)

// An Input is one document to audit. It can be opened more than once, which
// lets the engine re-read a file in a fallback encoding.
type Input struct {
	Name string // as shown to the user: a path, "<stdin>", or "archive.zip!/entry.xml"
	Size int64  // bytes in the file (uncompressed size for archive entries)
	open func() (io.ReadCloser, error)
}

// Open returns a fresh reader of the input's raw bytes.
func (in *Input) Open() (io.ReadCloser, error) { return in.open() }

// NewInput returns an input held in memory.
func NewInput(name string, data []byte) *Input {
	return &Input{Name: name, Size: int64(len(data)), open: func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(data)), nil
	}}
}

// Options controls which files are collected.
type Options struct {
	// Include and Exclude are doublestar globs matched against the path
	// relative to a directory argument (or an archive). A pattern without a
	// slash also matches the base name. Include defaults to every kind of
	// file the tool reads (acc.SourcePatterns); with that default, the other
	// files are listed as not read. Files named explicitly on the command
	// line are always read.
	Include, Exclude []string
	MaxFileSize      int64   // per file or archive entry; default 4 GiB
	MaxZipEntries    int     // default 100000
	MaxZipTotal      int64   // total uncompressed bytes per archive; default 8 GiB
	MaxZipRatio      float64 // uncompressed/compressed per entry; default 1000
	Stdin            io.Reader

	listSkipped bool
}

// A Skipped is a file of a directory or archive that the default include
// patterns leave out, listed so that nothing is skipped silently.
type Skipped struct {
	Name   string
	Reason string
}

// A Collection is what Collect found.
type Collection struct {
	Inputs  []*Input
	Errors  []error
	Skipped []Skipped // sorted by name
}

// An Error is a path that could not be collected.
type Error struct {
	Path string
	Err  error
}

func (e *Error) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// StdinName is the name standard input is reported under.
const StdinName = "<stdin>"

func (o *Options) defaults() {
	if len(o.Include) == 0 {
		o.Include = acc.SourcePatterns()
		o.listSkipped = true
	}
	if o.MaxFileSize <= 0 {
		o.MaxFileSize = 4 << 30
	}
	if o.MaxZipEntries <= 0 {
		o.MaxZipEntries = 100000
	}
	if o.MaxZipTotal <= 0 {
		o.MaxZipTotal = 8 << 30
	}
	if o.MaxZipRatio <= 0 {
		o.MaxZipRatio = 1000
	}
}

// ValidatePatterns reports the first malformed glob.
func ValidatePatterns(patterns []string) error {
	for _, p := range patterns {
		if !doublestar.ValidatePattern(p) {
			return fmt.Errorf("invalid glob %q", p)
		}
	}
	return nil
}

// Collect expands paths into inputs, sorted by name and without duplicates.
// Errors name the path that failed; collection goes on after them.
func Collect(paths []string, opt Options) ([]*Input, []error) {
	c := CollectAll(paths, opt)
	return c.Inputs, c.Errors
}

// CollectAll is Collect that also lists the files left out by the default
// include patterns.
func CollectAll(paths []string, opt Options) Collection {
	opt.defaults()
	c := &collector{opt: opt, seen: map[string]bool{}}
	for _, p := range paths {
		c.path(p)
	}
	sort.SliceStable(c.inputs, func(i, j int) bool { return c.inputs[i].Name < c.inputs[j].Name })
	sort.SliceStable(c.skipped, func(i, j int) bool { return c.skipped[i].Name < c.skipped[j].Name })
	return Collection{Inputs: c.inputs, Errors: c.errs, Skipped: c.skipped}
}

type collector struct {
	opt     Options
	inputs  []*Input
	errs    []error
	skipped []Skipped
	seen    map[string]bool
	stdin   bool
}

func (c *collector) fail(p string, err error) { c.errs = append(c.errs, &Error{Path: p, Err: err}) }

func (c *collector) path(p string) {
	if p == "-" {
		c.readStdin()
		return
	}
	st, err := os.Stat(p)
	if err != nil {
		c.fail(p, unwrapPathError(err))
		return
	}
	if st.IsDir() {
		c.dir(p)
		return
	}
	c.file(p, st, true)
}

func (c *collector) readStdin() {
	if c.stdin {
		return
	}
	c.stdin = true
	if c.opt.Stdin == nil {
		c.fail(StdinName, errors.New("standard input is not available"))
		return
	}
	data, err := io.ReadAll(io.LimitReader(c.opt.Stdin, c.opt.MaxFileSize+1))
	if err != nil {
		c.fail(StdinName, err)
		return
	}
	if int64(len(data)) > c.opt.MaxFileSize {
		c.fail(StdinName, fmt.Errorf("larger than the %d-byte limit", c.opt.MaxFileSize))
		return
	}
	c.inputs = append(c.inputs, NewInput(StdinName, data))
}

func (c *collector) dir(root string) {
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			c.fail(p, unwrapPathError(err))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			// Hidden directories (.git, .svn, editor state) are never
			// exports; the root itself is taken as given.
			if p != root && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			if p != root && c.excluded(rel) {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
			return nil
		}
		if c.excluded(rel) {
			return nil
		}
		if strings.EqualFold(path.Ext(rel), ".zip") {
			st, err := os.Stat(p)
			if err == nil {
				c.file(p, st, false)
			}
			return nil
		}
		if !c.included(rel) {
			c.skip(p, rel)
			return nil
		}
		st, err := os.Stat(p)
		if err != nil {
			c.fail(p, unwrapPathError(err))
			return nil
		}
		if st.IsDir() { // a symbolic link to a directory is not followed
			return nil
		}
		c.file(p, st, false)
		return nil
	})
	if err != nil {
		c.fail(root, err)
	}
}

func (c *collector) file(p string, st fs.FileInfo, explicit bool) {
	key := p
	if abs, err := filepath.Abs(p); err == nil {
		key = abs
	}
	if c.seen[key] {
		return
	}
	c.seen[key] = true
	if strings.EqualFold(filepath.Ext(p), ".zip") {
		c.zip(p)
		return
	}
	if !st.Mode().IsRegular() && !explicit {
		return
	}
	if st.Mode().IsRegular() && st.Size() > c.opt.MaxFileSize {
		c.fail(p, fmt.Errorf("%d bytes, larger than the %d-byte limit", st.Size(), c.opt.MaxFileSize))
		return
	}
	name := p
	if !st.Mode().IsRegular() {
		// A named pipe or device can be read once only; keep its bytes.
		data, err := readAllLimited(p, c.opt.MaxFileSize)
		if err != nil {
			c.fail(p, err)
			return
		}
		c.inputs = append(c.inputs, NewInput(name, data))
		return
	}
	c.inputs = append(c.inputs, &Input{Name: name, Size: st.Size(), open: func() (io.ReadCloser, error) {
		f, err := os.Open(p)
		if err != nil {
			return nil, unwrapPathError(err)
		}
		return f, nil
	}})
}

func readAllLimited(p string, limit int64) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, unwrapPathError(err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("larger than the %d-byte limit", limit)
	}
	return data, nil
}

func (c *collector) included(rel string) bool { return matchAny(c.opt.Include, rel) }

// skip lists a file the default include patterns leave out.
func (c *collector) skip(name, rel string) {
	if !c.opt.listSkipped {
		return
	}
	reason := "not a Campaign export or code file (unknown extension)"
	if path.Ext(rel) == "" {
		reason = "not a Campaign export or code file (no extension)"
	}
	c.skipped = append(c.skipped, Skipped{Name: name, Reason: reason})
}
func (c *collector) excluded(rel string) bool { return matchAny(c.opt.Exclude, rel) }

func matchAny(patterns []string, rel string) bool {
	base := path.Base(rel)
	for _, pat := range patterns {
		if ok, _ := doublestar.Match(pat, rel); ok {
			return true
		}
		if !strings.Contains(pat, "/") {
			if ok, _ := doublestar.Match(pat, base); ok {
				return true
			}
		}
	}
	return false
}

// zip lists the XML entries of an archive. Nothing is extracted to disk;
// entries are read on demand, each through a reader that enforces the
// declared size so that a forged header cannot inflate without bound.
func (c *collector) zip(p string) {
	zr, err := zip.OpenReader(p)
	if err != nil {
		c.fail(p, fmt.Errorf("not a readable zip archive: %w", err))
		return
	}
	// The archive stays open for its entries: reading its index again for
	// each of 100,000 entries would make the scan quadratic. The file is
	// closed when the process ends.
	shared := &sharedZip{zr: zr}
	keep := false
	defer func() {
		if !keep {
			zr.Close()
		}
	}()
	if len(zr.File) > c.opt.MaxZipEntries {
		c.fail(p, fmt.Errorf("%d entries, more than the %d allowed", len(zr.File), c.opt.MaxZipEntries))
		return
	}
	var total uint64
	for _, f := range zr.File {
		if f.FileInfo().IsDir() {
			continue
		}
		name := f.Name
		entryName := p + "!/" + name
		if err := checkEntryName(name); err != nil {
			c.fail(entryName, err)
			continue
		}
		if strings.HasPrefix(path.Base(name), ".") || strings.Contains(path.Clean(name), "/.") || strings.HasPrefix(name, "__MACOSX/") {
			continue
		}
		if f.Flags&0x1 != 0 {
			c.fail(entryName, errors.New("encrypted entry, not read"))
			continue
		}
		if strings.EqualFold(path.Ext(name), ".zip") {
			// Archives inside archives are listed, not opened: each level
			// would multiply what the guards allow.
			c.skipped = append(c.skipped, Skipped{Name: entryName, Reason: "nested archive, not read (extract it and scan the folder)"})
			continue
		}
		if c.excluded(name) {
			continue
		}
		if !c.included(name) {
			c.skip(entryName, name)
			continue
		}
		size := f.UncompressedSize64
		if size > uint64(c.opt.MaxFileSize) {
			c.fail(entryName, fmt.Errorf("%d bytes uncompressed, larger than the %d-byte limit", size, c.opt.MaxFileSize))
			continue
		}
		if f.CompressedSize64 > 0 && float64(size)/float64(f.CompressedSize64) > c.opt.MaxZipRatio && size > 1<<20 {
			c.fail(entryName, fmt.Errorf("compression ratio %.0f:1 exceeds %.0f:1 (possible zip bomb)", float64(size)/float64(f.CompressedSize64), c.opt.MaxZipRatio))
			continue
		}
		total += size
		if total > uint64(c.opt.MaxZipTotal) {
			c.fail(p, fmt.Errorf("more than %d bytes uncompressed in total (possible zip bomb); remaining entries skipped", c.opt.MaxZipTotal))
			return
		}
		entry := f
		keep = true
		c.inputs = append(c.inputs, &Input{Name: entryName, Size: int64(size), open: func() (io.ReadCloser, error) {
			return shared.open(entry, int64(size))
		}})
	}
}

// checkEntryName rejects names that would escape a directory if the archive
// were extracted: we do not extract, but such an archive is hostile or broken
// and the user should know.
func checkEntryName(name string) error {
	n := strings.ReplaceAll(name, `\`, "/")
	if strings.HasPrefix(n, "/") || (len(n) > 1 && n[1] == ':') {
		return errors.New("unsafe entry name (absolute path) skipped")
	}
	// a/./b/../c.xml stays inside; ../c.xml and a/../../c.xml do not.
	if c := path.Clean(n); c == ".." || strings.HasPrefix(c, "../") {
		return errors.New("unsafe entry name (path traversal) skipped")
	}
	return nil
}

// A sharedZip is an archive opened once for all its entries; zip.File
// reads through io.ReaderAt, so entries open concurrently.
type sharedZip struct {
	zr *zip.ReadCloser
}

func (z *sharedZip) open(f *zip.File, size int64) (io.ReadCloser, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	return &entryReader{Reader: &limitedReader{r: rc, left: size}, rc: rc}, nil
}

type entryReader struct {
	io.Reader
	rc io.ReadCloser
}

func (e *entryReader) Close() error { return e.rc.Close() }

// limitedReader fails, rather than truncating silently, when an entry
// inflates beyond its declared size.
type limitedReader struct {
	r    io.Reader
	left int64
}

func (l *limitedReader) Read(b []byte) (int, error) {
	if l.left < 0 {
		return 0, errors.New("entry inflates beyond its declared size (corrupt or hostile archive)")
	}
	if int64(len(b)) > l.left+1 {
		b = b[:l.left+1]
	}
	n, err := l.r.Read(b)
	l.left -= int64(n)
	if l.left < 0 {
		return n, errors.New("entry inflates beyond its declared size (corrupt or hostile archive)")
	}
	return n, err
}

// unwrapPathError drops the path from an *fs.PathError: the caller reports
// the path itself.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

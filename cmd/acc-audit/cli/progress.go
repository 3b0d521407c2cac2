package cli

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/mattn/go-isatty"

	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/source"
)

// A progress bar tells a user in front of a terminal that a scan of a large
// export is alive and how far it got. It never writes anything anywhere
// else: a redirected stderr or a CI log would keep every frame.

const (
	// progressInterval bounds redraws to ten a second: more only costs
	// terminal bandwidth.
	progressInterval = 100 * time.Millisecond
	// progressDelay hides the bar on scans that end before anyone waits.
	progressDelay = 500 * time.Millisecond
)

// progressState is what one frame shows.
type progressState struct {
	Done, Total int   // files read, files to read
	Bytes       int64 // input bytes read
	TotalBytes  int64 // input bytes to read, 0 when unknown
	Entities    int64
	Elapsed     time.Duration
	Frame       int // progressFrames frame
}

var progressFrames = []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}

// renderProgress draws one line of at most width-1 columns, so that the
// terminal never wraps it (a wrapped line cannot be redrawn with \r).
func renderProgress(s progressState, width int) string {
	if width < 20 {
		width = 20
	}
	var parts []string
	switch s.Total {
	case 0:
		// The engine tells the total with the first file read.
	case 1:
		parts = append(parts, fmt.Sprintf("%d/1 file", s.Done))
	default:
		parts = append(parts, fmt.Sprintf("%d/%d files", s.Done, s.Total))
	}
	// Bytes measure progress inside large files, where files alone stall.
	done, total := int64(s.Done), int64(s.Total)
	if s.TotalBytes > 0 {
		done, total = min(s.Bytes, s.TotalBytes), s.TotalBytes
		parts = append(parts, progressMB(done)+"/"+progressMB(total)+" MiB")
	}
	if s.Entities > 0 {
		parts = append(parts, progressGroup(s.Entities)+" entities")
	}
	parts = append(parts, progressClock(s.Elapsed))
	if done > 0 && done < total {
		eta := time.Duration(float64(s.Elapsed) * float64(total-done) / float64(done))
		parts = append(parts, "ETA "+progressClock(eta))
	}
	tail := strings.Join(parts, " · ")
	spin := progressFrames[s.Frame%len(progressFrames)]
	barWidth := min(30, width-1-utf8.RuneCountInString(tail)-6)
	line := spin + " " + tail
	if barWidth >= 10 {
		filled := 0
		if total > 0 {
			filled = int(min(int64(barWidth), int64(barWidth)*done/total))
		}
		line = spin + " [" + strings.Repeat("█", filled) + strings.Repeat("░", barWidth-filled) + "] " + tail
	}
	return progressTruncate(line, width-1)
}

func progressTruncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// progressMB writes a byte count in mebibytes (2^20 bytes), labelled MiB.
func progressMB(n int64) string {
	return strconv.FormatInt((n+(1<<19))>>20, 10)
}

// progressClock writes a duration as m:ss or h:mm:ss.
func progressClock(d time.Duration) string {
	sec := int(d.Round(time.Second) / time.Second)
	if sec >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", sec/3600, sec/60%60, sec%60)
	}
	return fmt.Sprintf("%d:%02d", sec/60, sec%60)
}

func progressGroup(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// progressBar is a live bar. A nil *progressBar is a valid, silent bar, so
// that callers need no test.
type progressBar struct {
	w     io.Writer
	width int
	now   func() time.Time
	start time.Time

	mu       sync.Mutex
	state    progressState
	last     time.Time
	lastLine string
	shown    bool
	stopped  bool
	stopTick chan struct{}
	tickDone chan struct{}
}

// progressEnabled decides whether to draw: only on a terminal, and never in
// CI, whose logs capture even a terminal-like stderr.
func progressEnabled(env Env) bool {
	if ci := strings.ToLower(env.Getenv("CI")); ci != "" && ci != "false" && ci != "0" {
		return false
	}
	if env.Getenv("TERM") == "dumb" {
		return false
	}
	f, ok := env.Stderr.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// terminalWidth reads COLUMNS, which shells export; 80 otherwise.
func terminalWidth(env Env) int {
	if n, err := strconv.Atoi(env.Getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	return 80
}

// startProgress returns a running bar, or nil when none should be drawn.
func startProgress(env Env) *progressBar {
	if !progressEnabled(env) {
		return nil
	}
	p := newProgressBar(env.Stderr, terminalWidth(env), time.Now)
	p.stopTick = make(chan struct{})
	p.tickDone = make(chan struct{})
	go func() {
		// Ticks keep the clock and progressFrames moving while one large file
		// is read, when no file completes for a long time.
		defer close(p.tickDone)
		t := time.NewTicker(progressInterval)
		defer t.Stop()
		for {
			select {
			case <-p.stopTick:
				return
			case <-t.C:
				p.mu.Lock()
				p.state.Frame++
				p.drawLocked(false)
				p.mu.Unlock()
			}
		}
	}()
	return p
}

func newProgressBar(w io.Writer, width int, now func() time.Time) *progressBar {
	return &progressBar{w: w, width: width, now: now, start: now()}
}

// file records that done of total files are read (driver.Options.OnFile).
func (p *progressBar) file(done, total int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if done > p.state.Done {
		p.state.Done = done
	}
	p.state.Total = total
	p.drawLocked(false)
}

// hook sets the engine callbacks of a scan of inputs.
func (p *progressBar) hook(opt *driver.Options, inputs []*source.Input) {
	if p == nil {
		return
	}
	var total int64
	for _, in := range inputs {
		total += in.Size
	}
	p.mu.Lock()
	p.state.TotalBytes = total
	p.state.Total = len(inputs)
	p.mu.Unlock()
	opt.OnFile = p.file
	opt.OnRead = p.read
}

// read records input bytes read.
func (p *progressBar) read(n int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.state.Bytes += n
	p.drawLocked(false)
}

// unit records one more entity read.
func (p *progressBar) unit() {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.state.Entities++
	p.mu.Unlock()
}

// drawLocked redraws at most every progressInterval, and not before
// progressDelay.
func (p *progressBar) drawLocked(force bool) {
	if p.stopped {
		return
	}
	now := p.now()
	if now.Sub(p.start) < progressDelay && !p.shown {
		return
	}
	if !force && p.shown && now.Sub(p.last) < progressInterval {
		return
	}
	p.state.Elapsed = now.Sub(p.start)
	line := renderProgress(p.state, p.width)
	if line == p.lastLine {
		return
	}
	p.last, p.lastLine, p.shown = now, line, true
	fmt.Fprint(p.w, "\r\x1b[K"+line)
}

// stop clears the bar; the terminal is left as it was found.
func (p *progressBar) stop() {
	if p == nil {
		return
	}
	if p.stopTick != nil {
		close(p.stopTick)
		<-p.tickDone
		p.stopTick = nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		return
	}
	p.stopped = true
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}

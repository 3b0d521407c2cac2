package cli

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/acc-audit/acc-audit/audit/driver"
)

func TestRenderProgress(t *testing.T) {
	tests := []struct {
		s     progressState
		width int
		want  string
	}{
		{progressState{Done: 0, Total: 4, Elapsed: 2 * time.Second}, 80,
			"⠋ [░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░] 0/4 files · 0:02"},
		{progressState{Done: 1, Total: 4, Entities: 12345, Elapsed: 10 * time.Second, Frame: 1}, 80,
			"⠙ [███████░░░░░░░░░░░░░░░░░░░░░] 1/4 files · 12,345 entities · 0:10 · ETA 0:30"},
		{progressState{Done: 4, Total: 4, Elapsed: 3725 * time.Second, Frame: 10}, 80,
			"⠋ [██████████████████████████████] 4/4 files · 1:02:05"},
		{progressState{Entities: 7, Elapsed: time.Second}, 80,
			"⠋ [░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░] 7 entities · 0:01"},
		{progressState{Done: 0, Total: 1, Entities: 7, Elapsed: time.Second}, 80,
			"⠋ [░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░] 0/1 file · 7 entities · 0:01"},
		// Inside one large file, bytes carry the bar and the ETA.
		{progressState{Done: 0, Total: 1, Bytes: 50 << 20, TotalBytes: 200 << 20, Entities: 40000, Elapsed: 2 * time.Second}, 100,
			"⠋ [███████░░░░░░░░░░░░░░░░░░░░░░░] 0/1 file · 50/200 MiB · 40,000 entities · 0:02 · ETA 0:06"},
		// Narrow terminals drop the bar, then cut the line: a wrapped line
		// could not be redrawn in place.
		{progressState{Done: 1, Total: 4, Entities: 12345, Elapsed: 10 * time.Second}, 50,
			"⠋ 1/4 files · 12,345 entities · 0:10 · ETA 0:30"},
		{progressState{Done: 1, Total: 4, Entities: 12345, Elapsed: 10 * time.Second}, 30,
			"⠋ 1/4 files · 12,345 entitie…"},
	}
	for _, tt := range tests {
		got := renderProgress(tt.s, tt.width)
		if got != tt.want {
			t.Errorf("renderProgress(%+v, %d)\n got %q\nwant %q", tt.s, tt.width, got, tt.want)
		}
		if n := utf8.RuneCountInString(got); n >= tt.width {
			t.Errorf("line of %d columns on a %d-column terminal", n, tt.width)
		}
	}
}

// fakeClock is a manual clock for the throttling tests.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

func TestProgressThrottleAndClear(t *testing.T) {
	var out bytes.Buffer
	clock := &fakeClock{t: time.Unix(0, 0)}
	p := newProgressBar(&out, 80, clock.now)

	p.file(1, 1000)
	if out.Len() != 0 {
		t.Fatalf("a bar is drawn before %v: %q", progressDelay, out.String())
	}
	clock.advance(progressDelay)
	for i := 2; i <= 500; i++ {
		p.file(i, 1000)
	}
	if n := strings.Count(out.String(), "\r"); n != 1 {
		t.Errorf("%d redraws within one interval, want 1", n)
	}
	for i := 0; i < 20; i++ {
		clock.advance(progressInterval / 2)
		p.file(501+i, 1000)
	}
	// 20 events over one second: at most ten redraws.
	if n := strings.Count(out.String(), "\r"); n < 5 || n > 11 {
		t.Errorf("%d redraws in one second, want at most 10 more than the first", n)
	}
	p.unit()
	p.stop()
	if !strings.HasSuffix(out.String(), "\r\x1b[K") {
		t.Errorf("the bar is not cleared at the end: %q", out.String()[max(0, out.Len()-40):])
	}
	before := out.Len()
	p.file(999, 1000)
	p.stop()
	if out.Len() != before {
		t.Error("a stopped bar still draws")
	}

	// A nil bar is silent.
	var none *progressBar
	none.file(1, 2)
	none.unit()
	none.stop()
}

func TestProgressNeverOnPipesOrCI(t *testing.T) {
	env := func(stderr any, vars map[string]string) Env {
		e := Env{Getenv: func(k string) string { return vars[k] }}
		if w, ok := stderr.(*os.File); ok {
			e.Stderr = w
		} else {
			e.Stderr = &bytes.Buffer{}
		}
		return e
	}
	if progressEnabled(env(nil, nil)) {
		t.Error("progress on a buffer")
	}
	f, err := os.CreateTemp(t.TempDir(), "stderr")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if progressEnabled(env(f, nil)) {
		t.Error("progress on a redirected file")
	}
	for _, ci := range []string{"true", "1", "yes"} {
		if progressEnabled(env(os.Stderr, map[string]string{"CI": ci})) {
			t.Errorf("progress with CI=%s", ci)
		}
	}
	if progressEnabled(env(os.Stderr, map[string]string{"TERM": "dumb"})) {
		t.Error("progress on a dumb terminal")
	}
	bar := startProgress(env(f, nil))
	var opt driver.Options
	bar.hook(&opt, nil)
	bar.file(1, 2)
	bar.read(1 << 20)
	bar.stop()
	if st, _ := f.Stat(); st.Size() != 0 || opt.OnRead != nil {
		t.Errorf("the progress bar wrote %d bytes to a redirected stderr", st.Size())
	}
}

func TestTerminalWidth(t *testing.T) {
	for cols, want := range map[string]int{"": 80, "132": 132, "x": 80, "-3": 80} {
		e := Env{Getenv: func(k string) string {
			if k == "COLUMNS" {
				return cols
			}
			return ""
		}}
		if got := terminalWidth(e); got != want {
			t.Errorf("COLUMNS=%q: %d, want %d", cols, got, want)
		}
	}
}

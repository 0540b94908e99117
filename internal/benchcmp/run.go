package benchcmp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"time"
)

// Config is one benchmark run.
type Config struct {
	Data string // dataset path (JSONL, .gz allowed); DefaultData when empty
	N    int    // postings to index; DefaultN when zero
	Runs int    // timed runs per query; 50 when zero
	// Dir is the work directory (cache, indexes, databases); a new
	// temporary directory, removed at the end, when empty.
	Dir string
	// Phases to run; all when empty.
	Phases []string
	// InProcess runs the phases in this process instead of one
	// subprocess each (peaks are then less honest).
	InProcess bool
	// Exe is the program the phases run in; os.Executable when empty. It
	// must call RunPhase when given the arguments PhaseArgs builds.
	Exe    string
	Stdout io.Writer
	Stderr io.Writer
}

// Report is what a run measured.
type Report struct {
	N           int           `json:"n"`
	Base        int           `json:"base"`    // distinct dataset postings replicated
	Skipped     int           `json:"skipped"` // invalid dataset records left out
	Extract     time.Duration `json:"extract"`
	ExtractProc int           `json:"extract_procs"`
	Results     map[string]*Result
}

const cacheFile = "postings.gob"

// PhaseArgs are the arguments that make the program run one phase.
func PhaseArgs(phase, dir string, n, runs int) []string {
	return []string{"-phase", phase, "-dir", dir, "-n", fmt.Sprint(n), "-runs", fmt.Sprint(runs)}
}

func (c *Config) defaults() {
	if c.Data == "" {
		c.Data = DefaultData
	}
	if c.N <= 0 {
		c.N = DefaultN
	}
	if c.Runs <= 0 {
		c.Runs = 50
	}
	if len(c.Phases) == 0 {
		c.Phases = Phases
	}
	if c.Stdout == nil {
		c.Stdout = io.Discard
	}
	if c.Stderr == nil {
		c.Stderr = io.Discard
	}
}

// Run reads and extracts the dataset, runs the phases and returns what
// they measured. It returns an error wrapping ErrNoData when the dataset
// is missing.
func Run(ctx context.Context, c Config) (*Report, error) {
	c.defaults()
	if c.Dir == "" {
		dir, err := os.MkdirTemp("", "benchcmp-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		c.Dir = dir
	}
	logf := func(format string, a ...any) {
		fmt.Fprintf(c.Stderr, "%s "+format+"\n", append([]any{time.Now().Format(time.TimeOnly)}, a...)...)
	}
	base, skipped, err := ReadPostings(c.Data, c.N)
	if err != nil {
		return nil, err
	}
	if len(base) == 0 {
		return nil, fmt.Errorf("%w: %s holds no valid postings", ErrNoData, c.Data)
	}
	xt, err := NewExtractor()
	if err != nil {
		return nil, err
	}
	rep := &Report{N: c.N, Base: len(base), Skipped: skipped, ExtractProc: runtime.GOMAXPROCS(0), Results: map[string]*Result{}}
	logf("extracting %d postings", len(base))
	rep.Extract = ExtractAll(xt, base)
	if err := writeCache(filepath.Join(c.Dir, cacheFile), base); err != nil {
		return nil, err
	}
	for _, phase := range c.Phases {
		logf("phase %s: %d postings", phase, c.N)
		var res *Result
		if c.InProcess {
			res, err = runPhase(ctx, phase, c.Dir, Replicate(base, c.N), c.Runs)
		} else {
			res, err = c.subprocess(ctx, phase)
		}
		if err != nil {
			return nil, fmt.Errorf("phase %s: %w", phase, err)
		}
		rep.Results[phase] = res
	}
	return rep, nil
}

// subprocess runs one phase in a child process and reads its result.
func (c *Config) subprocess(ctx context.Context, phase string) (*Result, error) {
	exe := c.Exe
	if exe == "" {
		var err error
		if exe, err = os.Executable(); err != nil {
			return nil, err
		}
	}
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, exe, PhaseArgs(phase, c.Dir, c.N, c.Runs)...)
	cmd.Stdout = &out
	cmd.Stderr = c.Stderr
	if err := cmd.Run(); err != nil {
		return nil, err
	}
	var res Result
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		return nil, fmt.Errorf("read result: %w", err)
	}
	return &res, nil
}

// RunPhase is the child side of a subprocess phase: it loads the extracted
// postings Run cached in dir, replicates them to n, runs the phase and
// writes its Result as JSON to w.
func RunPhase(ctx context.Context, phase, dir string, n, runs int, w io.Writer) error {
	base, err := readCache(filepath.Join(dir, cacheFile))
	if err != nil {
		return err
	}
	res, err := runPhase(ctx, phase, dir, Replicate(base, n), runs)
	if err != nil {
		return err
	}
	return json.NewEncoder(w).Encode(res)
}

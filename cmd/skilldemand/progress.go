package main

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/skilldemand/skilldemand"
)

// progress shows a one-line status on a terminal and nothing otherwise.
// A nil *progress is valid and silent.
type progress struct {
	w     io.Writer
	label string

	mu       sync.Mutex
	postings int
	sources  int
	total    int
	last     time.Time
}

// newProgress returns a progress writer, or nil when w is not a terminal.
func newProgress(w io.Writer, label string, sources int) *progress {
	if !isTerminal(w) {
		return nil
	}
	return &progress{w: w, label: label, total: sources}
}

// Postings reports how many postings have been kept so far.
func (p *progress) Postings(n int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.postings = n
	if time.Since(p.last) > 100*time.Millisecond {
		p.drawLocked()
	}
}

// Source reports a finished source.
func (p *progress) Source(r skilldemand.SourceRun) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	status := "ok"
	if !r.OK() {
		status = "failed: " + r.Err
	}
	fmt.Fprintf(p.w, "\r\033[K  %-32s %4d postings  %6s  %s\n", r.Source, r.Fetched, r.Duration.Round(10*time.Millisecond), status)
	p.sources++
	p.drawLocked()
}

func (p *progress) drawLocked() {
	p.last = time.Now()
	if p.total > 0 {
		fmt.Fprintf(p.w, "\r\033[K%s: %d postings kept, %d/%d sources done", p.label, p.postings, p.sources, p.total)
	} else {
		fmt.Fprintf(p.w, "\r\033[K%s: %d postings", p.label, p.postings)
	}
}

// Done clears the status line.
func (p *progress) Done() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprint(p.w, "\r\033[K")
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/skilldemand/skilldemand"
)

func ingestData(t *testing.T) *Data {
	t.Helper()
	m := NewMain(io.Discard, io.Discard)
	m.dataDir = filepath.Join(t.TempDir(), "data")
	cfg := DefaultConfig()
	d, err := m.openData(context.Background(), &cfg, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func ingestPosting(i int) *skilldemand.Posting {
	p := &skilldemand.Posting{
		Source: "file", Board: "test", ExternalID: fmt.Sprint(i),
		Title: "Technical Program Manager", Company: fmt.Sprintf("Company %d", i),
		URL:         fmt.Sprintf("https://example.com/%d", i),
		Description: fmt.Sprintf("<p>Run program %d with Jira and manage risks across teams.</p>", i),
	}
	p.ID = skilldemand.MakeID(p.Source, p.Board, p.ExternalID)
	return p
}

// TestIngest_ConcurrentSinks feeds more than two batches from many
// goroutines: after Flush every posting is stored and indexed once.
func TestIngest_ConcurrentSinks(t *testing.T) {
	d := ingestData(t)
	in := newIngest(d, nil, time.Now().UTC())
	const n = 2*batchSize + 37
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += 8 {
				if err := in.Sink(context.Background(), ingestPosting(i)); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if err := in.Flush(); err != nil {
		t.Fatal(err)
	}
	open, _, err := d.DB.PostingCount()
	if err != nil || open != n {
		t.Errorf("store holds %d open postings (%v), want %d", open, err, n)
	}
	if c, err := d.Index.Count(); err != nil || int(c) != n {
		t.Errorf("index holds %d postings (%v), want %d", c, err, n)
	}
	if got := in.count("file:test"); got.New != n || got.Kept != n {
		t.Errorf("counted %+v, want %d kept and new", got, n)
	}
}

// TestIngest_FailedWriteSticks checks that after a failed write every later
// Flush fails too, so no caller records requests whose postings were lost.
func TestIngest_FailedWriteSticks(t *testing.T) {
	d := ingestData(t)
	in := newIngest(d, nil, time.Now().UTC())
	if err := d.DB.Close(); err != nil {
		t.Fatal(err)
	}
	var first error
	for i := range batchSize {
		if err := in.Sink(context.Background(), ingestPosting(i)); err != nil {
			first = err
		}
	}
	if first == nil {
		t.Fatal("a full batch on a closed store: want an error from Sink")
	}
	if err := in.Flush(); !errors.Is(err, first) {
		t.Errorf("Flush after a failed write: got %v, want %v", err, first)
	}
	if err := in.Sink(context.Background(), ingestPosting(batchSize)); err != nil {
		t.Fatalf("a posting into a new batch: %v", err)
	}
	if err := in.Flush(); !errors.Is(err, first) {
		t.Errorf("Flush of a later batch: got %v, want the first failure %v", err, first)
	}
}

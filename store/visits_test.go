package store_test

import (
	"net/url"
	"sync"
	"testing"
)

func TestVisits(t *testing.T) {
	t.Run("VisitedAndCookies", func(t *testing.T) {
		db := MustOpenDB(t)
		v := db.Visits("run-1")
		if err := v.Init(); err != nil {
			t.Fatal(err)
		}
		if ok, err := v.IsVisited(42); err != nil || ok {
			t.Errorf("before: got %v, %v; want false, nil", ok, err)
		}
		if err := v.Visited(42); err != nil {
			t.Fatal(err)
		}
		if ok, err := v.IsVisited(42); err != nil || !ok {
			t.Errorf("after: got %v, %v; want true, nil", ok, err)
		}
		if first, err := v.VisitIfAbsent(42); err != nil || first {
			t.Errorf("visit again: got %v, %v; want false, nil", first, err)
		}

		u, _ := url.Parse("https://boards.example.com/acme/jobs")
		other, _ := url.Parse("https://other.example.com/")
		if got := v.Cookies(u); got != "" {
			t.Errorf("no cookies: got %q, want \"\"", got)
		}
		v.SetCookies(u, "a=1\nb=2")
		if got := v.Cookies(u); got != "a=1\nb=2" {
			t.Errorf("got %q, want %q", got, "a=1\nb=2")
		}
		if got := v.Cookies(other); got != "" {
			t.Errorf("other host: got %q, want \"\"", got)
		}

		// Another name is separate state.
		w := db.Visits("run-2")
		if ok, err := w.IsVisited(42); err != nil || ok {
			t.Errorf("other name before init: got %v, %v; want false, nil", ok, err)
		}
		if got := w.Cookies(u); got != "" {
			t.Errorf("other name: got %q cookies, want none", got)
		}

		if err := v.Clear(); err != nil {
			t.Fatal(err)
		}
		if ok, err := v.IsVisited(42); err != nil || ok {
			t.Errorf("after clear: got %v, %v; want false, nil", ok, err)
		}
		if got := v.Cookies(u); got != "" {
			t.Errorf("after clear: got %q cookies, want none", got)
		}
	})

	t.Run("VisitIfAbsentConcurrent", func(t *testing.T) {
		const goroutines, ids = 32, 50
		v := MustOpenDB(t).Visits("shared")
		if err := v.Init(); err != nil {
			t.Fatal(err)
		}
		var (
			mu     sync.Mutex
			firsts = make(map[uint64]int)
			wg     sync.WaitGroup
		)
		for range goroutines {
			wg.Go(func() {
				for id := range uint64(ids) {
					first, err := v.VisitIfAbsent(id)
					if err != nil {
						t.Error(err)
						return
					}
					if first {
						mu.Lock()
						firsts[id]++
						mu.Unlock()
					}
				}
			})
		}
		wg.Wait()
		for id := range uint64(ids) {
			if firsts[id] != 1 {
				t.Errorf("id %d: got %d first visits, want 1", id, firsts[id])
			}
		}
	})
}

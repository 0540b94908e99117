package indexer_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/skilldemand/skilldemand"
)

func TestIndex_DemandCache(t *testing.T) {
	ctx := context.Background()
	ps := syntheticPostings(20)

	t.Run("FreshAfterWrite", func(t *testing.T) {
		x := MustOpenIndex(t)
		if err := x.Index(ps[:10]); err != nil {
			t.Fatal(err)
		}
		d, err := x.Demand(ctx, skilldemand.Filter{IncludeClosed: true})
		if err != nil {
			t.Fatal(err)
		}
		d.Skills = nil // callers may change what they get
		if err := x.Index(ps[10:]); err != nil {
			t.Fatal(err)
		}
		got, err := x.Demand(ctx, skilldemand.Filter{IncludeClosed: true})
		if err != nil {
			t.Fatal(err)
		}
		want := bruteDemand(ps, skilldemand.Filter{IncludeClosed: true})
		if got.Total != want.Total || len(got.Skills) != len(want.Skills) {
			t.Errorf("after a write: got total %d, %d skills; want %d, %d", got.Total, len(got.Skills), want.Total, len(want.Skills))
		}
	})

	t.Run("NoCache", func(t *testing.T) {
		x := MustOpenIndex(t)
		x.CacheFor, x.NoCache = time.Hour, true
		f := skilldemand.Filter{IncludeClosed: true}
		for _, part := range [][]*skilldemand.Posting{ps[:10], ps[10:]} {
			if err := x.Index(part); err != nil {
				t.Fatal(err)
			}
			if _, err := x.Demand(ctx, f); err != nil {
				t.Fatal(err)
			}
		}
		got, err := x.Demand(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if want := bruteDemand(ps, f); got.Total != want.Total {
			t.Errorf("NoCache with CacheFor set: got total %d, want %d (a cached count was served)", got.Total, want.Total)
		}
	})

	t.Run("StaleWithinCacheFor", func(t *testing.T) {
		x := MustOpenIndex(t)
		x.CacheFor = time.Hour
		if err := x.Index(ps[:10]); err != nil {
			t.Fatal(err)
		}
		f := skilldemand.Filter{IncludeClosed: true}
		first, err := x.Demand(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if err := x.Index(ps[10:]); err != nil {
			t.Fatal(err)
		}
		again, err := x.Demand(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if again.Total != first.Total {
			t.Errorf("within CacheFor: got total %d, want the cached %d", again.Total, first.Total)
		}
		x.CacheFor = 0
		now, err := x.Demand(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if want := bruteDemand(ps, f).Total; now.Total != want {
			t.Errorf("with CacheFor 0: got total %d, want %d", now.Total, want)
		}
	})

	t.Run("Concurrent", func(t *testing.T) {
		x := MustOpenIndex(t)
		if err := x.Index(ps); err != nil {
			t.Fatal(err)
		}
		want := bruteDemand(ps, skilldemand.Filter{Company: ps[0].Company})
		var wg sync.WaitGroup
		for range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				got, err := x.Demand(ctx, skilldemand.Filter{Company: ps[0].Company})
				if err != nil {
					t.Error(err)
					return
				}
				if got.Total != want.Total {
					t.Errorf("got total %d, want %d", got.Total, want.Total)
				}
			}()
		}
		wg.Wait()
	})
}

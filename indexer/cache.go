package indexer

import (
	"context"
	"fmt"
	"maps"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/skilldemand/skilldemand"
)

// maxCached bounds how many filters' demand results are kept.
const maxCached = 512

// demandCache memoises Demand per filter. Every write bumps gen; an entry
// computed at an older gen is stale. Concurrent misses for one filter share
// a single search.
type demandCache struct {
	gen   atomic.Uint64
	mu    sync.Mutex
	items map[string]cacheEntry
	group singleflight.Group
}

type cacheEntry struct {
	demand *skilldemand.Demand
	gen    uint64
	at     time.Time
}

// changed records a write to the index.
func (c *demandCache) changed() { c.gen.Add(1) }

func (c *demandCache) get(key string) (cacheEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[key]
	return e, ok
}

func (c *demandCache) put(key string, e cacheEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.items == nil || len(c.items) >= maxCached {
		c.items = make(map[string]cacheEntry)
	}
	c.items[key] = e
}

// filterKey identifies a filter for the cache.
func filterKey(f skilldemand.Filter) string {
	return fmt.Sprintf("%d|%d|%q|%q|%q|%q|%q|%t|%q|%q",
		unixOrZero(f.From), unixOrZero(f.To), f.Company, f.Location, f.Workplace, f.Seniority, f.Source,
		f.IncludeClosed, f.Query, f.Skill)
}

func unixOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// cachedDemand answers from the cache when the entry is current. When
// CacheFor is set and the entry is out of date, it answers with the entry
// anyway and, once the entry is CacheFor old, refreshes it in the
// background, so callers never wait on a search while a crawl writes. With
// no usable entry it runs compute once for all concurrent callers of the
// same filter.
func (x *Index) cachedDemand(ctx context.Context, f skilldemand.Filter, compute func(context.Context, skilldemand.Filter) (*skilldemand.Demand, error)) (*skilldemand.Demand, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if x.NoCache {
		return compute(ctx, f)
	}
	key := filterKey(f)
	run := func() (any, error) {
		gen, at := x.cache.gen.Load(), time.Now()
		// One search serves every waiting caller: it must not die with
		// the first caller's context.
		d, err := compute(context.WithoutCancel(ctx), f)
		if err != nil {
			return nil, err
		}
		x.cache.put(key, cacheEntry{demand: d, gen: gen, at: at})
		return d, nil
	}
	if e, ok := x.cache.get(key); ok {
		if e.gen == x.cache.gen.Load() {
			return cloneDemand(e.demand), nil
		}
		if x.CacheFor > 0 {
			if time.Since(e.at) >= x.CacheFor {
				x.refreshing.Add(1)
				ch := x.cache.group.DoChan(key, run)
				go func() { // tracked: Close waits for refreshes
					defer x.refreshing.Done()
					<-ch
				}()
			}
			return cloneDemand(e.demand), nil
		}
	}
	v, err, _ := x.cache.group.Do(key, run)
	if err != nil {
		return nil, err
	}
	return cloneDemand(v.(*skilldemand.Demand)), nil
}

// cloneDemand copies d so callers may change what they get.
func cloneDemand(d *skilldemand.Demand) *skilldemand.Demand {
	out := *d
	out.Skills = maps.Clone(d.Skills)
	out.Signals = maps.Clone(d.Signals)
	return &out
}

package main

import (
	"fmt"
	"maps"
	"slices"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/indexer"
	"github.com/skilldemand/skilldemand/store"
)

// groups is the index's view of the store's near-duplicate groups.
func (d *Data) groups(ids []string) (map[string]indexer.Dup, error) {
	gs, err := d.DB.GroupsOf(ids)
	if err != nil {
		return nil, err
	}
	return dupsOf(gs), nil
}

// dupsOf turns the store's groups by posting id into the index's Dups.
func dupsOf(gs map[string]*store.Group) map[string]indexer.Dup {
	out := make(map[string]indexer.Dup, len(gs))
	for id, g := range gs {
		dup := indexer.Dup{Group: g.ID, Canonical: g.Canonical == id}
		if dup.Canonical {
			for _, m := range g.Members {
				dup.Locations = append(dup.Locations, m.Location)
				dup.Sources = append(dup.Sources, m.Source)
				dup.URLs = append(dup.URLs, m.URL)
			}
		}
		out[id] = dup
	}
	return out
}

// useGroups makes the index ask the store which postings are
// near-duplicates whenever it writes.
func (d *Data) useGroups() {
	if d.Index != nil {
		d.Index.Groups = d.groups
	}
}

// indexGrouped indexes ps and every other member of their groups: a new
// member or a closed one can change which member is canonical and what the
// canonical document lists.
func (d *Data) indexGrouped(ps []*skilldemand.Posting) error {
	d.useGroups()
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	gs, err := d.DB.GroupsOf(ids)
	if err != nil {
		return fmt.Errorf("index postings: %w", err)
	}
	var more []string
	all := maps.Clone(gs) // the groups of ps and of the members added
	seen := map[*store.Group]bool{}
	for _, g := range gs {
		if len(g.Members) < 2 || seen[g] {
			continue
		}
		seen[g] = true
		for _, m := range g.Members {
			if !slices.Contains(ids, m.ID) && !slices.Contains(more, m.ID) {
				more = append(more, m.ID)
				all[m.ID] = g
			}
		}
	}
	if len(more) > 0 {
		others, err := d.DB.Postings(more)
		if err != nil {
			return fmt.Errorf("read group members: %w", err)
		}
		ps = append(slices.Clip(ps), others...)
	}
	if err := d.Index.IndexDups(ps, dupsOf(all)); err != nil {
		return fmt.Errorf("index postings: %w", err)
	}
	return nil
}

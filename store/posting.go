package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/skilldemand/skilldemand"
)

// Change is what an upsert did to one posting.
type Change int

// Changes reported by UpsertPostings.
const (
	ChangeUnchanged Change = iota // seen again with the same content
	ChangeNew                     // not stored before
	ChangeUpdated                 // stored and open, content changed
	ChangeReopened                // stored as closed and seen again
)

// String returns "unchanged", "new", "updated" or "reopened".
func (c Change) String() string {
	switch c {
	case ChangeUnchanged:
		return "unchanged"
	case ChangeNew:
		return "new"
	case ChangeUpdated:
		return "updated"
	case ChangeReopened:
		return "reopened"
	}
	return fmt.Sprintf("Change(%d)", int(c))
}

// forEachChunk is how many postings ForEachPosting reads per transaction.
const forEachChunk = 256

// UpsertPostings writes ps in one transaction and returns what happened to
// each, in order. Each posting gets Hash = ContentHash(). A new posting gets
// FirstSeen = LastSeen = seenAt; a stored one keeps its FirstSeen, gets
// LastSeen = seenAt and is reopened if it was closed. A non-nil Extraction
// replaces the stored one; a nil one keeps it.
//
// Every posting is validated first: one invalid posting fails the call and
// nothing is written. On success each *Posting in ps is updated to what was
// stored (lifecycle fields, hash and extraction); on failure ps is untouched.
// The same ID twice in ps is applied in order.
//
// Each posting is also placed in its near-duplicate group (see Group);
// GroupsOf tells which.
func (db *DB) UpsertPostings(ps []*skilldemand.Posting, seenAt time.Time) ([]Change, error) {
	if seenAt.IsZero() {
		return nil, fmt.Errorf("upsert postings: seen time required")
	}
	for i, p := range ps {
		if p == nil {
			return nil, fmt.Errorf("upsert postings: posting %d is nil", i)
		}
		if err := p.Validate(); err != nil {
			return nil, fmt.Errorf("upsert postings: posting %d: %w", i, err)
		}
	}
	if len(ps) == 0 {
		return []Change{}, nil
	}
	seenAt = seenAt.UTC()

	changes := make([]Change, len(ps))
	stored := make([]*skilldemand.Posting, len(ps))
	err := db.update(func(tx *bolt.Tx) error {
		b, err := bucket(tx, bucketPostings)
		if err != nil {
			return err
		}
		groups, err := newGroupTx(tx)
		if err != nil {
			return err
		}
		for i, in := range ps {
			next := *in // shallow copy: the caller's posting changes only after commit
			next.Hash = in.ContentHash()
			key := []byte(in.ID)
			if v := b.Get(key); v == nil {
				next.FirstSeen, next.LastSeen, next.ClosedAt = seenAt, seenAt, time.Time{}
				changes[i] = ChangeNew
			} else {
				var old skilldemand.Posting
				if err := json.Unmarshal(v, &old); err != nil {
					return fmt.Errorf("decode stored posting %q: %w", in.ID, err)
				}
				next.FirstSeen, next.LastSeen, next.ClosedAt = old.FirstSeen, seenAt, time.Time{}
				if next.FirstSeen.IsZero() {
					next.FirstSeen = seenAt
				}
				if next.Extraction == nil {
					next.Extraction = old.Extraction
				}
				switch {
				case !old.Open():
					changes[i] = ChangeReopened
				case old.Hash != next.Hash:
					changes[i] = ChangeUpdated
				default:
					changes[i] = ChangeUnchanged
				}
			}
			v, err := json.Marshal(&next)
			if err != nil {
				return fmt.Errorf("encode posting %q: %w", in.ID, err)
			}
			if err := b.Put(key, v); err != nil {
				return fmt.Errorf("put posting %q: %w", in.ID, err)
			}
			stored[i] = &next
			if err := groups.place(&next, nil); err != nil {
				return fmt.Errorf("group posting %q: %w", in.ID, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("upsert postings: %w", err)
	}
	for i, p := range ps {
		*p = *stored[i]
	}
	return changes, nil
}

// Posting returns the stored posting with the given ID, or an error
// wrapping skilldemand.ErrNotFound.
func (db *DB) Posting(id string) (*skilldemand.Posting, error) {
	var p *skilldemand.Posting
	err := db.view(func(tx *bolt.Tx) error {
		b, err := bucket(tx, bucketPostings)
		if err != nil {
			return err
		}
		v := b.Get([]byte(id))
		if v == nil {
			return skilldemand.ErrNotFound
		}
		p = new(skilldemand.Posting)
		return json.Unmarshal(v, p)
	})
	if err != nil {
		return nil, fmt.Errorf("posting %q: %w", id, err)
	}
	return p, nil
}

// ForEachPosting calls fn for every stored posting in ID order. An error
// from fn stops the walk and is returned as is. Postings are read in short
// transactions of a few hundred, and fn runs outside them, so fn may write
// to the store; a posting written during the walk may or may not be seen.
func (db *DB) ForEachPosting(fn func(*skilldemand.Posting) error) error {
	var after []byte // last key handed out; nil before the first chunk
	for {
		chunk := make([]*skilldemand.Posting, 0, forEachChunk)
		err := db.view(func(tx *bolt.Tx) error {
			b, err := bucket(tx, bucketPostings)
			if err != nil {
				return err
			}
			c := b.Cursor()
			var k, v []byte
			if after == nil {
				k, v = c.First()
			} else if k, v = c.Seek(after); k != nil && bytes.Equal(k, after) {
				k, v = c.Next()
			}
			for ; k != nil && len(chunk) < forEachChunk; k, v = c.Next() {
				p := new(skilldemand.Posting)
				if err := json.Unmarshal(v, p); err != nil {
					return fmt.Errorf("decode posting %q: %w", k, err)
				}
				chunk = append(chunk, p)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("for each posting: %w", err)
		}
		for _, p := range chunk {
			if err := fn(p); err != nil {
				return err
			}
		}
		if len(chunk) < forEachChunk {
			return nil
		}
		after = []byte(chunk[len(chunk)-1].ID)
	}
}

// lifecycle is the part of a stored posting needed to tell open from closed
// without decoding the whole value into a Posting.
type lifecycle struct {
	ClosedAt time.Time `json:"closed_at"`
}

// PostingCount returns how many stored postings are open and how many
// there are in all.
func (db *DB) PostingCount() (open, total int, err error) {
	err = db.view(func(tx *bolt.Tx) error {
		b, err := bucket(tx, bucketPostings)
		if err != nil {
			return err
		}
		return b.ForEach(func(k, v []byte) error {
			var lc lifecycle
			if err := json.Unmarshal(v, &lc); err != nil {
				return fmt.Errorf("decode posting %q: %w", k, err)
			}
			total++
			if lc.ClosedAt.IsZero() {
				open++
			}
			return nil
		})
	})
	if err != nil {
		return 0, 0, fmt.Errorf("posting count: %w", err)
	}
	return open, total, nil
}

// CloseMissing marks as closed (ClosedAt = at) every open posting whose ID
// starts with sourceKey + ":" and is not in seen, and returns their IDs in
// order. Call it only after a crawl of that source completed without error.
// A closed canonical member of a group hands over to an open member.
func (db *DB) CloseMissing(sourceKey string, seen map[string]bool, at time.Time) ([]string, error) {
	if sourceKey == "" {
		return nil, fmt.Errorf("close missing: source key required (\"type:board\", e.g. \"greenhouse:acme\")")
	}
	if at.IsZero() {
		return nil, fmt.Errorf("close missing %s: close time required", sourceKey)
	}
	at = at.UTC()
	prefix := []byte(sourceKey + ":")

	var closed []string
	err := db.update(func(tx *bolt.Tx) error {
		closed = closed[:0] // Update does not retry, but keep fn self-contained
		b, err := bucket(tx, bucketPostings)
		if err != nil {
			return err
		}
		// Collect first: writing while a cursor walks may invalidate it.
		var updates [][2][]byte
		c := b.Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			if seen[string(k)] {
				continue
			}
			var lc lifecycle
			if err := json.Unmarshal(v, &lc); err != nil {
				return fmt.Errorf("decode posting %q: %w", k, err)
			}
			if !lc.ClosedAt.IsZero() {
				continue
			}
			var p skilldemand.Posting
			if err := json.Unmarshal(v, &p); err != nil {
				return fmt.Errorf("decode posting %q: %w", k, err)
			}
			p.ClosedAt = at
			nv, err := json.Marshal(&p)
			if err != nil {
				return fmt.Errorf("encode posting %q: %w", k, err)
			}
			updates = append(updates, [2][]byte{bytes.Clone(k), nv})
		}
		groups, err := newGroupTx(tx)
		if err != nil {
			return err
		}
		for _, u := range updates {
			if err := b.Put(u[0], u[1]); err != nil {
				return fmt.Errorf("put posting %q: %w", u[0], err)
			}
			if err := groups.setOpen(string(u[0]), false); err != nil {
				return fmt.Errorf("group of posting %q: %w", u[0], err)
			}
			closed = append(closed, string(u[0]))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("close missing %s: %w", sourceKey, err)
	}
	if len(closed) > 0 {
		db.Logger.Info("closed postings missing from source", logKeySource, sourceKey, logKeyCount, len(closed))
	}
	return closed, nil
}

// SaveExtractions replaces the stored Extraction of each given posting and
// leaves every other field as stored, so a re-extraction (after a taxonomy
// change) touches neither lifecycle nor content hash. Postings not in the
// store are an error wrapping skilldemand.ErrNotFound; nothing is written then.
func (db *DB) SaveExtractions(ps []*skilldemand.Posting) error {
	if len(ps) == 0 {
		return nil
	}
	err := db.update(func(tx *bolt.Tx) error {
		b, err := bucket(tx, bucketPostings)
		if err != nil {
			return err
		}
		for _, in := range ps {
			key := []byte(in.ID)
			v := b.Get(key)
			if v == nil {
				return fmt.Errorf("posting %q: %w", in.ID, skilldemand.ErrNotFound)
			}
			var p skilldemand.Posting
			if err := json.Unmarshal(v, &p); err != nil {
				return fmt.Errorf("decode stored posting %q: %w", in.ID, err)
			}
			p.Extraction = in.Extraction
			nv, err := json.Marshal(&p)
			if err != nil {
				return fmt.Errorf("encode posting %q: %w", in.ID, err)
			}
			if err := b.Put(key, nv); err != nil {
				return fmt.Errorf("put posting %q: %w", in.ID, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save extractions: %w", err)
	}
	return nil
}

// Postings returns the stored postings with the given IDs, in order, read in
// one transaction. A missing ID is an error wrapping skilldemand.ErrNotFound.
func (db *DB) Postings(ids []string) ([]*skilldemand.Posting, error) {
	out := make([]*skilldemand.Posting, 0, len(ids))
	err := db.view(func(tx *bolt.Tx) error {
		b, err := bucket(tx, bucketPostings)
		if err != nil {
			return err
		}
		for _, id := range ids {
			v := b.Get([]byte(id))
			if v == nil {
				return fmt.Errorf("posting %q: %w", id, skilldemand.ErrNotFound)
			}
			p := new(skilldemand.Posting)
			if err := json.Unmarshal(v, p); err != nil {
				return fmt.Errorf("decode posting %q: %w", id, err)
			}
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("postings: %w", err)
	}
	return out, nil
}

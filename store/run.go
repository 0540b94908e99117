package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/skilldemand/skilldemand"
)

// dateLayout is the layout of Snapshot.Date.
const dateLayout = "2006-01-02"

// PutRun stores r under r.ID, replacing any earlier record of the same run
// (a running record is overwritten when the run finishes). IDs must sort
// by start time, as skilldemand.Run documents.
func (db *DB) PutRun(r *skilldemand.Run) error {
	if r == nil || r.ID == "" {
		return fmt.Errorf("put run: run id required (the start time in UTC, RFC 3339 with nanoseconds)")
	}
	v, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("put run %q: encode: %w", r.ID, err)
	}
	err = db.update(func(tx *bolt.Tx) error {
		b, err := bucket(tx, bucketRuns)
		if err != nil {
			return err
		}
		return b.Put([]byte(r.ID), v)
	})
	if err != nil {
		return fmt.Errorf("put run %q: %w", r.ID, err)
	}
	return nil
}

// Runs returns up to limit runs, newest (largest ID) first; limit <= 0
// returns them all.
func (db *DB) Runs(limit int) ([]*skilldemand.Run, error) {
	var runs []*skilldemand.Run
	err := db.view(func(tx *bolt.Tx) error {
		b, err := bucket(tx, bucketRuns)
		if err != nil {
			return err
		}
		c := b.Cursor()
		for k, v := c.Last(); k != nil && (limit <= 0 || len(runs) < limit); k, v = c.Prev() {
			r := new(skilldemand.Run)
			if err := json.Unmarshal(v, r); err != nil {
				return fmt.Errorf("decode run %q: %w", k, err)
			}
			runs = append(runs, r)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("runs: %w", err)
	}
	return runs, nil
}

// PutSnapshot stores s under s.Date (YYYY-MM-DD); a later snapshot of the
// same day replaces the earlier one.
func (db *DB) PutSnapshot(s *skilldemand.Snapshot) error {
	if s == nil {
		return fmt.Errorf("put snapshot: snapshot is nil")
	}
	if err := checkDate(s.Date); err != nil {
		return fmt.Errorf("put snapshot: %w", err)
	}
	v, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("put snapshot %s: encode: %w", s.Date, err)
	}
	err = db.update(func(tx *bolt.Tx) error {
		b, err := bucket(tx, bucketSnapshots)
		if err != nil {
			return err
		}
		return b.Put([]byte(s.Date), v)
	})
	if err != nil {
		return fmt.Errorf("put snapshot %s: %w", s.Date, err)
	}
	return nil
}

// Snapshots returns the snapshots dated from..to inclusive, oldest first.
// An empty bound is unbounded.
func (db *DB) Snapshots(from, to string) ([]*skilldemand.Snapshot, error) {
	for _, d := range []string{from, to} {
		if d == "" {
			continue
		}
		if err := checkDate(d); err != nil {
			return nil, fmt.Errorf("snapshots: %w", err)
		}
	}
	var out []*skilldemand.Snapshot
	err := db.view(func(tx *bolt.Tx) error {
		b, err := bucket(tx, bucketSnapshots)
		if err != nil {
			return err
		}
		c := b.Cursor()
		var k, v []byte
		if from == "" {
			k, v = c.First()
		} else {
			k, v = c.Seek([]byte(from))
		}
		for ; k != nil && (to == "" || bytes.Compare(k, []byte(to)) <= 0); k, v = c.Next() {
			s := new(skilldemand.Snapshot)
			if err := json.Unmarshal(v, s); err != nil {
				return fmt.Errorf("decode snapshot %q: %w", k, err)
			}
			out = append(out, s)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("snapshots: %w", err)
	}
	return out, nil
}

// checkDate checks that d is a YYYY-MM-DD date.
func checkDate(d string) error {
	if _, err := time.Parse(dateLayout, d); err != nil {
		return fmt.Errorf("date %q must be YYYY-MM-DD (UTC), e.g. 2025-01-31", d)
	}
	return nil
}

package store

import (
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// bucketValidators holds one Validator per request key. It is created on
// first write, so files made before it existed need no migration.
var bucketValidators = []byte("validators")

// Validator is what a crawl remembers of one request for the next crawl:
// the HTTP validators of its last response (for a conditional request)
// and what that response yielded, so an unchanged (304) or already
// completed response can be replayed from the store.
type Validator struct {
	ETag         string          `json:"etag,omitempty"`
	LastModified string          `json:"last_modified,omitempty"`
	IDs          []string        `json:"ids,omitempty"`  // posting IDs the response yielded
	Next         json.RawMessage `json:"next,omitempty"` // follow-up requests, as the crawler encodes them
	Bad          int             `json:"bad,omitempty"`  // malformed entries it had
	Stored       time.Time       `json:"stored"`
}

// PutValidator stores v under a request key. It goes through bbolt's
// Batch, so many goroutines may call it at once.
func (db *DB) PutValidator(key string, v Validator) error {
	if key == "" {
		return fmt.Errorf("put validator: key required")
	}
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("put validator: %w", err)
	}
	err = db.batch(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketValidators)
		if err != nil {
			return err
		}
		return b.Put([]byte(key), data)
	})
	if err != nil {
		return fmt.Errorf("put validator: %w", err)
	}
	return nil
}

// Validator returns the validator stored under a request key, and whether
// there is one.
func (db *DB) Validator(key string) (Validator, bool, error) {
	var v Validator
	var ok bool
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketValidators)
		if b == nil {
			return nil
		}
		data := b.Get([]byte(key))
		if data == nil {
			return nil
		}
		ok = true
		return json.Unmarshal(data, &v)
	})
	if err != nil {
		return Validator{}, false, fmt.Errorf("validator: %w", err)
	}
	return v, ok, nil
}

// DeleteValidator forgets the validator of a request key.
func (db *DB) DeleteValidator(key string) error {
	err := db.update(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketValidators); b != nil {
			return b.Delete([]byte(key))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("delete validator: %w", err)
	}
	return nil
}

// RequestDone is one completed request of a crawl: its validator and its
// ID in the run's Visits.
type RequestDone struct {
	Key       string
	Validator Validator
	RequestID uint64
}

// CommitRequests stores the validators of completed requests and marks
// them visited under the Visits name, all in one transaction, so a crawl
// can record many responses for one disk sync.
func (db *DB) CommitRequests(visits string, done []RequestDone) error {
	if len(done) == 0 {
		return nil
	}
	v := db.Visits(visits)
	err := db.update(func(tx *bolt.Tx) error {
		vals, err := tx.CreateBucketIfNotExists(bucketValidators)
		if err != nil {
			return err
		}
		b, err := v.buckets(tx, true)
		if err != nil {
			return err
		}
		visited := b.Bucket(bucketVisited)
		for _, d := range done {
			if d.Key == "" {
				return fmt.Errorf("validator key required")
			}
			data, err := json.Marshal(d.Validator)
			if err != nil {
				return err
			}
			if err := vals.Put([]byte(d.Key), data); err != nil {
				return err
			}
			if err := visited.Put(requestKey(d.RequestID), []byte{}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("commit requests: %w", err)
	}
	return nil
}

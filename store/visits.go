package store

import (
	"encoding/binary"
	"fmt"
	"net/url"

	bolt "go.etcd.io/bbolt"
)

// Sub-bucket names inside a Visits bucket.
var (
	bucketVisited = []byte("visited")
	bucketCookies = []byte("cookies")
)

// Visits is persistent crawl state under one name (a run, or a source): a
// set of visited request IDs and a cookie jar keyed by host. It has the
// method set of colly's storage.Storage, so a collector can use it through
// SetStorage, plus VisitIfAbsent for an atomic set-if-absent. Writes go
// through bbolt's Batch, so many goroutines may call it at once.
type Visits struct {
	db   *DB
	name []byte
}

// Visits returns the crawl state stored under name. Call Init before use.
func (db *DB) Visits(name string) *Visits {
	return &Visits{db: db, name: []byte(name)}
}

// Init creates the buckets for this name.
func (v *Visits) Init() error {
	if len(v.name) == 0 {
		return fmt.Errorf("visits: name required")
	}
	err := v.db.update(func(tx *bolt.Tx) error {
		_, err := v.buckets(tx, true)
		return err
	})
	if err != nil {
		return fmt.Errorf("visits %q: init: %w", v.name, err)
	}
	return nil
}

// buckets returns the name's bucket, creating it (and its sub-buckets) when
// create is set; without create it returns nil when absent.
func (v *Visits) buckets(tx *bolt.Tx, create bool) (*bolt.Bucket, error) {
	if len(v.name) == 0 {
		return nil, fmt.Errorf("visits: name required")
	}
	crawl := tx.Bucket(bucketCrawl)
	if crawl == nil {
		if !create {
			return nil, nil
		}
		return nil, fmt.Errorf("bucket %s missing: open the store read-write", bucketCrawl)
	}
	if !create {
		return crawl.Bucket(v.name), nil
	}
	b, err := crawl.CreateBucketIfNotExists(v.name)
	if err != nil {
		return nil, err
	}
	for _, sub := range [][]byte{bucketVisited, bucketCookies} {
		if _, err := b.CreateBucketIfNotExists(sub); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// requestKey encodes a request ID as a sortable key.
func requestKey(id uint64) []byte {
	return binary.BigEndian.AppendUint64(nil, id)
}

// Visited records requestID as visited.
func (v *Visits) Visited(requestID uint64) error {
	_, err := v.VisitIfAbsent(requestID)
	return err
}

// VisitIfAbsent records requestID as visited and reports whether this call
// was the first to do so. Among concurrent callers with the same ID exactly
// one gets first == true.
func (v *Visits) VisitIfAbsent(requestID uint64) (first bool, err error) {
	key := requestKey(requestID)
	err = v.db.batch(func(tx *bolt.Tx) error {
		// Batch may rerun this after a rollback: set first afresh each time.
		first = false
		b, err := v.buckets(tx, true)
		if err != nil {
			return err
		}
		vb := b.Bucket(bucketVisited)
		if vb.Get(key) != nil {
			return nil
		}
		first = true
		return vb.Put(key, []byte{})
	})
	if err != nil {
		return false, fmt.Errorf("visits %q: visit %d: %w", v.name, requestID, err)
	}
	return first, nil
}

// IsVisited reports whether requestID was recorded as visited.
func (v *Visits) IsVisited(requestID uint64) (bool, error) {
	var ok bool
	err := v.db.view(func(tx *bolt.Tx) error {
		b, err := v.buckets(tx, false)
		if err != nil || b == nil {
			return err
		}
		if vb := b.Bucket(bucketVisited); vb != nil {
			ok = vb.Get(requestKey(requestID)) != nil
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("visits %q: is visited %d: %w", v.name, requestID, err)
	}
	return ok, nil
}

// Cookies returns the cookies stored for u's host, as colly's
// storage.StringifyCookies writes them; "" when none. Errors are logged,
// since colly's interface has no error result.
func (v *Visits) Cookies(u *url.URL) string {
	if u == nil {
		return ""
	}
	var s string
	err := v.db.view(func(tx *bolt.Tx) error {
		b, err := v.buckets(tx, false)
		if err != nil || b == nil {
			return err
		}
		if cb := b.Bucket(bucketCookies); cb != nil {
			s = string(cb.Get([]byte(u.Host)))
		}
		return nil
	})
	if err != nil {
		v.db.Logger.Error("read cookies", logKeyName, string(v.name), logKeyError, err)
	}
	return s
}

// SetCookies replaces the cookies stored for u's host. (colly merges old
// and new cookies before calling it.) Errors are logged, since colly's
// interface has no error result.
func (v *Visits) SetCookies(u *url.URL, cookies string) {
	if u == nil {
		return
	}
	err := v.db.batch(func(tx *bolt.Tx) error {
		b, err := v.buckets(tx, true)
		if err != nil {
			return err
		}
		return b.Bucket(bucketCookies).Put([]byte(u.Host), []byte(cookies))
	})
	if err != nil {
		v.db.Logger.Error("store cookies", logKeyName, string(v.name), logKeyError, err)
	}
}

// Clear forgets every visited request and cookie stored under this name.
func (v *Visits) Clear() error {
	err := v.db.update(func(tx *bolt.Tx) error {
		crawl := tx.Bucket(bucketCrawl)
		if crawl == nil {
			return nil
		}
		if crawl.Bucket(v.name) != nil {
			if err := crawl.DeleteBucket(v.name); err != nil {
				return err
			}
		}
		_, err := v.buckets(tx, true)
		return err
	})
	if err != nil {
		return fmt.Errorf("visits %q: clear: %w", v.name, err)
	}
	return nil
}

// Package store keeps skilldemand's source of truth in a bbolt file:
// postings with their lifecycle and extraction, run records, daily demand
// snapshots, small meta values, and crawl state (visited requests and
// cookies) shaped like colly's storage.Storage.
//
// It is the only package that imports go.etcd.io/bbolt. Values are JSON
// (encoding/json) keyed by their IDs. bbolt holds an exclusive lock on the
// file, so one process owns it; Open gives up after DB.Timeout with an error
// wrapping skilldemand.ErrLocked rather than hanging.
package store

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/skilldemand/skilldemand"
)

// SchemaVersion is the layout version this build writes. Open refuses a
// file that carries a newer one.
const SchemaVersion = 1

// DefaultTimeout is how long Open waits for another process's lock.
const DefaultTimeout = time.Second

// MetaSchemaVersion is the meta key holding the file's schema version. It
// is managed by Open; SetMeta refuses it.
const MetaSchemaVersion = "schema_version"

// Errors returned by the store besides the shared skilldemand sentinels.
var (
	// ErrNotOpen is returned by every method called before Open or after Close.
	ErrNotOpen = errors.New("store is not open")
	// ErrNewerSchema is returned by Open when the file was written by a newer build.
	ErrNewerSchema = errors.New("data file has a newer schema version")
)

// Bucket names.
var (
	bucketPostings  = []byte("postings")
	bucketRuns      = []byte("runs")
	bucketSnapshots = []byte("snapshots")
	bucketMeta      = []byte("meta")
	bucketCrawl     = []byte("crawl")   // one sub-bucket per Visits name
	bucketGroups    = []byte("groups")  // group id -> Group (dedup.go)
	bucketDupKeys   = []byte("dupkeys") // normalised company+title -> group ids
	bucketDupIDs    = []byte("dupids")  // posting id -> group id
)

var allBuckets = [][]byte{bucketPostings, bucketRuns, bucketSnapshots, bucketMeta, bucketCrawl, bucketGroups, bucketDupKeys, bucketDupIDs}

// Log attribute keys.
const (
	logKeyPath   = "path"
	logKeySource = "source"
	logKeyCount  = "count"
	logKeyName   = "name"
	logKeyError  = "error"
)

// DB is the bbolt-backed store. Set the fields before Open; the methods are
// safe for concurrent use between Open and Close.
type DB struct {
	// Path of the bbolt file. Its parent directory is created by Open.
	Path string
	// Timeout is how long Open waits for a lock held by another process;
	// zero or less means DefaultTimeout (never wait forever).
	Timeout time.Duration
	// ReadOnly opens the file with a shared lock and allows no writes.
	ReadOnly bool
	// Logger defaults to slog.Default().With("system", "store").
	Logger *slog.Logger

	bolt *bolt.DB
}

// NewDB returns a DB for the file at path with default settings.
func NewDB(path string) *DB {
	return &DB{
		Path:    path,
		Timeout: DefaultTimeout,
		Logger:  slog.Default().With("system", "store"),
	}
}

// Open opens (creating when needed and not ReadOnly) the bbolt file, creates
// the buckets and checks the schema version. A lock held by another process
// for longer than Timeout gives an error wrapping skilldemand.ErrLocked.
func (db *DB) Open() error {
	if db.bolt != nil {
		return fmt.Errorf("open store %s: already open", db.Path)
	}
	if db.Path == "" {
		return fmt.Errorf("open store: path required (set the database file path)")
	}
	if db.Logger == nil {
		db.Logger = slog.Default().With("system", "store")
	}
	timeout := db.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}

	if fi, err := os.Stat(db.Path); err == nil && fi.IsDir() {
		return fmt.Errorf("open store %s: path is a directory; give a file path such as %s",
			db.Path, filepath.Join(db.Path, "skilldemand.db"))
	}
	if !db.ReadOnly {
		if err := os.MkdirAll(filepath.Dir(db.Path), 0o755); err != nil {
			return fmt.Errorf("open store %s: create parent directory: %w", db.Path, err)
		}
	}

	b, err := bolt.Open(db.Path, 0o600, &bolt.Options{Timeout: timeout, ReadOnly: db.ReadOnly})
	if err != nil {
		return db.openError(err, timeout)
	}
	if err := db.initSchema(b); err != nil {
		_ = b.Close()
		return err
	}
	db.bolt = b
	db.Logger.Debug("store opened", logKeyPath, db.Path, "read_only", db.ReadOnly)
	return nil
}

// openError turns bolt.Open's errors into ones that name the path and the fix.
func (db *DB) openError(err error, timeout time.Duration) error {
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return fmt.Errorf("open store %s: %w (waited %s): stop the other skilldemand process (such as `serve`) or use its HTTP API",
			db.Path, skilldemand.ErrLocked, timeout)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrVersionMismatch),
		errors.Is(err, berrors.ErrChecksum), errors.Is(err, berrors.ErrInvalidMapping):
		return fmt.Errorf("open store %s: not a skilldemand database or corrupt (%w): move the file aside or choose another path",
			db.Path, err)
	case errors.Is(err, os.ErrNotExist) && db.ReadOnly:
		return fmt.Errorf("open store %s: no such file; run a crawl or import first, or check the path: %w", db.Path, err)
	case errors.Is(err, os.ErrPermission):
		return fmt.Errorf("open store %s: permission denied; check the file's owner and mode: %w", db.Path, err)
	}
	// bbolt reports a too-short or unreadable file with an unexported error.
	return fmt.Errorf("open store %s: cannot read it as a skilldemand database (%w): move the file aside or choose another path",
		db.Path, err)
}

// initSchema creates the buckets and checks or records the schema version.
func (db *DB) initSchema(b *bolt.DB) error {
	check := func(tx *bolt.Tx) error {
		mb := tx.Bucket(bucketMeta)
		if mb == nil {
			return nil
		}
		v := mb.Get([]byte(MetaSchemaVersion))
		if v == nil {
			return nil
		}
		n, err := strconv.Atoi(string(v))
		if err != nil {
			return fmt.Errorf("open store %s: schema version %q is not a number: the file is corrupt; move it aside", db.Path, v)
		}
		if n > SchemaVersion {
			return fmt.Errorf("open store %s: %w (%d; this build supports up to %d): upgrade skilldemand",
				db.Path, ErrNewerSchema, n, SchemaVersion)
		}
		return nil
	}
	if db.ReadOnly {
		return b.View(check)
	}
	return b.Update(func(tx *bolt.Tx) error {
		for _, name := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("open store %s: create bucket %s: %w", db.Path, name, err)
			}
		}
		if err := check(tx); err != nil {
			return err
		}
		mb := tx.Bucket(bucketMeta)
		if mb.Get([]byte(MetaDedupVersion)) == nil {
			if k, _ := tx.Bucket(bucketPostings).Cursor().First(); k == nil {
				// Nothing stored yet: upserts will group every posting.
				if err := mb.Put([]byte(MetaDedupVersion), []byte(DedupVersion)); err != nil {
					return err
				}
			}
		}
		if mb.Get([]byte(MetaSchemaVersion)) == nil {
			return mb.Put([]byte(MetaSchemaVersion), []byte(strconv.Itoa(SchemaVersion)))
		}
		return nil
	})
}

// Close closes the file and releases its lock. Closing a closed DB is a no-op.
func (db *DB) Close() error {
	if db.bolt == nil {
		return nil
	}
	err := db.bolt.Close()
	db.bolt = nil
	if err != nil {
		return fmt.Errorf("close store %s: %w", db.Path, err)
	}
	return nil
}

// view runs fn in a read transaction.
func (db *DB) view(fn func(tx *bolt.Tx) error) error {
	if db.bolt == nil {
		return ErrNotOpen
	}
	return db.bolt.View(fn)
}

// update runs fn in a read-write transaction.
func (db *DB) update(fn func(tx *bolt.Tx) error) error {
	if db.bolt == nil {
		return ErrNotOpen
	}
	return db.bolt.Update(fn)
}

// batch runs fn through bbolt's Batch, which coalesces concurrent writers
// into one transaction. fn may run more than once and must be idempotent.
func (db *DB) batch(fn func(tx *bolt.Tx) error) error {
	if db.bolt == nil {
		return ErrNotOpen
	}
	return db.bolt.Batch(fn)
}

// bucket returns a top-level bucket or an error naming it when missing
// (a read-only open of a file that was never initialised).
func bucket(tx *bolt.Tx, name []byte) (*bolt.Bucket, error) {
	b := tx.Bucket(name)
	if b == nil {
		return nil, fmt.Errorf("bucket %s missing: open the store once read-write to initialise it", name)
	}
	return b, nil
}

// SetMeta stores a small string value under key.
func (db *DB) SetMeta(key, value string) error {
	if key == "" {
		return fmt.Errorf("set meta: key required")
	}
	if key == MetaSchemaVersion {
		return fmt.Errorf("set meta %q: reserved key managed by Open", key)
	}
	err := db.update(func(tx *bolt.Tx) error {
		b, err := bucket(tx, bucketMeta)
		if err != nil {
			return err
		}
		return b.Put([]byte(key), []byte(value))
	})
	if err != nil {
		return fmt.Errorf("set meta %q: %w", key, err)
	}
	return nil
}

// Meta returns the value stored under key, or "" when absent.
func (db *DB) Meta(key string) (string, error) {
	var v string
	err := db.view(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketMeta); b != nil {
			v = string(b.Get([]byte(key)))
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("meta %q: %w", key, err)
	}
	return v, nil
}

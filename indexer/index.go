// Package indexer keeps a bleve full-text index of postings and answers
// skill-demand and search queries from it.
//
// The index is derived data: the store (bbolt) is the source of truth, and
// the index can be removed and rebuilt from it at any time. Open reports an
// index that cannot be read (ErrCorrupt) or was written by another mapping
// version (ErrStale, which also matches ErrCorrupt) so the caller can
// Remove it and reindex.
//
// It is the only package that imports github.com/blevesearch/bleve/v2. The
// index uses scorch, whose root.bolt holds an exclusive file lock: a second
// Open of the same directory, in this process or another, gives up after
// Index.Timeout with an error wrapping skilldemand.ErrLocked.
package indexer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/skilldemand/skilldemand"
)

// DefaultTimeout is how long Open waits for another process's lock.
const DefaultTimeout = time.Second

// BatchSize is how many postings Index and Delete write per bleve batch.
const BatchSize = 500

// Log attribute keys.
const (
	logKeyPath  = "path"
	logKeyCount = "count"
)

// Errors returned by the indexer besides the shared skilldemand sentinels.
var (
	// ErrCorrupt is returned by Open when the directory holds an index that
	// cannot be read. The index is derived: Remove it and reindex.
	ErrCorrupt = errors.New("index is corrupt or unreadable")
	// ErrStale is returned by Open when the index was written with another
	// mapping version. Errors wrapping it also wrap ErrCorrupt, since the
	// fix is the same: Remove it and reindex.
	ErrStale = errors.New("index was built with another mapping version")
	// ErrNotOpen is returned by every method called before Open or after Close.
	ErrNotOpen = errors.New("index is not open")
	// ErrReadOnly is returned by Index and Delete on an index opened
	// ReadOnly (bleve would block on such a write rather than fail).
	ErrReadOnly = errors.New("index is open read-only")
	// ErrNotIndex is returned by Open and Remove when the path is a
	// directory with other files in it, not an index: nothing is touched.
	ErrNotIndex = errors.New("not an index directory")
)

// Index is a bleve index of postings at Path, a directory.
type Index struct {
	// Path is the index directory; Open creates it if missing (unless ReadOnly).
	Path string
	// ReadOnly opens an existing index for queries only; several read-only
	// openers may share it, but not with a writer.
	ReadOnly bool
	// Timeout is how long Open waits for a lock held by another opener;
	// zero or less means DefaultTimeout (never wait forever).
	Timeout time.Duration
	// Logger receives the indexer's logs and bleve's.
	Logger *slog.Logger
	// Groups, when set, tells Index which postings are near-duplicates of
	// which (see Dup). When nil every posting is its own group.
	Groups GroupsFunc
	// Postings, when set, reads postings' text for the body fragments of
	// Search hits; without it hits carry title fragments only.
	Postings PostingsFunc
	// CacheFor, when set, lets Demand answer from counts made before the
	// latest writes: they are refreshed in the background once CacheFor
	// old, so counts lag writes by at most about CacheFor plus one search.
	// Zero (the default) never serves a stale count; a long-running server
	// sets a few seconds so queries stay fast while a crawl writes.
	CacheFor time.Duration
	// NoCache makes every Demand call search the index, for measuring
	// the search itself.
	NoCache bool

	idx        bleve.Index
	cache      demandCache
	refreshing sync.WaitGroup // background cache refreshes
}

// NewIndex returns an Index for the directory path with default settings.
// Call Open before use.
func NewIndex(path string) *Index {
	return &Index{
		Path:    path,
		Timeout: DefaultTimeout,
		Logger:  slog.Default().With("system", "indexer"),
	}
}

// bleveLog bridges bleve's package-level log.Logger to slog once per
// process; the first opened index's logger wins.
var bleveLog sync.Once

// Open opens the index at Path, creating it with the current mapping when
// the directory is missing or empty (unless ReadOnly). It returns an error
// wrapping skilldemand.ErrLocked when another opener holds the index for
// longer than Timeout, ErrCorrupt when the index cannot be read, ErrStale
// (and ErrCorrupt) when its mapping version differs, ErrNotIndex when Path
// is a directory holding something else, and one wrapping os.ErrNotExist
// for a read-only open of a missing index.
func (x *Index) Open() (err error) {
	if x.idx != nil {
		return fmt.Errorf("open index %s: already open", x.Path)
	}
	if x.Path == "" {
		return errors.New("open index: path required (set the index directory)")
	}
	if x.Logger == nil {
		x.Logger = slog.Default().With("system", "indexer")
	}
	bleveLog.Do(func() {
		bleve.SetLog(slog.NewLogLogger(x.Logger.Handler(), slog.LevelDebug))
	})
	timeout := x.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}

	state, err := inspect(x.Path)
	if err != nil {
		return fmt.Errorf("open index %s: %w", x.Path, err)
	}
	config := map[string]any{"bolt_timeout": timeout.String()}
	if x.ReadOnly {
		config["read_only"] = true
	}

	// A damaged segment can make the segment readers panic; the index is
	// derived, so report that as corruption rather than crash.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("open index %s: %w (%v): remove the directory and reindex", x.Path, ErrCorrupt, r)
		}
	}()

	var idx bleve.Index
	switch state {
	case stateMissing, stateEmpty:
		if x.ReadOnly {
			return fmt.Errorf("open index %s: no index there; run `skilldemand reindex` first or check the path: %w",
				x.Path, os.ErrNotExist)
		}
		idx, err = x.create(config)
		if err != nil {
			return err
		}
		x.Logger.Info("index created", logKeyPath, x.Path)
	case stateIndex:
		idx, err = bleve.OpenUsing(x.Path, config)
		if err != nil {
			return x.openError(err, timeout)
		}
		if err := checkVersion(idx); err != nil {
			_ = idx.Close()
			return fmt.Errorf("open index %s: %w: remove the directory and reindex", x.Path, err)
		}
		x.Logger.Debug("index opened", logKeyPath, x.Path, "read_only", x.ReadOnly)
	}
	x.idx = idx
	return nil
}

// create makes a new index at Path with the current mapping and records
// the mapping version.
func (x *Index) create(config map[string]any) (bleve.Index, error) {
	m, err := newMapping()
	if err != nil {
		return nil, fmt.Errorf("create index %s: build mapping: %w", x.Path, err)
	}
	idx, err := bleve.NewUsing(x.Path, m, scorch.Name, scorch.Name, config)
	if err != nil {
		if errors.Is(err, os.ErrPermission) {
			return nil, fmt.Errorf("create index %s: permission denied; check the directory's owner and mode: %w", x.Path, err)
		}
		return nil, fmt.Errorf("create index %s: %w", x.Path, err)
	}
	b := idx.NewBatch()
	b.SetInternal([]byte(mappingVersionKey), []byte(strconv.Itoa(MappingVersion)))
	b.SetInternal([]byte(docCountKey), []byte("0"))
	if err := idx.Batch(b); err != nil {
		_ = idx.Close()
		return nil, fmt.Errorf("create index %s: record mapping version: %w", x.Path, err)
	}
	return idx, nil
}

// checkVersion compares the mapping version stored in idx with this build's.
func checkVersion(idx bleve.Index) error {
	v, err := idx.GetInternal([]byte(mappingVersionKey))
	if err != nil {
		return fmt.Errorf("%w: read mapping version: %w", ErrCorrupt, err)
	}
	if string(v) != strconv.Itoa(MappingVersion) {
		if v == nil {
			v = []byte("none")
		}
		return fmt.Errorf("%w (%s, this build uses %d) (%w)", ErrStale, v, MappingVersion, ErrCorrupt)
	}
	v, err = idx.GetInternal([]byte(docCountKey))
	if err != nil {
		return fmt.Errorf("%w: read document count: %w", ErrCorrupt, err)
	}
	want, err := strconv.ParseUint(string(v), 10, 64)
	if err != nil {
		return fmt.Errorf("%w: recorded document count %q is not a number", ErrCorrupt, v)
	}
	got, err := idx.DocCount()
	if err != nil {
		return fmt.Errorf("%w: count documents: %w", ErrCorrupt, err)
	}
	if got != want {
		return fmt.Errorf("%w: holds %d postings, %d were written", ErrCorrupt, got, want)
	}
	return nil
}

// recordCount stores the current document count for Open's check.
func (x *Index) recordCount() error {
	n, err := x.idx.DocCount()
	if err != nil {
		return fmt.Errorf("count postings: %w", err)
	}
	if err := x.idx.SetInternal([]byte(docCountKey), []byte(strconv.FormatUint(n, 10))); err != nil {
		return fmt.Errorf("record posting count: %w", err)
	}
	return nil
}

// openError turns bleve's open errors into ones that name the path and the fix.
func (x *Index) openError(err error, timeout time.Duration) error {
	switch {
	case isLockTimeout(err):
		return fmt.Errorf("open index %s: %w (waited %s): stop the other skilldemand process (such as `serve`) or use its HTTP API",
			x.Path, skilldemand.ErrLocked, timeout)
	case errors.Is(err, os.ErrPermission):
		return fmt.Errorf("open index %s: permission denied; check the directory's owner and mode: %w", x.Path, err)
	}
	return fmt.Errorf("open index %s: %w (%w): remove the directory and reindex", x.Path, ErrCorrupt, err)
}

// isLockTimeout reports whether err is bbolt's lock timeout. bbolt is the
// store's dependency, so its sentinel is matched by its text.
func isLockTimeout(err error) bool {
	return err != nil && err.Error() == "timeout"
}

// Directory states seen by Open.
const (
	stateMissing = iota
	stateEmpty
	stateIndex
)

// indexMetaFile is the file bleve writes at the top of every index directory.
const indexMetaFile = "index_meta.json"

// inspect tells what is at path: nothing, an empty directory, or an index
// (a directory holding bleve's meta file or its store). Anything else is
// an error, so an index path pointing at the wrong place is never
// mistaken for a corrupt index and removed.
func inspect(path string) (int, error) {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return stateMissing, nil
	case err != nil:
		return 0, err
	case !fi.IsDir():
		return 0, fmt.Errorf("path is a file, not an index directory; give a directory path such as %s",
			filepath.Join(filepath.Dir(path), "index"))
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return 0, err
	}
	if len(entries) == 0 {
		return stateEmpty, nil
	}
	for _, e := range entries {
		if name := e.Name(); name == indexMetaFile || strings.HasPrefix(name, indexMetaFile) || name == "store" {
			return stateIndex, nil
		}
	}
	return 0, fmt.Errorf("%w: the directory holds other files; choose an empty or new directory", ErrNotIndex)
}

// Remove deletes the index directory at path so it can be rebuilt. It
// refuses (with ErrNotIndex) a directory that does not look like an index,
// and returns nil when path does not exist. The index must not be open.
func Remove(path string) error {
	state, err := inspect(path)
	if err != nil {
		return fmt.Errorf("remove index %s: %w", path, err)
	}
	if state == stateMissing {
		return nil
	}
	if err := os.RemoveAll(path); err != nil {
		return fmt.Errorf("remove index %s: %w", path, err)
	}
	return nil
}

// Close closes the index. Closing a closed index does nothing.
func (x *Index) Close() error {
	if x.idx == nil {
		return nil
	}
	x.refreshing.Wait()
	err := x.idx.Close()
	x.idx = nil
	if err != nil {
		return fmt.Errorf("close index %s: %w", x.Path, err)
	}
	return nil
}

// Index adds or replaces the postings, in batches of BatchSize. A posting
// without an Extraction is indexed without skills or signals. Groups (when
// set) is asked once per batch which postings are near-duplicates; a caller
// that changes a group's canonical member re-indexes every member of it.
func (x *Index) Index(ps []*skilldemand.Posting) error {
	return x.index(ps, nil)
}

// IndexDups is Index for a caller that already knows the near-duplicate
// groups: dups holds the Dup of every given posting that belongs to a
// group (the others are groups of their own), and Groups is not asked.
func (x *Index) IndexDups(ps []*skilldemand.Posting, dups map[string]Dup) error {
	if dups == nil {
		dups = map[string]Dup{}
	}
	return x.index(ps, dups)
}

// index writes ps in batches; with dups nil it asks Groups per batch.
func (x *Index) index(ps []*skilldemand.Posting, known map[string]Dup) error {
	if err := x.writable(); err != nil {
		return fmt.Errorf("index postings: %w", err)
	}
	for start := 0; start < len(ps); start += BatchSize {
		end := min(start+BatchSize, len(ps))
		ids := make([]string, 0, end-start)
		for _, p := range ps[start:end] {
			if p == nil {
				return errors.New("index postings: nil posting")
			}
			if p.ID == "" {
				return fmt.Errorf("index postings: posting %q has no id; set it with skilldemand.MakeID", p.Title)
			}
			ids = append(ids, p.ID)
		}
		dups := known
		if dups == nil && x.Groups != nil {
			var err error
			if dups, err = x.Groups(ids); err != nil {
				return fmt.Errorf("index postings: groups: %w", err)
			}
		}
		b := x.idx.NewBatch()
		for _, p := range ps[start:end] {
			dup, ok := dups[p.ID]
			if !ok {
				dup = Dup{Group: p.ID, Canonical: true}
			}
			if err := b.Index(p.ID, document(p, dup)); err != nil {
				return fmt.Errorf("index posting %s: %w", p.ID, err)
			}
		}
		err := x.idx.Batch(b)
		x.cache.changed()
		if err != nil {
			return fmt.Errorf("index postings %d-%d of %d: %w", start, end, len(ps), err)
		}
	}
	if err := x.recordCount(); err != nil {
		return fmt.Errorf("index postings: %w", err)
	}
	x.Logger.Debug("postings indexed", logKeyCount, len(ps))
	return nil
}

// Delete removes the postings with the given IDs; unknown IDs are ignored.
func (x *Index) Delete(ids []string) error {
	if err := x.writable(); err != nil {
		return fmt.Errorf("delete postings: %w", err)
	}
	for start := 0; start < len(ids); start += BatchSize {
		end := min(start+BatchSize, len(ids))
		b := x.idx.NewBatch()
		for _, id := range ids[start:end] {
			if id != "" {
				b.Delete(id)
			}
		}
		err := x.idx.Batch(b)
		x.cache.changed()
		if err != nil {
			return fmt.Errorf("delete postings %d-%d of %d: %w", start, end, len(ids), err)
		}
	}
	if err := x.recordCount(); err != nil {
		return fmt.Errorf("delete postings: %w", err)
	}
	x.Logger.Debug("postings deleted", logKeyCount, len(ids))
	return nil
}

// writable reports why the index cannot be written, or nil.
func (x *Index) writable() error {
	switch {
	case x.idx == nil:
		return ErrNotOpen
	case x.ReadOnly:
		return fmt.Errorf("%s: %w; open it without ReadOnly to write", x.Path, ErrReadOnly)
	}
	return nil
}

// Count returns the number of postings in the index.
func (x *Index) Count() (uint64, error) {
	if x.idx == nil {
		return 0, ErrNotOpen
	}
	n, err := x.idx.DocCount()
	if err != nil {
		return 0, fmt.Errorf("count postings: %w", err)
	}
	return n, nil
}

// search runs a request with the context, recovering nothing: bleve
// returns errors for bad requests.
func (x *Index) search(ctx context.Context, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	if x.idx == nil {
		return nil, ErrNotOpen
	}
	return x.idx.SearchInContext(ctx, req)
}

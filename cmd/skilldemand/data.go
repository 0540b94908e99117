package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/configs"
	"github.com/skilldemand/skilldemand/extract"
	"github.com/skilldemand/skilldemand/indexer"
	"github.com/skilldemand/skilldemand/store"
)

// File names inside the data directory.
const (
	storeFile = "skilldemand.db"
	indexDir  = "index.bleve"
)

// lockTimeout bounds how long a command waits for another process's lock.
const lockTimeout = time.Second

// Data is an opened data directory: the store (source of truth), the
// index derived from it, and the extractor.
type Data struct {
	Dir       string
	DB        *store.DB
	Index     *indexer.Index
	Taxonomy  *extract.Taxonomy
	Extractor *extract.Extractor
	Logger    *slog.Logger
}

// openData opens the data directory. Read-only opens take shared locks so
// several queries can run at once; a missing, stale or corrupt index is
// rebuilt from the store.
func (m *Main) openData(ctx context.Context, cfg *Config, readOnly bool) (*Data, error) {
	tax, err := loadTaxonomy(cfg)
	if err != nil {
		return nil, err
	}
	dir := m.dataDir
	if dir == "" {
		return nil, usageErrorf("--data is empty: name a data directory")
	}
	if readOnly {
		if _, err := os.Stat(filepath.Join(dir, storeFile)); errors.Is(err, fs.ErrNotExist) {
			return nil, usageErrorf("no data in %s: run `skilldemand crawl --data %s` (or import, or demo) first", dir, dir)
		}
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, usageErrorf("cannot use data dir %s: %v: pick a writable --data directory", dir, unwrapPathError(err))
	}

	d := &Data{Dir: dir, Taxonomy: tax, Extractor: extract.New(tax), Logger: m.logger()}
	d.DB = store.NewDB(filepath.Join(dir, storeFile))
	d.DB.Timeout = lockTimeout
	d.DB.ReadOnly = readOnly
	d.DB.Logger = d.Logger.With("system", "store")
	if err := d.DB.Open(); err != nil {
		return nil, dataError(dir, err)
	}
	if err := d.openIndex(ctx, readOnly, nil); err != nil {
		d.DB.Close()
		return nil, err
	}
	return d, nil
}

func (d *Data) openIndex(ctx context.Context, readOnly bool, p *progress) error {
	path := filepath.Join(d.Dir, indexDir)
	_, statErr := os.Stat(path)
	missing := errors.Is(statErr, fs.ErrNotExist)
	if !missing {
		d.Index = d.newIndex(path, readOnly)
		err := d.Index.Open()
		if err == nil {
			return nil
		}
		if errors.Is(err, skilldemand.ErrLocked) {
			return dataError(d.Dir, err)
		}
		if !errors.Is(err, indexer.ErrCorrupt) && !errors.Is(err, indexer.ErrStale) {
			return fmt.Errorf("open index: %w", err)
		}
		if errors.Is(err, indexer.ErrStale) {
			d.Logger.Info("index built by another version, rebuilding from the store", "path", path)
		} else {
			d.Logger.Warn("index unusable, rebuilding from the store", "path", path, "err", err)
		}
	}
	// The index is derived: build it afresh from the store.
	if err := os.RemoveAll(path); err != nil {
		return fmt.Errorf("remove unusable index: %w", err)
	}
	d.Index = d.newIndex(path, false)
	if err := d.Index.Open(); err != nil {
		return dataError(d.Dir, fmt.Errorf("create index: %w", err))
	}
	_, err := d.Reindex(ctx, p)
	return err
}

func (d *Data) newIndex(path string, readOnly bool) *indexer.Index {
	x := indexer.NewIndex(path)
	x.ReadOnly = readOnly
	x.Timeout = lockTimeout
	x.Logger = d.Logger.With("system", "indexer")
	x.Postings = d.DB.Postings
	return x
}

// Close closes the index and the store.
func (d *Data) Close() error {
	var errs []error
	if d.Index != nil {
		errs = append(errs, d.Index.Close())
	}
	if d.DB != nil {
		errs = append(errs, d.DB.Close())
	}
	return errors.Join(errs...)
}

// dataError turns a lock or open failure into one line naming the fix.
func dataError(dir string, err error) error {
	if errors.Is(err, skilldemand.ErrLocked) {
		if e := runningServer(dir); e != nil {
			return e
		}
		return usageErrorf("data dir %s is in use by another skilldemand process (is `skilldemand serve` or a crawl running?): wait for it, stop it, or use another --data directory", dir)
	}
	if errors.Is(err, fs.ErrPermission) {
		return usageErrorf("cannot use data dir %s: permission denied: pick a writable --data directory", dir)
	}
	return usageErrorf("cannot open data in %s: %v", dir, err)
}

// loadTaxonomy reads the embedded taxonomy or the files the config names.
func loadTaxonomy(cfg *Config) (*extract.Taxonomy, error) {
	read := func(override, embedded string) ([]byte, error) {
		if cfg != nil && override != "" {
			b, err := os.ReadFile(cfg.resolve(override))
			if err != nil {
				return nil, usageErrorf("cannot read taxonomy file %s: %v", override, unwrapPathError(err))
			}
			return b, nil
		}
		return configs.FS.ReadFile(embedded)
	}
	var t TaxonomyConfig
	if cfg != nil {
		t = cfg.Taxonomy
	}
	skills, err := read(t.Skills, "skills.yaml")
	if err != nil {
		return nil, err
	}
	reality, err := read(t.Reality, "market_reality.yaml")
	if err != nil {
		return nil, err
	}
	tax, err := extract.LoadTaxonomy(skills, reality)
	if err != nil {
		return nil, usageErrorf("taxonomy: %v", err)
	}
	return tax, nil
}

// loadRole reads the role's title rules: a name from configs/roles or a path.
func loadRole(cfg *Config) (*extract.Role, error) {
	name := cfg.Role
	var b []byte
	var err error
	if filepath.Ext(name) == ".yaml" || filepath.Ext(name) == ".yml" {
		b, err = os.ReadFile(cfg.resolve(name))
	} else {
		b, err = configs.FS.ReadFile("roles/" + name + ".yaml")
	}
	if err != nil {
		return nil, usageErrorf("role %q: no such role: use \"tpm\" or a path to a role YAML file", name)
	}
	role, err := extract.LoadRole(b)
	if err != nil {
		return nil, usageErrorf("role %q: %v", name, err)
	}
	return role, nil
}

func (m *Main) logger() *slog.Logger {
	if m.Logger != nil {
		return m.Logger
	}
	return slog.Default()
}

// extractVersion is the Extraction.Version the extractor writes with tax.
func extractVersion(tax *extract.Taxonomy) string { return extract.Version + "+" + tax.Version }

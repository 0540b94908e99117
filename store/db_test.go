package store_test

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/store"
)

// holdLockEnv names the file a re-executed test binary opens and holds.
const holdLockEnv = "SKILLDEMAND_STORE_TEST_HOLD_LOCK"

// TestMain lets the test binary act as a second process holding the lock:
// with holdLockEnv set it opens that file, prints "locked", and keeps the
// lock until its stdin closes.
func TestMain(m *testing.M) {
	if path := os.Getenv(holdLockEnv); path != "" {
		db := store.NewDB(path)
		if err := db.Open(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println("locked")
		_, _ = io.Copy(io.Discard, os.Stdin)
		_ = db.Close()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// MustOpenDB opens a fresh store in a temporary directory, closed at cleanup.
func MustOpenDB(tb testing.TB) *store.DB {
	tb.Helper()
	db := store.NewDB(filepath.Join(tb.TempDir(), "sub", "skilldemand.db"))
	if err := db.Open(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Error(err)
		}
	})
	return db
}

func TestDB_Open(t *testing.T) {
	t.Run("CreatesParentAndSchema", func(t *testing.T) {
		db := MustOpenDB(t)
		if _, err := os.Stat(db.Path); err != nil {
			t.Fatalf("got %v, want the file created", err)
		}
		v, err := db.Meta(store.MetaSchemaVersion)
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprint(store.SchemaVersion); v != want {
			t.Errorf("schema version: got %q, want %q", v, want)
		}
	})

	t.Run("Reopen", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "db")
		db := store.NewDB(path)
		if err := db.Open(); err != nil {
			t.Fatal(err)
		}
		if err := db.SetMeta("k", "v"); err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Errorf("second close: got %v, want nil", err)
		}
		ro := store.NewDB(path)
		ro.ReadOnly = true
		if err := ro.Open(); err != nil {
			t.Fatal(err)
		}
		defer ro.Close()
		if v, err := ro.Meta("k"); err != nil || v != "v" {
			t.Errorf("got %q, %v; want \"v\", nil", v, err)
		}
		if err := ro.SetMeta("k", "w"); err == nil {
			t.Error("set meta on a read-only store: got nil error, want one")
		}
	})

	t.Run("ErrLocked", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "db")
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), holdLockEnv+"="+path)
		stdin, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		defer func() {
			stdin.Close()
			if err := cmd.Wait(); err != nil {
				t.Errorf("lock holder: %v\n%s", err, stderr.String())
			}
		}()
		line, err := bufio.NewReader(stdout).ReadString('\n')
		if err != nil || strings.TrimSpace(line) != "locked" {
			t.Fatalf("lock holder: got %q, %v; want \"locked\"\n%s", line, err, stderr.String())
		}

		for _, readOnly := range []bool{false, true} {
			db := store.NewDB(path)
			db.Timeout = 200 * time.Millisecond
			db.ReadOnly = readOnly
			err := db.Open()
			if !errors.Is(err, skilldemand.ErrLocked) {
				db.Close()
				t.Fatalf("read-only %v: got %v, want an error wrapping ErrLocked", readOnly, err)
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("got %q, want the path named", err)
			}
		}
	})

	t.Run("NotBolt", func(t *testing.T) {
		dir := t.TempDir()
		for name, data := range map[string][]byte{
			"short": []byte("hello, not a database\n"),
			"long":  []byte(strings.Repeat("not a bolt file at all\n", 2000)),
		} {
			path := filepath.Join(dir, name)
			if err := os.WriteFile(path, data, 0o600); err != nil {
				t.Fatal(err)
			}
			db := store.NewDB(path)
			err := db.Open()
			if err == nil {
				db.Close()
				t.Fatalf("%s: got nil error, want one", name)
			}
			if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "move the file aside") {
				t.Errorf("%s: got %q, want the path and the fix named", name, err)
			}
			if errors.Is(err, skilldemand.ErrLocked) {
				t.Errorf("%s: got ErrLocked, want a format error", name)
			}
		}
	})

	t.Run("Directory", func(t *testing.T) {
		db := store.NewDB(t.TempDir())
		if err := db.Open(); err == nil || !strings.Contains(err.Error(), "directory") {
			db.Close()
			t.Errorf("got %v, want an error saying the path is a directory", err)
		}
	})

	t.Run("ReadOnlyMissing", func(t *testing.T) {
		db := store.NewDB(filepath.Join(t.TempDir(), "absent.db"))
		db.ReadOnly = true
		if err := db.Open(); err == nil || !strings.Contains(err.Error(), "no such file") {
			db.Close()
			t.Errorf("got %v, want an error saying the file is missing", err)
		}
	})

	t.Run("NewerSchema", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "db")
		db := store.NewDB(path)
		if err := db.Open(); err != nil {
			t.Fatal(err)
		}
		db.Close()
		b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		err = b.Update(func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("meta")).Put([]byte(store.MetaSchemaVersion), []byte("999"))
		})
		b.Close()
		if err != nil {
			t.Fatal(err)
		}
		err = db.Open()
		if !errors.Is(err, store.ErrNewerSchema) || !strings.Contains(err.Error(), "upgrade") {
			db.Close()
			t.Errorf("got %v, want ErrNewerSchema naming the fix", err)
		}
	})

	t.Run("NotOpen", func(t *testing.T) {
		db := store.NewDB(filepath.Join(t.TempDir(), "db"))
		if _, err := db.Posting("x"); !errors.Is(err, store.ErrNotOpen) {
			t.Errorf("got %v, want ErrNotOpen", err)
		}
	})
}

func TestDB_Meta(t *testing.T) {
	db := MustOpenDB(t)
	if v, err := db.Meta("absent"); err != nil || v != "" {
		t.Errorf("absent: got %q, %v; want \"\", nil", v, err)
	}
	for _, v := range []string{"one", "two"} {
		if err := db.SetMeta("key", v); err != nil {
			t.Fatal(err)
		}
		if got, err := db.Meta("key"); err != nil || got != v {
			t.Errorf("got %q, %v; want %q, nil", got, err, v)
		}
	}
	if err := db.SetMeta(store.MetaSchemaVersion, "7"); err == nil {
		t.Error("set schema version: got nil error, want one")
	}
	if err := db.SetMeta("", "x"); err == nil {
		t.Error("empty key: got nil error, want one")
	}
}

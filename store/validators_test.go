package store_test

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/skilldemand/skilldemand/store"
)

func TestValidators(t *testing.T) {
	db := store.NewDB(filepath.Join(t.TempDir(), "v.db"))
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, ok, err := db.Validator("GET http://x/a"); ok || err != nil {
		t.Fatalf("got ok %v, err %v on an empty store, want neither", ok, err)
	}
	want := store.Validator{ETag: `"v1"`, LastModified: "Mon, 02 Jan 2006 15:04:05 GMT", IDs: []string{"a", "b"}, Next: []byte(`[{"URL":"x"}]`), Bad: 1}
	if err := db.PutValidator("GET http://x/a", want); err != nil {
		t.Fatal(err)
	}
	got, ok, err := db.Validator("GET http://x/a")
	if err != nil || !ok {
		t.Fatalf("got ok %v, err %v, want the stored validator", ok, err)
	}
	if got.ETag != want.ETag || got.LastModified != want.LastModified || !slices.Equal(got.IDs, want.IDs) || string(got.Next) != string(want.Next) || got.Bad != 1 {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if err := db.DeleteValidator("GET http://x/a"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := db.Validator("GET http://x/a"); ok {
		t.Error("got a validator after delete, want none")
	}
	if err := db.PutValidator("", want); err == nil {
		t.Error("got no error for an empty key")
	}
}

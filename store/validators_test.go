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

func TestDB_CommitRequests(t *testing.T) {
	db := MustOpenDB(t)
	done := []store.RequestDone{
		{Key: "GET https://a/1", Validator: store.Validator{ETag: `"x"`, IDs: []string{"greenhouse:a:1"}}, RequestID: 1},
		{Key: "GET https://a/2", Validator: store.Validator{LastModified: "Mon, 02 Jan 2006 15:04:05 GMT"}, RequestID: 2},
	}
	if err := db.CommitRequests("run:r1", done); err != nil {
		t.Fatal(err)
	}
	for _, d := range done {
		v, ok, err := db.Validator(d.Key)
		if err != nil || !ok || v.ETag != d.Validator.ETag || v.LastModified != d.Validator.LastModified {
			t.Errorf("validator %s: got %+v ok=%v err=%v", d.Key, v, ok, err)
		}
		if ok, err := db.Visits("run:r1").IsVisited(d.RequestID); err != nil || !ok {
			t.Errorf("request %d: visited=%v err=%v, want visited", d.RequestID, ok, err)
		}
	}
	if err := db.CommitRequests("run:r1", []store.RequestDone{{RequestID: 3}}); err == nil {
		t.Error("a request without a key: got nil error")
	}
	if ok, _ := db.Visits("run:r1").IsVisited(3); ok {
		t.Error("a failed commit marked its request visited")
	}
}

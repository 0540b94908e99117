package dataset_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/dataset"
)

func TestReadJSONL(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		in := `{"id":"a1","source":"x","title":"Technical Program Manager","company":"Acme","location":"Remote, US","date":"2025-03","url":"https://example.com/a1","description":"Plain text body"}

{"id":"a2","title":"TPM II","description":"<p>Lead <b>programs</b></p>","date":"2025-10-28T10:00:00Z"}
`
		ps, err := dataset.ReadJSONL(strings.NewReader(in), "demo")
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(ps), 2; got != want {
			t.Fatalf("got %d postings, want %d", got, want)
		}
		p := ps[0]
		if got, want := p.ID, "file:demo:a1"; got != want {
			t.Errorf("ID: got %q, want %q", got, want)
		}
		if err := p.Validate(); err != nil {
			t.Errorf("Validate: %v", err)
		}
		if got, want := p.Format, skilldemand.FormatText; got != want {
			t.Errorf("Format: got %q, want %q", got, want)
		}
		if got, want := p.Workplace, skilldemand.WorkplaceRemote; got != want {
			t.Errorf("Workplace: got %q, want %q", got, want)
		}
		if got, want := p.Posted, time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC); !got.Equal(want) {
			t.Errorf("Posted: got %v, want %v", got, want)
		}
		if got, want := ps[1].Format, skilldemand.FormatHTML; got != want {
			t.Errorf("second Format: got %q, want %q", got, want)
		}
	})

	for _, tt := range []struct {
		name, in string
		line     int
		err      error
	}{
		{"Malformed", "{\"id\":\"a\",\"title\":\"x\"}\n{oops\n", 2, nil},
		{"NoID", `{"title":"x"}`, 1, dataset.ErrNoID},
		{"NoTitle", `{"id":"a","title":"  "}`, 1, dataset.ErrNoTitle},
		{"Duplicate", "{\"id\":\"a\",\"title\":\"x\"}\n{\"id\":\"a\",\"title\":\"y\"}", 2, dataset.ErrDupID},
		{"TwoValues", `{"id":"a","title":"x"} {"id":"b","title":"y"}`, 1, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := dataset.ReadJSONL(strings.NewReader(tt.in), "demo")
			var le *dataset.LineError
			if !errors.As(err, &le) {
				t.Fatalf("got %v, want a *LineError", err)
			}
			if le.Line != tt.line {
				t.Errorf("line: got %d, want %d", le.Line, tt.line)
			}
			if tt.err != nil && !errors.Is(err, tt.err) {
				t.Errorf("got %v, want %v", err, tt.err)
			}
		})
	}

	t.Run("Empty", func(t *testing.T) {
		if _, err := dataset.ReadJSONL(strings.NewReader("\n\n"), "demo"); !errors.Is(err, dataset.ErrEmpty) {
			t.Fatalf("got %v, want ErrEmpty", err)
		}
	})
	t.Run("LongLine", func(t *testing.T) {
		long := `{"id":"a","title":"x","description":"` + strings.Repeat("a", dataset.MaxLine) + `"}`
		if _, err := dataset.ReadJSONL(strings.NewReader(long), "demo"); !errors.Is(err, dataset.ErrLongLine) {
			t.Fatalf("got %v, want ErrLongLine", err)
		}
	})
}

func TestBoardName(t *testing.T) {
	for in, want := range map[string]string{
		"dev.jsonl":             "dev",
		"/tmp/My Data.jsonl.gz": "my-data",
		`C:\x\postings.ndjson`:  "postings",
		"???.jsonl":             "dataset",
	} {
		if got := dataset.BoardName(in); got != want {
			t.Errorf("BoardName(%q): got %q, want %q", in, got, want)
		}
	}
}

func FuzzReadJSONL(f *testing.F) {
	f.Add([]byte(`{"id":"a1","title":"TPM","description":"<p>x</p>","date":"2025-03"}`))
	f.Add([]byte("{\"id\":\"a\",\"title\":\"x\"}\n{\"id\":\"a\",\"title\":\"y\"}"))
	f.Add([]byte(`{"id":1}`))
	f.Add([]byte("\xff\xfe"))
	f.Fuzz(func(t *testing.T, b []byte) {
		ps, err := dataset.ReadJSONL(strings.NewReader(string(b)), "fuzz")
		if err != nil {
			return
		}
		for _, p := range ps {
			if err := p.Validate(); err != nil {
				t.Fatalf("accepted an invalid posting: %v", err)
			}
		}
	})
}

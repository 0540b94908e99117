package dataset_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/skilldemand/skilldemand/dataset"
)

func TestReadCSV(t *testing.T) {
	tests := []struct {
		name, in string
		mapping  []string
		want     int
		wantErr  error
	}{
		{"aliases", "id,title,company\n1,TPM,Acme\n2,PM,Acme\n", nil, 2, nil},
		{"mapped", "Req,Role Name\nA,TPM\n", []string{"id=Req", "title=Role Name"}, 1, nil},
		{"no title", "id,name2\n1,x\n", nil, 0, dataset.ErrNoColumn},
		{"mapped column missing", "id,title\n1,x\n", []string{"company=Employer"}, 0, dataset.ErrMapping},
		{"empty", "", nil, 0, dataset.ErrEmpty},
		{"header only", "id,title\n", nil, 0, dataset.ErrEmpty},
		{"dup id", "id,title\n1,a\n1,b\n", nil, 0, dataset.ErrDupID},
		{"bad quote", "id,title\n1,\"a\n", nil, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := dataset.ParseMapping(tt.mapping)
			if err != nil {
				t.Fatal(err)
			}
			ps, err := dataset.ReadCSV(strings.NewReader(tt.in), "b", m)
			if tt.name == "bad quote" {
				var le *dataset.LineError
				if !errors.As(err, &le) {
					t.Errorf("got %v, want a *LineError", err)
				}
				return
			}
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Errorf("got %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil || len(ps) != tt.want {
				t.Fatalf("got %d postings, %v; want %d", len(ps), err, tt.want)
			}
			if ps[0].ID != "file:b:"+strings.Split(strings.Split(tt.in, "\n")[1], ",")[0] {
				t.Errorf("got id %q", ps[0].ID)
			}
		})
	}
	if _, err := dataset.ParseMapping([]string{"pay=Salary"}); !errors.Is(err, dataset.ErrMapping) {
		t.Errorf("got %v for an unknown field, want ErrMapping", err)
	}
}

func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{"id,title\n1,a\n", "Req ID,Job Title,Job Description\nX,\"a,b\",\"<p>x</p>\"\n", "\ufeffid,title\n", "id,title\n\"", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		ps, err := dataset.ReadCSV(strings.NewReader(in), "b", nil)
		if err != nil && len(ps) > 0 {
			t.Fatalf("got %d postings with error %v", len(ps), err)
		}
		for _, p := range ps {
			if err := p.Validate(); err != nil {
				t.Fatalf("got invalid posting: %v", err)
			}
		}
	})
}

package extract_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/skilldemand/skilldemand/configs"
	"github.com/skilldemand/skilldemand/extract"
)

func TestRole_Match(t *testing.T) {
	data, err := configs.FS.ReadFile("roles/tpm.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r, err := extract.LoadRole(data)
	if err != nil {
		t.Fatal(err)
	}
	if r.Name != "tpm" {
		t.Errorf("name: got %q, want tpm", r.Name)
	}
	tests := []struct {
		title string
		want  bool
	}{
		{"Senior Technical Program Manager, Infra", true},
		{"TPM II", true},
		{"Sr. TPM - Payments", true},
		{"Engineering Program Manager", true},
		{"Technical Program Manager", true},
		{"technical program manager", true},
		{"Staff Technical Program Manager, Marketing Technology", true},
		{"Principal Technical Programme Manager", true},
		{"Technical Project Manager", true},
		{"Program Manager, Cloud Infrastructure", true},
		{"Hardware Program Manager", true},
		{"Software Engineer", false},
		{"Product Manager", false},
		{"Program Manager, Marketing", false},
		{"Program Manager, Data Marketing", false},
		{"Marketing Program Manager", false},
		{"TPMSoft Sales Lead", false},
		{"Project Manager", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := r.Match(tt.title); got != tt.want {
			t.Errorf("Match(%q): got %v, want %v", tt.title, got, tt.want)
		}
	}
}

func TestLoadRole_Errors(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"UnknownField", "name: x\nkeep: [tpm]\ninclde: [a]\n", "inclde"},
		{"NoName", "keep: [tpm]\n", "name is missing"},
		{"NoRules", "name: x\n", "no title rules"},
		{"EmptyPhrase", "name: x\nkeep: ['--']\n", "keep[0]"},
		{"OneGroup", "name: x\ninclude_if:\n  - [[program manager]]\n", "include_if[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := extract.LoadRole([]byte(tt.yaml))
			if err == nil || !errors.Is(err, extract.ErrRole) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want ErrRole mentioning %q", err, tt.want)
			}
		})
	}
}

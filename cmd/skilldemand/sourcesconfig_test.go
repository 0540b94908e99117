package main

import (
	"strings"
	"testing"
)

func TestParseConfig_SourceFields(t *testing.T) {
	tests := []struct {
		name, yaml, want string // want "" means valid
	}{
		{"JSONLDNoStart", "sources:\n  - { type: jsonld, board: acme }\n", "sources[0] (jsonld:acme): start is missing"},
		{"WorkdayNoStart", "sources:\n  - { type: workday, board: acme }\n", "sources[0] (workday:acme): start is missing: set it to the careers URL"},
		{"FileNoPath", "sources:\n  - { type: file, board: dump }\n", "sources[0] (file:dump): path is missing"},
		{"RelativeStart", "sources:\n  - { type: jsonld, board: acme, start: [careers.example.com] }\n", "start[0] \"careers.example.com\" must be an absolute URL"},
		{"JSONLDOK", "sources:\n  - { type: jsonld, board: acme, start: [\"https://careers.example.com/sitemap.xml\"] }\n", ""},
		{"WorkdayOK", "sources:\n  - { type: workday, board: acme, start: [\"https://acme.wd5.myworkdayjobs.com/en-US/External\"] }\n", ""},
		{"FileOK", "sources:\n  - { type: file, board: dump, path: jobs.csv, start: [\"title=Job Title\"] }\n", ""},
		{"BodySizeString", "politeness: { max_body_size: 5MB }\n", ""},
		{"BodySizeBytes", "politeness: { max_body_size: 1048576 }\n", ""},
		{"BodySizeBad", "politeness: { max_body_size: lots }\n", "size \"lots\": write a number of bytes"},
		{"BodySizeNegative", "politeness: { max_body_size: -5 }\n", "size \"-5\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseConfig(strings.NewReader(tt.yaml))
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("got error %v, want none", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("got error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestParseByteSize(t *testing.T) {
	tests := []struct {
		in   string
		want ByteSize
		ok   bool
	}{
		{"20MB", 20 << 20, true},
		{"512 KiB", 512 << 10, true},
		{"1.5GB", 3 << 29, true},
		{"1048576", 1 << 20, true},
		{"7b", 7, true},
		{"", 0, false},
		{"MB", 0, false},
		{"5 parsecs", 0, false},
		{"100GB", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseByteSize(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("ParseByteSize(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
	if got := ByteSize(20 << 20).String(); got != "20MB" {
		t.Errorf("String() = %q, want 20MB", got)
	}
	cfg, err := ParseConfig(strings.NewReader("politeness: { max_body_size: 3MB }\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c := cfg.newCrawler(nil); c.MaxBodySize != 3<<20 {
		t.Errorf("crawler MaxBodySize = %d, want %d", c.MaxBodySize, 3<<20)
	}
}

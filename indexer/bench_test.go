package indexer_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/skilldemand/skilldemand"
)

// benchPostings builds n synthetic postings with bodies of a few
// kilobytes, about the size of a real listing.
func benchPostings(n int) []*skilldemand.Posting {
	ps := syntheticPostings(n)
	for i, p := range ps {
		var b strings.Builder
		for j := range 40 {
			fmt.Fprintf(&b, "Sentence %d of posting %d about %s, delivery and %s across teams. ",
				j, i, bodyWords[(i+j)%len(bodyWords)], skillIDs[(i*j)%len(skillIDs)])
		}
		if p.Extraction != nil {
			p.Extraction.Text += " " + b.String()
		} else {
			p.Description += "<p>" + b.String() + "</p>"
		}
	}
	return ps
}

// BenchmarkIndex measures batch upserts of postings into an index.
func BenchmarkIndex(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			ps := benchPostings(n)
			x := MustOpenIndex(b)
			b.ReportAllocs()
			for b.Loop() {
				if err := x.Index(ps); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "postings/s")
		})
	}
}

// BenchmarkDemand measures demand queries over 2000 postings.
func BenchmarkDemand(b *testing.B) {
	x := MustOpenIndex(b)
	if err := x.Index(benchPostings(2000)); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for _, tt := range []struct {
		name string
		f    skilldemand.Filter
	}{
		{"All", skilldemand.Filter{IncludeClosed: true}},
		{"Open", skilldemand.Filter{}},
		{"Company", skilldemand.Filter{Company: "acme"}},
		{"Query", skilldemand.Filter{Query: "kubernetes roadmap"}},
	} {
		b.Run(tt.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				d, err := x.Demand(ctx, tt.f)
				if err != nil {
					b.Fatal(err)
				}
				if d.Total == 0 {
					b.Fatal("got no postings, want some")
				}
			}
		})
	}
}

package crawler_test

import (
	"testing"

	"github.com/skilldemand/skilldemand/crawler"
)

// fuzzDecoder checks that a decoder never panics, returns no postings with
// an error, and returns only postings with an id and a title.
func fuzzDecoder(f *testing.F, typ string, seedFiles ...string) {
	for _, name := range seedFiles {
		f.Add(mustRead(f, name))
	}
	for _, s := range []string{
		``, `null`, `{}`, `[]`, `{"jobs":null}`, `{"jobs":[null]}`, `{"jobs":[{}]}`, `[null]`, `[{}]`,
		`{"jobs":[{"id":1e400,"title":"x"}]}`, `[{"id":"a","text":"b","createdAt":1e300}]`,
		`{"jobs":[{"id":"a","title":"b","compensation":{"summaryComponents":[{"compensationType":"Salary","interval":"1 HOUR","minValue":-5,"maxValue":null}]}}]}`,
		`{"jobs":[{"id":7,"title":"t","content":"&amp;lt;","pay_input_ranges":[{"min_cents":1}]}]}`,
		`[{"id":"a","text":"b","salaryRange":{"interval":"bi-week-salary","min":"x"}}]`,
		`{"content":[{"id":"1","name":"n"}],"totalFound":5,"offset":0,"limit":100}`,
		`{"offers":[{"id":1,"title":"t","slug":"s"}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		posts, _, err := crawler.Decode(typ, body)
		if err != nil && len(posts) > 0 {
			t.Fatalf("got %d postings with error %v", len(posts), err)
		}
		for _, p := range posts {
			if p.ExternalID == "" || p.Title == "" {
				t.Fatalf("got posting without id or title: %+v", p)
			}
		}
	})
}

func FuzzGreenhouse(f *testing.F) { fuzzDecoder(f, "greenhouse", "greenhouse_jobs.json") }

func FuzzLever(f *testing.F) { fuzzDecoder(f, "lever", "lever_postings.json") }

func FuzzAshby(f *testing.F) { fuzzDecoder(f, "ashby", "ashby_board.json") }

func FuzzSmartRecruiters(f *testing.F) {
	fuzzDecoder(f, "smartrecruiters", "smartrecruiters_list.json")
}

func FuzzSmartRecruitersDetail(f *testing.F) {
	fuzzDecoder(f, "smartrecruiters:detail", "smartrecruiters_posting_744000081234567.json")
}

func FuzzWorkable(f *testing.F) { fuzzDecoder(f, "workable", "workable_account.json") }

func FuzzRecruitee(f *testing.F) { fuzzDecoder(f, "recruitee", "recruitee_offers.json") }

func FuzzWorkday(f *testing.F) { fuzzDecoder(f, "workday:list", "workday_jobs.json") }

func FuzzWorkdayDetail(f *testing.F) {
	fuzzDecoder(f, "workday:detail", "workday_job_JR-1001.json", "workday_job_JR-1002.json")
}

func FuzzJSONLD(f *testing.F) {
	fuzzDecoder(f, "jsonld", "jsonld_list.html", "jsonld_tpm-platform.html", "jsonld_tpm-infra.html", "jsonld_tpm-security.html")
}

func FuzzSitemap(f *testing.F) { fuzzDecoder(f, "jsonld:sitemap", "jsonld_sitemap.xml") }

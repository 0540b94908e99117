package crawler

import (
	"net/http"
	"strings"
	"time"

	"github.com/skilldemand/skilldemand"
)

// Decode runs the decoder of source type typ on one response body, for
// fuzzing. "type:kind" decodes a response to a request of that kind
// ("smartrecruiters:detail").
func Decode(typ string, body []byte) ([]*skilldemand.Posting, int, error) {
	typ, kind, _ := strings.Cut(typ, ":")
	a, ok := lookupAdapter(typ)
	if !ok {
		panic("no adapter " + typ)
	}
	src := skilldemand.Source{Type: typ, Board: "fuzz"}
	f := a.First(src, "http://127.0.0.1")[0]
	f.Kind = kind
	pg, err := a.Parse(src, f, body)
	return pg.Postings, len(pg.Bad), err
}

// RetryAfter exposes retryAfter to tests.
func RetryAfter(h http.Header, now time.Time) (time.Duration, bool) { return retryAfter(h, now) }

// Backoff exposes backoff to tests.
func Backoff(attempt int) time.Duration { return backoff(attempt) }

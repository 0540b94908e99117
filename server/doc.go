// Package server is skilldemand's HTTP face while `skilldemand serve` runs:
// a JSON API (skills, reality, trends, search with facets, postings with
// their highlighted skill spans, runs, sources, report downloads, crawl and
// reload triggers), a server-rendered dashboard whose assets are all
// embedded, Prometheus metrics, and /healthz.
//
// The package knows nothing of the store, the index or the crawler: it asks
// a Backend, an interface defined here and implemented in cmd/skilldemand,
// for everything it shows. It imports the root package, report, and the
// standard library plus bluemonday (posting HTML is sanitised before it is
// shown), client_golang (metrics) and x/time/rate (a per-client rate limit).
//
// Every response carries a strict Content-Security-Policy (no script at
// all), X-Content-Type-Options and Referrer-Policy headers; request bodies
// are capped; bad query parameters get a 400 with a JSON body naming the
// problem and the fix; state-changing endpoints need a bearer token and are
// disabled (403) when none is configured.
package server

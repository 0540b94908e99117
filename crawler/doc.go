// Package crawler fetches job postings from public job-board APIs with colly
// and hands each one to a consumer-side Sink.
//
// It is the only package of the module that imports colly. Each source type
// (greenhouse, lever, ashby, ...) is an adapter: a default API host, the
// first request(s) for a board, and a decoder that turns one response into
// postings and follow-up requests (the next page). Adding a source type means
// adding one file with one adapter and listing it in the adapter table.
//
// # Politeness
//
//   - robots.txt is honoured (colly ignores it by default; we turn it on).
//     A request robots.txt disallows is counted in SourceRun.SkippedRobots
//     and leaves its source incomplete (SourceRun.Err set), so the pipeline
//     closes nothing for it. A robots.txt answering 4xx allows everything.
//   - Every host gets its own colly LimitRule (Parallelism 1), so hosts never
//     throttle each other. The delay between two requests to one host is the
//     larger of Crawler.Delay and the robots.txt Crawl-delay for our agent
//     (capped at maxCrawlDelay). robots.txt itself is fetched once per host
//     and run, before the host's first request. The transport paces every
//     request it sends too, so the delay also holds between robots.txt and
//     the first request and between the hops of a redirect (a hop's wait
//     counts against the request's Timeout).
//   - The User-Agent is honest and names a contact URL.
//   - Only what the caller wants is fetched: with Crawler.Keep set, a
//     source that lists postings and then fetches each one separately
//     (SmartRecruiters, Workday) asks for no detail record of a posting
//     listed under a title Keep rejects (SourceRun.SkippedRole).
//   - Failed requests (network errors, timeouts, 408, 429, 5xx) are retried
//     at most Crawler.MaxRetries times, with exponential backoff, jitter and a
//     cap; a Retry-After header (seconds or HTTP date) is obeyed.
//   - Nothing is cached on disk (colly's CacheDir would keep 4xx and 429
//     answers), and no URL is fetched twice in one run.
//   - Response bodies are capped (Crawler.MaxBodySize, also after gzip
//     decompression), redirects are capped at five, each request has a
//     timeout, and the whole run stops promptly when its context is cancelled
//     (a request already waiting out its host delay finishes that wait).
//
// # Crawl state
//
// With Crawler.State set, each response's validators (ETag,
// Last-Modified), posting IDs and follow-up requests are committed after
// its postings went to the Sink. The next run sends conditional requests
// and replays a 304 from the State; a resumed run replays requests it had
// completed instead of fetching them. A server that ignores validators
// just answers 200.
//
// # Environment
//
// colly reads COLLY_* environment variables (COLLY_IGNORE_ROBOTSTXT,
// COLLY_CACHE_DIR, COLLY_USER_AGENT, ...) when a collector is made with
// colly.NewCollector. The crawler does not use NewCollector, so these
// variables have no effect; Run logs a warning naming any that are set.
// colly's standard-library logging is thereby silenced too (its only log
// call reports unknown COLLY_* variables).
//
// # Source types
//
// greenhouse, lever, ashby, smartrecruiters, workable, recruitee, workday,
// jsonld and file (see Types). workday reads the CXS JSON of the careers URL
// given in Source.Start; jsonld reads schema.org JobPosting JSON-LD from
// career pages and sitemaps in Source.Start, following links that match
// Source.Follow; file reads a local JSONL or CSV dataset (Source.Path, with
// "field=column" mappings in Source.Start). The API sources each read the public, unauthenticated listing API of its board;
// Source.BaseURL replaces the API's scheme and host (EU hosts, mirrors,
// loopback test servers). SmartRecruiters needs one detail request per
// posting for its text, so a large company takes Delay per posting.
//
// # Not yet done
//
//   - A per-host delay of 0 in Crawler.Delay means the default (1s); use
//     1ns for "no delay" (benchmarks).
//   - Greenhouse pay ranges (pay_input_ranges) come only from the per-job
//     detail endpoint with pay_transparency=true; the crawler reads the board
//     listing only, so Greenhouse postings carry no Salary unless the listing
//     has it. Recruitee salary fields are not read (their shape is unverified).
package crawler

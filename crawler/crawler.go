package crawler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gocolly/colly/v2"
	"github.com/skilldemand/skilldemand"
)

// Defaults of New.
const (
	DefaultUserAgent   = "skilldemand/0.1 (+https://github.com/skilldemand/skilldemand)"
	DefaultDelay       = time.Second
	DefaultParallelism = 4
	DefaultTimeout     = 30 * time.Second
	DefaultMaxBodySize = 20 << 20
	DefaultMaxRetries  = 3
)

// Retry timing.
const (
	backoffBase = 500 * time.Millisecond
	backoffCap  = 30 * time.Second
	// maxRetryAfter is the longest Retry-After that is waited out; a server
	// asking for more fails the source for this run.
	maxRetryAfter = 2 * time.Minute
	maxRedirects  = 5
	// maxRequests bounds the requests of one source, against APIs that
	// ignore paging parameters.
	maxRequests = 10000
)

// Attribute keys of log records.
const (
	logSource = "source"
	logURL    = "url"
	logStatus = "status"
	logErr    = "err"
	logHost   = "host"
)

// Errors returned by Run and recorded in SourceRun.Err.
var (
	// ErrNoSink is returned by Run when Crawler.Sink is nil.
	ErrNoSink = errors.New("crawler: no sink: set Crawler.Sink to receive postings")
	// errSink wraps the error a Sink returned; it aborts the run.
	errSink = errors.New("sink")
	// errRobotsSkipped marks a source left incomplete by robots.txt.
	errRobotsSkipped = errors.New("disallowed by robots.txt")
	// errTooManyRedirects is returned when a request redirects too often.
	errTooManyRedirects = errors.New("too many redirects")
	// errHTTP wraps a final HTTP error status.
	errHTTP = errors.New("http error")
	// errTooLarge is returned for a body over MaxBodySize.
	errTooLarge = errors.New("response body too large")
)

// Sink receives each posting the crawler fetches. Calls are serialised
// (never concurrent). An error from Sink aborts the run: Run stops all
// sources and returns the error.
type Sink func(ctx context.Context, p *skilldemand.Posting) error

// Crawler fetches the postings of its Sources and hands them to Sink.
// Set the fields before Run; a Crawler may be Run again. A zero Delay,
// Parallelism, Timeout or MaxBodySize means its default; MaxRetries 0 means
// no retries.
type Crawler struct {
	Sources []skilldemand.Source
	// UserAgent is sent with every request; it should name a contact URL.
	UserAgent string
	// Delay is the least time between two requests to one host. A larger
	// robots.txt Crawl-delay wins.
	Delay time.Duration
	// Parallelism is how many hosts are crawled at once.
	Parallelism int
	// Timeout bounds each request.
	Timeout time.Duration
	// MaxBodySize is the largest response body accepted, in bytes.
	MaxBodySize int
	// MaxRetries is how often one request is retried after a network error,
	// timeout, 408, 429 or 5xx.
	MaxRetries int
	Logger     *slog.Logger
	Sink       Sink
	// Progress, when set, is called as each source finishes (serialised).
	Progress func(skilldemand.SourceRun)
	// State, when set, makes requests conditional on the validators of the
	// last run and lets an interrupted run resume; see State.
	State State
	// Keep, when set, is the role filter applied to titles before a
	// request: a source that lists postings and then fetches each one's
	// detail record (SmartRecruiters, Workday) skips the detail of a posting
	// whose listed title Keep rejects, counting it in SourceRun.SkippedRole.
	// The sink still decides on the postings it gets.
	Keep func(title string) bool
}

// New returns a Crawler with the defaults set and no sources.
func New() *Crawler {
	return &Crawler{
		UserAgent:   DefaultUserAgent,
		Delay:       DefaultDelay,
		Parallelism: DefaultParallelism,
		Timeout:     DefaultTimeout,
		MaxBodySize: DefaultMaxBodySize,
		MaxRetries:  DefaultMaxRetries,
		Logger:      slog.Default().With("system", "crawler"),
	}
}

// Run crawls every source and returns one SourceRun per source, in the
// order of Sources. A source that fails (HTTP error after retries, unknown
// board, malformed response, robots.txt refusal) has SourceRun.Err set; the
// other sources still run and Run returns a nil error. Run returns an error
// only when the run as a whole stops: Sink failed, ctx was cancelled, or no
// Sink is set. The SourceRuns are returned in every case.
func (c *Crawler) Run(ctx context.Context) ([]skilldemand.SourceRun, error) {
	r := c.newRun()
	runs := make([]skilldemand.SourceRun, len(c.Sources))
	for i, src := range c.Sources {
		runs[i].Source = src.Key()
	}
	if c.Sink == nil {
		return runs, ErrNoSink
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	r.ctx, r.cancel = ctx, cancel
	r.warnEnv()

	base := r.collector()
	defer r.tr.base.CloseIdleConnections()

	// Group sources by host, in order of first appearance.
	var groups []*hostGroup
	byHost := map[string]*hostGroup{}
	keys := map[string]bool{}
	var locals []*sourceJob
	for i, src := range c.Sources {
		job := &sourceJob{run: r, src: src, out: &runs[i], seen: map[string]bool{}}
		if keys[src.Key()] {
			job.fail(fmt.Errorf("%w: %s is listed twice: remove one of the two entries from the sources config", errBadSource, src.Key()))
			r.finish(job)
			continue
		}
		keys[src.Key()] = true
		a, ok := lookupAdapter(src.Type)
		if !ok {
			job.fail(fmt.Errorf("%w %q for %s: use one of %s", errUnknownType, src.Type, src.Key(), strings.Join(Types(), ", ")))
			r.finish(job)
			continue
		}
		if a.Local != nil {
			job.adapter = a
			locals = append(locals, job)
			continue
		}
		b, u, err := resolveBase(a, src)
		if err != nil {
			job.fail(err)
			r.finish(job)
			continue
		}
		job.adapter, job.base = a, b
		g := byHost[u.Scheme+"://"+u.Host]
		if g == nil {
			g = &hostGroup{scheme: u.Scheme, host: u.Host}
			byHost[u.Scheme+"://"+u.Host] = g
			groups = append(groups, g)
		}
		g.jobs = append(g.jobs, job)
	}

	for _, job := range locals {
		job.start = time.Now()
		job.readLocal()
		r.finish(job)
	}

	// colly's LimitRule list is not safe to grow while requests run, so
	// read every host's robots.txt first, then add all rules, then crawl.
	r.each(groups, func(g *hostGroup) {
		g.delay, g.err = r.hostDelay(g.scheme, g.host)
		if g.err == nil {
			r.tr.setDelay(g.scheme+"://"+g.host, g.delay)
		}
	})
	for _, g := range groups {
		if g.err != nil {
			continue
		}
		// colly matches rules against URL.Host, which includes the port.
		// The rule only keeps one request per host in flight; the delay is
		// kept by the transport, which counts it from the previous
		// response's headers, so parsing a response overlaps the wait
		// instead of adding to it (colly sleeps its Delay before handing
		// the response over).
		if err := base.Limit(&colly.LimitRule{DomainGlob: quoteGlob(g.host), Parallelism: 1}); err != nil {
			g.err = fmt.Errorf("rate limit for %s: %w", g.host, err)
		}
	}
	r.each(groups, func(g *hostGroup) { r.crawlHost(base, g) })

	if err := context.Cause(ctx); err != nil {
		return runs, err
	}
	return runs, nil
}

// hostGroup is the sources that share one API host.
type hostGroup struct {
	scheme, host string
	jobs         []*sourceJob
	delay        time.Duration // between two requests to the host
	err          error         // robots.txt could not be read
}

// each calls fn for every group, at most parallelism at once, and returns
// when all calls have returned. Once ctx is done, the remaining calls run
// at once, one by one: fn must check the context.
func (r *run) each(groups []*hostGroup, fn func(*hostGroup)) {
	sem := make(chan struct{}, r.parallelism)
	var wg sync.WaitGroup
	for _, g := range groups {
		select {
		case sem <- struct{}{}:
		case <-r.ctx.Done():
			fn(g) // fn sees the cancelled context and returns at once
			continue
		}
		wg.Go(func() {
			defer func() { <-sem }()
			fn(g)
		})
	}
	wg.Wait()
}

// run is the state of one Run call.
type run struct {
	c           *Crawler
	ctx         context.Context
	cancel      context.CancelCauseFunc
	logger      *slog.Logger
	agent       string
	delay       time.Duration
	parallelism int
	timeout     time.Duration
	maxBody     int
	maxRetries  int
	tr          *transport

	cbMu sync.Mutex // serialises Sink and Progress

	seenMu sync.Mutex
	seen   map[string]bool // request keys fetched in this run
}

func (c *Crawler) newRun() *run {
	r := &run{
		c:           c,
		logger:      c.Logger,
		agent:       c.UserAgent,
		delay:       c.Delay,
		parallelism: c.Parallelism,
		timeout:     c.Timeout,
		maxBody:     c.MaxBodySize,
		maxRetries:  c.MaxRetries,
		seen:        map[string]bool{},
	}
	if r.logger == nil {
		r.logger = slog.Default().With("system", "crawler")
	}
	if r.agent == "" {
		r.agent = DefaultUserAgent
	}
	if r.delay <= 0 {
		r.delay = DefaultDelay
	}
	if r.parallelism <= 0 {
		r.parallelism = DefaultParallelism
	}
	if r.timeout <= 0 {
		r.timeout = DefaultTimeout
	}
	if r.maxBody <= 0 {
		r.maxBody = DefaultMaxBodySize
	}
	if r.maxRetries < 0 {
		r.maxRetries = 0
	}
	r.tr = newTransport(r.timeout, r.maxBody, r.delay)
	return r
}

// warnEnv logs COLLY_* variables, which this package does not read.
func (r *run) warnEnv() {
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "COLLY_") {
			name, _, _ := strings.Cut(kv, "=")
			r.logger.Warn("environment variable ignored: the crawler is configured by its config file only", "name", name)
		}
	}
}

// collector builds the base collector every source clones. It is made with
// Init, not colly.NewCollector, so COLLY_* variables are never read.
func (r *run) collector() *colly.Collector {
	col := &colly.Collector{}
	col.Init()
	col.UserAgent = r.agent
	col.IgnoreRobotsTxt = false
	col.Async = true
	col.AllowURLRevisit = false
	col.CacheDir = ""
	col.ParseHTTPErrorResponse = false
	// One byte more than allowed, so an over-long body is seen, not truncated.
	col.MaxBodySize = r.maxBody + 1
	col.Context = r.ctx
	col.DisableCookies()
	col.WithTransport(r.tr)
	col.SetRequestTimeout(r.timeout)
	col.SetRedirectHandler(func(req *http.Request, via []*http.Request) error {
		if len(via) >= maxRedirects {
			return fmt.Errorf("%w: stopped after %d", errTooManyRedirects, maxRedirects)
		}
		return nil
	})
	return col
}

// claim reports whether key is fetched for the first time in this run, and
// records it. colly's own visited check is not atomic under Async.
func (r *run) claim(key string) bool {
	r.seenMu.Lock()
	defer r.seenMu.Unlock()
	if r.seen[key] {
		return false
	}
	r.seen[key] = true
	return true
}

// hostDelay reads robots.txt of one host and returns the delay to keep
// between its requests.
func (r *run) hostDelay(scheme, host string) (time.Duration, error) {
	if err := context.Cause(r.ctx); err != nil {
		return 0, err
	}
	cd, err := r.tr.crawlDelay(r.ctx, scheme, host, r.agent, r.timeout)
	if err != nil {
		return 0, err
	}
	if cd > r.delay {
		r.logger.Info("robots.txt crawl-delay is longer than the configured delay; using it", logHost, host, "crawl_delay", cd)
		return cd, nil
	}
	return r.delay, nil
}

// crawlHost crawls the sources of one host one after another.
func (r *run) crawlHost(base *colly.Collector, g *hostGroup) {
	for _, job := range g.jobs {
		job.start = time.Now()
		if g.err != nil {
			job.fail(g.err)
		} else if err := context.Cause(r.ctx); err != nil {
			job.fail(err)
		} else {
			job.crawl(base.Clone())
		}
		r.finish(job)
	}
}

// finish fills the duration and error of a source and reports it.
func (r *run) finish(job *sourceJob) {
	job.mu.Lock()
	if !job.start.IsZero() {
		job.out.Duration = time.Since(job.start)
	}
	if job.err == nil && job.out.SkippedRobots > 0 {
		job.err = fmt.Errorf("incomplete: %d request(s) %w", job.out.SkippedRobots, errRobotsSkipped)
	}
	if job.err != nil {
		job.out.Err = job.err.Error()
	}
	out := *job.out
	job.mu.Unlock()
	lvl := slog.LevelInfo
	if out.Err != "" {
		lvl = slog.LevelWarn
	}
	r.logger.Log(r.ctx, lvl, "source finished", logSource, out.Source, "fetched", out.Fetched,
		"errors", out.Errors, "retries", out.Retries, "skipped_robots", out.SkippedRobots, "skipped_role", out.SkippedRole, logErr, out.Err, "duration", out.Duration)
	if r.c.Progress != nil {
		r.cbMu.Lock()
		r.c.Progress(out)
		r.cbMu.Unlock()
	}
}

// sourceJob is the state of one source during a run.
type sourceJob struct {
	run     *run
	src     skilldemand.Source
	adapter adapter
	base    string
	start   time.Time
	col     *colly.Collector // this source's clone of the run's collector

	mu       sync.Mutex
	out      *skilldemand.SourceRun
	err      error           // first failure; the source is then incomplete
	seen     map[string]bool // posting ids emitted
	requests int
}

// reqState travels in colly's request context.
type reqState struct {
	f       fetch
	attempt int
	memo    *Memo // sent validators from this memo
}

const ctxKey = "skilldemand.req"

func (j *sourceJob) fail(err error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.err == nil {
		j.err = err
	}
}

func (j *sourceJob) failed() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.err != nil
}

func (j *sourceJob) crawl(col *colly.Collector) {
	j.col = col
	col.OnResponse(j.onResponse)
	col.OnError(j.onError)
	for _, f := range j.adapter.First(j.src, j.base) {
		j.visit(f)
	}
	col.Wait()
}

// visit queues one request of the source, once per run.
func (j *sourceJob) visit(f fetch) {
	r := j.run
	if err := context.Cause(r.ctx); err != nil {
		j.fail(err)
		return
	}
	if j.failed() {
		return
	}
	j.mu.Lock()
	j.requests++
	tooMany := j.requests > maxRequests
	j.mu.Unlock()
	if tooMany {
		j.fail(fmt.Errorf("more than %d requests for one source: stopped (does the API ignore paging?)", maxRequests))
		return
	}
	if !r.claim(f.key()) {
		r.logger.Debug("already fetched in this run", logSource, j.src.Key(), logURL, f.URL)
		return
	}
	st := &reqState{f: f}
	cctx := colly.NewContext()
	cctx.Put(ctxKey, st)
	hdr := http.Header{}
	if j.recall(f, st, hdr) {
		return
	}
	accept := f.Accept
	if accept == "" {
		accept = "application/json"
	}
	hdr.Set("Accept", accept)
	hdr.Set("User-Agent", r.agent)
	var body *strings.Reader
	if f.Body != nil {
		body = strings.NewReader(string(f.Body))
		hdr.Set("Content-Type", "application/json")
	}
	var err error
	if body != nil {
		err = j.col.Request(f.method(), f.URL, body, cctx, hdr)
	} else {
		err = j.col.Request(f.method(), f.URL, nil, cctx, hdr)
	}
	j.visitErr(f, err)
}

// visitErr records an error colly returned before sending a request.
func (j *sourceJob) visitErr(f fetch, err error) {
	var already *colly.AlreadyVisitedError
	switch {
	case err == nil:
	case errors.Is(err, colly.ErrRobotsTxtBlocked):
		j.mu.Lock()
		j.out.SkippedRobots++
		j.mu.Unlock()
		j.run.logger.Info("skipped: disallowed by robots.txt", logSource, j.src.Key(), logURL, f.URL)
	case errors.As(err, &already):
		j.run.logger.Debug("already fetched in this run", logSource, j.src.Key(), logURL, f.URL)
	default:
		j.fail(fmt.Errorf("request %s: %w", f.URL, err))
	}
}

func (j *sourceJob) onResponse(resp *colly.Response) {
	r := j.run
	st, _ := resp.Ctx.GetAny(ctxKey).(*reqState)
	if st == nil || j.failed() || r.ctx.Err() != nil {
		return
	}
	if len(resp.Body) > r.maxBody {
		j.fail(fmt.Errorf("%w: %s is over %d bytes (raise the crawler's max body size if this board is that large)", errTooLarge, st.f.URL, r.maxBody))
		return
	}
	pg, err := j.adapter.Parse(j.src, st.f, resp.Body)
	if err != nil {
		j.fail(fmt.Errorf("%s: %w", st.f.URL, err))
		return
	}
	for _, e := range pg.Bad {
		j.mu.Lock()
		j.out.Errors++
		j.mu.Unlock()
		r.logger.Warn("skipped malformed entry", logSource, j.src.Key(), logURL, st.f.URL, logErr, e)
	}
	fresh := 0
	var ids []string
	for _, p := range pg.Postings {
		j.complete(p)
		if err := p.Validate(); err != nil {
			j.mu.Lock()
			j.out.Errors++
			j.mu.Unlock()
			r.logger.Warn("skipped invalid posting", logSource, j.src.Key(), logURL, st.f.URL, logErr, err)
			continue
		}
		ids = append(ids, p.ID)
		j.mu.Lock()
		dup := j.seen[p.ExternalID]
		j.seen[p.ExternalID] = true
		j.mu.Unlock()
		if dup {
			continue
		}
		fresh++
		if err := j.emit(p); err != nil {
			return
		}
	}
	if len(pg.Next) > 0 && fresh == 0 && len(pg.Postings) > 0 && st.f.Limit > 0 {
		r.logger.Warn("page repeated earlier postings; not following further pages", logSource, j.src.Key(), logURL, st.f.URL)
		pg.Next = nil
	}
	if !j.commit(st.f, resp, ids, pg) {
		return
	}
	j.follow(pg.Next)
}

// follow visits a response's follow-up requests, less the detail records
// of postings whose listed title Crawler.Keep rejects.
func (j *sourceJob) follow(next []fetch) {
	keep := j.run.c.Keep
	for _, f := range next {
		if keep != nil && f.Title != "" && !keep(f.Title) {
			j.mu.Lock()
			j.out.SkippedRole++
			j.mu.Unlock()
			continue
		}
		j.visit(f)
	}
}

// readLocal emits the postings of a source read without HTTP.
func (j *sourceJob) readLocal() {
	if err := context.Cause(j.run.ctx); err != nil {
		j.fail(err)
		return
	}
	ps, err := j.adapter.Local(j.src)
	if err != nil {
		j.fail(err)
		return
	}
	for _, p := range ps {
		j.complete(p)
		if err := j.emit(p); err != nil {
			return
		}
	}
}

// complete fills the fields every posting gets from its source.
func (j *sourceJob) complete(p *skilldemand.Posting) {
	p.Source, p.Board = j.src.Type, j.src.Board
	p.ID = skilldemand.MakeID(p.Source, p.Board, p.ExternalID)
	if j.src.Company != "" {
		p.Company = j.src.Company
	}
	if p.Company == "" {
		p.Company = j.src.Board
	}
	if p.Format == "" {
		p.Format = skilldemand.FormatHTML
	}
}

// emit hands one posting to the Sink; a Sink error cancels the run.
func (j *sourceJob) emit(p *skilldemand.Posting) error {
	r := j.run
	r.cbMu.Lock()
	err := r.ctx.Err()
	if err == nil {
		err = r.c.Sink(r.ctx, p)
		if err != nil {
			err = fmt.Errorf("%w: posting %s: %w", errSink, p.ID, err)
			r.cancel(err)
		}
	}
	r.cbMu.Unlock()
	if err != nil {
		j.fail(context.Cause(r.ctx))
		return err
	}
	j.mu.Lock()
	j.out.Fetched++
	j.mu.Unlock()
	return nil
}

// onError decides between retrying a request and failing the source.
func (j *sourceJob) onError(resp *colly.Response, err error) {
	r := j.run
	var st *reqState
	if resp.Ctx != nil {
		st, _ = resp.Ctx.GetAny(ctxKey).(*reqState)
	}
	if st == nil {
		j.fail(err)
		return
	}
	if cause := context.Cause(r.ctx); cause != nil {
		j.fail(cause)
		return
	}
	status := resp.StatusCode
	if status == http.StatusNotModified && st.memo != nil {
		r.logger.Debug("not modified; replaying stored postings", logSource, j.src.Key(), logURL, st.f.URL)
		j.replay(st.f, *st.memo, true)
		return
	}
	var header http.Header
	if resp.Headers != nil {
		header = *resp.Headers
	}
	if st.f.Optional && (status == http.StatusNotFound || status == http.StatusGone) {
		j.mu.Lock()
		j.out.Errors++
		j.mu.Unlock()
		r.logger.Warn("skipped posting: its detail record is gone", logSource, j.src.Key(), logURL, st.f.URL, logStatus, status)
		return
	}
	if !retryable(status, err) {
		err := statusError(j.src, st.f, status, err)
		if status == http.StatusNotFound && j.adapter.NotFoundHint != "" {
			err = fmt.Errorf("%w; %s", err, j.adapter.NotFoundHint)
		}
		j.fail(err)
		return
	}
	if st.attempt >= r.maxRetries {
		j.fail(fmt.Errorf("%w (gave up after %d retries)", statusError(j.src, st.f, status, err), st.attempt))
		return
	}
	wait := backoff(st.attempt)
	if ra, ok := retryAfter(header, time.Now()); ok {
		if ra > maxRetryAfter {
			j.fail(fmt.Errorf("%w: server asked to retry after %s, longer than %s: try again later", statusError(j.src, st.f, status, err), ra.Round(time.Second), maxRetryAfter))
			return
		}
		wait = max(wait, ra)
	}
	r.logger.Info("retrying", logSource, j.src.Key(), logURL, st.f.URL, logStatus, status, logErr, err, "attempt", st.attempt+1, "wait", wait)
	t := time.NewTimer(wait)
	select {
	case <-t.C:
	case <-r.ctx.Done():
		t.Stop()
		j.fail(context.Cause(r.ctx))
		return
	}
	st.attempt++
	j.mu.Lock()
	j.out.Retries++
	j.mu.Unlock()
	j.visitErr(st.f, resp.Request.Retry())
}

// retryable reports whether a failed request is worth another try.
func retryable(status int, err error) bool {
	switch {
	case status == http.StatusTooManyRequests, status == http.StatusRequestTimeout, status >= 500:
		return true
	case status != 0:
		return false
	}
	var already *colly.AlreadyVisitedError
	if errors.Is(err, errTooManyRedirects) || errors.As(err, &already) ||
		errors.Is(err, context.Canceled) || errors.Is(err, colly.ErrRobotsTxtBlocked) {
		return false
	}
	return err != nil // network error or timeout
}

// statusError describes a failed request for SourceRun.Err.
func statusError(src skilldemand.Source, f fetch, status int, err error) error {
	switch {
	case status == http.StatusNotFound:
		return fmt.Errorf("%w: %s: HTTP 404: board %q not found: check type and board of this source in the sources config", errHTTP, f.URL, src.Board)
	case status != 0:
		return fmt.Errorf("%w: %s: HTTP %d %s", errHTTP, f.URL, status, http.StatusText(status))
	}
	return fmt.Errorf("%s: %w", f.URL, err)
}

// backoff is the wait before retry number attempt+1: exponential from
// backoffBase, capped at backoffCap, with "equal jitter" (half fixed, half
// random) so clients that failed together do not retry together.
func backoff(attempt int) time.Duration {
	d := backoffCap
	if attempt < 16 {
		d = min(backoffBase<<attempt, backoffCap)
	}
	half := d / 2
	return half + rand.N(half+1)
}

// retryAfter reads a Retry-After header: delay seconds or an HTTP date.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(v); err == nil {
		if n < 0 {
			return 0, false
		}
		return time.Duration(min(n, 1<<20)) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// quoteGlob escapes the glob metacharacters of a host ("[::1]:8080").
func quoteGlob(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '*', '?', '[', ']', '{', '}', '\\', '!', ',':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

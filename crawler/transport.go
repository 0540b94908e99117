package crawler

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

// maxRobotsSize is the most of a robots.txt file that is read (the limit
// Google documents).
const maxRobotsSize = 500 << 10

// maxCrawlDelay caps the Crawl-delay read from robots.txt.
const maxCrawlDelay = time.Minute

// transport is the http.RoundTripper under colly. It fetches each host's
// robots.txt once per run and serves the copy to colly's own robots check,
// caps response bodies after decompression, and paces every request it
// sends, so that the host delay also holds between robots.txt and the first
// request and between the hops of a redirect, which colly's LimitRule does
// not see.
type transport struct {
	base    *http.Transport
	maxBody int64
	delay   time.Duration // pace of hosts without their own

	mu     sync.Mutex
	robots map[string]*robotsEntry // by scheme://host
	gates  map[string]*gate        // by scheme://host
}

// gate paces the requests to one host: one at a time, each sent at least
// delay after the previous one's response headers arrived.
type gate struct {
	sem   chan struct{}
	delay time.Duration
	last  time.Time
}

type robotsEntry struct {
	done   chan struct{}
	status int
	header http.Header
	body   []byte
	err    error
}

func newTransport(timeout time.Duration, maxBody int, delay time.Duration) *transport {
	base := http.DefaultTransport.(*http.Transport).Clone()
	base.DialContext = (&net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second}).DialContext
	base.TLSHandshakeTimeout = timeout
	base.ResponseHeaderTimeout = timeout
	base.MaxIdleConnsPerHost = 2
	return &transport{base: base, maxBody: int64(maxBody), delay: delay,
		robots: make(map[string]*robotsEntry), gates: make(map[string]*gate)}
}

func (t *transport) gateFor(key string) *gate {
	t.mu.Lock()
	defer t.mu.Unlock()
	g := t.gates[key]
	if g == nil {
		g = &gate{sem: make(chan struct{}, 1), delay: t.delay}
		t.gates[key] = g
	}
	return g
}

// setDelay sets the pace of one host (scheme://host).
func (t *transport) setDelay(key string, d time.Duration) {
	g := t.gateFor(key)
	g.sem <- struct{}{}
	g.delay = d
	<-g.sem
}

// paced sends req through base when its host's gate allows.
func (t *transport) paced(req *http.Request) (*http.Response, error) {
	g := t.gateFor(req.URL.Scheme + "://" + req.URL.Host)
	ctx := req.Context()
	select {
	case g.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { g.last = time.Now(); <-g.sem }()
	if wait := time.Until(g.last.Add(g.delay)); !g.last.IsZero() && wait > 0 {
		tm := time.NewTimer(wait)
		select {
		case <-tm.C:
		case <-ctx.Done():
			tm.Stop()
			return nil, ctx.Err()
		}
	}
	return t.base.RoundTrip(req)
}

// RoundTrip implements http.RoundTripper.
func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method == http.MethodGet && req.URL.Path == "/robots.txt" {
		return t.robotsTrip(req)
	}
	resp, err := t.paced(req)
	if err != nil {
		return nil, err
	}
	if !resp.Uncompressed && strings.Contains(strings.ToLower(resp.Header.Get("Content-Encoding")), "gzip") {
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			resp.Body.Close()
			return nil, fmt.Errorf("gzip response from %s: %w", req.URL.Redacted(), err)
		}
		resp.Body = &readCloser{Reader: zr, close: resp.Body.Close}
		resp.Header.Del("Content-Encoding")
		resp.Header.Del("Content-Length")
		resp.ContentLength = -1
	}
	// Mark the body decoded so colly never gunzips it again without a cap.
	resp.Uncompressed = true
	resp.Body = &readCloser{Reader: io.LimitReader(resp.Body, t.maxBody+1), close: resp.Body.Close}
	return resp, nil
}

type readCloser struct {
	io.Reader
	close func() error
}

func (r *readCloser) Close() error { return r.close() }

func (t *transport) robotsTrip(req *http.Request) (*http.Response, error) {
	key := req.URL.Scheme + "://" + req.URL.Host
	t.mu.Lock()
	e, ok := t.robots[key]
	if !ok {
		e = &robotsEntry{done: make(chan struct{})}
		t.robots[key] = e
	}
	t.mu.Unlock()
	if ok {
		select {
		case <-e.done:
		case <-req.Context().Done():
			return nil, req.Context().Err()
		}
	} else {
		e.status, e.header, e.body, e.err = t.fetchRobots(req)
		if e.err != nil {
			// Do not keep a failed fetch: a later request may try again.
			t.mu.Lock()
			delete(t.robots, key)
			t.mu.Unlock()
		}
		close(e.done)
	}
	if e.err != nil {
		return nil, e.err
	}
	return &http.Response{
		Status:        fmt.Sprintf("%d %s", e.status, http.StatusText(e.status)),
		StatusCode:    e.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        e.header.Clone(),
		Body:          io.NopCloser(bytes.NewReader(e.body)),
		ContentLength: int64(len(e.body)),
		Request:       req,
		Uncompressed:  true,
	}, nil
}

func (t *transport) fetchRobots(req *http.Request) (int, http.Header, []byte, error) {
	resp, err := t.paced(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxRobotsSize))
	if err != nil {
		return 0, nil, nil, err
	}
	return resp.StatusCode, resp.Header, body, nil
}

// errRobots wraps failures to read a host's robots.txt.
var errRobots = errors.New("robots.txt")

// crawlDelay fetches robots.txt of the host of base through t (so colly's
// own check later reuses it) and returns the Crawl-delay for agent.
func (t *transport) crawlDelay(ctx context.Context, scheme, host, agent string, timeout time.Duration) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, scheme+"://"+host+"/robots.txt", nil)
	if err != nil {
		return 0, fmt.Errorf("%w: %w", errRobots, err)
	}
	req.Header.Set("User-Agent", agent)
	client := &http.Client{Transport: t, Timeout: timeout, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if len(via) >= maxRedirects {
			return fmt.Errorf("%w: stopped after %d", errTooManyRedirects, maxRedirects)
		}
		return nil
	}}
	resp, err := client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("%w: %w", errRobots, err)
	}
	defer resp.Body.Close()
	robots, err := robotstxt.FromResponse(resp)
	if err != nil {
		return 0, fmt.Errorf("%w: read %s://%s/robots.txt: %w", errRobots, scheme, host, err)
	}
	if g := robots.FindGroup(agent); g != nil {
		return min(g.CrawlDelay, maxCrawlDelay), nil
	}
	return 0, nil
}

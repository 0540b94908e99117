package server

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/skilldemand/skilldemand"
)

// Body size limits.
const (
	MaxBody       = 64 << 10 // every request but a match upload
	MaxUploadBody = 5 << 20  // POST /api/match
)

// Default per-client rate limit: requests per second and burst.
const (
	DefaultRate  = 50
	DefaultBurst = 100
)

// ContentSecurityPolicy is sent with every response: no script at all, styles
// and images only from the server itself.
const ContentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// Server serves the API, the dashboard and the metrics for a Backend.
type Server struct {
	Backend Backend
	// Token authorises state-changing requests (Authorization: Bearer
	// TOKEN); when empty those endpoints answer 403.
	Token string
	// Rate and Burst bound each client's requests; Rate 0 means
	// DefaultRate, rate.Inf disables the limit.
	Rate  rate.Limit
	Burst int
	// Now is the clock filters are anchored to; time.Now when nil.
	Now     func() time.Time
	Logger  *slog.Logger
	Metrics *Metrics
	// SkillName names a skill id for display; the id is shown when nil.
	SkillName func(id string) string

	once     sync.Once
	handler  http.Handler
	mu       sync.Mutex
	limiters map[string]*clientLimiter
	dash     *dashboard
}

type clientLimiter struct {
	*rate.Limiter
	seen time.Time
}

// New returns a Server for b with default limits and fresh metrics.
func New(b Backend) *Server {
	return &Server{
		Backend: b,
		Logger:  slog.Default().With("system", "server"),
		Metrics: NewMetrics(),
	}
}

// ServeHTTP serves every route.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.once.Do(s.init)
	s.handler.ServeHTTP(w, r)
}

func (s *Server) init() {
	if s.Logger == nil {
		s.Logger = slog.Default().With("system", "server")
	}
	if s.Metrics == nil {
		s.Metrics = NewMetrics()
	}
	if s.Rate == 0 {
		s.Rate, s.Burst = DefaultRate, DefaultBurst
	}
	if s.Burst <= 0 {
		s.Burst = 1
	}
	if s.Now == nil {
		s.Now = time.Now
	}
	s.limiters = make(map[string]*clientLimiter)
	d := newDashboard(s)
	s.dash = d
	mux := http.NewServeMux()
	route := func(pattern string, h http.HandlerFunc) {
		name := pattern
		if _, p, ok := strings.Cut(pattern, " "); ok {
			name = p
		}
		mux.Handle(pattern, s.count(name, h))
	}
	route("GET /healthz", s.healthz)
	mux.Handle("GET /metrics", s.Metrics.handler(s.Backend))
	route("GET /api/skills", s.apiSkills)
	route("GET /api/reality", s.apiReality)
	route("GET /api/trends", s.apiTrends)
	route("GET /api/search", s.apiSearch)
	route("GET /api/postings/{id...}", s.apiPosting)
	route("GET /api/runs", s.apiRuns)
	route("GET /api/sources", s.apiSources)
	route("GET /api/report", s.apiReport)
	route("POST /api/crawl", s.authorized(s.apiCrawl))
	route("POST /api/reload", s.authorized(s.apiReload))
	route("POST /api/match", s.apiMatch)
	route("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such API endpoint: "+r.Method+" "+r.URL.Path, "see GET /api/skills, /api/reality, /api/trends, /api/search, /api/postings/ID, /api/runs, /api/sources, /api/report; POST /api/crawl, /api/reload, /api/match")
	})
	route("GET /{$}", d.skills)
	route("GET /reality", d.reality)
	route("GET /trends", d.trends)
	route("GET /search", d.search)
	route("GET /postings/{id...}", d.posting)
	route("GET /runs", d.runs)
	route("GET /match", d.match)
	mux.Handle("GET /static/", http.FileServerFS(staticFS))
	route("/", d.notFound)
	s.handler = s.secure(mux)
}

// secure wraps every request: headers, panic recovery, rate limit and body cap.
func (s *Server) secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.Logger.Error("handler panic", "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				writeError(w, http.StatusInternalServerError, "internal error", "try again; if it persists, see the server log")
			}
		}()
		if !s.allow(r) {
			h.Set("Retry-After", "1")
			writeError(w, http.StatusTooManyRequests, "too many requests from this client", "slow down and retry after a second")
			return
		}
		limit := int64(MaxBody)
		if r.URL.Path == "/api/match" {
			limit = MaxUploadBody
		}
		if r.ContentLength > limit {
			writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("request body is %d bytes, over the %d byte limit", r.ContentLength, limit), "send a smaller body")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next.ServeHTTP(w, r)
	})
}

// allow applies the per-client rate limit, keyed by the remote IP.
func (s *Server) allow(r *http.Request) bool {
	if s.Rate == rate.Inf {
		return true
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.limiters[host]
	if l == nil {
		if len(s.limiters) > 10000 {
			for k, v := range s.limiters {
				if now.Sub(v.seen) > time.Minute {
					delete(s.limiters, k)
				}
			}
		}
		l = &clientLimiter{Limiter: rate.NewLimiter(s.Rate, s.Burst)}
		s.limiters[host] = l
	}
	l.seen = now
	return l.AllowN(now, 1)
}

// statusWriter remembers the status code for the request counter.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (s *Server) count(route string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			code := sw.code
			if code == 0 {
				code = http.StatusOK
			}
			s.Metrics.requests.WithLabelValues(route, fmt.Sprint(code)).Inc()
		}()
		next.ServeHTTP(sw, r)
	})
}

// authorized guards a state-changing handler with the bearer token,
// compared in constant time.
func (s *Server) authorized(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.Token == "" {
			writeError(w, http.StatusForbidden, "state-changing endpoints are disabled: no token is configured",
				"set server.token in the config or SKILLDEMAND_TOKEN in the environment of `skilldemand serve`, then send Authorization: Bearer TOKEN")
			return
		}
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(s.Token)) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="skilldemand"`)
			writeError(w, http.StatusUnauthorized, "missing or wrong bearer token", "send Authorization: Bearer TOKEN with the token from server.token or SKILLDEMAND_TOKEN")
			return
		}
		next(w, r)
	}
}

// APIError is the JSON body of every error response.
type APIError struct {
	Error string `json:"error"`
	Fix   string `json:"fix,omitempty"`
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

func writeError(w http.ResponseWriter, code int, msg, fix string) {
	writeJSON(w, code, APIError{Error: msg, Fix: fix})
}

// failure maps an error to a status, a message and a fix.
func (s *Server) failure(err error) (int, string, string) {
	var pe *ParamError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &pe):
		return http.StatusBadRequest, pe.Error(), pe.Fix
	case errors.As(err, &mbe):
		return http.StatusRequestEntityTooLarge, fmt.Sprintf("request body is over the %d byte limit", mbe.Limit), "send a smaller body"
	case errors.Is(err, skilldemand.ErrNotFound), skilldemand.ErrorCode(err) == skilldemand.ENOTFOUND:
		return http.StatusNotFound, skilldemand.ErrorMessage(err), "check the id; GET /api/search lists postings"
	case skilldemand.ErrorCode(err) == skilldemand.EINVALID:
		return http.StatusBadRequest, skilldemand.ErrorMessage(err), "fix the request as the message says"
	case errors.Is(err, ErrBusy):
		return http.StatusConflict, err.Error(), "wait for it to finish (GET /api/runs shows it) and retry"
	case errors.Is(err, ErrNotImplemented):
		return http.StatusNotImplemented, "resume matching is not available in this build of the server", "run `skilldemand match RESUME` on the command line"
	case skilldemand.ErrorCode(err) == skilldemand.EUNAVAIL, skilldemand.ErrorCode(err) == skilldemand.ECONFLICT:
		return http.StatusServiceUnavailable, skilldemand.ErrorMessage(err), "retry later"
	}
	s.Logger.Error("request failed", "err", err)
	return http.StatusInternalServerError, "internal error", "try again; if it persists, see the server log"
}

func (s *Server) fail(w http.ResponseWriter, err error) {
	code, msg, fix := s.failure(err)
	writeError(w, code, msg, fix)
}

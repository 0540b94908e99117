package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/spf13/cobra"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/match"
	"github.com/skilldemand/skilldemand/report"
	"github.com/skilldemand/skilldemand/resume"
	"github.com/skilldemand/skilldemand/server"
)

// serveFile is written to the data dir while `serve` runs, so other
// commands can find its API.
const serveFile = "serve.json"

// serveInfo is the content of serveFile.
type serveInfo struct {
	Addr string `json:"addr"`
	PID  int    `json:"pid"`
}

// shutdownTimeout bounds how long open HTTP requests may take to finish.
const shutdownTimeout = 10 * time.Second

// cronParser reads schedules with an optional seconds field, descriptors
// (@daily, @every 1h) and a CRON_TZ= prefix.
var cronParser = cron.NewParser(cron.SecondOptional | cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

func (m *Main) serveCommand() *cobra.Command {
	var addr string
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the nightly crawl schedule and serve the dashboard and JSON API",
		Long: `Own the data directory, crawl on the config's cron schedule (one run at a
time; a run still going when the next is due is skipped), and serve the
dashboard, the JSON API (/api/...), /metrics and /healthz.

POST /api/crawl and /api/reload need the token from server.token in the
config or SKILLDEMAND_TOKEN, sent as "Authorization: Bearer TOKEN"; without a
token they are disabled. While serve runs, skills, reality, search and report
ask its API for their answers.

Stop it with Ctrl-C or SIGTERM: a crawl in flight is cancelled (what it
stored stays stored) and open requests finish.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := LoadConfig(m.configPath)
			if err != nil {
				return err
			}
			if !cmd.Flags().Changed("addr") && cfg.Server.Addr != "" {
				addr = cfg.Server.Addr
			}
			svc, err := m.newService(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			return svc.serve(cmd.Context(), addr)
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "listen address (default: server.addr from the config, else 127.0.0.1:8080)")
	return cmd
}

// service is what `serve` runs: the data, the scheduler and the server.
// It implements server.Backend.
type service struct {
	m      *Main
	data   *Data
	logger *slog.Logger
	srv    *server.Server

	mu    sync.Mutex // guards cfg and entry
	cfg   Config
	cron  *cron.Cron
	entry cron.EntryID

	runMu   sync.Mutex // held while a crawl runs: cron and POST /api/crawl share it
	running atomic.Bool
	ctx     context.Context // cancelled on shutdown; crawls run under it
	wg      sync.WaitGroup  // crawls started by POST /api/crawl

	// MatchFunc compares a resume with the postings; nil answers 501.
	MatchFunc func(ctx context.Context, d *Data, resume io.Reader, name string, f skilldemand.Filter) (*match.Result, error)
	// crawl runs one crawl; Data.Crawl unless a test replaces it.
	crawl func(ctx context.Context, cfg *Config, p *progress) (*skilldemand.Run, error)
	// afterRun, when set, is called after each run (tests).
	afterRun func(*skilldemand.Run)
}

var _ server.Backend = (*service)(nil)

// newService validates the schedule, opens the data read-write and builds
// the scheduler and the server. Call serve to run it, or close to undo.
func (m *Main) newService(ctx context.Context, cfg Config) (*service, error) {
	if _, err := parseSchedule(cfg.Schedule); err != nil {
		return nil, err
	}
	d, err := m.openData(ctx, &cfg, false)
	if err != nil {
		return nil, err
	}
	// Queries may be answered from counts up to this old while a crawl
	// writes, so the dashboard stays fast during a run.
	d.Index.CacheFor = serveCacheFor
	s := &service{m: m, data: d, cfg: cfg, logger: m.logger().With("system", "serve"), ctx: ctx}
	s.MatchFunc = matchHook
	s.crawl = d.Crawl
	s.srv = server.New(s)
	s.srv.Logger = m.logger().With("system", "server")
	s.srv.Token = cfg.Server.Token
	s.srv.SkillName = func(id string) string {
		if sk, ok := d.Taxonomy.Skill(id); ok {
			return sk.Name
		}
		return ""
	}
	if t := os.Getenv("SKILLDEMAND_TOKEN"); t != "" {
		s.srv.Token = t
	}
	s.cron = cron.New(cron.WithParser(cronParser), cron.WithLogger(cronLogger{s.logger}),
		cron.WithChain(cron.Recover(cronLogger{s.logger}), cron.SkipIfStillRunning(cronLogger{s.logger})))
	if err := s.schedule(cfg.Schedule); err != nil {
		d.Close()
		return nil, err
	}
	s.failInterrupted()
	return s, nil
}

// serveCacheFor is how stale the server's demand counts may be during a crawl.
const serveCacheFor = 2 * time.Second

// matchHook reads an uploaded resume (type sniffed from its content, size
// capped by resume.Read) and compares it with demand. Nothing is stored.
// Unreadable files are the user's input problem: a 400 naming the fix.
func matchHook(ctx context.Context, d *Data, r io.Reader, name string, f skilldemand.Filter) (*match.Result, error) {
	doc, err := resume.Read(r, name)
	if err != nil {
		return nil, skilldemand.Errorf(skilldemand.EINVALID, "%s", err.Error())
	}
	return d.Match(ctx, doc, f)
}

func parseSchedule(spec string) (cron.Schedule, error) {
	if strings.TrimSpace(spec) == "" {
		return nil, nil
	}
	sched, err := cronParser.Parse(spec)
	if err != nil {
		return nil, usageErrorf("schedule %q: %v: use a cron line like \"CRON_TZ=UTC 0 3 * * *\" or \"@every 6h\"", spec, err)
	}
	return sched, nil
}

// schedule replaces the cron entry; an empty spec schedules nothing.
func (s *service) schedule(spec string) error {
	sched, err := parseSchedule(spec)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.entry != 0 {
		s.cron.Remove(s.entry)
		s.entry = 0
	}
	if sched != nil {
		s.entry = s.cron.Schedule(sched, cron.FuncJob(s.scheduledRun))
	}
	return nil
}

// failInterrupted marks runs left "running" by a process that died as failed.
func (s *service) failInterrupted() {
	runs, err := s.data.DB.Runs(20)
	if err != nil {
		return
	}
	for _, r := range runs {
		if r.Status == skilldemand.RunRunning {
			r.Status = skilldemand.RunFailed
			r.Error = "interrupted: the process stopped before the run finished"
			if r.Finished.IsZero() {
				r.Finished = r.Started
			}
			if err := s.data.DB.PutRun(r); err != nil {
				s.logger.Warn("cannot mark interrupted run", "run", r.ID, "err", err)
			}
		}
	}
}

func (s *service) scheduledRun() {
	if !s.runMu.TryLock() {
		s.logger.Info("scheduled crawl skipped: a crawl is already running")
		return
	}
	defer s.runMu.Unlock()
	s.runOnce(s.ctx)
}

// runOnce crawls once; the caller holds runMu. A panic is recovered and
// recorded as a failed run.
func (s *service) runOnce(ctx context.Context) (run *skilldemand.Run) {
	s.running.Store(true)
	defer s.running.Store(false)
	started := time.Now().UTC()
	defer func() {
		if v := recover(); v != nil {
			s.logger.Error("crawl panicked", "panic", v)
			run = s.recordPanic(started, v)
		}
		if run != nil {
			s.srv.Metrics.ObserveRun(run)
			if s.afterRun != nil {
				s.afterRun(run)
			}
		}
	}()
	s.mu.Lock()
	cfg := s.cfg
	s.mu.Unlock()
	run, err := s.crawl(ctx, &cfg, nil)
	if err != nil {
		s.logger.Warn("crawl failed", "err", err)
	}
	if run != nil {
		s.logger.Info("crawl finished", "run", run.ID, "status", run.Status, "took", run.Finished.Sub(run.Started))
	}
	return run
}

// recordPanic turns the run a panic cut short into a failed run.
func (s *service) recordPanic(started time.Time, v any) *skilldemand.Run {
	run := &skilldemand.Run{ID: runID(started), Started: started}
	if runs, err := s.data.DB.Runs(1); err == nil && len(runs) == 1 && runs[0].Status == skilldemand.RunRunning && !runs[0].Started.Before(started) {
		run = runs[0]
	}
	run.Status = skilldemand.RunFailed
	run.Finished = time.Now().UTC()
	run.Error = fmt.Sprintf("panic: %v", v)
	if err := s.data.DB.PutRun(run); err != nil {
		s.logger.Error("cannot record failed run", "err", err)
	}
	return run
}

// serve listens on addr and runs until ctx is cancelled, then shuts down:
// cron stopped and waited for, crawls cancelled and waited for, requests
// drained, files closed and serve.json removed.
func (s *service) serve(ctx context.Context, addr string) (err error) {
	defer func() { err = errors.Join(err, s.data.Close()) }()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return usageErrorf("cannot listen on %s: %v: pick another --addr", addr, err)
	}
	return s.run(ctx, ln)
}

func (s *service) run(ctx context.Context, ln net.Listener) error {
	addr := ln.Addr().String()
	if !isLoopback(addr) {
		fmt.Fprintf(s.m.Stderr, "warning: listening on %s, which is not a loopback address: anyone who can reach it can read the dashboard\n", addr)
	}
	if s.srv.Token == "" {
		fmt.Fprintf(s.m.Stderr, "note: no server.token or SKILLDEMAND_TOKEN set: POST /api/crawl and /api/reload are disabled\n")
	}
	infoPath := filepath.Join(s.data.Dir, serveFile)
	b, _ := json.Marshal(serveInfo{Addr: addr, PID: os.Getpid()})
	if err := os.WriteFile(infoPath, b, 0o644); err != nil {
		ln.Close()
		return fmt.Errorf("write %s: %w", infoPath, err)
	}
	defer os.Remove(infoPath)

	hs := &http.Server{
		Handler:           s.srv,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.logger.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	s.cron.Start()
	fmt.Fprintf(s.m.Stderr, "skilldemand serve: dashboard at http://%s/ (data in %s; schedule %q)\n", addr, s.data.Dir, s.cfg.Schedule)

	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	var serveErr error
	select {
	case <-ctx.Done():
	case serveErr = <-errc:
	}
	s.logger.Info("shutting down")
	// Stop scheduling; ctx (which crawls run under) is already cancelled on a
	// signal, so a crawl in flight stops at its next check and records its run.
	<-s.cron.Stop().Done()
	s.wg.Wait()
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		serveErr = errors.Join(serveErr, fmt.Errorf("shut down http server: %w", err))
	}
	if errors.Is(serveErr, http.ErrServerClosed) {
		serveErr = nil
	}
	return serveErr
}

func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// cronLogger sends cron's logs to slog.
type cronLogger struct{ l *slog.Logger }

func (c cronLogger) Info(msg string, kv ...any) { c.l.Debug("cron: "+msg, kv...) }
func (c cronLogger) Error(err error, msg string, kv ...any) {
	c.l.Error("cron: "+msg, append([]any{"err", err}, kv...)...)
}

// Backend methods.

func (s *service) checkSkill(f skilldemand.Filter) error {
	if f.Skill != "" {
		if _, ok := s.data.Taxonomy.Skill(f.Skill); !ok {
			return skilldemand.Errorf(skilldemand.EINVALID, "skill %q: no such skill id: GET /api/skills lists them", f.Skill)
		}
	}
	return nil
}

func (s *service) demand(ctx context.Context, f skilldemand.Filter) (*skilldemand.Demand, error) {
	if err := s.checkSkill(f); err != nil {
		return nil, err
	}
	d, err := s.data.Index.Demand(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("count demand: %w", err)
	}
	return d, nil
}

func (s *service) Skills(ctx context.Context, f skilldemand.Filter) (*server.SkillsResult, error) {
	d, err := s.demand(ctx, f)
	if err != nil {
		return nil, err
	}
	return &server.SkillsResult{Total: d.Total, Filter: describeFilter(f), Skills: report.Skills(d, s.data.Taxonomy.Skills)}, nil
}

func (s *service) Reality(ctx context.Context, f skilldemand.Filter) (*server.RealityResult, error) {
	d, err := s.demand(ctx, f)
	if err != nil {
		return nil, err
	}
	rows := report.Reality(d, s.data.Taxonomy.ArticleSkills(), s.data.Taxonomy.Signals)
	return &server.RealityResult{Total: d.Total, Filter: describeFilter(f), Reality: rows}, nil
}

func (s *service) trends() ([]report.TrendRow, report.TrendBasis, error) {
	snaps, err := s.data.DB.Snapshots("", "")
	if err != nil {
		return nil, report.TrendBasis{}, fmt.Errorf("read snapshots: %w", err)
	}
	return report.Trends(snaps, s.data.Taxonomy.Skills), report.TrendBasisOf(snaps), nil
}

func (s *service) Trends(ctx context.Context) (*server.TrendsResult, error) {
	rows, basis, err := s.trends()
	if err != nil {
		return nil, err
	}
	return &server.TrendsResult{Basis: basis, Trends: rows}, nil
}

func (s *service) Search(ctx context.Context, f skilldemand.Filter, from, size int) (*server.SearchResult, error) {
	if err := s.checkSkill(f); err != nil {
		return nil, err
	}
	res, err := s.data.Index.Search(ctx, f, from, size)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	out := &server.SearchResult{Total: res.Total, From: from, Hits: make([]server.SearchHit, 0, len(res.Hits)), Facets: map[string][]server.Facet{}}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, server.SearchHit{ID: h.ID, Score: h.Score, Title: h.Title, Company: h.Company, Location: h.Location,
			URL: h.URL, FirstSeen: h.FirstSeen, Open: h.Open, Fragments: h.Fragments})
	}
	for name, terms := range res.Facets {
		fs := make([]server.Facet, 0, len(terms))
		for _, t := range terms {
			fs = append(fs, server.Facet{Term: t.Term, Count: t.Count})
		}
		out.Facets[name] = fs
	}
	return out, nil
}

func (s *service) Posting(ctx context.Context, id string) (*skilldemand.Posting, error) {
	p, err := s.data.DB.Posting(id)
	if errors.Is(err, skilldemand.ErrNotFound) {
		return nil, skilldemand.Errorf(skilldemand.ENOTFOUND, "no posting %q", id)
	}
	return p, err
}

func (s *service) Runs(ctx context.Context, limit int) ([]*skilldemand.Run, error) {
	return s.data.DB.Runs(limit)
}

func (s *service) Sources(ctx context.Context) ([]server.SourceStatus, error) {
	s.mu.Lock()
	sources := slices.Clone(s.cfg.Sources)
	s.mu.Unlock()
	runs, err := s.data.DB.Runs(100)
	if err != nil {
		return nil, fmt.Errorf("read runs: %w", err)
	}
	out := make([]server.SourceStatus, 0, len(sources))
	for _, src := range sources {
		st := server.SourceStatus{Source: src, LastStatus: "never"}
	find:
		for _, r := range runs { // newest first
			for i := range r.Sources {
				if r.Sources[i].Source == src.Key() {
					sr := r.Sources[i]
					st.LastRun, st.Last, st.LastStatus = r.ID, &sr, "ok"
					if !sr.OK() {
						st.LastStatus = "failed"
					}
					break find
				}
			}
		}
		out = append(out, st)
	}
	return out, nil
}

func (s *service) Report(ctx context.Context, format string, f skilldemand.Filter, w io.Writer) error {
	demand, err := s.demand(ctx, f)
	if err != nil {
		return err
	}
	skills := report.Skills(demand, s.data.Taxonomy.Skills)
	reality := report.Reality(demand, s.data.Taxonomy.ArticleSkills(), s.data.Taxonomy.Signals)
	switch format {
	case "md", "html":
		r, err := s.data.reportData(demand, f, skills, reality)
		if err != nil {
			return err
		}
		if format == "md" {
			return report.WriteMarkdown(w, r)
		}
		rows, basis, err := s.trends()
		if err != nil {
			return err
		}
		return report.WriteHTML(w, &report.HTMLReport{Report: *r, Trends: rows, TrendBasis: basis})
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"total": demand.Total, "filter": describeFilter(f), "skills": skills, "reality": reality})
	case "csv":
		return report.WriteSkills(w, skills, demand.Total, "csv")
	}
	return skilldemand.Errorf(skilldemand.EINVALID, "format %q: use md, html, csv or json", format)
}

// Crawl starts a crawl in the background unless one is running.
func (s *service) Crawl(ctx context.Context) error {
	if s.ctx.Err() != nil {
		return skilldemand.Errorf(skilldemand.EUNAVAIL, "the server is shutting down")
	}
	if !s.runMu.TryLock() {
		return server.ErrBusy
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer s.runMu.Unlock()
		s.runOnce(s.ctx)
	}()
	return nil
}

// Reload re-reads the config file and applies its sources, politeness,
// role, taxonomy-free settings and schedule. The token and address stay as
// they were at start.
func (s *service) Reload(ctx context.Context) error {
	cfg, err := LoadConfig(s.m.configPath)
	if err != nil {
		return skilldemand.Errorf(skilldemand.EINVALID, "reload: %s", oneLine(errorText(err)))
	}
	if _, err := loadRole(&cfg); err != nil {
		return skilldemand.Errorf(skilldemand.EINVALID, "reload: %s", oneLine(errorText(err)))
	}
	if err := s.schedule(cfg.Schedule); err != nil {
		return skilldemand.Errorf(skilldemand.EINVALID, "reload: %s", oneLine(errorText(err)))
	}
	s.mu.Lock()
	s.cfg = cfg
	s.mu.Unlock()
	s.logger.Info("config reloaded", "sources", len(cfg.Sources), "schedule", cfg.Schedule)
	return nil
}

func (s *service) Match(ctx context.Context, resume io.Reader, name string, f skilldemand.Filter) (*match.Result, error) {
	if s.MatchFunc == nil {
		return nil, server.ErrNotImplemented
	}
	return s.MatchFunc(ctx, s.data, resume, name, f)
}

func (s *service) Stats(ctx context.Context) (*server.Stats, error) {
	open, total, err := s.data.DB.PostingCount()
	if err != nil {
		return nil, fmt.Errorf("count postings: %w", err)
	}
	n, err := s.data.Index.Count()
	if err != nil {
		return nil, fmt.Errorf("count index: %w", err)
	}
	return &server.Stats{OpenPostings: open, TotalPostings: total, Indexed: n, Running: s.running.Load()}, nil
}

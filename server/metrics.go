package server

import (
	"context"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/skilldemand/skilldemand"
)

// Metrics are the Prometheus series /metrics serves. Each Server has its
// own registry, so several servers (as in tests) do not collide.
type Metrics struct {
	registry     *prometheus.Registry
	pagesFetched *prometheus.CounterVec
	errors       *prometheus.CounterVec
	runs         *prometheus.CounterVec
	runDuration  *prometheus.HistogramVec
	postings     *prometheus.GaugeVec
	indexSize    prometheus.Gauge
	requests     *prometheus.CounterVec
}

// Labels of the error counter's status.
const (
	ErrorStatusEntry  = "entry_error"   // a malformed or unreadable entry
	ErrorStatusSource = "source_failed" // the source's crawl failed as a whole
)

// NewMetrics registers skilldemand's series and the Go runtime's.
func NewMetrics() *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		pagesFetched: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "skilldemand_pages_fetched_total", Help: "Postings received from each source.",
		}, []string{"source"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "skilldemand_crawl_errors_total", Help: "Crawl errors by source and status (entry_error, source_failed).",
		}, []string{"source", "status"}),
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "skilldemand_runs_total", Help: "Crawl runs by final status.",
		}, []string{"status"}),
		runDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "skilldemand_run_duration_seconds", Help: "How long crawl runs took.",
			Buckets: []float64{1, 5, 15, 60, 300, 900, 3600},
		}, []string{"status"}),
		postings: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "skilldemand_postings_stored", Help: "Postings in the store (state: open, total).",
		}, []string{"state"}),
		indexSize: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "skilldemand_index_documents", Help: "Postings in the search index.",
		}),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "skilldemand_http_requests_total", Help: "HTTP requests by route and status code.",
		}, []string{"route", "code"}),
	}
	m.registry.MustRegister(m.pagesFetched, m.errors, m.runs, m.runDuration, m.postings, m.indexSize, m.requests,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// ObserveRun adds a finished run to the counters.
func (m *Metrics) ObserveRun(run *skilldemand.Run) {
	if run == nil || run.Status == skilldemand.RunRunning {
		return
	}
	m.runs.WithLabelValues(run.Status).Inc()
	if !run.Finished.IsZero() {
		m.runDuration.WithLabelValues(run.Status).Observe(run.Finished.Sub(run.Started).Seconds())
	}
	for _, s := range run.Sources {
		m.pagesFetched.WithLabelValues(s.Source).Add(float64(s.Fetched))
		if s.Errors > 0 {
			m.errors.WithLabelValues(s.Source, ErrorStatusEntry).Add(float64(s.Errors))
		}
		if !s.OK() {
			m.errors.WithLabelValues(s.Source, ErrorStatusSource).Inc()
		}
	}
}

func (m *Metrics) observeStats(st *Stats) {
	m.postings.WithLabelValues("open").Set(float64(st.OpenPostings))
	m.postings.WithLabelValues("total").Set(float64(st.TotalPostings))
	m.indexSize.Set(float64(st.Indexed))
}

// handler refreshes the size gauges from the backend and serves the registry.
func (m *Metrics) handler(b Backend) http.Handler {
	h := promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
		defer cancel()
		if st, err := b.Stats(ctx); err == nil {
			m.observeStats(st)
		}
		h.ServeHTTP(w, r)
	})
}

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/skilldemand/skilldemand"
	"github.com/skilldemand/skilldemand/extract"
	"github.com/skilldemand/skilldemand/indexer"
	"github.com/skilldemand/skilldemand/report"
	"github.com/skilldemand/skilldemand/store"
)

// The query functions answer the CLI's questions over opened Data and
// return plain structs, so the HTTP server can call them too.

// SkillRow is a skill-table row with the skills listed most often with it.
type SkillRow struct {
	report.SkillRow
	CoSkills []indexer.FacetCount `json:"co_skills,omitempty"`
}

// SkillsAnswer is the skill-frequency table.
type SkillsAnswer struct {
	Total  int        `json:"total"`
	Filter string     `json:"filter,omitempty"`
	Skills []SkillRow `json:"skills"`
}

// QuerySkills counts skill demand among the postings f selects: one
// faceted search, plus one per row for the co top co-occurring skills
// (co 0: none). limit > 0 keeps the top rows only.
func QuerySkills(ctx context.Context, d *Data, f skilldemand.Filter, limit, co int) (*SkillsAnswer, error) {
	demand, err := d.Index.Demand(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("count demand: %w", err)
	}
	rows := report.Skills(demand, d.Taxonomy.Skills)
	if limit > 0 && len(rows) > limit {
		rows = rows[:limit]
	}
	out := &SkillsAnswer{Total: demand.Total, Filter: describeFilter(f), Skills: make([]SkillRow, len(rows))}
	for i, r := range rows {
		out.Skills[i].SkillRow = r
		if co > 0 && r.Postings > 0 {
			if out.Skills[i].CoSkills, err = d.Index.CoSkills(ctx, f, r.Skill, co); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// RealityAnswer is the listed-vs-reality table with the skills postings
// list most that the article does not name.
type RealityAnswer struct {
	Total   int                 `json:"total"`
	Filter  string              `json:"filter,omitempty"`
	Reality []report.RealityRow `json:"reality"`
	Unnamed []report.SkillRow   `json:"unnamed"` // most listed first
}

// QueryReality compares the article's skills and claims with the postings
// f selects; unnamed is how many of the most listed skills outside the
// article's list to add.
func QueryReality(ctx context.Context, d *Data, f skilldemand.Filter, unnamed int) (*RealityAnswer, error) {
	demand, err := d.Index.Demand(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("count demand: %w", err)
	}
	out := &RealityAnswer{
		Total:   demand.Total,
		Filter:  describeFilter(f),
		Reality: report.Reality(demand, d.Taxonomy.ArticleSkills(), d.Taxonomy.Signals),
		Unnamed: unnamedSkills(report.Skills(demand, d.Taxonomy.Skills), unnamed),
	}
	return out, nil
}

// unnamedSkills is the n most listed skills the article does not name.
func unnamedSkills(rows []report.SkillRow, n int) []report.SkillRow {
	out := []report.SkillRow{}
	for _, r := range rows {
		if !r.Article && r.Postings > 0 && len(out) < n {
			out = append(out, r)
		}
	}
	return out
}

// TrendsAnswer is the skill trends over the daily snapshots.
type TrendsAnswer struct {
	Basis report.TrendBasis `json:"basis"`
	Rows  []report.TrendRow `json:"trends"`
}

// QueryTrends compares the stored daily snapshots (open, de-duplicated
// postings, no other filter): month-over-month and year-over-year change,
// 3-month moving average and rank change.
func QueryTrends(ctx context.Context, d *Data) (*TrendsAnswer, error) {
	snaps, err := d.DB.Snapshots("", "")
	if err != nil {
		return nil, fmt.Errorf("read snapshots: %w", err)
	}
	return &TrendsAnswer{Basis: report.TrendBasisOf(snaps), Rows: report.Trends(snaps, d.Taxonomy.Skills)}, nil
}

// selectedPostings reads from the store every posting f selects.
func selectedPostings(ctx context.Context, d *Data, f skilldemand.Filter) ([]*skilldemand.Posting, error) {
	ids, err := d.Index.IDs(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("select postings: %w", err)
	}
	ps, err := d.DB.Postings(ids)
	if err != nil {
		return nil, fmt.Errorf("read postings: %w", err)
	}
	return ps, nil
}

// QueryLifecycle counts new, active and closed postings per period (week or
// month) and the median days open, among the postings f selects; closed
// postings are always included (f.IncludeClosed is set).
func QueryLifecycle(ctx context.Context, d *Data, f skilldemand.Filter, period string, now time.Time) (*report.Lifecycle, error) {
	f.IncludeClosed = true
	ps, err := selectedPostings(ctx, d, f)
	if err != nil {
		return nil, err
	}
	return report.LifecycleOf(ps, period, now)
}

// SearchAnswer is one page of postings with, for a skill drill-down, the
// text behind each count.
type SearchAnswer struct {
	Total  int                             `json:"total"`
	Hits   []searchHit                     `json:"hits"`
	Facets map[string][]indexer.FacetCount `json:"facets,omitempty"`
}

// QuerySearch lists hits from..from+size of the postings f selects; with
// f.Skill set each hit carries the spans naming the skill, and strength
// (optional) keeps the postings counted under that strength only.
func QuerySearch(ctx context.Context, d *Data, f skilldemand.Filter, strength skilldemand.Strength, from, size int) (*SearchAnswer, error) {
	res, err := d.Index.SearchStrength(ctx, f, strength, from, size)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	out := &SearchAnswer{Total: res.Total, Hits: make([]searchHit, 0, len(res.Hits)), Facets: res.Facets}
	for _, h := range res.Hits {
		sh := searchHit{ID: h.ID, Title: h.Title, Company: h.Company, Location: h.Location, URL: h.URL, Open: h.Open, Group: h.Group}
		for _, u := range h.URLs {
			if u != h.URL {
				sh.OtherURLs = append(sh.OtherURLs, u)
			}
		}
		if frags := h.Fragments["body"]; len(frags) > 0 {
			sh.Fragment = frags[0]
		}
		if f.Skill != "" {
			p, err := d.DB.Posting(h.ID)
			if err != nil {
				return nil, fmt.Errorf("read posting %s: %w", h.ID, err)
			}
			if sm := p.Extraction.Skill(f.Skill); sm != nil {
				sh.Strength = string(indexer.PostingStrength(*sm))
				for _, hit := range sm.Hits {
					sh.Spans = append(sh.Spans, showSpan(p.Extraction.Text, hit))
				}
			}
		}
		out.Hits = append(out.Hits, sh)
	}
	return out, nil
}

// metaEvalLast is the meta key holding the last saved extractor evaluation.
const metaEvalLast = "eval_last"

// savedEval is the extractor evaluation kept in the store's meta.
type savedEval struct {
	Date             time.Time `json:"date"`
	Gold             string    `json:"gold"`
	Version          string    `json:"version"`
	Postings         int       `json:"postings"`
	SkillsMicroF1    float64   `json:"skills_micro_f1"`
	SignalsMicroF1   float64   `json:"signals_micro_f1"`
	StrengthAccuracy float64   `json:"strength_accuracy"`
}

// SaveEval records an evaluation in the store so reports can cite the
// extractor's measured accuracy (for `eval --save`).
func SaveEval(db *store.DB, r *extract.EvalReport, gold, version string, at time.Time) error {
	b, err := json.Marshal(savedEval{Date: at.UTC(), Gold: gold, Version: version, Postings: r.Postings,
		SkillsMicroF1: r.SkillsMicroF1, SignalsMicroF1: r.SignalsMicroF1, StrengthAccuracy: r.StrengthAccuracy})
	if err != nil {
		return err
	}
	return db.SetMeta(metaEvalLast, string(b))
}

// accuracyNote is the method note on the extractor's measured accuracy.
func (d *Data) accuracyNote() string {
	version := extractVersion(d.Taxonomy)
	v, err := d.DB.Meta(metaEvalLast)
	var e savedEval
	if err != nil || v == "" || json.Unmarshal([]byte(v), &e) != nil {
		return "Skills are tagged by " + version + ". Its accuracy is not measured for this data: run `skilldemand eval --gold FILE --save` to record it."
	}
	note := fmt.Sprintf("Skills are tagged by %s. Measured on %d labelled postings (%s, %s): skills micro-F1 %.2f, signals micro-F1 %.2f, requirement strength right %.0f%% of the time.",
		version, e.Postings, e.Gold, e.Date.Format(time.DateOnly), e.SkillsMicroF1, e.SignalsMicroF1, 100*e.StrengthAccuracy)
	if e.Version != version {
		note += " That measurement was of " + e.Version + ", not the version in use."
	}
	return note
}

// BuildReport gathers everything the report shows for the postings f
// selects: skills, listed vs reality, trends, top companies, salaries by
// seniority, lifecycle and method notes.
func BuildReport(ctx context.Context, d *Data, f skilldemand.Filter, now time.Time) (*ReportAnswer, error) {
	demand, err := d.Index.Demand(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("count demand: %w", err)
	}
	skills := report.Skills(demand, d.Taxonomy.Skills)
	reality := report.Reality(demand, d.Taxonomy.ArticleSkills(), d.Taxonomy.Signals)
	base, err := d.reportData(demand, f, skills, reality)
	if err != nil {
		return nil, err
	}
	base.Generated = now.UTC()
	trends, err := QueryTrends(ctx, d)
	if err != nil {
		return nil, err
	}
	ps, err := selectedPostings(ctx, d, f)
	if err != nil {
		return nil, err
	}
	life, err := QueryLifecycle(ctx, d, f, report.PeriodMonth, now)
	if err != nil {
		return nil, err
	}
	r := &ReportAnswer{
		HTMLReport: report.HTMLReport{
			Report:            *base,
			Trends:            trends.Rows,
			TrendBasis:        trends.Basis,
			TopCompanies:      report.TopCompanies(ps, report.TopCompanyRows),
			SalaryBySeniority: report.SalaryBySeniority(ps),
		},
		Unnamed:   unnamedSkills(skills, 10),
		Lifecycle: life,
	}
	return r, nil
}

// ReportAnswer is the full report's content.
type ReportAnswer struct {
	report.HTMLReport
	Unnamed   []report.SkillRow `json:"unnamed"`
	Lifecycle *report.Lifecycle `json:"lifecycle"`
}

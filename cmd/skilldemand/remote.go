package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/skilldemand/skilldemand/indexer"
	"github.com/skilldemand/skilldemand/report"
	"github.com/skilldemand/skilldemand/server"
)

// serverRunningError says the data dir is held by a running `serve`,
// whose API can answer instead.
type serverRunningError struct {
	Dir  string
	Info serveInfo
}

func (e *serverRunningError) Error() string {
	return fmt.Sprintf("data dir %s is in use: skilldemand serve is running on %s (pid %d): its API answers at http://%s/api/skills (and /api/reality, /api/search, /api/report)",
		e.Dir, e.Info.Addr, e.Info.PID, e.Info.Addr)
}

// Unwrap makes it a usage error (exit 2) when no remote answer is tried.
func (e *serverRunningError) Unwrap() error { return &usageError{msg: e.Error()} }

// runningServer returns the error naming the running server of dir, or nil
// when serve.json is absent or unreadable. data.go's lock path calls it.
func runningServer(dir string) error {
	b, err := os.ReadFile(filepath.Join(dir, serveFile))
	if err != nil {
		return nil
	}
	var info serveInfo
	if json.Unmarshal(b, &info) != nil || info.Addr == "" {
		return nil
	}
	return &serverRunningError{Dir: dir, Info: info}
}

// remoteCommands are the commands that ask a running server when the data
// dir is locked by it.
var remoteCommands = map[string]bool{"skills": true, "reality": true, "search": true, "report": true}

// answerRemotely wraps the query commands of root: when one fails because
// `serve` holds the data dir, it asks the server's API with the same
// filters and prints the same output.
func (m *Main) answerRemotely(root *cobra.Command) {
	for _, cmd := range root.Commands() {
		if !remoteCommands[cmd.Name()] || cmd.RunE == nil {
			continue
		}
		local := cmd.RunE
		cmd.RunE = func(cmd *cobra.Command, args []string) error {
			err := local(cmd, args)
			var sre *serverRunningError
			if !errors.As(err, &sre) {
				return err
			}
			m.logger().Info("data dir held by serve; asking its API", "addr", sre.Info.Addr)
			return m.remote(cmd, args, sre)
		}
	}
}

// remoteTimeout bounds one API call to the running server.
const remoteTimeout = time.Minute

func (m *Main) remote(cmd *cobra.Command, args []string, sre *serverRunningError) error {
	q := url.Values{}
	for _, name := range server.FilterParams {
		if fl := cmd.Flags().Lookup(name); fl != nil && fl.Changed {
			q.Set(name, fl.Value.String())
		}
	}
	str := func(name string) string {
		if fl := cmd.Flags().Lookup(name); fl != nil {
			return fl.Value.String()
		}
		return ""
	}
	c := &remoteClient{base: "http://" + sre.Info.Addr, sre: sre, client: &http.Client{Timeout: remoteTimeout}}
	ctx := cmd.Context()
	format := str("format")
	switch cmd.Name() {
	case "skills":
		var res server.SkillsResult
		if err := c.get(ctx, "/api/skills", q, &res); err != nil {
			return err
		}
		if n, _ := strconv.Atoi(str("limit")); n > 0 && len(res.Skills) > n {
			res.Skills = res.Skills[:n]
		}
		return report.WriteSkills(m.Stdout, res.Skills, res.Total, format)
	case "reality":
		var res server.RealityResult
		if err := c.get(ctx, "/api/reality", q, &res); err != nil {
			return err
		}
		return report.WriteReality(m.Stdout, res.Reality, res.Total, format)
	case "search":
		if len(args) == 1 {
			q.Set("query", args[0])
		}
		limit, _ := strconv.Atoi(str("limit"))
		q.Set("limit", strconv.Itoa(min(max(limit, 1), server.MaxSearchSize)))
		var res server.SearchResult
		if err := c.get(ctx, "/api/search", q, &res); err != nil {
			return err
		}
		return m.printRemoteSearch(ctx, c, &res, str("skill"), format)
	case "report":
		q.Set("format", format)
		return m.remoteReport(ctx, c, q, str("out"))
	}
	return sre
}

type remoteClient struct {
	base   string
	sre    *serverRunningError
	client *http.Client
}

func (c *remoteClient) do(ctx context.Context, path string, q url.Values) (*http.Response, error) {
	u := c.base + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, usageErrorf("%s, but it does not answer (%v): is it still running? If not, remove %s", c.sre.Error(), err, filepath.Join(c.sre.Dir, serveFile))
	}
	if resp.StatusCode != http.StatusOK {
		defer resp.Body.Close()
		var e server.APIError
		if json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&e) != nil || e.Error == "" {
			e.Error = resp.Status
		}
		msg := "server: " + e.Error
		if e.Fix != "" {
			msg += ": " + e.Fix
		}
		return nil, usageErrorf("%s", msg)
	}
	return resp, nil
}

func (c *remoteClient) get(ctx context.Context, path string, q url.Values, v any) error {
	resp, err := c.do(ctx, path, q)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		return fmt.Errorf("read %s answer: %w", path, err)
	}
	return nil
}

func (m *Main) remoteReport(ctx context.Context, c *remoteClient, q url.Values, out string) error {
	resp, err := c.do(ctx, "/api/report", q)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	w := m.Stdout
	if out != "" {
		f, err := os.Create(out)
		if err != nil {
			return usageErrorf("cannot write report %s: %v", out, unwrapPathError(err))
		}
		defer f.Close()
		w = f
	}
	if _, err := io.Copy(w, resp.Body); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// printRemoteSearch prints search hits as printSearch does, reading the
// skill spans from the server's posting endpoint.
func (m *Main) printRemoteSearch(ctx context.Context, c *remoteClient, res *server.SearchResult, skill, format string) error {
	hits := make([]searchHit, 0, len(res.Hits))
	for _, h := range res.Hits {
		sh := searchHit{ID: h.ID, Title: h.Title, Company: h.Company, Location: h.Location, URL: h.URL, Open: h.Open}
		if frags := h.Fragments["body"]; len(frags) > 0 {
			sh.Fragment = frags[0]
		}
		if skill != "" {
			var v server.PostingView
			if err := c.get(ctx, "/api/postings/"+url.PathEscape(h.ID), nil, &v); err != nil {
				return err
			}
			if sm := v.Posting.Extraction.Skill(skill); sm != nil {
				sh.Strength = string(indexer.PostingStrength(*sm))
				for _, hit := range sm.Hits {
					sh.Spans = append(sh.Spans, showSpan(v.Posting.Extraction.Text, hit))
				}
			}
		}
		hits = append(hits, sh)
	}
	return m.printSearch(&SearchAnswer{Total: res.Total, Hits: hits}, format)
}

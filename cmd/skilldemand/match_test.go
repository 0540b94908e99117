package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/skilldemand/skilldemand/match"
)

const resumeDir = "../../resume/testdata"

func matchJSON(t *testing.T, dir, path string, extra ...string) *match.Result {
	t.Helper()
	code, stdout, stderr := run(t, append([]string{"match", path, "--data", dir, "--format", "json"}, extra...)...)
	if code != exitOK {
		t.Fatalf("match %s: exit %d: %s", path, code, stderr)
	}
	var r match.Result
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("match json: %v\n%s", err, stdout)
	}
	return &r
}

// TestMatch runs the demo pipeline once into a temporary directory and
// matches resumes against the stored postings.
func TestMatch(t *testing.T) {
	dir := t.TempDir()
	if code, stdout, stderr := run(t, "demo", "--data", dir); code != exitOK {
		t.Fatalf("demo exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}

	t.Run("StrongTPM", func(t *testing.T) {
		r := matchJSON(t, dir, filepath.Join(resumeDir, "strong-tpm.md"))
		if r.Postings == 0 {
			t.Fatal("got 0 postings, want the demo's")
		}
		if len(r.Strengths) < 15 {
			t.Errorf("got %d strengths, want at least 15", len(r.Strengths))
		}
		for _, id := range []string{"risk-management", "stakeholder-management", "roadmap-planning"} {
			if !slices.ContainsFunc(r.Strengths, func(s match.SkillDemand) bool { return s.Skill == id && s.Evidence != "" }) {
				t.Errorf("strengths lack %s with evidence", id)
			}
		}
		if len(r.Gaps) == 0 || len(r.Gaps) > match.DefaultGaps {
			t.Errorf("got %d gaps, want 1 to %d", len(r.Gaps), match.DefaultGaps)
		}
		for _, g := range r.Gaps {
			if len(g.Examples) != match.DefaultExamples {
				t.Errorf("gap %s: got %d examples, want %d", g.Skill, len(g.Examples), match.DefaultExamples)
			}
			if slices.Contains(r.ResumeSkills, g.Skill) {
				t.Errorf("gap %s is a skill the resume shows", g.Skill)
			}
		}
		shown := 0
		for _, c := range r.RealityChecks {
			if c.Shown {
				shown++
			}
		}
		if len(r.RealityChecks) < 5 || shown < 4 {
			t.Errorf("got %d reality checks with %d shown, want at least 5 with 4 shown", len(r.RealityChecks), shown)
		}
		if c := r.Coverage; c.WithRequired == 0 || c.Mostly == 0 || c.Mostly < c.Full || c.MostlyThreshold != match.DefaultMostly {
			t.Errorf("got coverage %+v, want some postings mostly covered", c)
		}
		if len(r.BestMatches) != match.DefaultBest {
			t.Fatalf("got %d best matches, want %d", len(r.BestMatches), match.DefaultBest)
		}
		for _, m := range r.BestMatches {
			if m.URL == "" || m.Required == 0 || m.RequiredShown == 0 {
				t.Errorf("best match %+v: want a link and required skills shown", m)
			}
		}
	})

	t.Run("PDFAndDOCX", func(t *testing.T) {
		want := matchJSON(t, dir, filepath.Join(resumeDir, "strong-tpm.md")).ResumeSkills
		for _, name := range []string{"strong-tpm.pdf", "strong-tpm.docx"} {
			got := matchJSON(t, dir, filepath.Join(resumeDir, name)).ResumeSkills
			if !slices.Equal(got, want) {
				t.Errorf("%s: got skills %v, want those of the Markdown %v", name, got, want)
			}
		}
	})

	t.Run("Unrelated", func(t *testing.T) {
		r := matchJSON(t, dir, filepath.Join(resumeDir, "unrelated.txt"))
		if len(r.Strengths) != 0 || len(r.BestMatches) != 0 || r.Coverage.Full != 0 || r.Coverage.Mostly != 0 {
			t.Errorf("got %d strengths, %d best matches, coverage %+v; want none", len(r.Strengths), len(r.BestMatches), r.Coverage)
		}
		if len(r.Gaps) != match.DefaultGaps {
			t.Errorf("got %d gaps, want %d", len(r.Gaps), match.DefaultGaps)
		}
		if len(r.Notes) == 0 {
			t.Error("got no note, want one saying the resume shows no skill")
		}
	})

	t.Run("Table", func(t *testing.T) {
		code, stdout, stderr := run(t, "match", filepath.Join(resumeDir, "strong-tpm.md"), "--data", dir)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		for _, want := range []string{"Strengths", "Gaps worth closing", "Reality checks", "Coverage", "Best-matching postings", "https://"} {
			if !strings.Contains(stdout, want) {
				t.Errorf("table lacks %q:\n%s", want, stdout)
			}
		}
	})

	t.Run("Markdown", func(t *testing.T) {
		code, stdout, stderr := run(t, "match", filepath.Join(resumeDir, "strong-tpm.md"), "--data", dir, "--format", "md", "--gaps", "3")
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		for _, want := range []string{"# Resume match", "## Gaps worth closing", "## Best-matching postings", "](<https://"} {
			if !strings.Contains(stdout, want) {
				t.Errorf("markdown lacks %q:\n%s", want, stdout)
			}
		}
	})

	t.Run("Filter", func(t *testing.T) {
		all := matchJSON(t, dir, filepath.Join(resumeDir, "strong-tpm.md"))
		some := matchJSON(t, dir, filepath.Join(resumeDir, "strong-tpm.md"), "--source", "lever")
		if some.Postings == 0 || some.Postings >= all.Postings {
			t.Errorf("got %d postings with --source lever, want fewer than %d and some", some.Postings, all.Postings)
		}
		for _, m := range some.BestMatches {
			if !strings.HasPrefix(m.ID, "lever:") {
				t.Errorf("best match %s is not from lever", m.ID)
			}
		}
	})

	t.Run("BadInput", func(t *testing.T) { testMatchBadInput(t, dir) })
}

func testMatchBadInput(t *testing.T, dir string) {
	tmp := t.TempDir()
	big := filepath.Join(tmp, "big.txt")
	if err := os.WriteFile(big, bytes.Repeat([]byte("risk management "), (5<<20)/16+1), 0o644); err != nil {
		t.Fatal(err)
	}
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e\x00")...)
	tests := []struct {
		name string
		path string
		args []string
		want string
	}{
		{"Empty", writeFile(t, filepath.Join(tmp, "empty.md"), ""), nil, "has no text"},
		{"TooLarge", big, nil, "too large"},
		{"CorruptPDF", writeFile(t, filepath.Join(tmp, "broken.pdf"), "%PDF-1.4\n1 0 obj << /Type /Catalog"), nil, "damaged"},
		{"EncryptedPDF", filepath.Join(resumeDir, "locked.pdf"), nil, "password-protected"},
		{"EncryptedDOCX", writeFile(t, filepath.Join(tmp, "locked.docx"), string(ole)), nil, "password-protected"},
		{"Scanned", filepath.Join(resumeDir, "scanned.pdf"), nil, "looks scanned"},
		{"WrongType", writeFile(t, filepath.Join(tmp, "photo.png"), "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), nil, "unsupported file type"},
		{"Missing", filepath.Join(tmp, "nope.pdf"), nil, "no such file"},
		{"Directory", tmp, nil, "directory"},
		{"NoArg", "", nil, "one resume file"},
		{"BadFormat", filepath.Join(resumeDir, "strong-tpm.md"), []string{"--format", "csv"}, "--format"},
		{"BadGaps", filepath.Join(resumeDir, "strong-tpm.md"), []string{"--gaps", "0"}, "--gaps"},
		{"NoData", filepath.Join(resumeDir, "strong-tpm.md"), []string{"--data", filepath.Join(tmp, "none")}, "no data in"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"match"}
			if tt.path != "" {
				args = append(args, tt.path)
			}
			args = append(args, "--data", dir)
			args = append(args, tt.args...)
			code, _, stderr := run(t, args...)
			if code != exitUsage {
				t.Errorf("got exit %d, want %d (stderr %q)", code, exitUsage, stderr)
			}
			if !strings.Contains(stderr, tt.want) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
				t.Errorf("got stderr %q, want one line containing %q", stderr, tt.want)
			}
		})
	}
}

package extract_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDeps keeps the package pure: no crawler, index, store or scheduler
// library may enter its import graph.
func TestDeps(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Skipf("go list unavailable: %v: %s", err, out)
	}
	banned := []string{
		"github.com/gocolly/colly",
		"github.com/blevesearch/bleve",
		"go.etcd.io/bbolt",
		"github.com/robfig/cron",
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, b := range banned {
			if strings.HasPrefix(dep, b) {
				t.Errorf("extract imports %s (via its dependency graph); it must stay free of %s", dep, b)
			}
		}
	}
}

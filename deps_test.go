package skilldemand_test

import (
	"os/exec"
	"strings"
	"testing"
)

// owners maps each heavy dependency to the one package allowed to import it.
var owners = map[string]string{
	"github.com/gocolly/colly/v2":     "github.com/skilldemand/skilldemand/crawler",
	"go.etcd.io/bbolt":                "github.com/skilldemand/skilldemand/store",
	"github.com/blevesearch/bleve/v2": "github.com/skilldemand/skilldemand/indexer",
	"github.com/robfig/cron/v3":       "github.com/skilldemand/skilldemand/cmd/skilldemand",
}

// goList runs `go list` with a template over the module's packages.
func goList(t *testing.T, args ...string) []string {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go command not found")
	}
	out, err := exec.Command("go", append([]string{"list"}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	return strings.Split(strings.TrimSpace(string(out)), "\n")
}

// TestDependencyOwners checks that only the adapter that owns a dependency
// imports it directly (tests included).
func TestDependencyOwners(t *testing.T) {
	for _, line := range goList(t, "-f", "{{.ImportPath}} {{join .Imports \" \"}} {{join .TestImports \" \"}} {{join .XTestImports \" \"}}", "./...") {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		pkg := fields[0]
		for _, imp := range fields[1:] {
			for dep, owner := range owners {
				if (imp == dep || strings.HasPrefix(imp, dep+"/")) && pkg != owner {
					t.Errorf("%s imports %s; only %s may", pkg, imp, owner)
				}
			}
		}
	}
}

// TestRootDependencies checks that the domain package and the pure
// packages pull in none of the heavy dependencies, even indirectly.
func TestRootDependencies(t *testing.T) {
	for _, pkg := range []string{".", "./extract", "./report", "./dataset"} {
		for _, dep := range goList(t, "-deps", pkg) {
			for banned := range owners {
				if dep == banned || strings.HasPrefix(dep, banned+"/") {
					t.Errorf("%s depends on %s", pkg, dep)
				}
			}
		}
	}
}

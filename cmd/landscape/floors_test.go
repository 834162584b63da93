package main

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// floors is the README's architecture: each product package's floor. A
// package imports only from lower floors; tooling (internal/) only
// cmd/landscape may import.
var floors = map[string]int{
	"cmd/landscape": 5,
	"bot":           4, "live": 4, "feeds": 4,
	"answer": 3, "digest": 3, "curate": 3, "chart": 3,
	"index": 2, "facts": 2,
	"corpus": 1, "lexicon": 1, "fetch": 1, "store": 1,
}

const module = "github.com/landscape-bot/landscape/"

// The product's packages import only downward, never sideways or up, and
// never the tooling under internal/ (but for the binary's gen-corpus).
func TestPackageFloors(t *testing.T) {
	for pkg, floor := range floors {
		files, err := filepath.Glob(filepath.Join("../..", pkg, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: no Go files (%v)", pkg, err)
		}
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range f.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				dep, ok := strings.CutPrefix(path, module)
				if !ok {
					continue
				}
				if strings.HasPrefix(dep, "internal/") {
					if pkg != "cmd/landscape" {
						t.Errorf("%s imports the tooling package %s", name, dep)
					}
					continue
				}
				depFloor, known := floors[dep]
				switch {
				case !known:
					t.Errorf("%s imports %s, which is on no floor: add it to the README's architecture and to floors", name, dep)
				case depFloor >= floor:
					t.Errorf("%s (floor %d) imports %s (floor %d): only lower floors", name, floor, dep, depFloor)
				}
			}
		}
	}
	entries, err := os.ReadDir("../..")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if _, ok := floors[e.Name()]; !ok && e.IsDir() && hasGo(filepath.Join("../..", e.Name())) {
			t.Errorf("package %s is on no floor: add it to the README's architecture and to floors", e.Name())
		}
	}
}

// hasGo reports whether dir holds a package (tests alone are none).
func hasGo(dir string) bool {
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, f := range files {
		if !strings.HasSuffix(f, "_test.go") {
			return true
		}
	}
	return false
}

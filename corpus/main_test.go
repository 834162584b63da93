package corpus

import (
	"fmt"
	"os"
	"testing"
)

// TestMain makes this test binary a worker when a test starts it as one
// (testWorker), as the landscape binary is.
func TestMain(m *testing.M) {
	if os.Getenv(WorkerEnv) != "" {
		if err := RunWorker(os.Getenv, os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// testWorker is this test binary as a worker, with a memory limit of mb
// (0: the default).
func testWorker(t *testing.T, mb int) *Worker {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return &Worker{Command: []string{exe}, MemoryMB: mb}
}

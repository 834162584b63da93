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
		if log := os.Getenv(workerLogEnv); log != "" { // a test counts the workers started
			f, err := os.OpenFile(log, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
			if err != nil {
				os.Exit(1)
			}
			fmt.Fprintln(f, os.Getpid())
			f.Close()
		}
		if err := RunWorker(os.Getenv, os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// workerLogEnv names a file each worker this test binary starts adds a
// line to.
const workerLogEnv = "CORPUS_TEST_WORKER_LOG"

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

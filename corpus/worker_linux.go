package corpus

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"syscall"
)

// workerAttr kills the worker if the process that started it dies.
func workerAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}

// limitMemory makes the address space this process may still take at
// most limit bytes: beyond, the runtime cannot map memory and the process
// ends ("out of memory"). The Go runtime reserves some 1 GB of address
// space it never uses; what it holds now counts as taken already.
func limitMemory(limit int64) error {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return err
	}
	var size int64
	for _, line := range bytes.Split(status, []byte("\n")) {
		if v, ok := bytes.CutPrefix(line, []byte("VmSize:")); ok {
			kb, err := strconv.ParseInt(string(bytes.TrimSpace(bytes.TrimSuffix(bytes.TrimSpace(v), []byte("kB")))), 10, 64)
			if err != nil {
				return fmt.Errorf("VmSize: %w", err)
			}
			size = kb << 10
		}
	}
	if size == 0 {
		return fmt.Errorf("no VmSize in /proc/self/status")
	}
	n := uint64(size + limit)
	return syscall.Setrlimit(syscall.RLIMIT_AS, &syscall.Rlimit{Cur: n, Max: n})
}

//go:build !linux

package corpus

import "syscall"

// workerAttr: a worker outlives a killed parent only until its file is
// read (or its memory limit is reached).
func workerAttr() *syscall.SysProcAttr { return nil }

// limitMemory: no hard limit here; the soft one (debug.SetMemoryLimit)
// and the work budget remain.
func limitMemory(int64) error { return nil }

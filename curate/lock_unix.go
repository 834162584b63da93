//go:build unix

package curate

import (
	"context"
	"errors"
	"os"
	"syscall"
	"time"
)

// lockPoll is how often a locked folder is tried again: changes take
// milliseconds to seconds.
const lockPoll = 50 * time.Millisecond

// lockFolder locks the folder dir itself (flock, which the system releases
// when the process dies), waiting for another process's change until ctx
// ends.
func lockFolder(ctx context.Context, dir string) (func(), error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() { f.Close() }, nil // closing releases the lock
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			f.Close()
			return nil, err
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(lockPoll):
		}
	}
}

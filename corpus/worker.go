package corpus

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
)

// Worker parses corpus files in a child process: this program run again
// as a worker (RunWorker), with a memory limit it cannot pass. The work
// budget stops what it can see; the worker's limit stops the rest; and
// when the file's time is up or the load's context ends, the worker is
// killed and waited for. Whatever a file does, it costs the worker, never
// the process reading the folder (the bot), and leaves nothing running.
type Worker struct {
	// Command runs this program as a worker: its path, and the arguments
	// of the hidden subcommand that calls RunWorker.
	Command []string
	// MemoryMB is the worker's memory limit (0: DefaultWorkerMB).
	MemoryMB int
}

const (
	// DefaultWorkerMB is the worker's memory limit: what one file may cost
	// at most. The largest real reports (50 MB of PDF) take some 150 MB.
	DefaultWorkerMB = 512
	// WorkerEnv is the variable that marks a worker process and carries
	// its memory limit in MB. A worker never starts another.
	WorkerEnv = "LANDSCAPE_WORKER_MB"
	// isolateOver is the size above which files of other kinds than PDF
	// go to the worker too: below it they cost a few tens of MB at most,
	// and starting a worker (some milliseconds) would be most of their cost.
	isolateOver = 4 << 20
	// maxWorkerReply bounds what the parent reads back: the text of the
	// largest file the budget lets through, with its passages' ids.
	maxWorkerReply = 3 * pdfMaxText
	// maxWorkerStderr keeps the start of what a failed worker said.
	maxWorkerStderr = 4 << 10
	// workerWaitDelay is how long a killed worker's output may take to
	// close before the parent stops waiting for it.
	workerWaitDelay = 2 * time.Second
)

// wants reports whether the worker parses path (size bytes).
func (w *Worker) wants(path string, size int) bool {
	if w == nil || len(w.Command) == 0 || os.Getenv(WorkerEnv) != "" {
		return false
	}
	return kindOfFile(path) == ".pdf" || size > isolateOver
}

func (w *Worker) memoryMB() int {
	if w.MemoryMB > 0 {
		return w.MemoryMB
	}
	return DefaultWorkerMB
}

// workerRequest precedes the file's bytes on the worker's stdin, on one
// line.
type workerRequest struct {
	Path    string `json:"path"`
	Sidecar []byte `json:"sidecar"`
}

// workerReply is the worker's answer: a document, or the problem that
// stopped it.
type workerReply struct {
	Doc      *Document       `json:"doc,omitempty"`
	Hash     string          `json:"hash,omitempty"`
	Passages []workerPassage `json:"passages,omitempty"`
	Problem  *workerProblem  `json:"problem,omitempty"`
}

type workerPassage struct {
	ID, Section, Text string
}

type workerProblem struct {
	Line   int    `json:"line,omitempty"`
	Msg    string `json:"msg"`
	Budget bool   `json:"budget,omitempty"` // over the work budget
}

// parse parses a file read from path in a worker, with its sidecar (nil
// when there is none). ctx ending kills the worker; its error is ctx's.
func (w *Worker) parse(ctx context.Context, path string, data, sidecar []byte) (*Document, error) {
	header, err := json.Marshal(workerRequest{Path: path, Sidecar: sidecar})
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, w.Command[0], w.Command[1:]...)
	cmd.Env = append(os.Environ(), WorkerEnv+"="+strconv.Itoa(w.memoryMB()))
	cmd.Stdin = io.MultiReader(bytes.NewReader(header), strings.NewReader("\n"), bytes.NewReader(data))
	out, stderr := &capped{max: maxWorkerReply}, &capped{max: maxWorkerStderr}
	cmd.Stdout, cmd.Stderr = out, stderr
	cmd.SysProcAttr = workerAttr()
	cmd.WaitDelay = workerWaitDelay
	runErr := cmd.Run() // returns once the worker has exited: never left running
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if runErr != nil {
		if outOfMemory(stderr.String()) {
			err := &budgetError{fmt.Sprintf("it needed over %d MiB of memory", w.memoryMB())}
			return nil, Problem{File: path, Msg: err.Error(), Err: err}
		}
		return nil, Problem{File: path, Msg: fmt.Sprintf("cannot be parsed (the reader failed: %v: %s); skipped", runErr, firstLine(stderr.String()))}
	}
	if out.over {
		err := &budgetError{fmt.Sprintf("over %d MiB of text", maxWorkerReply>>20)}
		return nil, Problem{File: path, Msg: err.Error(), Err: err}
	}
	var reply workerReply
	if err := json.Unmarshal(out.Bytes(), &reply); err != nil {
		return nil, Problem{File: path, Msg: fmt.Sprintf("cannot be parsed (the reader's reply: %v); skipped", err)}
	}
	if p := reply.Problem; p != nil {
		prob := Problem{File: path, Line: p.Line, Msg: p.Msg}
		if p.Budget {
			prob.Err = ErrBudget
		}
		return nil, prob
	}
	if reply.Doc == nil {
		return nil, Problem{File: path, Msg: "cannot be parsed (the reader replied nothing); skipped"}
	}
	doc := reply.Doc
	doc.hash = reply.Hash
	for _, p := range reply.Passages {
		doc.Passages = append(doc.Passages, &Passage{ID: p.ID, Doc: doc, Section: p.Section, Text: p.Text})
	}
	return doc, nil
}

// RunWorker is the worker's side: it limits its own memory (the limit in
// getenv(WorkerEnv), in MB), reads a request and a file's bytes from in,
// parses them within the work budget and writes the document, or the
// problem, to out. It is all a worker process does.
func RunWorker(getenv func(string) string, in io.Reader, out io.Writer) error {
	mb, err := strconv.Atoi(getenv(WorkerEnv))
	if err != nil || mb <= 0 {
		mb = DefaultWorkerMB
	}
	// The soft limit makes the collector work harder as the heap nears
	// the hard one, so that only memory really held reaches it.
	debug.SetMemoryLimit(int64(mb) << 20 * 3 / 4)
	if err := limitMemory(int64(mb) << 20); err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	r := bufio.NewReader(in)
	line, err := r.ReadBytes('\n')
	if err != nil {
		return fmt.Errorf("worker: reading the request: %w", err)
	}
	var req workerRequest
	if err := json.Unmarshal(line, &req); err != nil {
		return fmt.Errorf("worker: the request: %w", err)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("worker: reading the file: %w", err)
	}
	var reply workerReply
	doc, err := parseSafely(context.Background(), req.Path, data, req.Sidecar)
	var p Problem
	switch {
	case err == nil:
		reply.Doc, reply.Hash = doc, doc.hash
		for _, ps := range doc.Passages {
			reply.Passages = append(reply.Passages, workerPassage{ps.ID, ps.Section, ps.Text})
		}
	case errors.As(err, &p):
		reply.Problem = &workerProblem{Line: p.Line, Msg: p.Msg, Budget: errors.Is(err, ErrBudget)}
	default:
		reply.Problem = &workerProblem{Msg: err.Error()}
	}
	return json.NewEncoder(out).Encode(reply)
}

// capped is a buffer that keeps at most max bytes and says when more
// came.
type capped struct {
	bytes.Buffer
	max  int
	over bool
}

func (c *capped) Write(p []byte) (int, error) {
	if room := c.max - c.Len(); len(p) > room {
		c.over = true
		c.Buffer.Write(p[:max(room, 0)])
		return len(p), nil
	}
	return c.Buffer.Write(p)
}

// outOfMemory reports whether a worker's last words are the runtime's
// failing to map memory: its limit reached. (The race detector's runtime
// says it its own way.)
func outOfMemory(stderr string) bool {
	return strings.Contains(stderr, "out of memory") || strings.Contains(stderr, "address space collisions")
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

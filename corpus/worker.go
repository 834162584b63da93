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
// when a file's time is up or the load's context ends, the worker is
// killed and waited for. Whatever a file does, it costs the worker, never
// the process reading the folder (the bot), and leaves nothing running.
// One worker reads the files of one load (a folder, a file added), one
// after another, and ends with it; a worker killed is replaced for the
// next file.
type Worker struct {
	// Command runs this program as a worker: its path, and the arguments
	// of the hidden subcommand that calls RunWorker.
	Command []string
	// MemoryMB is the worker's memory limit (0: DefaultWorkerMB).
	MemoryMB int
}

const (
	// DefaultWorkerMB is the worker's memory limit: what one file may cost
	// at most. The largest files the limits let through take some 150 MB
	// (`corpus check`, max RSS of the command and its worker: a 58 MB PDF
	// of photos, 152 MB; a PDF of 10,000 pages of text, 158 MB).
	DefaultWorkerMB = 512
	// WorkerEnv is the variable that marks a worker process and carries
	// its memory limit in MB. A worker never starts another.
	WorkerEnv = "LANDSCAPE_WORKER_MB"
	// isolateOver is the size above which files of other kinds than PDF
	// go to the worker too: below it they cost a few tens of MB at most,
	// and starting a worker (40 to 80 ms: the program's packages' init)
	// would be most of their cost.
	isolateOver = 4 << 20
	// maxWorkerReply bounds what the parent reads back: the text of the
	// largest file the budget lets through, with its passages' ids.
	maxWorkerReply = 3 * pdfMaxText
	// maxWorkerStderr keeps the start of what a failed worker said.
	maxWorkerStderr = 4 << 10
	// workerWaitDelay is how long a worker told there are no more files
	// may take to exit before it is killed.
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

// workerRequest precedes a file's bytes on the worker's stdin, on one
// line.
type workerRequest struct {
	Path    string `json:"path"`
	Sidecar []byte `json:"sidecar"`
	Size    int    `json:"size"` // of the file's bytes that follow
}

// workerReply is the worker's answer: a document, or the problem that
// stopped it. It follows its size in bytes, on a line of its own.
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

// workerProc is one worker process.
type workerProc struct {
	w      *Worker
	cmd    *exec.Cmd
	in     io.WriteCloser
	out    *bufio.Reader
	stderr *capped
	// done says the worker can take no more files: killed by a context
	// ending, dead at its memory limit, or out of step.
	done bool
}

// start starts a worker process.
func (w *Worker) start() (*workerProc, error) {
	cmd := exec.Command(w.Command[0], w.Command[1:]...)
	cmd.Env = append(os.Environ(), WorkerEnv+"="+strconv.Itoa(w.memoryMB()))
	p := &workerProc{w: w, cmd: cmd, stderr: &capped{max: maxWorkerStderr}}
	cmd.Stderr = p.stderr
	cmd.SysProcAttr = workerAttr()
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p.in, p.out = in, bufio.NewReader(out)
	return p, nil
}

// close ends the worker — no more files, so it exits, or is killed when
// it does not — and waits for it.
func (p *workerProc) close() {
	p.in.Close()
	killed := make(chan struct{})
	t := time.AfterFunc(workerWaitDelay, func() {
		p.cmd.Process.Kill()
		close(killed)
	})
	p.cmd.Wait()
	if !t.Stop() {
		<-killed
	}
}

// parse has the worker parse a file read from path, with its sidecar (nil
// when there is none). ctx ending kills the worker, and the error is
// ctx's. After it, if p.done, the worker must be closed.
func (p *workerProc) parse(ctx context.Context, path string, data, sidecar []byte) (*Document, error) {
	header, err := json.Marshal(workerRequest{Path: path, Sidecar: sidecar, Size: len(data)})
	if err != nil {
		return nil, err
	}
	killed := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		p.cmd.Process.Kill()
		close(killed)
	})
	reply, err := p.exchange(append(header, '\n'), data)
	if !stop() {
		<-killed
	}
	if ctx.Err() != nil {
		p.done = true
		return nil, ctx.Err()
	}
	if err != nil { // dead, or out of step: either way, done
		p.done = true
		p.cmd.Process.Kill()
		p.cmd.Wait() // its stderr is all there after
		if outOfMemory(p.stderr.String()) {
			err := &budgetError{fmt.Sprintf("it needed over %d MiB of memory", p.w.memoryMB())}
			return nil, Problem{File: path, Msg: err.Error(), Err: err}
		}
		return nil, Problem{File: path, Msg: fmt.Sprintf("cannot be parsed (the reader failed: %v: %s); skipped", err, firstLine(p.stderr.String()))}
	}
	return reply.document(path)
}

// exchange sends a request and reads the reply.
func (p *workerProc) exchange(header, data []byte) (*workerReply, error) {
	if _, err := p.in.Write(header); err != nil {
		return nil, err
	}
	if _, err := p.in.Write(data); err != nil {
		return nil, err
	}
	line, err := p.out.ReadString('\n')
	if err != nil {
		return nil, err
	}
	n, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil || n < 0 {
		return nil, fmt.Errorf("the reply's size %q", line)
	}
	if n > maxWorkerReply {
		err := &budgetError{fmt.Sprintf("over %d MiB of text", maxWorkerReply>>20)}
		return &workerReply{Problem: &workerProblem{Msg: err.Error(), Budget: true}}, p.skip(n)
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(p.out, b); err != nil {
		return nil, err
	}
	var reply workerReply
	if err := json.Unmarshal(b, &reply); err != nil {
		return nil, fmt.Errorf("the reply: %w", err)
	}
	return &reply, nil
}

// skip reads n bytes of a reply and drops them.
func (p *workerProc) skip(n int) error {
	_, err := io.CopyN(io.Discard, p.out, int64(n))
	return err
}

// document is the document replied, or its problem, as this process's
// own parse would return them.
func (reply *workerReply) document(path string) (*Document, error) {
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
// getenv(WorkerEnv), in MB), then reads requests and files' bytes from in
// until it ends, parses each within the work budget and writes the
// document, or the problem, to out. It is all a worker process does.
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
	for {
		line, err := r.ReadBytes('\n')
		if err == io.EOF && len(line) == 0 {
			return nil // no more files
		}
		if err != nil {
			return fmt.Errorf("worker: reading a request: %w", err)
		}
		var req workerRequest
		if err := json.Unmarshal(line, &req); err != nil {
			return fmt.Errorf("worker: a request: %w", err)
		}
		data := make([]byte, req.Size)
		if _, err := io.ReadFull(r, data); err != nil {
			return fmt.Errorf("worker: reading a file: %w", err)
		}
		b, err := json.Marshal(workerParse(req.Path, data, req.Sidecar))
		if err != nil {
			return fmt.Errorf("worker: %w", err)
		}
		if _, err := fmt.Fprintf(out, "%d\n%s", len(b), b); err != nil {
			return fmt.Errorf("worker: %w", err)
		}
	}
}

// workerParse parses one file for the reply.
func workerParse(path string, data, sidecar []byte) *workerReply {
	var reply workerReply
	doc, err := parseSafely(context.Background(), path, data, sidecar)
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
	return &reply
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

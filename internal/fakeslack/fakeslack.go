// Package fakeslack is an in-process Slack for tests: the Web API over
// httptest (messages, the external file upload flow, views.publish,
// files.info and private file downloads for the bot token, user groups) and
// socket-mode websockets that say hello, send envelopes and pings, record
// acks, and can disconnect, refuse tokens or answer 429 and 503. Like
// Slack, it takes several connections of one app (replicas), spreads
// envelopes across them, and redelivers an envelope not acked within 3 s
// to another connection with retry_attempt set. slack-go's own clients
// talk to it unchanged.
package fakeslack

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// Server is a fake Slack. Use its methods from tests; WaitFor's condition
// may call Posts, Acks and the like.
type Server struct {
	t   testing.TB
	srv *httptest.Server

	mu        sync.Mutex
	conns     []*conn // open sockets, oldest first
	next      int     // round robin over conns
	hellos    int     // sockets that said hello
	waited    int     // of which WaitConnected has seen
	envs      map[string]*envelope
	acked     map[string]bool // first delivery's ID → acked on any delivery
	posts     []Post
	responses []Response
	uploads   []Upload
	views     []View
	shared    []SharedFile     // files users shared, for files.info
	downloads []string         // IDs of shared files downloaded
	groups    []map[string]any // user groups: id, handle, users
	calls     []string         // Web API methods called, in order
	closed    bool
	postWake  chan struct{}

	RateLimited atomic.Int32 // the next N chat.postMessage calls answer 429
	ServerError atomic.Int32 // the next N chat.postMessage calls answer 503
	PostDelay   atomic.Int64 // chat.postMessage takes this long (ns) before it posts
	BadAppToken atomic.Bool
	BadBotToken atomic.Bool
	Opens       atomic.Int32 // apps.connections.open calls
	envelopes   atomic.Int64
	conned      atomic.Int64
}

// RedeliverAfter is how long Slack waits for an ack before it sends the
// envelope again, to another connection if there is one.
const RedeliverAfter = 3 * time.Second

// maxRetries is how many times Slack redelivers an envelope.
const maxRetries = 3

// conn is one socket-mode connection.
type conn struct {
	id      int64
	ws      *websocket.Conn
	writeMu sync.Mutex
}

// envelope is one delivery of an envelope.
type envelope struct {
	msg      map[string]any // as written, envelope_id and retry_attempt included
	first    string         // the first delivery's ID: its redeliveries share it
	attempt  int
	conn     int64 // the connection it went to
	sentAt   time.Time
	ackedAt  time.Time
	acks     int
	timer    *time.Timer
	explicit bool // sent by the test with a retry_attempt of its own: no redelivery
}

// Post is a chat.postMessage call.
type Post struct {
	Channel, ThreadTS, Text, Blocks string
	Metadata                        string // message metadata, JSON
	TS                              string
	At                              time.Time // when it was posted
}

// Upload is a file sent through the external upload flow.
type Upload struct {
	ID, Filename, AltText string
	Length                int    // as announced to files.getUploadURLExternal
	Data                  []byte // as uploaded
	Title                 string // from files.completeUploadExternal
	Completed             bool
}

// View is a views.publish call.
type View struct {
	UserID string
	View   map[string]any
	Raw    string
}

// SharedFile is a file a user shared (in a DM with the bot, say), as
// files.info describes it.
type SharedFile struct {
	ID, User, Name, Mimetype, Filetype string
	Data                               []byte
}

// Response is a post to a response_url.
type Response struct {
	Path string
	Body map[string]any
	Raw  string
}

// New starts a fake Slack, closed when t ends.
func New(t testing.TB) *Server {
	f := &Server{t: t, envs: map[string]*envelope{}, acked: map[string]bool{}, postWake: make(chan struct{}, 1)}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/auth.test", func(w http.ResponseWriter, r *http.Request) {
		if f.BadBotToken.Load() {
			writeJSON(w, map[string]any{"ok": false, "error": "invalid_auth"})
			return
		}
		writeJSON(w, map[string]any{"ok": true, "user_id": "UBOT", "bot_id": "BBOT", "team": "Test", "team_id": "T1"})
	})
	mux.HandleFunc("/api/apps.connections.open", func(w http.ResponseWriter, r *http.Request) {
		f.Opens.Add(1)
		if f.BadAppToken.Load() || !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer xapp-") {
			writeJSON(w, map[string]any{"ok": false, "error": "invalid_auth"})
			return
		}
		writeJSON(w, map[string]any{"ok": true, "url": "ws" + strings.TrimPrefix(f.srv.URL, "http") + "/ws"})
	})
	mux.HandleFunc("/api/chat.postMessage", func(w http.ResponseWriter, r *http.Request) {
		if f.RateLimited.Add(-1) >= 0 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		if f.ServerError.Add(-1) >= 0 {
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
			return
		}
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		if d := time.Duration(f.PostDelay.Load()); d > 0 {
			time.Sleep(d) // the request is in: it posts even if the client goes away
		}
		p := Post{Channel: r.Form.Get("channel"), ThreadTS: r.Form.Get("thread_ts"), Text: r.Form.Get("text"), Blocks: r.Form.Get("blocks"), Metadata: r.Form.Get("metadata")}
		f.call("chat.postMessage")
		if err := f.checkFiles(p.Blocks); err != nil {
			writeJSON(w, map[string]any{"ok": false, "error": "invalid_blocks", "errors": []string{err.Error()}})
			return
		}
		f.mu.Lock()
		p.TS, p.At = fmt.Sprintf("%d.%06d", time.Now().Unix(), len(f.posts)+1), time.Now()
		f.posts = append(f.posts, p)
		f.mu.Unlock()
		f.wake()
		writeJSON(w, map[string]any{"ok": true, "channel": p.Channel, "ts": p.TS})
	})
	mux.HandleFunc("/api/conversations.history", func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		writeJSON(w, map[string]any{"ok": true, "messages": f.messages(r.Form, func(p Post) bool { return p.TS >= r.Form.Get("oldest") }), "has_more": false})
	})
	mux.HandleFunc("/api/conversations.replies", func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		writeJSON(w, map[string]any{"ok": true, "messages": f.messages(r.Form, func(p Post) bool { return p.ThreadTS == r.Form.Get("ts") }), "has_more": false})
	})
	mux.HandleFunc("/api/files.getUploadURLExternal", func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		f.call("files.getUploadURLExternal")
		n, _ := strconv.Atoi(r.Form.Get("length"))
		if r.Form.Get("filename") == "" || n <= 0 {
			writeJSON(w, map[string]any{"ok": false, "error": "invalid_arguments"})
			return
		}
		f.mu.Lock()
		id := fmt.Sprintf("F%08d", len(f.uploads)+1)
		f.uploads = append(f.uploads, Upload{ID: id, Filename: r.Form.Get("filename"), AltText: r.Form.Get("alt_txt"), Length: n})
		f.mu.Unlock()
		writeJSON(w, map[string]any{"ok": true, "upload_url": f.srv.URL + "/upload/" + id, "file_id": id})
	})
	mux.HandleFunc("/upload/", func(w http.ResponseWriter, r *http.Request) {
		f.call("upload")
		file, _, err := r.FormFile("file")
		if err != nil {
			http.Error(w, "no file: "+err.Error(), 400)
			return
		}
		data, _ := io.ReadAll(file)
		id := strings.TrimPrefix(r.URL.Path, "/upload/")
		f.mu.Lock()
		defer f.mu.Unlock()
		for i := range f.uploads {
			if f.uploads[i].ID == id {
				f.uploads[i].Data = data
				w.WriteHeader(200)
				return
			}
		}
		http.Error(w, "no such upload", 404)
	})
	mux.HandleFunc("/api/files.completeUploadExternal", func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		f.call("files.completeUploadExternal")
		var files []struct{ ID, Title string }
		if err := json.Unmarshal([]byte(r.Form.Get("files")), &files); err != nil || len(files) == 0 {
			writeJSON(w, map[string]any{"ok": false, "error": "invalid_arguments"})
			return
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		var done []map[string]any
		for _, c := range files {
			for i := range f.uploads {
				u := &f.uploads[i]
				if u.ID == c.ID && len(u.Data) == u.Length {
					u.Completed, u.Title = true, c.Title
					done = append(done, map[string]any{"id": u.ID, "title": u.Title})
				}
			}
		}
		if len(done) != len(files) {
			writeJSON(w, map[string]any{"ok": false, "error": "file_not_found"})
			return
		}
		writeJSON(w, map[string]any{"ok": true, "files": done})
	})
	mux.HandleFunc("/api/views.publish", func(w http.ResponseWriter, r *http.Request) {
		f.call("views.publish")
		raw, _ := io.ReadAll(r.Body)
		var req struct {
			UserID string         `json:"user_id"`
			View   map[string]any `json:"view"`
		}
		if err := json.Unmarshal(raw, &req); err != nil || req.UserID == "" || req.View["type"] != "home" {
			writeJSON(w, map[string]any{"ok": false, "error": "invalid_arguments"})
			return
		}
		f.mu.Lock()
		f.views = append(f.views, View{UserID: req.UserID, View: req.View, Raw: string(raw)})
		f.mu.Unlock()
		f.wake()
		writeJSON(w, map[string]any{"ok": true, "view": req.View})
	})
	mux.HandleFunc("/api/files.info", func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		f.call("files.info")
		if !botToken(r) {
			writeJSON(w, map[string]any{"ok": false, "error": "not_authed"})
			return
		}
		sf, ok := f.sharedFile(r.Form.Get("file"))
		if !ok {
			writeJSON(w, map[string]any{"ok": false, "error": "file_not_found"})
			return
		}
		link := f.srv.URL + "/files-pri/T1-" + sf.ID + "/" + sf.Name
		writeJSON(w, map[string]any{"ok": true, "file": map[string]any{
			"id": sf.ID, "name": sf.Name, "title": sf.Name, "mimetype": sf.Mimetype, "filetype": sf.Filetype,
			"size": len(sf.Data), "user": sf.User, "url_private": link, "url_private_download": link + "?download=1",
		}})
	})
	mux.HandleFunc("/files-pri/", func(w http.ResponseWriter, r *http.Request) {
		if !botToken(r) { // as Slack: to the sign-in page, which serves HTML
			http.Redirect(w, r, "/signin?redir="+url.QueryEscape(r.URL.Path), http.StatusFound)
			return
		}
		team, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/files-pri/"), "/")
		sf, ok := f.sharedFile(strings.TrimPrefix(team, "T1-"))
		if !ok {
			http.NotFound(w, r)
			return
		}
		f.mu.Lock()
		f.downloads = append(f.downloads, sf.ID)
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(sf.Data)
	})
	mux.HandleFunc("/signin", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<html><body>Sign in to Slack</body></html>")
	})
	mux.HandleFunc("/api/usergroups.list", func(w http.ResponseWriter, r *http.Request) {
		f.call("usergroups.list")
		if !botToken(r) {
			writeJSON(w, map[string]any{"ok": false, "error": "not_authed"})
			return
		}
		f.mu.Lock()
		groups := append([]map[string]any(nil), f.groups...)
		f.mu.Unlock()
		writeJSON(w, map[string]any{"ok": true, "usergroups": groups})
	})
	mux.HandleFunc("/api/usergroups.users.list", func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		f.call("usergroups.users.list")
		if !botToken(r) {
			writeJSON(w, map[string]any{"ok": false, "error": "not_authed"})
			return
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		for _, g := range f.groups {
			if g["id"] == r.Form.Get("usergroup") {
				writeJSON(w, map[string]any{"ok": true, "users": g["users"]})
				return
			}
		}
		writeJSON(w, map[string]any{"ok": false, "error": "no_such_subteam"})
	})
	mux.HandleFunc("/response/", func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		var body map[string]any
		if err := json.Unmarshal(raw, &body); err != nil {
			http.Error(w, "bad json", 400)
			return
		}
		if blocks, err := json.Marshal(body["blocks"]); err == nil {
			if err := f.checkFiles(string(blocks)); err != nil {
				http.Error(w, "invalid_blocks", 400)
				return
			}
		}
		f.mu.Lock()
		f.responses = append(f.responses, Response{r.URL.Path, body, string(raw)})
		f.mu.Unlock()
		f.wake()
		w.WriteHeader(200)
	})
	mux.HandleFunc("/ws", f.serveWS)
	f.srv = httptest.NewUnstartedServer(mux)
	f.srv.Start() // after f.srv is set: the handlers read it
	t.Cleanup(func() {
		f.mu.Lock()
		f.closed = true
		for _, e := range f.envs {
			if e.timer != nil {
				e.timer.Stop()
			}
		}
		f.mu.Unlock()
		f.srv.Close()
	})
	return f
}

// botToken reports whether r carries a bot token, in its Authorization
// header or its form.
func botToken(r *http.Request) bool {
	tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	if tok == "" {
		tok = r.FormValue("token")
	}
	return strings.HasPrefix(tok, "xoxb-")
}

func (f *Server) sharedFile(id string) (SharedFile, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, sf := range f.shared {
		if sf.ID == id {
			return sf, true
		}
	}
	return SharedFile{}, false
}

// AddFile makes a file that user shared, and returns its ID: files.info
// describes it (mimetype, and filetype from the name's extension), and its
// url_private_download serves it to a bot token only (anything else is
// sent to the sign-in page, as by Slack).
func (f *Server) AddFile(user, name, mimetype string, data []byte) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := fmt.Sprintf("F9%07d", len(f.shared)+1)
	ft := strings.TrimPrefix(strings.ToLower(path.Ext(name)), ".")
	f.shared = append(f.shared, SharedFile{ID: id, User: user, Name: name, Mimetype: mimetype, Filetype: ft, Data: data})
	return id
}

// Downloads lists the IDs of the shared files downloaded so far.
func (f *Server) Downloads() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.downloads...)
}

// AddUserGroup makes a user group (usergroups.list, usergroups.users.list):
// its ID (S…), its handle (without the @) and its members.
func (f *Server) AddUserGroup(id, handle string, members ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.groups = append(f.groups, map[string]any{"id": id, "team_id": "T1", "handle": handle, "name": handle, "users": members, "user_count": len(members)})
}

func (f *Server) call(method string) {
	f.mu.Lock()
	f.calls = append(f.calls, method)
	f.mu.Unlock()
}

// checkFiles refuses, as Slack does, an image block whose slack_file is
// not a completed upload.
func (f *Server) checkFiles(blocks string) error {
	var bs []struct {
		Type      string `json:"type"`
		SlackFile *struct {
			ID string `json:"id"`
		} `json:"slack_file"`
	}
	if blocks == "" || blocks == "null" {
		return nil
	}
	if err := json.Unmarshal([]byte(blocks), &bs); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, b := range bs {
		if b.Type != "image" || b.SlackFile == nil {
			continue
		}
		ok := false
		for _, u := range f.uploads {
			ok = ok || u.ID == b.SlackFile.ID && u.Completed
		}
		if !ok {
			return fmt.Errorf("invalid slack file %q", b.SlackFile.ID)
		}
	}
	return nil
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func (f *Server) wake() {
	select {
	case f.postWake <- struct{}{}:
	default:
	}
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// messages lists the bot's posts in form's channel that keep holds, newest
// first, with their metadata when asked for.
func (f *Server) messages(form url.Values, keep func(Post) bool) []map[string]any {
	var msgs []map[string]any
	for _, p := range f.Posts() {
		if p.Channel != form.Get("channel") || !keep(p) {
			continue
		}
		m := map[string]any{"type": "message", "ts": p.TS, "text": p.Text, "bot_id": "BBOT"}
		if p.ThreadTS != "" {
			m["thread_ts"] = p.ThreadTS
		}
		if p.Metadata != "" && form.Get("include_all_metadata") == "1" {
			var md any
			_ = json.Unmarshal([]byte(p.Metadata), &md)
			m["metadata"] = md
		}
		msgs = append([]map[string]any{m}, msgs...)
	}
	return msgs
}

func (f *Server) serveWS(w http.ResponseWriter, r *http.Request) {
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &conn{id: f.conned.Add(1), ws: ws}
	f.mu.Lock()
	f.conns = append(f.conns, c)
	n := len(f.conns)
	f.mu.Unlock()
	c.write(map[string]any{"type": "hello", "num_connections": n, "debug_info": map[string]any{"host": "fake"}, "connection_info": map[string]any{"app_id": "A1"}})
	f.mu.Lock()
	f.hellos++
	f.mu.Unlock()
	f.wake()
	done := make(chan struct{})
	go func() { // Slack pings; slack-go answers and uses them as a heartbeat
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				c.writeMu.Lock()
				err := ws.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(time.Second))
				c.writeMu.Unlock()
				if err != nil {
					return
				}
			}
		}
	}()
	defer func() {
		close(done)
		f.forget(c)
	}()
	for {
		var ack struct {
			EnvelopeID string          `json:"envelope_id"`
			Payload    json.RawMessage `json:"payload"`
		}
		if err := ws.ReadJSON(&ack); err != nil {
			return
		}
		now := time.Now()
		f.mu.Lock()
		if e, ok := f.envs[ack.EnvelopeID]; ok {
			if e.acks == 0 {
				e.ackedAt = now
			}
			e.acks++
			f.acked[e.first] = true
		}
		f.mu.Unlock()
		f.wake()
	}
}

// forget drops a closed connection from the ones envelopes go to.
func (f *Server) forget(c *conn) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, o := range f.conns {
		if o == c {
			f.conns = append(f.conns[:i:i], f.conns[i+1:]...)
			break
		}
	}
	c.ws.Close()
}

func (c *conn) write(v any) {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	_ = c.ws.WriteJSON(v)
}

// WaitConnected waits for the next socket to say hello.
func (f *Server) WaitConnected() {
	f.t.Helper()
	f.WaitFor("a connection", func() bool {
		f.mu.Lock()
		defer f.mu.Unlock()
		if f.hellos > f.waited {
			f.waited++
			return true
		}
		return false
	})
}

// Connections is how many sockets are open.
func (f *Server) Connections() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.conns)
}

// Send writes an envelope to one of the open sockets, in turn, and returns
// its ID. Unacked after RedeliverAfter, it is sent again, to another
// socket if there is one, with retry_attempt counting up, up to three
// times. A retry other than 0 is the test's own redelivery, not repeated.
func (f *Server) Send(typ string, payload any, retry int) string {
	return f.send(typ, payload, retry, 0)
}

// SendElsewhere is Send on another socket than the one envelope than went
// to (when another is open).
func (f *Server) SendElsewhere(than, typ string, payload any) string {
	f.mu.Lock()
	var avoid int64
	if e, ok := f.envs[than]; ok {
		avoid = e.conn
	}
	f.mu.Unlock()
	return f.send(typ, payload, 0, avoid)
}

func (f *Server) send(typ string, payload any, retry int, avoid int64) string {
	id := fmt.Sprintf("env-%d", f.envelopes.Add(1))
	msg := map[string]any{"envelope_id": id, "type": typ, "payload": payload, "accepts_response_payload": typ != "events_api", "retry_attempt": retry}
	f.deliver(id, msg, &envelope{first: id, attempt: retry, explicit: retry != 0}, avoid)
	return id
}

// SendRaw writes v as is, recording id's send time; it is not redelivered.
func (f *Server) SendRaw(id string, v any) {
	f.deliver(id, v, &envelope{first: id, explicit: true}, 0)
}

// Resend delivers the envelope sent as id again, as a new envelope with
// the same payload on another socket than id's, as Slack does with a
// retry, and returns the new envelope's ID.
func (f *Server) Resend(id string) string {
	f.mu.Lock()
	e, ok := f.envs[id]
	f.mu.Unlock()
	if !ok {
		f.t.Fatalf("Resend: no envelope %s", id)
	}
	return f.redeliver(e, true)
}

// redeliver sends e again on another socket than e's, with the next
// retry_attempt.
func (f *Server) redeliver(e *envelope, explicit bool) string {
	id := fmt.Sprintf("env-%d", f.envelopes.Add(1))
	msg := make(map[string]any, len(e.msg))
	for k, v := range e.msg {
		msg[k] = v
	}
	msg["envelope_id"], msg["retry_attempt"], msg["retry_reason"] = id, e.attempt+1, "timeout"
	f.deliver(id, msg, &envelope{first: e.first, attempt: e.attempt + 1, explicit: explicit}, e.conn)
	return id
}

// deliver writes msg as e to a socket other than avoid (when there is
// another), and arms its redelivery.
func (f *Server) deliver(id string, v any, e *envelope, avoid int64) {
	f.mu.Lock()
	if f.closed {
		f.mu.Unlock()
		return
	}
	var c *conn
	for range len(f.conns) {
		c = f.conns[f.next%len(f.conns)]
		f.next++
		if c.id != avoid {
			break
		}
	}
	if m, ok := v.(map[string]any); ok {
		e.msg = m
	}
	e.sentAt = time.Now()
	if c != nil {
		e.conn = c.id
	}
	f.envs[id] = e
	if !e.explicit && e.attempt < maxRetries {
		e.timer = time.AfterFunc(RedeliverAfter, func() {
			f.mu.Lock()
			again := !f.acked[e.first] && !f.closed
			f.mu.Unlock()
			if again {
				f.redeliver(e, false)
			}
		})
	}
	f.mu.Unlock()
	if c != nil {
		c.write(v)
	}
}

// newest is the most recently opened open socket.
func (f *Server) newest() *conn {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.conns) == 0 {
		f.t.Fatal("no socket is open")
	}
	return f.conns[len(f.conns)-1]
}

// Disconnect asks the client on the newest socket to reconnect, as Slack
// does every few hours.
func (f *Server) Disconnect(reason string) {
	f.newest().write(map[string]any{"type": "disconnect", "reason": reason})
}

// Drop closes the newest socket without a word.
func (f *Server) Drop() {
	c := f.newest()
	f.forget(c)
}

// Mention is an app_mention event callback.
func (f *Server) Mention(eventID, channel, ts, threadTS, text string) map[string]any {
	ev := map[string]any{"type": "app_mention", "user": "U1", "text": "<@UBOT> " + text, "ts": ts, "channel": channel, "event_ts": ts}
	if threadTS != "" {
		ev["thread_ts"] = threadTS
	}
	return callback(eventID, ev)
}

// Message is a message event callback; extra fields override.
func (f *Server) Message(eventID, channel, channelType, ts, threadTS, text string, extra map[string]any) map[string]any {
	ev := map[string]any{"type": "message", "user": "U1", "text": text, "ts": ts, "channel": channel, "channel_type": channelType, "event_ts": ts}
	if threadTS != "" {
		ev["thread_ts"] = threadTS
	}
	for k, v := range extra {
		ev[k] = v
	}
	return callback(eventID, ev)
}

// HomeOpened is an app_home_opened event callback: user opened the app's
// Home tab.
func (f *Server) HomeOpened(eventID, user string) map[string]any {
	return callback(eventID, map[string]any{"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home", "event_ts": "1700000000.000100"})
}

func callback(eventID string, ev map[string]any) map[string]any {
	return map[string]any{"token": "x", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
		"event_id": eventID, "event_time": 1700000000, "event": ev}
}

// Slash is a /landscape payload of user U1 whose response_url is
// /response/ID here.
func (f *Server) Slash(text, responseID string) map[string]any {
	return f.SlashFrom("U1", text, responseID)
}

// SlashFrom is Slash typed by user.
func (f *Server) SlashFrom(user, text, responseID string) map[string]any {
	return map[string]any{"command": "/landscape", "text": text, "user_id": user, "channel_id": "C1",
		"team_id": "T1", "response_url": f.srv.URL + "/response/" + responseID, "trigger_id": "t1"}
}

// Click is a block_actions payload for one button, clicked by U1.
func (f *Server) Click(actionID, value, responseID string) map[string]any {
	return f.ClickFrom("U1", actionID, value, responseID)
}

// ClickFrom is Click by user.
func (f *Server) ClickFrom(user, actionID, value, responseID string) map[string]any {
	return map[string]any{"type": "block_actions", "user": map[string]any{"id": user}, "channel": map[string]any{"id": "C1"},
		"team": map[string]any{"id": "T1"}, "response_url": f.srv.URL + "/response/" + responseID, "trigger_id": "t1",
		"actions": []map[string]any{{"action_id": actionID, "block_id": "b1", "value": value, "type": "button", "action_ts": "1700000000.1"}}}
}

// Shortcut is a message_action payload: user ran the message shortcut
// callbackID on a message of channel holding text and the shared files
// fileIDs (from AddFile).
func (f *Server) Shortcut(callbackID, user, channel, text string, fileIDs []string, responseID string) map[string]any {
	msg := map[string]any{"type": "message", "user": "U0AUTHOR", "text": text, "ts": "1700000500.000100"}
	var files []map[string]any
	for _, id := range fileIDs {
		if sf, ok := f.sharedFile(id); ok {
			files = append(files, map[string]any{"id": sf.ID, "name": sf.Name, "mimetype": sf.Mimetype, "filetype": sf.Filetype})
		}
	}
	if len(files) > 0 {
		msg["files"] = files
	}
	return map[string]any{"type": "message_action", "callback_id": callbackID, "trigger_id": "t1", "action_ts": "1700000501.1",
		"team": map[string]any{"id": "T1"}, "channel": map[string]any{"id": channel}, "user": map[string]any{"id": user},
		"message_ts": msg["ts"], "message": msg, "response_url": f.srv.URL + "/response/" + responseID}
}

// FileShare is a message event of user sharing files (IDs from AddFile),
// with text, in the DM channel (file_share, as Slack sends it).
func (f *Server) FileShare(eventID, user, channel, ts, text string, fileIDs ...string) map[string]any {
	var files []map[string]any
	for _, id := range fileIDs {
		if sf, ok := f.sharedFile(id); ok {
			// Events carry a partial file: files.info has the rest.
			files = append(files, map[string]any{"id": sf.ID, "name": sf.Name, "mimetype": sf.Mimetype, "file_access": "check_file_info"})
		}
	}
	return f.Message(eventID, channel, "im", ts, "", text, map[string]any{"user": user, "subtype": "file_share", "files": files})
}

// WaitFor polls cond until it holds or 10 s pass.
func (f *Server) WaitFor(what string, cond func() bool) {
	f.t.Helper()
	f.WaitForWithin(10*time.Second, what, cond)
}

// WaitForWithin polls cond until it holds or d passes.
func (f *Server) WaitForWithin(d time.Duration, what string, cond func() bool) {
	f.t.Helper()
	deadline := time.After(d)
	for {
		if cond() {
			return
		}
		select {
		case <-f.postWake:
		case <-time.After(20 * time.Millisecond):
		case <-deadline:
			f.t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// Posts returns the chat.postMessage calls so far.
func (f *Server) Posts() []Post {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Post(nil), f.posts...)
}

// Responses returns the response_url posts so far.
func (f *Server) Responses() []Response {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Response(nil), f.responses...)
}

// Uploads returns the files uploaded so far.
func (f *Server) Uploads() []Upload {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Upload(nil), f.uploads...)
}

// Views returns the views.publish calls so far.
func (f *Server) Views() []View {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]View(nil), f.views...)
}

// Calls returns the Web API methods called so far, in order ("upload" for
// a file sent to its upload URL).
func (f *Server) Calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

// URL is the server's base URL; the Web API is under URL()+"/api/".
func (f *Server) URL() string { return f.srv.URL }

// Acks returns how many times the envelope was acked.
func (f *Server) Acks(envelopeID string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	if e, ok := f.envs[envelopeID]; ok {
		return e.acks
	}
	return 0
}

// Delivery is where an envelope went, and whether it was acked.
type Delivery struct {
	Conn  int64 // the socket, numbered from 1 in the order they opened
	Acked bool
}

// Deliveries lists every envelope sent so far by ID.
func (f *Server) Deliveries() map[string]Delivery {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make(map[string]Delivery, len(f.envs))
	for id, e := range f.envs {
		out[id] = Delivery{Conn: e.conn, Acked: e.acks > 0}
	}
	return out
}

// AckLatencies returns, for each envelope ID, the time from sending it to
// its first ack; false when one is not acked yet.
func (f *Server) AckLatencies(ids []string) ([]time.Duration, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []time.Duration
	for _, id := range ids {
		e, ok := f.envs[id]
		if !ok || e.acks == 0 {
			return nil, false
		}
		out = append(out, e.ackedAt.Sub(e.sentAt))
	}
	return out, true
}

// Log is a concurrency-safe writer for the logs of a bot under test: the
// bot's goroutines write while the test reads.
type Log struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *Log) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// String is what was written so far.
func (l *Log) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

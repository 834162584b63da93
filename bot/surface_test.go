package bot

import (
	"encoding/json"
	"testing"
)

// Each row of the surface is found again from a request's payload, as a
// replica taking a claimed request over finds it; no row shadows another;
// a payload from before the rows (no route) is a message, or files shared.
func TestSurfaceRowsFoundFromPayloads(t *testing.T) {
	seen := map[string]bool{}
	for i := range surface {
		rt := &surface[i]
		if seen[rt.key()] {
			t.Errorf("two rows answer %s", rt.key())
		}
		seen[rt.key()] = true
		if rt.run == nil {
			t.Errorf("%s has no handler", rt.key())
		}
		payload, err := json.Marshal(request{Route: rt.key(), Channel: "C1", User: "U1", Text: "x"})
		if err != nil {
			t.Fatal(err)
		}
		var r request
		if err := json.Unmarshal(payload, &r); err != nil {
			t.Fatal(err)
		}
		if got := routeOf(r); got != rt {
			t.Errorf("a payload of %s routes to %v", rt.key(), got)
		}
	}
	for _, tt := range []struct {
		payload, want string
	}{
		{`{"channel":"C1","user":"U1","text":"<@UBOT> who?","ts":"1.2","mention":true}`, "event:message"},
		{`{"channel":"D1","user":"U1","text":"","ts":"1.2","im":true,"files":["F1"]}`, "event:" + eventFileShare},
		{`{"route":"slash:no-such-command","channel":"C1"}`, ""},
	} {
		var r request
		if err := json.Unmarshal([]byte(tt.payload), &r); err != nil {
			t.Fatal(err)
		}
		got := ""
		if rt := routeOf(r); rt != nil {
			got = rt.key()
		}
		if got != tt.want {
			t.Errorf("%s routes to %q, want %q", tt.payload, got, tt.want)
		}
	}
}

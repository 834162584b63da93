package answer

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// EvalQuestion is one line of an eval set: the answer's quote must contain
// every one of Expect (case-insensitive), or, with None, the engine must
// not answer.
type EvalQuestion struct {
	Q      string   `json:"q"`
	Expect []string `json:"expect,omitempty"`
	None   bool     `json:"none,omitempty"`
	// Source is the document that answers; the fit groups questions by it
	// (the engine's answer may come from any document that quotes it).
	Source string `json:"source,omitempty"`
}

// ReadEvalSet reads a JSON-lines eval set.
func ReadEvalSet(r io.Reader) ([]EvalQuestion, error) {
	var out []EvalQuestion
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "//") {
			continue
		}
		var q EvalQuestion
		if err := json.Unmarshal([]byte(text), &q); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		if !q.None && len(q.Expect) == 0 {
			return nil, fmt.Errorf("line %d: give \"expect\" strings or \"none\": true", line)
		}
		out = append(out, q)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// EvalMiss is a question the engine got wrong: a wrong answer (a quote
// that is not the expected one, or any quote where none is right) or a
// refusal of an answerable question.
type EvalMiss struct {
	EvalQuestion
	Answered bool   `json:"answered"`
	Quote    string `json:"quote,omitempty"`
	Refusal  string `json:"refusal,omitempty"`
}

// Wrong reports whether the miss is a wrong answer rather than a refusal:
// the worse failure, since people repeat a quoted answer.
func (m EvalMiss) Wrong() bool { return m.Answered }

// EvalReport is the outcome of an eval run.
type EvalReport struct {
	Passed         int `json:"passed"`
	Total          int `json:"total"`
	Answers        int `json:"answers_passed"`
	AnswersTotal   int `json:"answers_total"`
	NoAnswers      int `json:"no_answers_passed"`
	NoAnswersTotal int `json:"no_answers_total"`
	// Wrong counts answers given where none, or another, was right;
	// Refused counts answerable questions left unanswered.
	Wrong        int        `json:"wrong"`
	Refused      int        `json:"refused"`
	P50ms        float64    `json:"p50_ms"`
	P99ms        float64    `json:"p99_ms"`
	Misses       []EvalMiss `json:"misses"`
	WrongAnswers []EvalMiss `json:"wrong_answers"`
}

// Summary is the report's last line.
func (r EvalReport) Summary() string {
	return fmt.Sprintf("eval: %d/%d passed (answers %d/%d, no-answers %d/%d), wrong %d, refused %d, p50 %.2f ms, p99 %.2f ms",
		r.Passed, r.Total, r.Answers, r.AnswersTotal, r.NoAnswers, r.NoAnswersTotal, r.Wrong, r.Refused, r.P50ms, r.P99ms)
}

// Eval asks every question and scores the replies.
func (e *Engine) Eval(ctx context.Context, qs []EvalQuestion) (EvalReport, error) {
	rep := EvalReport{Total: len(qs), Misses: []EvalMiss{}, WrongAnswers: []EvalMiss{}}
	lat := make([]time.Duration, 0, len(qs))
	for _, q := range qs {
		start := time.Now()
		res, err := e.Ask(ctx, q.Q, 3)
		lat = append(lat, time.Since(start))
		if err != nil {
			return rep, fmt.Errorf("%q: %w", q.Q, err)
		}
		ok := Passes(q, res)
		if q.None {
			rep.NoAnswersTotal++
			if ok {
				rep.NoAnswers++
			}
		} else {
			rep.AnswersTotal++
			if ok {
				rep.Answers++
			}
		}
		if ok {
			rep.Passed++
			continue
		}
		m := EvalMiss{EvalQuestion: q, Answered: res.Answered, Refusal: res.Refusal}
		if res.Answer != nil {
			m.Quote = res.Answer.Quote
		}
		rep.Misses = append(rep.Misses, m)
		if m.Wrong() {
			rep.Wrong++
			rep.WrongAnswers = append(rep.WrongAnswers, m)
		} else {
			rep.Refused++
		}
	}
	rep.P50ms, rep.P99ms = percentile(lat, 50), percentile(lat, 99)
	return rep, nil
}

// Passes reports whether res is a right reply to q.
func Passes(q EvalQuestion, res Result) bool {
	if q.None {
		return !res.Answered
	}
	if !res.Answered || res.Answer == nil {
		return false
	}
	return Holds(res.Answer.Quote, q.Expect)
}

// Holds reports whether quote contains every expected string
// (case-insensitive): an answer that gives one figure of two asked for is
// not the answer.
func Holds(quote string, expect []string) bool {
	quote = strings.ToLower(quote)
	for _, want := range expect {
		if !strings.Contains(quote, strings.ToLower(want)) {
			return false
		}
	}
	return len(expect) > 0
}

func percentile(ds []time.Duration, p int) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := (len(s)*p + 99) / 100
	i = max(1, min(i, len(s))) - 1
	return float64(s[i].Microseconds()) / 1000
}

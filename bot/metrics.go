package bot

import (
	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the bot's Prometheus metrics, registered on their own
// registry so that tests and several bots in one process do not clash.
type Metrics struct {
	Registry   *prometheus.Registry
	events     *prometheus.CounterVec
	answers    *prometheus.CounterVec
	latency    prometheus.Histogram
	apiErrors  *prometheus.CounterVec
	reconnects prometheus.Counter
	duplicates prometheus.Counter
	takenOver  prometheus.Counter
	busy       prometheus.Counter
	panics     prometheus.Counter
	votes      *prometheus.CounterVec
	curation   *prometheus.CounterVec
}

// NewMetrics creates and registers the bot's metrics.
func NewMetrics() *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		events: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "landscape_slack_events_total", Help: "Socket-mode events received, by type.",
		}, []string{"type"}),
		answers: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "landscape_answers_total", Help: "Questions answered, by outcome (answered, no_answer, error).",
		}, []string{"outcome"}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "landscape_answer_seconds", Help: "Time to answer a question, engine only.",
			Buckets: []float64{.0005, .001, .002, .005, .01, .02, .05, .1, .25, 1},
		}),
		apiErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "landscape_slack_api_errors_total", Help: "Failed Slack API calls, by method.",
		}, []string{"method"}),
		reconnects: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "landscape_slack_reconnects_total", Help: "Socket-mode reconnections after a connection was up.",
		}),
		duplicates: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "landscape_slack_duplicate_events_total", Help: "Redelivered or doubly delivered events answered only once.",
		}),
		takenOver: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "landscape_events_taken_over_total", Help: "Events answered after the replica that claimed them stopped renewing its lease.",
		}),
		busy: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "landscape_busy_total", Help: "Events refused with a busy reply because every worker was busy.",
		}),
		panics: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "landscape_handler_panics_total", Help: "Handler panics recovered.",
		}),
		votes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "landscape_feedback_total", Help: "👍 (up) and 👎 (down) clicks on answers.",
		}, []string{"vote"}),
		curation: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "landscape_curation_total", Help: "Curators' adds and removes from Slack, by action and outcome.",
		}, []string{"action", "outcome"}),
	}
	m.Registry.MustRegister(m.events, m.answers, m.latency, m.apiErrors, m.reconnects, m.duplicates, m.takenOver, m.busy, m.panics, m.votes, m.curation)
	return m
}

func (m *Metrics) event(t string) { m.events.WithLabelValues(t).Inc() }

// feedback counts a 👍 or 👎 click.
func (m *Metrics) feedback(up bool) {
	v := "down"
	if up {
		v = "up"
	}
	m.votes.WithLabelValues(v).Inc()
}

package server

import (
	"net/http"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the server's Prometheus metrics, on a registry of its own so
// that several servers can run in one process (tests).
type metrics struct {
	reg         *prometheus.Registry
	webhooks    *prometheus.CounterVec
	jobs        *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	queueDepth  prometheus.Gauge
	queueDrops  prometheus.Counter
	apiCalls    *prometheus.CounterVec
	rateLimit   *prometheus.GaugeVec
	buffered    prometheus.Gauge
	waiting     prometheus.Gauge
	redelivered *prometheus.CounterVec
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		webhooks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mentorbot_webhooks_total", Help: "Webhook deliveries received, by event and result.",
		}, []string{"event", "result"}),
		jobs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mentorbot_jobs_total", Help: "Deliveries handled by the workers, by event and result.",
		}, []string{"event", "result"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "mentorbot_handler_duration_seconds", Help: "Time to handle one delivery, by event.",
			Buckets: prometheus.ExponentialBuckets(0.005, 2, 14),
		}, []string{"event"}),
		queueDepth: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "mentorbot_queue_depth", Help: "Deliveries waiting for a worker.",
		}),
		queueDrops: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "mentorbot_queue_dropped_total", Help: "Deliveries refused with 503 because the queue was full.",
		}),
		apiCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mentorbot_github_requests_total", Help: "GitHub API requests, by HTTP status (0: no response).",
		}, []string{"status"}),
		rateLimit: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "mentorbot_github_rate_limit_remaining", Help: "X-RateLimit-Remaining last seen, by installation.",
		}, []string{"installation"}),
		buffered: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "mentorbot_webhook_unverified_bytes", Help: "Bytes held by webhook requests whose signature is not checked yet.",
		}),
		waiting: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "mentorbot_webhook_waiting", Help: "Webhook requests waiting for their delivery's outcome.",
		}),
		redelivered: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mentorbot_redeliveries_total", Help: "Redeliveries the recovery loop asked GitHub for, by reason and result.",
		}, []string{"reason", "result"}),
	}
	m.reg.MustRegister(m.webhooks, m.jobs, m.duration, m.queueDepth, m.queueDrops, m.apiCalls, m.rateLimit, m.buffered, m.waiting, m.redelivered,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// observe returns a Retry.OnResponse hook for one installation.
func (m *metrics) observe(installation int64) func(*http.Request, *http.Response, error) {
	inst := strconv.FormatInt(installation, 10)
	return func(_ *http.Request, resp *http.Response, _ error) {
		if resp == nil {
			m.apiCalls.WithLabelValues("0").Inc()
			return
		}
		m.apiCalls.WithLabelValues(strconv.Itoa(resp.StatusCode)).Inc()
		if v := resp.Header.Get("X-RateLimit-Remaining"); v != "" {
			if n, err := strconv.ParseFloat(v, 64); err == nil {
				m.rateLimit.WithLabelValues(inst).Set(n)
			}
		}
	}
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

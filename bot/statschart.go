package bot

import (
	"bytes"
	"context"
	"crypto/sha256"

	"github.com/slack-go/slack"

	"github.com/landscape-bot/landscape/chart"
	"github.com/landscape-bot/landscape/facts"
)

// chartUploader uploads charts with Slack's external upload flow
// (files.getUploadURLExternal, the upload, files.completeUploadExternal:
// slack-go's UploadFileV2 of old); *slack.Client is one.
type chartUploader interface {
	UploadFileContext(ctx context.Context, params slack.UploadFileParameters) (*slack.FileSummary, error)
}

// maxCharts bounds the uploaded charts remembered: one per topic asked
// lately is plenty.
const maxCharts = 64

// statsChart draws set's chart and uploads it with Slack's external upload
// flow (files.getUploadURLExternal, the upload, files.completeUploadExternal),
// shared with no channel: the stats message shows it in an image block. The
// same picture is uploaded once. nil when there is nothing to draw or the
// upload fails: the stats are whole without it.
func (b *Bot) statsChart(ctx context.Context, set *facts.Set) *Chart {
	panels := chart.Panels(set)
	if len(panels) == 0 {
		return nil
	}
	png, err := chart.PNG(panels)
	if err != nil {
		b.log.Warn("stats chart not drawn", "err", err)
		return nil
	}
	sum := sha256.Sum256(png)
	b.chartsMu.Lock()
	c, ok := b.charts[sum]
	b.chartsMu.Unlock()
	if ok {
		return c
	}
	alt := clip(chart.AltText(panels), maxAltText)
	f, err := b.uploads.UploadFileContext(ctx, slack.UploadFileParameters{Reader: bytes.NewReader(png), FileSize: len(png),
		Filename: "landscape-stats.png", Title: "Quick stats", AltTxt: alt})
	if err != nil {
		b.metrics.apiErrors.WithLabelValues("files.upload").Inc()
		b.log.Warn("stats chart not uploaded; stats sent without it", "err", err)
		return nil
	}
	c = &Chart{FileID: f.ID, AltText: alt}
	b.chartsMu.Lock()
	if len(b.charts) >= maxCharts {
		clear(b.charts)
	}
	b.charts[sum] = c
	b.chartsMu.Unlock()
	return c
}

// sendStats sends page of the stats of set through send, with the chart on
// the first page. Should Slack refuse the message with its chart (an upload
// it has not finished processing), it sends the figures without it.
func (b *Bot) sendStats(ctx context.Context, p StatsPage, private bool, send func(Message) error) error {
	set := b.scopedFacts(p.Scope).Filter(p.Topic)
	var c *Chart
	if p.Page == 0 {
		c = b.statsChart(ctx, set)
	}
	err := send(StatsMessage(set, p, private, c))
	if err != nil && c != nil {
		b.log.Warn("stats with a chart refused; sending them without it", "err", err)
		return send(StatsMessage(set, p, private, nil))
	}
	return err
}

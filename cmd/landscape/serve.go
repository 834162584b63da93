package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/landscape-bot/landscape/bot"
	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/digest"
	"github.com/landscape-bot/landscape/fetch"
)

// serveConfig is what `serve` reads from the environment.
type serveConfig struct {
	botToken, appToken string
	apiURL             string // "" for Slack itself
	httpAddr           string // "" for no HTTP endpoint
	logLevel           slog.Level
	logJSON            bool
	curators           bot.Curators // who may add and remove documents from Slack
	fetchAllow         fetch.Allow  // intranet sources their links may lead to
	topic              string       // LANDSCAPE_TOPIC: what the deployment covers; "" unset
}

// maxTopic bounds LANDSCAPE_TOPIC: a few words that fit the App Home's
// header and help's first line.
const maxTopic = 80

// tokenSpec says what a Slack token looks like and where to get it, for
// messages that help without ever echoing the token.
type tokenSpec struct {
	variable, prefix, what, where string
}

var (
	botTokenSpec = tokenSpec{"SLACK_BOT_TOKEN", "xoxb-", "the app's Bot User OAuth Token",
		"api.slack.com/apps → your app → OAuth & Permissions (install the app to the workspace first)"}
	appTokenSpec = tokenSpec{"SLACK_APP_TOKEN", "xapp-", "an app-level token with the connections:write scope",
		"api.slack.com/apps → your app → Basic Information → App-Level Tokens"}
)

// check returns the token or an error naming the variable, the expected
// prefix and where to get it. The value itself never appears.
func (s tokenSpec) check(v string) (string, error) {
	v = strings.TrimSpace(v)
	switch {
	case v == "":
		return "", fmt.Errorf("%s is not set: it must hold %s, starting with %q, from %s", s.variable, s.what, s.prefix, s.where)
	case !strings.HasPrefix(v, s.prefix):
		return "", fmt.Errorf("%s does not look right: it must hold %s, starting with %q (the value set starts otherwise; is it the other token?), from %s", s.variable, s.what, s.prefix, s.where)
	case len(v) < len(s.prefix)+10 || strings.ContainsAny(v, " \t\"'"):
		return "", fmt.Errorf("%s looks truncated or quoted: paste %s exactly as Slack shows it, from %s", s.variable, s.what, s.where)
	}
	return v, nil
}

// slackClient is the Web API client of c: both tokens, retries of 429s and
// transient errors, SLACK_API_URL if set.
func (c serveConfig) slackClient() *slack.Client {
	opts := []slack.Option{slack.OptionAppLevelToken(c.appToken), bot.RetryOption(30 * time.Second)}
	if c.apiURL != "" {
		opts = append(opts, slack.OptionAPIURL(c.apiURL))
	}
	return slack.New(c.botToken, opts...)
}

func readServeConfig(getenv func(string) string) (serveConfig, error) {
	var c serveConfig
	var errs []error
	var err error
	if c.botToken, err = botTokenSpec.check(getenv("SLACK_BOT_TOKEN")); err != nil {
		errs = append(errs, err)
	}
	if c.appToken, err = appTokenSpec.check(getenv("SLACK_APP_TOKEN")); err != nil {
		errs = append(errs, err)
	}
	if u := strings.TrimSpace(getenv("SLACK_API_URL")); u != "" {
		p, err := url.Parse(u)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			errs = append(errs, fmt.Errorf("SLACK_API_URL must be an http(s) URL such as https://slack.com/api/, or empty for Slack itself"))
		} else {
			c.apiURL = strings.TrimSuffix(u, "/") + "/" // slack-go needs the slash
		}
	}
	c.httpAddr = strings.TrimSpace(getenv("HTTP_ADDR"))
	if c.httpAddr != "" {
		if _, _, err := net.SplitHostPort(c.httpAddr); err != nil {
			errs = append(errs, fmt.Errorf("HTTP_ADDR must be host:port or :port, such as :8080"))
		}
	}
	switch lv := strings.ToLower(strings.TrimSpace(getenv("LOG_LEVEL"))); lv {
	case "", "info":
		c.logLevel = slog.LevelInfo
	case "debug":
		c.logLevel = slog.LevelDebug
	case "warn", "warning":
		c.logLevel = slog.LevelWarn
	case "error":
		c.logLevel = slog.LevelError
	default:
		errs = append(errs, fmt.Errorf("LOG_LEVEL must be debug, info, warn or error"))
	}
	if c.curators, err = bot.ParseCurators(getenv("LANDSCAPE_CURATORS")); err != nil {
		errs = append(errs, err)
	}
	if c.fetchAllow, err = fetch.ParseAllow(getenv("LANDSCAPE_FETCH_ALLOW")); err != nil {
		errs = append(errs, err)
	}
	c.topic = strings.Join(strings.Fields(getenv("LANDSCAPE_TOPIC")), " ")
	if utf8.RuneCountInString(c.topic) > maxTopic || strings.IndexFunc(c.topic, unicode.IsControl) >= 0 {
		errs = append(errs, fmt.Errorf("LANDSCAPE_TOPIC must be a few words on one line (at most %d characters), such as \"robotics in Japan\"", maxTopic))
	}
	switch f := strings.ToLower(strings.TrimSpace(getenv("LOG_FORMAT"))); f {
	case "", "text":
	case "json":
		c.logJSON = true
	default:
		errs = append(errs, fmt.Errorf("LOG_FORMAT must be text or json"))
	}
	return c, errors.Join(errs...)
}

// topicOf is what the deployment covers: LANDSCAPE_TOPIC, else what the
// built-in article covers when it is loaded, else "" (the bot then speaks
// of its corpus).
func (c serveConfig) topicOf(noBuiltin bool) string {
	if c.topic == "" && !noBuiltin {
		return corpus.BuiltinTopic
	}
	return c.topic
}

func runServe(ctx context.Context, e *env, args []string) error {
	pos, err := e.parse(args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("serve takes no arguments")
	}
	cfg, err := readServeConfig(e.getenv)
	dcfg, derr := digest.ParseConfig(e.getenv)
	if err := errors.Join(err, derr); err != nil {
		return fmt.Errorf("configuration (environment or .env):\n%w", err)
	}
	s := &server{env: e, cfg: cfg, dcfg: dcfg, log: newLogger(e.stderr, cfg)}
	defer s.Close()
	if err := s.Open(ctx); err != nil {
		return err
	}
	return s.Run(ctx)
}

// Package app wires the portal together: configuration, the store (embedded
// FerretDB or MongoDB), the search index (Bleve or Meilisearch), sign-in,
// the web server and the background workers. cmd/portal and the tests use it.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"net/http"
	"net/url"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/gofiber/fiber/v2/middleware/requestid"
	"github.com/gofiber/template/html/v2"

	"github.com/talentcommunity/portal/ats"
	"github.com/talentcommunity/portal/auth"
	"github.com/talentcommunity/portal/config"
	"github.com/talentcommunity/portal/handlers"
	"github.com/talentcommunity/portal/i18n"
	"github.com/talentcommunity/portal/importer"
	"github.com/talentcommunity/portal/mail"
	"github.com/talentcommunity/portal/models"
	"github.com/talentcommunity/portal/nurture"
	"github.com/talentcommunity/portal/resume"
	"github.com/talentcommunity/portal/search"
	"github.com/talentcommunity/portal/seed"
	"github.com/talentcommunity/portal/static"
	"github.com/talentcommunity/portal/store"
	"github.com/talentcommunity/portal/taxonomy"
	"github.com/talentcommunity/portal/views"
)

// App is a running portal's parts.
type App struct {
	Cfg      config.Config
	Log      *slog.Logger
	Store    *store.Store
	Index    search.Index
	Syncer   *search.Syncer
	Taxonomy *taxonomy.Service
	Importer *importer.Importer
	Fiber    *fiber.App
	// I18n holds the messages in every language, for pages and for what
	// the scheduled jobs write to members.
	I18n *i18n.Bundle
	// Mail writes the portal's mails.
	Mail *mail.Composer

	embedded *store.Embedded
	draining atomic.Bool
	workers  sync.WaitGroup
	stop     context.CancelFunc
}

// Option changes how Open builds the app.
type Option func(*options)

type options struct {
	wrapIndex func(search.Index) search.Index
	newIndex  bool
}

// WithNewIndex starts the embedded search index anew, without opening the
// old one (which may be damaged), and leaves filling it to Reindex: `portal
// reindex`.
func WithNewIndex() Option {
	return func(o *options) { o.newIndex = true }
}

// WithIndexWrapper puts a wrapper around the search engine: fault-injection
// tests use it to make the engine fail at the interface boundary.
func WithIndexWrapper(wrap func(search.Index) search.Index) Option {
	return func(o *options) { o.wrapIndex = wrap }
}

// Open starts the engines (the embedded ones when nothing else is configured)
// and builds the web app. Close releases everything.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger, opts ...Option) (*App, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if err := cfg.PrepareDataDir(); err != nil {
		return nil, err
	}
	a := &App{Cfg: cfg, Log: log}
	ok := false
	defer func() {
		if !ok {
			a.Close(context.Background())
		}
	}()

	uri := cfg.MongoURI
	if cfg.Embedded() {
		e, err := store.StartEmbedded(filepath.Join(cfg.DataDir, "ferretdb"), log)
		if err != nil {
			return nil, err
		}
		a.embedded = e
		uri = e.URI()
	}
	st, err := store.Open(ctx, uri, cfg.MongoDatabase, store.Options{Embedded: a.embedded})
	if err != nil {
		if !cfg.Embedded() { // the operator's MongoDB: say which setting to look at
			return nil, &config.Error{Var: "MONGODB_URI", Problem: "cannot use the MongoDB server: " + err.Error()}
		}
		return nil, err
	}
	a.Store = st

	fresh := false
	if cfg.MeiliURL != "" {
		m, err := search.OpenMeili(ctx, cfg.MeiliURL, cfg.MeiliAPIKey)
		if err != nil {
			// A write never fails because search is down, and neither does start-up.
			log.Warn("meilisearch not ready; the sync worker will retry", "err", err)
		}
		a.Index = m
	} else {
		dir := filepath.Join(cfg.DataDir, "bleve")
		if o.newIndex {
			if err := os.RemoveAll(dir); err != nil {
				return nil, fmt.Errorf("app: remove the old search index: %w", err)
			}
		}
		b, isNew, err := search.OpenBleve(dir, log)
		if err != nil {
			return nil, err
		}
		a.Index, fresh = b, isNew
	}
	a.Index = search.Cached(a.Index, 5*time.Second, 2000)
	if o.wrapIndex != nil {
		a.Index = o.wrapIndex(a.Index)
	}
	a.Index = search.Recovering(a.Index)
	a.Syncer = &search.Syncer{Store: st, Index: a.Index, Interval: 2 * time.Second, Log: log}
	if fresh && !o.newIndex { // with a new index, the caller rebuilds (Reindex)
		// A new (or rebuilt) index fills itself from MongoDB.
		if _, err := a.Syncer.Rebuild(ctx); err != nil {
			return nil, err
		}
	}
	a.Taxonomy = &taxonomy.Service{Store: st, TTL: time.Minute}
	if err := a.Taxonomy.EnsureDefaults(ctx); err != nil {
		return nil, err
	}
	a.Importer = &importer.Importer{Store: st, Taxonomy: a.Taxonomy, Index: a.Syncer.IndexMembers, Secret: string(cfg.Secret), Log: log}

	if err := a.buildWeb(); err != nil {
		return nil, err
	}
	ok = true
	return a, nil
}

func (a *App) buildWeb() error {
	bundle, err := i18n.New(a.Log)
	if err != nil {
		return err
	}
	a.I18n = bundle
	a.Mail = &mail.Composer{Store: a.Store, Index: a.Index, Bundle: bundle, BaseURL: strings.TrimSuffix(a.Cfg.BaseURL.String(), "/"), Secret: a.Cfg.Secret}
	assets, err := static.Load()
	if err != nil {
		return fmt.Errorf("app: assets: %w", err)
	}
	engine := html.NewFileSystem(http.FS(views.FS), ".html")
	engine.AddFuncMap(views.Funcs())
	engine.AddFunc("asset", assets.URL)
	fragments := views.NewFragments(func(w io.Writer, name string, data any) error { return engine.Render(w, name, data) })
	engine.AddFuncMap(fragments.Funcs())
	if err := engine.Load(); err != nil {
		return fmt.Errorf("app: views: %w", err)
	}

	sessions := &auth.Sessions{
		Store: a.Store, Secret: a.Cfg.Secret, Secure: a.Cfg.SecureCookies(),
		Idle: 7 * 24 * time.Hour, Absolute: 30 * 24 * time.Hour, Now: time.Now,
	}
	h := &handlers.Handler{Cfg: a.Cfg, Store: a.Store, Index: a.Index, I18n: bundle, Mail: a.Mail, Sessions: sessions, Taxonomy: a.Taxonomy, Importer: a.Importer, Log: a.Log,
		Draining: &a.draining, SyncIndex: func(ctx context.Context) error { _, err := a.Syncer.SyncOnce(ctx); return err }}
	if a.Cfg.LinkedInConfigured() {
		h.LinkedIn = &auth.LinkedIn{
			ClientID: a.Cfg.LinkedInClientID, ClientSecret: a.Cfg.LinkedInClientSecret,
			Issuer: a.Cfg.LinkedInIssuer, CallbackURL: a.Cfg.BaseURL.String() + "/auth/linkedin/callback",
		}
	}

	f := fiber.New(fiber.Config{
		Views:        limitRendering(engine, runtime.GOMAXPROCS(0)),
		ErrorHandler: withSecurityHeaders(a.Cfg.SecureCookies(), h.ErrorHandler),
		BodyLimit:    max(resume.MaxUpload, ats.MaxFileBytes) + 1<<20, // an upload (an ATS export the largest) and its form

		ReadTimeout:           15 * time.Second,
		WriteTimeout:          30 * time.Second,
		IdleTimeout:           60 * time.Second,
		DisableStartupMessage: true,
		AppName:               "portal",
	})
	m := newMetrics()
	f.Use(recover.New())
	f.Use(func(c *fiber.Ctx) error {
		if a.draining.Load() { // stopping: clients reconnect (elsewhere) for their next request
			c.Set(fiber.HeaderConnection, "close")
		}
		return c.Next()
	})
	f.Use(requestid.New())
	f.Use(securityHeaders(a.Cfg.SecureCookies()))
	f.Use(m.middleware)
	f.Use(accessLog(a.Log))

	// Infrastructure: no session needed, so no database read.
	f.Get("/healthz", h.Healthz)
	f.Get("/readyz", h.Readyz)
	f.Get("/metrics", m.handler())
	f.Get("/static/*", assets.Handler)
	// The brand's style sheet and logo are public and cached: no session
	// (a cookie on a shared, cached answer would hand one to many visitors).
	f.Get("/brand.css", h.BrandStyle)
	f.Get("/brand/logo", h.BrandLogo)
	// A mail program's one-click unsubscribe: the signed address is the
	// authority, there is no session or CSRF token (see handlers.Unsubscribe).
	f.Post("/u/:token", h.UnsubscribeOneClick)

	f.Use(sessions.Middleware, sessions.CSRF)
	h.Routes(f)
	f.Use(func(c *fiber.Ctx) error {
		c.Locals(localUnmatched, true)
		return fiber.ErrNotFound
	})
	a.Fiber = f
	return nil
}

// PrepareDemo fills the demo community on the first start of a demo portal,
// so the run command lands a newcomer in a living community. Where the
// database refuses what the configuration asks for, it says why in one log
// line: on a real database the demo does not exist whatever PORTAL_DEMO
// says, and on a demo database no real person may sign in.
func (a *App) PrepareDemo(ctx context.Context) error {
	mode, err := a.Store.DatabaseMode(ctx)
	if err != nil {
		return err
	}
	switch {
	case mode == models.ModeReal && a.Cfg.Demo():
		a.Log.Warn("demo off: this database holds real members, so the demo accounts and the outbox page do not exist, whatever PORTAL_DEMO says")
	case mode == models.ModeDemo && a.Cfg.LinkedInConfigured():
		a.Log.Warn("LinkedIn sign-in refused: this database holds the made-up demo community; give the portal a new database (PORTAL_DATA_DIR or MONGODB_DATABASE) for real members")
	case mode == models.ModeUndecided && a.Cfg.Demo():
		a.Log.Info("empty demo portal: seeding the demo community")
		if err := seed.Demo(ctx, a.Store, time.Now()); err != nil {
			return err
		}
		_, err = a.Syncer.SyncOnce(ctx)
		return err
	}
	return nil
}

// Reindex empties the search index and rebuilds it from MongoDB, the source
// of truth; it returns how many documents it indexed.
func (a *App) Reindex(ctx context.Context) (int, error) {
	if err := a.Index.Clear(ctx); err != nil {
		return 0, err
	}
	return a.Syncer.Rebuild(ctx)
}

// StartWorkers runs the search sync and the scheduled jobs until Close.
func (a *App) StartWorkers() {
	ctx, cancel := context.WithCancel(context.Background())
	a.stop = cancel
	host, _ := os.Hostname()
	sched := &nurture.Scheduler{Store: a.Store, Log: a.Log, Now: time.Now,
		Holder: fmt.Sprintf("%s-%d-%d", host, os.Getpid(), time.Now().UnixNano())}
	jobs := []nurture.Job{a.sweepJob(), nurture.EventReminders(a.Store, a.Index), nurture.WaitlistRepair(a.Store, a.Index),
		nurture.KeepInTouch(a.Store, a.Index, a.I18n), nurture.VacancyAlerts(a.Store, a.Index), nurture.Newsletter(a.Store, a.Index)}
	if a.Cfg.SMTPURL != "" { // without a server, mail stays in the outbox
		jobs = append(jobs, a.mailJob())
	}
	a.workers.Add(2 + len(jobs))
	go func() { defer a.workers.Done(); a.Syncer.Run(ctx) }()
	go func() { defer a.workers.Done(); a.Importer.Worker(ctx, sched.Holder, 2*time.Second) }()
	for _, job := range jobs {
		go func() { defer a.workers.Done(); sched.Loop(ctx, job) }()
	}
}

// mailJob sends what the outbox holds every few seconds, a batch that fits
// in the job's lease at the configured rate (each mail is also claimed on
// its own, see mail.Sender).
func (a *App) mailJob() nurture.Job {
	smtp, _ := url.Parse(a.Cfg.SMTPURL) // config.Load checked it
	const every = 5 * time.Second
	s := &mail.Sender{Store: a.Store, SMTP: smtp, From: a.Cfg.MailFrom, PerSecond: a.Cfg.MailRate, Connections: 4, Composer: a.Mail, Log: a.Log,
		DKIMKey: a.Cfg.DKIMKey, DKIMSelector: a.Cfg.DKIMSelector,
		Batch: max(1, min(1000, int(a.Cfg.MailRate*every.Seconds()*0.8)))}
	return nurture.Job{Name: "mail-sender", Every: every, Run: s.SendDue}
}

// sweepJob removes expired sessions and closes vacancies past their closing
// date: FerretDB has no TTL index.
func (a *App) sweepJob() nurture.Job {
	return nurture.Job{Name: "sweep-sessions", Every: 10 * time.Minute, Run: func(ctx context.Context, now time.Time) (int, error) {
		sessions, err := a.Store.DeleteExpiredSessions(ctx, now)
		if err != nil {
			return 0, err
		}
		open, err := search.Refs(ctx, a.Index, a.Store, store.KindVacancy, search.Query{
			Filters: map[string][]string{"status": {models.VacancyOpen}}})
		if err != nil {
			return int(sessions), err
		}
		vacancies, err := a.Store.CloseExpiredVacancies(ctx, open, now)
		if err != nil {
			return int(sessions), err
		}
		// An import's file and rejected rows hold people's data that has done its work.
		imports, err := a.Store.ForgetImportFiles(ctx, now)
		return int(sessions+vacancies) + imports, err
	}}
}

// Serve answers HTTP on ln until Shutdown.
func (a *App) Serve(ln net.Listener) error {
	err := a.Fiber.Listener(ln)
	if err != nil && !errors.Is(err, net.ErrClosed) && !strings.Contains(err.Error(), "closed") {
		return fmt.Errorf("app: serve: %w", err)
	}
	return nil
}

// Drain prepares a stop: /readyz says the portal is stopping and every
// answer closes its connection, so clients and load balancers move on,
// for the given time. Requests keep being served meanwhile.
func (a *App) Drain(ctx context.Context, d time.Duration) {
	a.draining.Store(true)
	select {
	case <-time.After(d):
	case <-ctx.Done():
	}
}

// Close lets in-flight requests finish, stops the workers, and closes the
// index, the store and the embedded FerretDB, in that order.
func (a *App) Close(ctx context.Context) {
	if a.Fiber != nil {
		if err := a.Fiber.ShutdownWithContext(ctx); err != nil {
			a.Log.Warn("http shutdown", "err", err)
		}
	}
	if a.stop != nil {
		a.stop()
		a.workers.Wait()
	}
	if a.Index != nil {
		if err := a.Index.Close(); err != nil {
			a.Log.Warn("close index", "err", err)
		}
	}
	if a.Store != nil {
		a.Store.Close(ctx)
	}
	if a.embedded != nil {
		a.embedded.Close()
	}
}

//! Drives the real Baton window through WebDriver: `tauri-driver` in front of
//! `WebKitWebDriver`, which starts the debug `baton-app` binary, or the one named by
//! `BATON_E2E_APP` (the installed package's, in `scripts/package-check`).
//!
//! ```no_run
//! use baton_tests::e2e::with_app;
//!
//! #[test]
//! fn settings_shows_the_database() -> anyhow::Result<()> {
//!     with_app("settings", |app| {
//!         app.click("[data-screen=settings]")?;
//!         app.wait_for_text("h1", "Settings")?;
//!         app.screenshot("settings")?;
//!         Ok(())
//!     })
//! }
//! ```
//!
//! Needs: the app built (`cargo build --workspace --all-targets`), `tauri-driver`
//! (`cargo install tauri-driver --locked --version '^2'`), `WebKitWebDriver`
//! (apt `webkit2gtk-driver`) and an X display (`xvfb-run`). `scripts/setup`
//! installs them and `npm test` runs everything under Xvfb.
//!
//! A spec is skipped, with a message, only when `DISPLAY` is unset and
//! `BATON_E2E` is not `1`; with `BATON_E2E=1` a missing piece fails the test.
//! Each app gets a fresh database in a temporary folder (`BATON_DB`), and apps
//! run one at a time: two cores and one X server do not gain from parallel windows.

use std::env;
use std::ffi::OsString;
use std::fs::{self, File};
use std::future::Future;
use std::io::Write;
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, ensure, Context, Result};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};
use tempfile::TempDir;

use crate::workspace;

pub use fantoccini::key::Key;

/// The app binary under test, as Cargo names it.
pub const APP_BINARY: &str = "baton-app";
/// Set to `1` to insist on running e2e specs (CI, `npm test`).
pub const FORCE_ENV: &str = "BATON_E2E";
/// The app binary to drive instead of the debug build (an installed package's).
pub const APP_ENV: &str = "BATON_E2E_APP";

const DRIVER_START: Duration = Duration::from_secs(30);
const SESSION_START: Duration = Duration::from_secs(60);
/// How long `find`, `click` and friends wait for an element to appear.
pub const WAIT: Duration = Duration::from_secs(10);
/// Upper bound for any single WebDriver command, so a wedged driver fails the
/// test instead of hanging CI.
const COMMAND: Duration = Duration::from_secs(30);

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Why e2e specs can't run here, or `None` if they should.
pub fn skip_reason() -> Option<String> {
    skip_reason_from(env::var(FORCE_ENV).ok().as_deref(), env::var_os("DISPLAY"))
}

fn skip_reason_from(force: Option<&str>, display: Option<OsString>) -> Option<String> {
    if force == Some("1") || display.is_some_and(|d| !d.is_empty()) {
        None
    } else {
        Some(format!(
            "DISPLAY is not set and {FORCE_ENV} is not 1 (run `npm test`, or set {FORCE_ENV}=1 under xvfb-run)"
        ))
    }
}

/// Runs one e2e spec against a freshly launched app, or prints why it is
/// skipped. On failure (error or panic) a `<name>-failed.png` screenshot is
/// saved next to the others before the app is closed.
pub fn with_app(name: &str, spec: impl FnOnce(&mut App) -> Result<()>) -> Result<()> {
    with_prepared_app(name, |_| Ok(()), spec)
}

/// Like [`with_app`], but first runs `prepare` on the fresh database's path
/// (e.g. `baton demo` through the CLI), before the app opens it.
pub fn with_prepared_app(
    name: &str,
    prepare: impl FnOnce(&Path) -> Result<()>,
    spec: impl FnOnce(&mut App) -> Result<()>,
) -> Result<()> {
    with_themed_app(name, Theme::Light, prepare, spec)
}

/// The colour scheme the window asks for (`prefers-color-scheme`), set through GTK's theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    pub fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// Like [`with_prepared_app`], in the given theme.
pub fn with_themed_app(
    name: &str,
    theme: Theme,
    prepare: impl FnOnce(&Path) -> Result<()>,
    spec: impl FnOnce(&mut App) -> Result<()>,
) -> Result<()> {
    run_spec(name, || App::launch_themed(prepare, theme), spec)
}

/// Runs `spec` against the app on the shared desk at `address` (`postgres://…`), after
/// `prepare` on it.
pub fn with_shared_app(
    name: &str,
    address: &str,
    prepare: impl FnOnce(&Path) -> Result<()>,
    spec: impl FnOnce(&mut App) -> Result<()>,
) -> Result<()> {
    run_spec(name, || App::launch_shared(address, prepare), spec)
}

/// Runs `spec` against two apps at once on the shared desk at `address`: two workstations, in
/// separate processes with their own data folders.
pub fn with_two_shared_apps(
    name: &str,
    address: &str,
    spec: impl FnOnce(&mut App, &mut App) -> Result<()>,
) -> Result<()> {
    run_spec(
        name,
        || App::launch_shared(address, |_| Ok(())),
        |a| {
            let place = Place::Db(PathBuf::from(address));
            let mut b = App::launch_in_turn(place, |_| Ok(()), Theme::Light, None)?;
            let done = panic::catch_unwind(AssertUnwindSafe(|| spec(a, &mut b)));
            if !matches!(done, Ok(Ok(()))) {
                b.failure_screenshot(&format!("{name}-b"));
            }
            done.unwrap_or_else(|payload| panic::resume_unwind(payload))
        },
    )
}

/// Runs `spec` against the app as installed, at `home` (see [`App::launch_at_home`]).
pub fn with_app_at_home(
    name: &str,
    home: &Path,
    theme: Theme,
    spec: impl FnOnce(&mut App) -> Result<()>,
) -> Result<()> {
    run_spec(name, || App::launch_at_home(home, theme), spec)
}

fn run_spec(
    name: &str,
    launch: impl FnOnce() -> Result<App>,
    spec: impl FnOnce(&mut App) -> Result<()>,
) -> Result<()> {
    if let Some(reason) = skip_reason() {
        // Straight to stderr: libtest captures `eprintln!` of passing tests.
        let _ = writeln!(std::io::stderr(), "SKIPPED e2e spec `{name}`: {reason}");
        return Ok(());
    }
    let mut app = launch().with_context(|| format!("launching the app for `{name}`"))?;
    match panic::catch_unwind(AssertUnwindSafe(|| spec(&mut app))) {
        Ok(Ok(())) => Ok(()),
        Ok(Err(err)) => {
            app.failure_screenshot(name);
            Err(err.context(format!("e2e spec `{name}` failed")))
        }
        Err(payload) => {
            app.failure_screenshot(name);
            panic::resume_unwind(payload)
        }
    }
}

/// Where a launched app finds its desk.
enum Place {
    /// A new database file in the app's temporary folder.
    Fresh,
    /// The one named (a file, or a server's address).
    Db(PathBuf),
    /// Wherever an installed app would, under this home.
    Home(PathBuf),
}

/// A running Baton window under WebDriver control. Dropping it closes the
/// session, the app and the driver.
pub struct App {
    rt: tokio::runtime::Runtime,
    client: Option<Client>,
    driver: Child,
    db_path: PathBuf,
    // Holds the database and the driver's log until the app is gone.
    dir: TempDir,
    /// The one app at a time, or none for the second of two launched together.
    _turn: Option<MutexGuard<'static, ()>>,
}

impl App {
    /// Starts `tauri-driver` on free ports, opens a session on the debug
    /// `baton-app` with a fresh `BATON_DB`, and waits for the UI to mount.
    pub fn launch() -> Result<App> {
        App::launch_with(|_| Ok(()))
    }

    /// [`App::launch`], running `prepare` on the database path before the app starts.
    pub fn launch_with(prepare: impl FnOnce(&Path) -> Result<()>) -> Result<App> {
        App::launch_themed(prepare, Theme::Light)
    }

    /// [`App::launch_with`] in the given theme.
    pub fn launch_themed(prepare: impl FnOnce(&Path) -> Result<()>, theme: Theme) -> Result<App> {
        App::launch_on(Place::Fresh, prepare, theme)
    }

    /// The app on the shared desk at `address` (`postgres://…`) instead of a file of its own.
    pub fn launch_shared(address: &str, prepare: impl FnOnce(&Path) -> Result<()>) -> Result<App> {
        App::launch_on(Place::Db(PathBuf::from(address)), prepare, Theme::Light)
    }

    /// The app as installed: no `BATON_DB`, its data and configuration folders in `home`,
    /// which outlives it (a later launch there finds what this one chose).
    pub fn launch_at_home(home: &Path, theme: Theme) -> Result<App> {
        App::launch_on(Place::Home(home.to_path_buf()), |_| Ok(()), theme)
    }

    fn launch_on(
        place: Place,
        prepare: impl FnOnce(&Path) -> Result<()>,
        theme: Theme,
    ) -> Result<App> {
        let turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        App::launch_in_turn(place, prepare, theme, Some(turn))
    }

    fn launch_in_turn(
        place: Place,
        prepare: impl FnOnce(&Path) -> Result<()>,
        theme: Theme,
        turn: Option<MutexGuard<'static, ()>>,
    ) -> Result<App> {
        let binary = env::var_os(APP_ENV)
            .map(PathBuf::from)
            .unwrap_or_else(|| workspace::debug_binary(APP_BINARY));
        if !binary.is_file() {
            bail!(
                "{} not found: build it first with `cargo build --workspace --all-targets` (npm test does), or set {APP_ENV} to an installed one",
                binary.display()
            );
        }
        let tauri_driver = find_tauri_driver()?;
        if cfg!(target_os = "linux") && which("WebKitWebDriver").is_none() {
            bail!("WebKitWebDriver not found on PATH: install Debian's webkit2gtk-driver (scripts/setup does)");
        }

        let dir = tempfile::Builder::new().prefix("baton-e2e-").tempdir()?;
        // The desk the app opens, `BATON_DB` (empty: unset, as installed), and its home.
        let (db_path, db_env, home) = match place {
            Place::Fresh => {
                let db = dir.path().join("baton.db");
                (db.clone(), db, dir.path().to_path_buf())
            }
            Place::Db(db) => (db.clone(), db, dir.path().to_path_buf()),
            Place::Home(home) => (home.join("baton/baton.db"), PathBuf::new(), home),
        };
        let log_path = dir.path().join("tauri-driver.log");
        prepare(&db_path).context("preparing the database")?;
        let log = File::create(&log_path)?;
        let port = free_port()?;
        let native_port = free_port()?;

        let mut driver = Command::new(&tauri_driver)
            .args(["--port", &port.to_string()])
            .args(["--native-port", &native_port.to_string()])
            .env("BATON_DB", &db_env)
            // The app's own files (its desk, install settings, the shared desk chosen) stay in
            // the test's folders.
            .env("XDG_DATA_HOME", &home)
            .env("XDG_CONFIG_HOME", &home)
            .env("NO_AT_BRIDGE", "1")
            .env(
                "GTK_THEME",
                match theme {
                    Theme::Light => "Adwaita",
                    Theme::Dark => "Adwaita:dark",
                },
            )
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            // Its own process group, so cleanup reaches WebKitWebDriver and the app too.
            .process_group(0)
            .spawn()
            .with_context(|| format!("starting {}", tauri_driver.display()))?;

        // tauri-driver answers on its port before the WebKitWebDriver it starts
        // on the native port is ready; a session asked for in between fails.
        let listening = wait_for_port(port, &mut driver, DRIVER_START)
            .and_then(|()| wait_for_port(native_port, &mut driver, DRIVER_START));
        if let Err(err) = listening {
            terminate_group(&mut driver);
            return Err(err.context(driver_log(&log_path)));
        }

        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let mut app = App {
            rt,
            client: None,
            driver,
            db_path,
            dir,
            _turn: turn,
        };

        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), json!("wry"));
        capabilities.insert("tauri:options".into(), json!({ "application": binary }));
        let url = format!("http://127.0.0.1:{port}");
        let client = app
            .rt
            .block_on(async {
                let mut builder = ClientBuilder::new(HttpConnector::new());
                builder.capabilities(capabilities);
                tokio::time::timeout(SESSION_START, builder.connect(&url)).await
            })
            .map_err(|_| anyhow!("no WebDriver session after {SESSION_START:?}"))
            .and_then(|r| r.map_err(|e| anyhow!("opening a WebDriver session: {e}")))
            .with_context(|| driver_log(&log_path))?;
        app.client = Some(client);

        // The frame is up once Svelte has mounted something into #app.
        app.find("#app > *")
            .with_context(|| driver_log(&log_path))?;
        Ok(app)
    }

    /// The database this app instance was started on.
    pub fn db_path(&self) -> &Path {
        &self.db_path
    }

    /// A temporary folder that lives as long as the app: it holds the
    /// database and the driver's log, and can hold a test's own files.
    pub fn scratch_dir(&self) -> &Path {
        self.dir.path()
    }

    /// The raw WebDriver client, for what the helpers don't cover
    /// (use with [`App::block_on`]).
    pub fn client(&self) -> &Client {
        self.client.as_ref().expect("session is open")
    }

    /// Runs a future on the harness's runtime, bounded in time.
    pub fn block_on<T, E>(&self, what: &str, fut: impl Future<Output = Result<T, E>>) -> Result<T>
    where
        E: std::fmt::Display,
    {
        self.rt
            .block_on(async { tokio::time::timeout(COMMAND, fut).await })
            .map_err(|_| anyhow!("{what}: no answer after {COMMAND:?}"))?
            .map_err(|e| anyhow!("{what}: {e}"))
    }

    /// Waits (up to [`WAIT`]) for the first element matching `css`.
    pub fn find(&self, css: &str) -> Result<El<'_>> {
        let client = self.client();
        let el = self.block_on(
            &format!("waiting for `{css}`"),
            client.wait().at_most(WAIT).for_element(Locator::Css(css)),
        )?;
        Ok(El { app: self, el })
    }

    /// Every element matching `css` right now (no waiting).
    pub fn find_all(&self, css: &str) -> Result<Vec<El<'_>>> {
        let els = self.block_on(
            &format!("finding all `{css}`"),
            self.client().find_all(Locator::Css(css)),
        )?;
        Ok(els.into_iter().map(|el| El { app: self, el }).collect())
    }

    /// Whether an element matching `css` exists right now (no waiting).
    pub fn is_present(&self, css: &str) -> Result<bool> {
        Ok(!self.find_all(css)?.is_empty())
    }

    pub fn click(&self, css: &str) -> Result<()> {
        self.find(css)?.click()
    }

    /// Types `text` into the element matching `css` (WebDriver key codes such
    /// as [`Key::Enter`] may be embedded).
    pub fn type_into(&self, css: &str, text: &str) -> Result<()> {
        self.find(css)?.type_text(text)
    }

    /// Sends keys to whatever has focus, e.g. `&format!("{}k", Key::Control)`
    /// for Ctrl+K (modifiers stay down until the end of the string).
    pub fn press(&self, keys: &str) -> Result<()> {
        let client = self.client();
        let focused = self.block_on("finding the focused element", client.active_element())?;
        self.block_on(&format!("pressing {keys:?}"), focused.send_keys(keys))
    }

    /// The visible text of the first element matching `css`.
    pub fn text(&self, css: &str) -> Result<String> {
        self.find(css)?.text()
    }

    /// The visible texts of all elements matching `css`, in document order.
    pub fn texts(&self, css: &str) -> Result<Vec<String>> {
        self.find(css)?; // wait for the first one
        self.find_all(css)?.iter().map(El::text).collect()
    }

    /// Waits (up to [`WAIT`]) until an element matching `css` contains `needle`.
    pub fn wait_for_text(&self, css: &str, needle: &str) -> Result<String> {
        let deadline = Instant::now() + WAIT;
        let mut last = Vec::new();
        loop {
            last = self
                .find_all(css)?
                .iter()
                .map(El::text)
                .collect::<Result<Vec<_>>>()
                .unwrap_or(last);
            if let Some(hit) = last.iter().find(|t| t.contains(needle)) {
                return Ok(hit.clone());
            }
            if Instant::now() >= deadline {
                bail!("no `{css}` contained {needle:?} after {WAIT:?}; saw {last:?}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits up to `within` for an element matching `css`, for what takes longer than
    /// [`WAIT`] (loading the demo, say).
    pub fn wait_for(&self, css: &str, within: Duration) -> Result<El<'_>> {
        eventually(within, &format!("waiting for `{css}`"), || {
            self.is_present(css)
        })?;
        self.find(css)
    }

    /// Waits (up to [`WAIT`]) until nothing matches `css`.
    pub fn wait_gone(&self, css: &str) -> Result<()> {
        eventually(WAIT, &format!("`{css}` going away"), || {
            Ok(!self.is_present(css)?)
        })
    }

    /// What is in the input matching `css` now: its `value` property, not the HTML attribute.
    pub fn value(&self, css: &str) -> Result<String> {
        let el = serde_json::to_value(self.find(css)?.raw())?;
        match self.exec("return arguments[0].value;", vec![el])? {
            Value::String(value) => Ok(value),
            other => bail!("`{css}` has no text value: {other}"),
        }
    }

    /// Presses one key, e.g. [`Key::Enter`], on whatever has focus.
    pub fn press_key(&self, key: Key) -> Result<()> {
        self.press(&key.to_string())
    }

    /// Signs `name` in from the sign-in screen and waits for the frame to show them.
    pub fn sign_in(&self, name: &str, pin: &str) -> Result<()> {
        self.try_sign_in(name, pin)?;
        self.wait_signed_in(name)
    }

    /// On the sign-in screen: filters by `name`, picks them with Enter, types `pin` and Enter,
    /// and does not wait to see whether that signed them in (a wrong PIN keeps the screen).
    pub fn try_sign_in(&self, name: &str, pin: &str) -> Result<()> {
        self.type_into("[data-testid=sign-in-filter]", name)?;
        self.wait_for_text("[data-testid=sign-in] [role=option]", name)?;
        self.press_key(Key::Enter)?;
        self.type_into("[data-testid=pin]", &format!("{pin}{}", Key::Enter))
    }

    /// Waits for the frame (the rail) with `name` signed in.
    pub fn wait_signed_in(&self, name: &str) -> Result<()> {
        self.wait_for_text("[data-testid=signed-in] .name", name)?;
        self.find("[data-testid=rail]")?;
        Ok(())
    }

    /// Runs JavaScript in the page and returns its result.
    pub fn exec(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        let client = self.client();
        self.block_on("running a script", client.execute(script, args))
    }

    /// Scrolls the element with this `data-testid` (a Settings section, say) into view inside
    /// its screen; the window itself must not move (it once did, cutting the top bar off).
    pub fn show(&self, testid: &str) -> Result<()> {
        let moved = self.exec(
            "document.querySelector(`[data-testid=${arguments[0]}]`).scrollIntoView({block: 'start'});
             return document.scrollingElement.scrollTop + document.querySelector('.frame').scrollTop;",
            vec![testid.into()],
        )?;
        ensure!(moved == 0, "the window scrolled as a whole by {moved}px");
        Ok(())
    }

    /// Audits what the window shows now with axe-core (the npm package, injected): every
    /// serious or critical violation of WCAG 2 A/AA, as "rule: target" lines (empty: none).
    pub fn accessibility_violations(&self) -> Result<Vec<String>> {
        let axe =
            std::fs::read_to_string(workspace::root().join("node_modules/axe-core/axe.min.js"))
                .context("axe-core is not installed (npm ci)")?;
        self.exec(&axe, vec![])?;
        let found = self.block_on(
            "running axe-core",
            self.client().execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'best-practice'], resultTypes: ['violations'] })
                   .then((r) => done(r.violations
                     .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                     .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${v.help}`))))
                   .catch((e) => done([`axe failed: ${e}`]));",
                vec![],
            ),
        )?;
        Ok(found
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Replaces the value of the input with this `data-testid` by typing `text` into it.
    pub fn fill(&self, testid: &str, text: &str) -> Result<()> {
        // A form that just opened may not be drawn yet.
        self.find(&format!("[data-testid={testid}]"))?;
        self.exec(
            "const el = document.querySelector(`[data-testid=${arguments[0]}]`);
             el.value = '';
             el.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![testid.into()],
        )?;
        self.type_into(&format!("[data-testid={testid}]"), text)
    }

    /// Waits until the window has painted what the DOM holds: WebKit can hand back the
    /// previous frame right after a change.
    pub fn settle(&self) -> Result<()> {
        self.block_on(
            "waiting for a paint",
            self.client().execute_async(
                "const done = arguments[arguments.length - 1];
                 requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 150)));",
                vec![],
            ),
        )
        .map(drop)
    }

    /// Saves a PNG of the window, once it has [settled](App::settle), to
    /// `<target>/e2e-screenshots/<name>.png`.
    pub fn screenshot(&self, name: &str) -> Result<PathBuf> {
        self.settle()?;
        self.capture(name)
    }

    fn capture(&self, name: &str) -> Result<PathBuf> {
        let png = self.block_on("taking a screenshot", self.client().screenshot())?;
        let dir = screenshot_dir();
        fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{name}.png"));
        fs::write(&path, png)?;
        eprintln!("screenshot: {}", path.display());
        Ok(path)
    }

    fn failure_screenshot(&self, name: &str) {
        // As it is: a page that broke may never paint again.
        if let Err(err) = self.capture(&format!("{name}-failed")) {
            eprintln!("could not save a failure screenshot: {err:#}");
        }
    }
}

impl Drop for App {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            let closed = self.rt.block_on(async {
                tokio::time::timeout(Duration::from_secs(10), client.close()).await
            });
            if !matches!(closed, Ok(Ok(()))) {
                eprintln!("e2e: the WebDriver session did not close cleanly; killing the driver");
            }
        }
        terminate_group(&mut self.driver);
        // `dir` (database, driver log) is removed after this, once nothing writes to it.
    }
}

/// An element of the page, found by [`App::find`].
pub struct El<'a> {
    app: &'a App,
    el: Element,
}

impl El<'_> {
    /// The rendered text (`innerText`): what a person sees, without text
    /// hidden by CSS.
    ///
    /// Not WebDriver's Get Element Text: WebKitWebDriver answers "" for any
    /// element with `overflow: hidden`, such as an ellipsised label.
    pub fn text(&self) -> Result<String> {
        let el = serde_json::to_value(&self.el)?;
        let value = self.app.block_on(
            "reading text",
            self.app
                .client()
                .execute("return arguments[0].innerText;", vec![el]),
        )?;
        match value {
            Value::String(text) => Ok(text.trim().to_owned()),
            other => bail!("innerText was not a string: {other}"),
        }
    }

    pub fn attr(&self, name: &str) -> Result<Option<String>> {
        self.app
            .block_on(&format!("reading attribute {name}"), self.el.attr(name))
    }

    pub fn click(&self) -> Result<()> {
        self.app.block_on("clicking", self.el.click())
    }

    pub fn type_text(&self, text: &str) -> Result<()> {
        self.app
            .block_on(&format!("typing {text:?}"), self.el.send_keys(text))
    }

    pub fn is_displayed(&self) -> Result<bool> {
        self.app
            .block_on("checking visibility", self.el.is_displayed())
    }

    /// The underlying WebDriver element.
    pub fn raw(&self) -> &Element {
        &self.el
    }
}

/// Polls `check` (every 50 ms) until it holds, for up to `within`; `what` names it in the error.
pub fn eventually(
    within: Duration,
    what: &str,
    mut check: impl FnMut() -> Result<bool>,
) -> Result<()> {
    let deadline = Instant::now() + within;
    loop {
        if check()? {
            return Ok(());
        }
        if Instant::now() >= deadline {
            bail!("{what}: still not so after {within:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn screenshot_dir() -> PathBuf {
    workspace::target_dir().join("e2e-screenshots")
}

fn find_tauri_driver() -> Result<PathBuf> {
    if let Some(path) = env::var_os("TAURI_DRIVER") {
        return Ok(PathBuf::from(path));
    }
    if let Some(path) = which("tauri-driver") {
        return Ok(path);
    }
    let cargo_home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")));
    if let Some(path) = cargo_home.map(|h| h.join("bin").join("tauri-driver")) {
        if path.is_file() {
            return Ok(path);
        }
    }
    bail!("tauri-driver not found: install it with `cargo install tauri-driver --locked --version '^2'` (scripts/setup does)")
}

fn which(program: &str) -> Option<PathBuf> {
    env::split_paths(&env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
        .local_addr()?
        .port())
}

fn wait_for_port(port: u16, driver: &mut Child, within: Duration) -> Result<()> {
    let deadline = Instant::now() + within;
    loop {
        if TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_ok() {
            return Ok(());
        }
        if let Some(status) = driver.try_wait()? {
            bail!("tauri-driver exited before listening ({status})");
        }
        if Instant::now() >= deadline {
            bail!("nothing listened on port {port} within {within:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn driver_log(path: &Path) -> String {
    match fs::read_to_string(path) {
        Ok(log) if !log.trim().is_empty() => format!("tauri-driver said:\n{}", log.trim_end()),
        _ => "tauri-driver printed nothing".to_owned(),
    }
}

/// Ends the driver and everything it started (its process group): SIGTERM,
/// a grace period, then SIGKILL for anything left.
fn terminate_group(child: &mut Child) {
    let Ok(pgid) = libc::pid_t::try_from(child.id()) else {
        let _ = child.kill();
        let _ = child.wait();
        return;
    };
    // SAFETY: kill(2) with a negative pid signals that process group; the
    // group was created for this driver by `process_group(0)`.
    unsafe { libc::kill(-pgid, libc::SIGTERM) };
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if matches!(child.try_wait(), Ok(Some(_))) {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    // SAFETY: as above; ESRCH (nothing left in the group) is fine.
    unsafe { libc::kill(-pgid, libc::SIGKILL) };
    let _ = child.wait();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_only_without_display_and_without_force() {
        assert!(skip_reason_from(None, None).is_some());
        assert!(skip_reason_from(Some("0"), None).is_some());
        assert!(skip_reason_from(None, Some("".into())).is_some());
        assert!(skip_reason_from(Some("1"), None).is_none());
        assert!(skip_reason_from(None, Some(":99".into())).is_none());
        assert!(skip_reason_from(Some("1"), Some(":99".into())).is_none());
    }

    #[test]
    fn free_ports_are_usable() {
        let port = free_port().unwrap();
        assert_ne!(port, 0);
        TcpListener::bind((Ipv4Addr::LOCALHOST, port)).unwrap();
    }
}

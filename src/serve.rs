//! `serve`: a live preview for authors. Builds into a temporary directory, serves
//! it on the loopback interface, rebuilds when content or templates change, and
//! reloads open pages (server-sent events). Errors show in an overlay on the page.

use std::collections::HashMap;
use std::fs;
use std::io::{self, Write};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};
use rayon::prelude::*;
use tiny_http::{Header, Request, Response, Server, StatusCode};

use crate::cli::ServeArgs;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::escape;
use crate::output::{self, MARKER};
use crate::pipeline::{self, Session};
use crate::render::OutputFile;

/// How long the files must stay quiet after a change before the rebuild.
const DEBOUNCE: Duration = Duration::from_millis(60);

/// Path of the event stream that tells open pages to reload.
const EVENTS: &str = "/__snp/events";

/// What the server shows: the errors of the last build, and a counter of builds.
#[derive(Default)]
struct Shared {
    errors: Vec<Diagnostic>,
    generation: u64,
}

/// What the server threads share: the last build's errors, and a signal for each rebuild.
type Live = Arc<(Mutex<Shared>, Condvar)>;

/// Runs the preview server until Ctrl-C; returns false on a setup error.
pub(crate) fn serve_command(args: &ServeArgs) -> bool {
    match run(args) {
        Ok(()) => true,
        Err(message) => {
            eprintln!("error: {message}");
            false
        }
    }
}

/// Why the preview server could not start.
#[derive(Debug, thiserror::Error)]
enum ServeError {
    #[error(transparent)]
    Output(#[from] output::OutputError),
    #[error("cannot {what} {}: {source}", .path.display())]
    Io {
        what: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    #[error("cannot create a temporary directory: {0}")]
    Temp(io::Error),
    #[error("cannot handle Ctrl-C: {0}")]
    CtrlC(ctrlc::Error),
    #[error("cannot watch {} for changes: {source}", .path.display())]
    Watch {
        path: PathBuf,
        source: notify::Error,
    },
    #[error("cannot listen on {address}:{port}: {reason}; choose another --port")]
    Listen {
        address: std::net::IpAddr,
        port: u16,
        reason: String,
    },
}

fn run(args: &ServeArgs) -> Result<(), ServeError> {
    let input = &args.input;
    let (_temp, out) = match &args.out {
        Some(out) => {
            output::check_replaceable(out)?;
            fs::create_dir_all(out).map_err(|source| ServeError::Io {
                what: "create",
                path: out.clone(),
                source,
            })?;
            (None, out.clone())
        }
        None => {
            let temp = tempfile::Builder::new()
                .prefix("snp-overview-serve-")
                .tempdir()
                .map_err(ServeError::Temp)?;
            let path = temp.path().to_path_buf();
            (Some(temp), path)
        }
    };
    fs::write(out.join(MARKER), "").map_err(|source| ServeError::Io {
        what: "write to",
        path: out.clone(),
        source,
    })?;
    let out = out.canonicalize().map_err(|source| ServeError::Io {
        what: "resolve",
        path: out.clone(),
        source,
    })?;

    if !args.address.is_loopback() {
        eprintln!(
            "warning: serving on {}, which other machines can reach; the preview is meant for this machine only",
            args.address
        );
    }
    let server = Server::http((args.address, args.port)).map_err(|e| ServeError::Listen {
        address: args.address,
        port: args.port,
        reason: e.to_string(),
    })?;
    let port = server.server_addr().to_ip().map_or(args.port, |a| a.port());
    let url = format!("http://{}/index.html", host(args.address, port));

    let state: Live = Arc::default();
    let mut session = Session::new(input.content.clone(), input.templates.clone(), input.strict);
    let mut writer = SiteWriter::new(out.clone());
    rebuild(&mut session, &mut writer, &state, args);

    let (events, changes) = mpsc::channel::<Change>();
    let stop = events.clone();
    ctrlc::set_handler(move || {
        let _ = stop.send(Change::Stop);
    })
    .map_err(ServeError::CtrlC)?;
    let watched = events.clone();
    let mut watcher = notify::recommended_watcher(move |result: notify::Result<notify::Event>| {
        // Reading a file (the build itself) is not a change.
        match result {
            Ok(event) if !matches!(event.kind, EventKind::Access(_)) => {
                let _ = watched.send(Change::Files(event.paths));
            }
            _ => {}
        }
    })
    .map_err(|source| ServeError::Watch {
        path: input.content.clone(),
        source,
    })?;
    for dir in [&input.content, &input.templates] {
        watcher
            .watch(dir, RecursiveMode::Recursive)
            .map_err(|source| ServeError::Watch {
                path: dir.clone(),
                source,
            })?;
    }

    let server = Arc::new(server);
    let handler = {
        let server = Arc::clone(&server);
        let state = Arc::clone(&state);
        let out = out.clone();
        thread::spawn(move || {
            for request in server.incoming_requests() {
                let state = Arc::clone(&state);
                let out = out.clone();
                thread::spawn(move || respond(request, &out, &state));
            }
        })
    };
    eprintln!("serving {} on {url} (Ctrl-C to stop)", out.display());
    if args.open {
        open_browser(&url);
    }

    let templates = input
        .templates
        .canonicalize()
        .unwrap_or_else(|_| input.templates.clone());
    let roots: Vec<PathBuf> = [&input.content, &input.templates]
        .into_iter()
        .flat_map(|dir| [dir.canonicalize().ok(), Some(dir.clone())])
        .flatten()
        .collect();
    loop {
        match changes.recv_timeout(Duration::from_secs(1)) {
            Ok(Change::Stop) => break,
            Ok(Change::Files(mut paths)) => {
                // Debounce: an editor's save is several events; wait until they stop.
                let mut stop = false;
                while let Ok(change) = changes.recv_timeout(DEBOUNCE) {
                    match change {
                        Change::Files(more) => paths.extend(more),
                        Change::Stop => stop = true,
                    }
                }
                if stop {
                    break;
                }
                let paths: Vec<&PathBuf> =
                    paths.iter().filter(|p| !is_ignored(p, &roots)).collect();
                let templates_changed = paths.iter().any(|p| p.starts_with(&templates));
                if !paths.is_empty() {
                    if templates_changed {
                        session.reload_templates();
                    }
                    rebuild(&mut session, &mut writer, &state, args);
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    eprintln!("stopping");
    server.unblock();
    drop(watcher);
    let _ = handler.join();
    Ok(())
}

/// What the main loop waits for.
enum Change {
    /// Files changed under content/ or templates/.
    Files(Vec<PathBuf>),
    /// Ctrl-C.
    Stop,
}

/// Editor leftovers and hidden files or folders, which do not start a rebuild: the
/// loader's rule, applied to each name below the watched folder (`roots`), before
/// anything is read.
fn is_ignored(path: &Path, roots: &[PathBuf]) -> bool {
    let below = roots
        .iter()
        .find_map(|root| path.strip_prefix(root).ok())
        .unwrap_or_else(|| path.file_name().map_or(path, Path::new));
    below
        .components()
        .any(|c| crate::load::is_ignored(&c.as_os_str().to_string_lossy()))
}

fn host(address: IpAddr, port: u16) -> String {
    match address {
        IpAddr::V6(a) => format!("[{a}]:{port}"),
        IpAddr::V4(a) => format!("{a}:{port}"),
    }
}

/// Builds, writes what changed, records the errors and tells open pages to reload.
fn rebuild(session: &mut Session, writer: &mut SiteWriter, state: &Live, args: &ServeArgs) {
    let start = Instant::now();
    let mut diags = Diagnostics::default();
    let built = session.build(&mut diags, &|_, _| {});
    let errors: Vec<Diagnostic> = diags.iter().cloned().collect();
    let failed = built.is_none();
    pipeline::report(&args.input, diags);
    let changed = match built {
        Some(built) => match writer.write(built.files) {
            Ok(changed) => changed,
            Err(err) => {
                eprintln!("error: {err}");
                0
            }
        },
        None => 0,
    };
    if failed {
        eprintln!("build failed; the preview shows the errors until they are fixed");
    } else if !args.input.quiet {
        eprintln!("built in {:.0?} ({changed} files changed)", start.elapsed());
    }
    let (lock, cvar) = &**state;
    let mut shared = lock.lock().unwrap_or_else(|p| p.into_inner());
    shared.errors = if failed { errors } else { Vec::new() };
    shared.generation += 1;
    cvar.notify_all();
}

/// Writes a site into a directory file by file, only the files that changed.
struct SiteWriter {
    dir: PathBuf,
    written: HashMap<String, Vec<u8>>,
}

impl SiteWriter {
    fn new(dir: PathBuf) -> SiteWriter {
        SiteWriter {
            dir,
            written: HashMap::new(),
        }
    }

    /// Writes the changed files, removes the vanished ones; returns how many changed.
    /// Keeps the files (not a copy) to compare them with the next build's.
    /// The files are compared and written in parallel.
    fn write(&mut self, files: Vec<OutputFile>) -> io::Result<usize> {
        let mut changed = files
            .par_iter()
            .map(|file| {
                if self.written.get(&file.path) == Some(&file.bytes) {
                    return Ok(0);
                }
                let path = self.dir.join(&file.path);
                if let Some(parent) = path.parent() {
                    fs::create_dir_all(parent)?;
                }
                fs::write(&path, &file.bytes).map(|()| 1)
            })
            .sum::<io::Result<usize>>()?;
        let now: HashMap<String, Vec<u8>> = files
            .into_iter()
            .map(|file| (file.path, file.bytes))
            .collect();
        for gone in self.written.keys().filter(|p| !now.contains_key(*p)) {
            let _ = fs::remove_file(self.dir.join(gone));
            changed += 1;
        }
        self.written = now;
        Ok(changed)
    }
}

/// Answers one request: a file of the site, the event stream, or an error.
fn respond(request: Request, root: &Path, state: &Live) {
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or_default();
    if path == EVENTS {
        stream_events(request, state);
        return;
    }
    let response = match resolve(root, path) {
        Resolved::Redirect(to) => data(302, &[("Location", &to)], Vec::new()),
        Resolved::Forbidden => text(403, "403 forbidden: the path leaves the site"),
        Resolved::NotFound => {
            // The 404 page of the language the path is in, its links resolved from
            // that language's root whatever the depth of the missing path.
            let lang_dir = path.trim_start_matches('/').split('/').next().filter(|d| {
                !d.is_empty() && !d.contains('.') && root.join(d).join("404.html").is_file()
            });
            let (page, base) = match lang_dir {
                Some(dir) => (root.join(dir).join("404.html"), format!("/{dir}/")),
                None => (root.join("404.html"), "/".to_string()),
            };
            let page = String::from_utf8_lossy(&fs::read(page).unwrap_or_default()).into_owned();
            let page = page.replacen("<head>", &format!("<head>\n<base href=\"{base}\">"), 1);
            html_response(404, page.as_bytes(), state)
        }
        Resolved::File(file) => match fs::read(&file) {
            Ok(bytes) if file.extension().is_some_and(|e| e == "html") => {
                html_response(200, &bytes, state)
            }
            Ok(bytes) => data(200, &[("Content-Type", content_type(&file))], bytes),
            Err(_) => text(404, "404 not found"),
        },
    };
    let _ = request.respond(response);
}

/// Where a request path leads.
#[derive(Debug, PartialEq, Eq)]
enum Resolved {
    /// A file inside the site.
    File(PathBuf),
    /// A directory: go to its index.html.
    Redirect(String),
    /// Outside the site (`..`, an absolute path, a link leading out).
    Forbidden,
    /// Nothing there.
    NotFound,
}

/// Maps a request path to a file of the site, refusing anything outside it.
fn resolve(root: &Path, path: &str) -> Resolved {
    let Ok(decoded) = percent_encoding::percent_decode_str(path).decode_utf8() else {
        return Resolved::Forbidden;
    };
    let Some(rel) = decoded.strip_prefix('/') else {
        return Resolved::Forbidden;
    };
    let segments: Vec<&str> = rel.split('/').collect();
    let bad =
        |s: &&str| *s == ".." || *s == "." || s.contains(['\\', '\0', ':']) || s.starts_with('/');
    if rel.starts_with('/') || segments.iter().any(bad) {
        return Resolved::Forbidden;
    }
    let file = root.join(rel);
    match file.canonicalize() {
        Ok(real) if !real.starts_with(root) => Resolved::Forbidden,
        Ok(real) if real.is_dir() => {
            let dir = if path.ends_with('/') {
                path.to_string()
            } else {
                format!("{path}/")
            };
            Resolved::Redirect(format!("{dir}index.html"))
        }
        Ok(real) if real.file_name().is_some_and(|n| n == MARKER) => Resolved::NotFound,
        Ok(real) => Resolved::File(real),
        Err(_) => Resolved::NotFound,
    }
}

/// A page of the site, with the reload script and, after a failed build, the errors.
fn html_response(status: u16, page: &[u8], state: &Live) -> Response<io::Cursor<Vec<u8>>> {
    let page = String::from_utf8_lossy(page);
    let errors = state.0.lock().map(|s| s.errors.clone()).unwrap_or_default();
    let mut inject = String::new();
    if !errors.is_empty() {
        inject.push_str(&overlay(&errors));
    }
    inject.push_str(&format!(
        "<script>new EventSource(\"{EVENTS}\").onmessage = function () {{ location.reload(); }};</script>\n"
    ));
    let html = match page.rfind("</body>") {
        Some(i) => format!("{}{inject}{}", &page[..i], &page[i..]),
        None => format!("{page}{inject}"),
    };
    data(
        status,
        &[("Content-Type", "text/html; charset=utf-8")],
        html.into_bytes(),
    )
}

/// The errors of the last build, shown over the page.
fn overlay(errors: &[Diagnostic]) -> String {
    let mut html = String::from(
        "<div id=\"snp-serve-errors\" role=\"alert\" style=\"position:fixed;inset:1rem;overflow:auto;z-index:1000;background:#fff;color:#1b1b1b;border:4px solid #b3261e;padding:1rem 1.5rem;font:15px/1.5 system-ui,sans-serif;box-shadow:0 0 0 100vmax rgba(0,0,0,.4)\">\
         <h2 style=\"margin-top:0;color:#b3261e\">The build failed: the page shows the last good build</h2><ul>",
    );
    for d in errors {
        let place = match (d.line, d.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}", d.file),
            (Some(l), None) => format!("{}:{l}", d.file),
            _ => d.file.clone(),
        };
        let help = d
            .help
            .as_deref()
            .map(|h| format!("<br><em>{}</em>", escape(h)))
            .unwrap_or_default();
        html.push_str(&format!(
            "<li><code>{}</code>: {}{help}</li>",
            escape(&place),
            escape(&d.message)
        ));
    }
    html.push_str("</ul><p>Fix the file and save it: the page reloads by itself.</p></div>\n");
    html
}

/// The event stream: one `reload` message after each build, a comment every 15 s to
/// keep the line open. tiny_http buffers streamed bodies, so the stream takes the
/// connection over and writes each event itself, flushed.
fn stream_events(request: Request, state: &Live) {
    let (lock, cvar) = &**state;
    let mut seen = lock.lock().map(|s| s.generation).unwrap_or_default();
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 1000\n\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|()| writer.flush())
        .is_err()
    {
        return;
    }
    loop {
        let event = {
            let Ok(shared) = lock.lock() else { return };
            let Ok((shared, timeout)) =
                cvar.wait_timeout_while(shared, Duration::from_secs(15), |s| s.generation == seen)
            else {
                return;
            };
            seen = shared.generation;
            if timeout.timed_out() {
                ": keep-alive\n\n"
            } else {
                "data: reload\n\n"
            }
        };
        if writer
            .write_all(event.as_bytes())
            .and_then(|()| writer.flush())
            .is_err()
        {
            return;
        }
    }
}

/// HTTP headers; a header that cannot be written (a value with a line break) is left out.
fn headers(pairs: &[(&str, &str)]) -> Vec<Header> {
    pairs
        .iter()
        .filter_map(|(name, value)| Header::from_bytes(name.as_bytes(), value.as_bytes()).ok())
        .collect()
}

/// A response with a body, never cached by the browser.
fn data(status: u16, pairs: &[(&str, &str)], bytes: Vec<u8>) -> Response<io::Cursor<Vec<u8>>> {
    let mut all = headers(pairs);
    all.extend(headers(&[("Cache-Control", "no-store")]));
    let length = bytes.len();
    Response::new(
        StatusCode(status),
        all,
        io::Cursor::new(bytes),
        Some(length),
        None,
    )
}

fn text(status: u16, body: &str) -> Response<io::Cursor<Vec<u8>>> {
    data(
        status,
        &[("Content-Type", "text/plain; charset=utf-8")],
        body.as_bytes().to_vec(),
    )
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("json") => "application/json",
        Some("csv") => "text/csv; charset=utf-8",
        Some("xml") => "application/xml",
        Some("txt") => "text/plain; charset=utf-8",
        Some("js") => "text/javascript",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}

/// Opens the preview in the default browser.
fn open_browser(url: &str) {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    if let Err(err) = std::process::Command::new(program).args(args).spawn() {
        eprintln!("warning: cannot open a browser ({err}); open {url} yourself");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_leftovers_and_hidden_folders_start_no_rebuild() {
        let roots = [
            PathBuf::from("/c/content"),
            PathBuf::from("/c/templates"),
            PathBuf::from("/home/.me/content"),
        ];
        for path in [
            "/c/content/states/.#armenia.yaml",
            "/c/content/states/armenia.yaml~",
            "/c/content/states/.armenia.yaml.swp",
            "/c/content/states/4913",
            "/c/content/.git/index",
            "/c/templates/.hidden/base.html",
        ] {
            assert!(is_ignored(Path::new(path), &roots), "{path}");
        }
        for path in [
            "/c/content/states/armenia.yaml",
            "/c/templates/base.html",
            // A folder above the watched one may be hidden.
            "/home/.me/content/states/armenia.yaml",
        ] {
            assert!(!is_ignored(Path::new(path), &roots), "{path}");
        }
    }

    #[test]
    fn refuses_paths_outside_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        fs::create_dir(root.join("states")).unwrap();
        fs::write(root.join("index.html"), "x").unwrap();
        fs::write(root.join("states/a.html"), "x").unwrap();
        assert_eq!(
            resolve(&root, "/index.html"),
            Resolved::File(root.join("index.html"))
        );
        assert_eq!(
            resolve(&root, "/states/a.html"),
            Resolved::File(root.join("states/a.html"))
        );
        assert_eq!(
            resolve(&root, "/states"),
            Resolved::Redirect("/states/index.html".into())
        );
        assert_eq!(
            resolve(&root, "/"),
            Resolved::Redirect("/index.html".into())
        );
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/states/%2E%2E/%2e%2e/x",
            "//etc/passwd",
            "/..%2fx",
            "/a\\..\\b",
            "/%00",
        ] {
            assert_eq!(resolve(&root, bad), Resolved::Forbidden, "{bad}");
        }
        assert_eq!(resolve(&root, "/missing.html"), Resolved::NotFound);
        assert_eq!(resolve(&root, "/.snp-overview"), Resolved::NotFound);
    }
}

//! The authoring workflow: `serve` (live preview with rebuilds, an error overlay
//! and a server that stays inside the site) and `new` (a State record to fill in).
//!
//! Each test runs its own `snp-overview serve --port 0` on a copy of the basic
//! fixture and talks to it over HTTP/1.0 with a plain TcpStream, on 127.0.0.1 only.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::common::*;

/// How long to wait for the server to start or a rebuild to show.
const PATIENCE: Duration = Duration::from_secs(10);

/// A running `snp-overview serve`, stopped when dropped.
struct Serve {
    child: Child,
    port: u16,
    /// The directory it serves (printed on start).
    served: PathBuf,
    /// Everything it printed on stderr so far.
    log: Arc<Mutex<String>>,
}

impl Serve {
    /// Starts `serve --port 0 --content C --templates T` plus `extra`, and waits
    /// for the address it prints.
    fn start(content: &Path, extra: &[&str]) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_snp-overview"))
            .arg("serve")
            .args(["--port", "0", "--content"])
            .arg(content)
            .arg("--templates")
            .arg(templates())
            .args(extra)
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start snp-overview serve");
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel();
        {
            let log = Arc::clone(&log);
            // Reads stderr to the end, so that the server never blocks on it.
            thread::spawn(move || {
                for line in BufReader::new(stderr).lines() {
                    let Ok(line) = line else { break };
                    if let Some(started) = parse_serving(&line) {
                        let _ = tx.send(started);
                    }
                    let mut log = log.lock().unwrap();
                    log.push_str(&line);
                    log.push('\n');
                }
            });
        }
        let mut serve = Serve {
            child,
            port: 0,
            served: PathBuf::new(),
            log,
        };
        match rx.recv_timeout(PATIENCE) {
            Ok((served, port)) => {
                serve.served = served;
                serve.port = port;
            }
            Err(_) => panic!(
                "serve printed no address within {PATIENCE:?}:\n{}",
                serve.log()
            ),
        }
        serve
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    fn get(&self, path: &str) -> Reply {
        get(self.port, path)
    }

    /// Polls `path` until `ready` holds, failing after PATIENCE.
    fn wait_for(&self, path: &str, what: &str, ready: impl Fn(&Reply) -> bool) -> Reply {
        let start = Instant::now();
        loop {
            let reply = self.get(path);
            if ready(&reply) {
                return reply;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "{path}: {what} not seen after {PATIENCE:?}; last reply {}:\n{}\nserve said:\n{}",
                reply.status,
                reply.body,
                self.log()
            );
            thread::sleep(Duration::from_millis(100));
        }
    }

    /// Sends SIGINT (Ctrl-C) and waits for the exit.
    fn interrupt(&mut self) -> Option<ExitStatus> {
        let sent = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .is_ok_and(|s| s.success());
        if !sent {
            return None;
        }
        wait_with_deadline(&mut self.child, PATIENCE)
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        // Ctrl-C first, so that it removes its temporary directory; then for sure.
        if matches!(self.child.try_wait(), Ok(None)) && self.interrupt().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// `serving DIR on http://127.0.0.1:PORT/index.html (Ctrl-C to stop)`: DIR and PORT.
fn parse_serving(line: &str) -> Option<(PathBuf, u16)> {
    let rest = line.strip_prefix("serving ")?;
    let (dir, url) = rest.rsplit_once(" on http://")?;
    let (host, path) = url.split_once('/')?;
    if !path.starts_with("index.html") {
        return None;
    }
    let port = host.rsplit_once(':')?.1.parse().ok()?;
    Some((PathBuf::from(dir), port))
}

/// Waits for a child to exit, at most `limit`.
fn wait_with_deadline(child: &mut Child, limit: Duration) -> Option<ExitStatus> {
    let start = Instant::now();
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            return Some(status);
        }
        if start.elapsed() > limit {
            return None;
        }
        thread::sleep(Duration::from_millis(50));
    }
}

/// An HTTP reply.
struct Reply {
    status: u16,
    head: String,
    body: String,
}

/// `GET path HTTP/1.0` on 127.0.0.1:port, read to the end.
fn get(port: u16, path: &str) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to serve");
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream.set_write_timeout(Some(PATIENCE)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    )
    .unwrap();
    let mut bytes = Vec::new();
    stream
        .read_to_end(&mut bytes)
        .unwrap_or_else(|e| panic!("GET {path}: {e}"));
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("GET {path}: no end of headers in {text:?}"));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("GET {path}: no status in {head:?}"));
    Reply {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

/// Replaces a file of `content/states/` in one step (written beside the content,
/// then renamed), so that no rebuild ever reads it half written.
fn save(path: &Path, text: &str) {
    let content = path.parent().unwrap().parent().unwrap();
    let draft = content.parent().unwrap().join("draft.tmp");
    write(&draft, text);
    std::fs::rename(&draft, path).unwrap();
}

/// A copy of the basic fixture in `dir/content`.
fn content_copy(dir: &Path) -> PathBuf {
    let content = dir.join("content");
    copy_dir(&fixture(), &content);
    content
}

#[test]
fn serving_line_parser() {
    assert_eq!(
        parse_serving("serving /tmp/x y on http://127.0.0.1:4242/index.html (Ctrl-C to stop)"),
        Some((PathBuf::from("/tmp/x y"), 4242))
    );
    assert_eq!(
        parse_serving("serving /tmp/x on http://[::1]:80/index.html (Ctrl-C to stop)"),
        Some((PathBuf::from("/tmp/x"), 80))
    );
    assert_eq!(parse_serving("built in 20ms (16 files changed)"), None);
}

#[test]
fn serve_shows_the_overview_with_the_reload_script() {
    let dir = tempfile::tempdir().unwrap();
    let server = Serve::start(&content_copy(dir.path()), &[]);
    let index = server.get("/index.html");
    assert_eq!(index.status, 200, "{}", index.head);
    assert!(
        index
            .head
            .to_ascii_lowercase()
            .contains("content-type: text/html"),
        "{}",
        index.head
    );
    assert!(index.body.contains("EventSource"), "no reload script");
    assert!(index.body.contains("/__snp/events"));
    assert!(index.body.contains("Exampleland"));
    assert!(
        !index.body.contains("snp-serve-errors"),
        "error overlay on a good build"
    );
    // The script is inside the page, before </body>.
    let script = index.body.find("EventSource").unwrap();
    assert!(script < index.body.rfind("</body>").unwrap());
    // Other files, and a folder leading to its index.
    let css = server.get("/assets/style.css");
    assert_eq!(css.status, 200);
    assert!(
        css.head
            .to_ascii_lowercase()
            .contains("content-type: text/css")
    );
    assert!(!css.body.contains("EventSource"));
    let root = server.get("/");
    assert_eq!(root.status, 302, "{}", root.head);
    assert!(root.head.contains("Location: /index.html"), "{}", root.head);
    let state = server.get("/states/exampleland.html");
    assert_eq!(state.status, 200);
    assert!(state.body.contains("EventSource"));
}

#[test]
fn serve_rebuilds_when_a_narrative_changes() {
    let dir = tempfile::tempdir().unwrap();
    let content = content_copy(dir.path());
    let server = Serve::start(&content, &[]);
    let before = server.get("/states/sampleland.html");
    assert_eq!(before.status, 200);
    let sentence = "A sentence added while the preview runs.";
    assert!(!before.body.contains(sentence));
    let narrative = content.join("states/sampleland.md");
    save(&narrative, &format!("{}\n{sentence}\n", read(&narrative)));
    let after = server.wait_for("/states/sampleland.html", "the new sentence", |r| {
        r.status == 200 && r.body.contains(sentence)
    });
    assert!(!after.body.contains("snp-serve-errors"));
    // The standalone file is rebuilt too.
    let standalone = server.get("/overview-standalone.html");
    assert!(standalone.body.contains(sentence));
}

#[test]
fn serve_shows_errors_in_an_overlay_until_they_are_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let content = content_copy(dir.path());
    let server = Serve::start(&content, &[]);
    let record = content.join("states/sampleland.yaml");
    let good = read(&record);
    let line = line_of(&good, "region: south");
    save(&record, &good.replace("region: south", "region: sooth"));

    let broken = server.wait_for("/index.html", "the error overlay", |r| {
        r.body.contains("snp-serve-errors") && r.body.contains("sooth")
    });
    assert_eq!(broken.status, 200, "the last good build is still served");
    let html = scraper::Html::parse_document(&broken.body);
    let overlay = html
        .select(&selector("#snp-serve-errors"))
        .next()
        .expect("the overlay element");
    let text = text_of(overlay);
    let place = format!("states/sampleland.yaml:{line}");
    assert!(text.contains(&place), "overlay lacks `{place}`: {text}");
    assert!(text.contains("sooth"), "{text}");
    assert!(text.contains("did you mean `south`?"), "{text}");
    assert!(
        broken.body.contains("Exampleland"),
        "the page is still there"
    );
    // Every page shows it, not only the one open.
    let other = server.get("/states/exampleland.html");
    assert!(other.body.contains("snp-serve-errors"));

    save(&record, &good);
    let fixed = server.wait_for("/index.html", "the overlay gone", |r| {
        !r.body.contains("snp-serve-errors")
    });
    assert_eq!(fixed.status, 200);
    assert!(fixed.body.contains("EventSource"));
}

#[test]
fn serve_refuses_paths_outside_the_site() {
    let dir = tempfile::tempdir().unwrap();
    let content = content_copy(dir.path());
    // A file beside the served folder, which `..` would reach.
    let out = dir.path().join("site");
    let secret = "SECRET-BESIDE-THE-SITE";
    write(&dir.path().join("secret.txt"), secret);
    write(&dir.path().join("Cargo.toml"), secret);
    let server = Serve::start(&content, &["--out", out.to_str().unwrap()]);
    assert_eq!(server.served, out.canonicalize().unwrap());
    assert_eq!(server.get("/index.html").status, 200);
    for path in [
        "/../Cargo.toml",
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/states/../../secret.txt",
        "/states/%2E%2E/%2E%2E/secret.txt",
        "/..%2fsecret.txt",
        "/..%5csecret.txt",
        "//etc/passwd",
        "/%2fetc/passwd",
        "/.snp-overview",
    ] {
        let reply = server.get(path);
        assert!(
            reply.status == 403 || reply.status == 404,
            "{path}: status {}",
            reply.status
        );
        assert!(
            !reply.body.contains(secret),
            "{path} served the secret file"
        );
        assert!(!reply.body.contains("root:"), "{path} served /etc/passwd");
        assert!(
            !reply.body.contains("[package]"),
            "{path} served a Cargo.toml"
        );
    }
}

#[test]
fn serve_answers_404_for_a_missing_page() {
    let dir = tempfile::tempdir().unwrap();
    let server = Serve::start(&content_copy(dir.path()), &[]);
    for path in ["/missing.html", "/states/atlantis.html", "/fr/index.html"] {
        let reply = server.get(path);
        assert_eq!(reply.status, 404, "{path}");
        // The site's own 404 page, with the reload script.
        assert!(
            reply.body.contains("Page not found"),
            "{path}: {}",
            reply.body
        );
        assert!(reply.body.contains("EventSource"), "{path}");
    }
}

#[test]
fn the_404_page_of_a_missing_page_in_a_folder_has_working_links() {
    let dir = tempfile::tempdir().unwrap();
    let server = Serve::start(&content_copy(dir.path()), &[]);
    let request = "states/atlantis.html";
    let reply = server.get(&format!("/{request}"));
    assert_eq!(reply.status, 404);
    let html = scraper::Html::parse_document(&reply.body);
    // Links resolve from the page's <base> (as a browser resolves them), else from its path.
    let base = html
        .select(&selector("base[href]"))
        .next()
        .and_then(|b| b.value().attr("href"))
        .map(|b| format!("{}x.html", b.trim_start_matches('/')));
    let from = base.as_deref().unwrap_or(request);
    let mut broken = Vec::new();
    for element in html.select(&selector("link[href], a[href]")) {
        let href = element.value().attr("href").unwrap();
        if let Some(target) = link_target(from, href)
            && !href.starts_with('#')
        {
            let status = server.get(&format!("/{target}")).status;
            if status != 200 {
                broken.push(format!("{href} -> /{target}: {status}"));
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn serve_removes_the_page_of_a_deleted_record() {
    let dir = tempfile::tempdir().unwrap();
    let content = content_copy(dir.path());
    let server = Serve::start(&content, &[]);
    assert_eq!(server.get("/states/nowhereland.html").status, 200);
    std::fs::remove_file(content.join("states/nowhereland.md")).unwrap();
    std::fs::remove_file(content.join("states/nowhereland.yaml")).unwrap();
    server.wait_for("/states/nowhereland.html", "a 404", |r| r.status == 404);
    let index = server.wait_for("/index.html", "the overview without Nowhereland", |r| {
        !r.body.contains("states/nowhereland.html")
    });
    assert!(index.body.contains("states/exampleland.html"));
    assert!(!index.body.contains("snp-serve-errors"));
}

#[test]
fn serve_refuses_an_out_folder_it_did_not_make() {
    let dir = tempfile::tempdir().unwrap();
    let content = content_copy(dir.path());
    let out = dir.path().join("mine");
    write(&out.join("notes.txt"), "my notes");
    let before = tree(&out);
    let output = bin()
        .arg("serve")
        .args(["--port", "0", "--content"])
        .arg(&content)
        .arg("--templates")
        .arg(templates())
        .arg("--out")
        .arg(&out)
        .timeout(PATIENCE)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).starts_with("error: refusing to replace"),
        "{}",
        stderr(&output)
    );
    assert_eq!(tree(&out), before, "the folder was changed");
}

#[test]
fn serve_on_a_busy_port_exits_1_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let content = content_copy(dir.path());
    let busy = TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = busy.local_addr().unwrap().port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_snp-overview"))
        .arg("serve")
        .args(["--port", &port.to_string(), "--content"])
        .arg(&content)
        .arg("--templates")
        .arg(templates())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status = wait_with_deadline(&mut child, PATIENCE);
    if status.is_none() {
        let _ = child.kill();
        let _ = child.wait();
        panic!("serve kept running on a busy port");
    }
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(status.unwrap().code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("error: cannot listen on 127.0.0.1:{port}")),
        "{stderr}"
    );
    assert!(stderr.contains("choose another --port"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    drop(busy);
}

#[test]
fn serve_stops_on_ctrl_c_and_removes_its_temporary_directory() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Serve::start(&content_copy(dir.path()), &[]);
    assert!(server.served.join("index.html").is_file());
    let status = server.interrupt().expect("serve stops on Ctrl-C");
    assert!(status.success(), "exit status {status:?}\n{}", server.log());
    assert!(
        !server.served.exists(),
        "{} is left behind",
        server.served.display()
    );
    assert!(server.log().contains("stopping"));
}

// ---------------------------------------------------------------------------
// new

/// `new NAME --iso3 X --region R --content C --templates T` plus `extra`.
fn new_state(
    content: &Path,
    name: &str,
    iso3: &str,
    region: &str,
    extra: &[&str],
) -> std::process::Output {
    bin()
        .arg("new")
        .arg(name)
        .args(["--iso3", iso3, "--region", region, "--content"])
        .arg(content)
        .arg("--templates")
        .arg(templates())
        .args(extra)
        .output()
        .expect("run snp-overview new")
}

#[test]
fn new_writes_a_record_and_a_narrative_that_pass_check() {
    let dir = tempfile::tempdir().unwrap();
    let content = content_copy(dir.path());
    let output = new_state(&content, "Côte de Test", "NFK", "north", &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let record = content.join("states/cote-de-test.yaml");
    let narrative = content.join("states/cote-de-test.md");
    assert!(
        record.is_file() && narrative.is_file(),
        "{}",
        stderr(&output)
    );
    assert!(stderr(&output).contains("cote-de-test.yaml"));
    let yaml = read(&record);
    for line in ["name: \"Côte de Test\"", "iso3: NFK", "region: north"] {
        assert!(yaml.contains(line), "the record lacks `{line}`:\n{yaml}");
    }
    let checked = check(&content, &templates(), &[]);
    let messages = stderr(&checked);
    assert!(checked.status.success(), "{messages}");
    assert!(!messages.contains("error:"), "{messages}");
    // The new State is part of the site.
    let gaps = String::from_utf8_lossy(&checked.stdout).into_owned();
    assert!(gaps.contains("Côte de Test"), "{gaps}");

    let with_slug = new_state(
        &content,
        "Second Test",
        "UMI",
        "south",
        &["--slug", "second"],
    );
    assert!(with_slug.status.success(), "{}", stderr(&with_slug));
    assert!(content.join("states/second.yaml").is_file());
    let checked = check(&content, &templates(), &[]);
    assert!(checked.status.success(), "{}", stderr(&checked));
}

#[test]
fn new_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let content = content_copy(dir.path());
    let before = tree(&content);
    let output = new_state(&content, "Exampleland", "NFK", "north", &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("exampleland.yaml already exists"),
        "{message}"
    );
    assert!(message.contains("never overwrites"), "{message}");
    assert_eq!(
        tree(&content),
        before,
        "{:?}",
        tree_diff(&before, &tree(&content))
    );

    // Only the narrative exists: nothing is written either.
    write(
        &content.join("states/lonely.md"),
        "A narrative without record.\n",
    );
    let before = tree(&content);
    let output = new_state(&content, "Lonely", "NFK", "north", &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("lonely.md already exists"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        tree(&content),
        before,
        "{:?}",
        tree_diff(&before, &tree(&content))
    );

    // Content with an error (the narrative without record): `new` names it and stops.
    let output = new_state(&content, "Copyland", "ZZZ", "north", &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("lonely.md") && stderr(&output).contains("fix them first"),
        "{}",
        stderr(&output)
    );
    assert_eq!(tree(&content), before);
    std::fs::remove_file(content.join("states/lonely.md")).unwrap();

    // A code another record has.
    let before = tree(&content);
    let output = new_state(&content, "Copyland", "ATF", "north", &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("already has iso3 ATF"),
        "{}",
        stderr(&output)
    );
    assert_eq!(tree(&content), before);
}

#[test]
fn new_rejects_an_unknown_region_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let content = content_copy(dir.path());
    let before = tree(&content);
    let output = new_state(&content, "Testland", "NFK", "nrth", &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("region `nrth` is not declared"),
        "{message}"
    );
    assert!(message.contains("did you mean `north`?"), "{message}");
    assert_eq!(
        tree(&content),
        before,
        "{:?}",
        tree_diff(&before, &tree(&content))
    );
}

/// A `serve` session on several editions: after an edit, every publication shows it
/// (the current edition at the root and in the archive), and the editions that did
/// not change are written again as they were (not validated or rendered again).
#[test]
fn a_session_rebuilds_the_edition_that_changed_and_keeps_the_others() {
    use snp_overview::diagnostic::Diagnostics;
    use snp_overview::pipeline::Session;
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&editions_fixture(), &content);
    let mut session = Session::new(content.clone(), templates(), false);
    let build = |session: &mut Session| {
        let mut diags = Diagnostics::default();
        let built = session
            .build(&mut diags, &|_, _| {})
            .expect("the build succeeds");
        built
            .files
            .into_iter()
            .map(|f| (f.path, f.bytes))
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    let page = |files: &std::collections::BTreeMap<String, Vec<u8>>, path: &str| {
        String::from_utf8(files[path].clone()).unwrap()
    };
    let first = build(&mut session);
    // An edit of the oldest edition: its archived page changes, nothing of the others.
    let old = content.join("editions/2020-11/states/exampleland.md");
    write(
        &old,
        format!("{}\nAn edit of the oldest edition.\n", read(&old)),
    );
    let second = build(&mut session);
    assert!(
        page(&second, "editions/2020-11/states/exampleland.html")
            .contains("An edit of the oldest edition.")
    );
    for path in [
        "states/exampleland.html",
        "editions/2025-11/states/exampleland.html",
    ] {
        assert_eq!(first[path], second[path], "{path}");
    }
    assert_eq!(first.len(), second.len());
    // An edit of the current edition: the root and its archived copy change; the
    // oldest edition keeps its edit.
    let current = content.join("editions/2025-11/states/exampleland.md");
    write(
        &current,
        format!("{}\nAn edit of the current edition.\n", read(&current)),
    );
    let third = build(&mut session);
    for path in [
        "states/exampleland.html",
        "editions/2025-11/states/exampleland.html",
    ] {
        assert!(
            page(&third, path).contains("An edit of the current edition."),
            "{path}"
        );
    }
    assert_eq!(
        second["editions/2020-11/states/exampleland.html"],
        third["editions/2020-11/states/exampleland.html"]
    );
    // The same content built afresh gives the same files.
    let fresh = build(&mut Session::new(content, templates(), false));
    assert_eq!(third, fresh);
}

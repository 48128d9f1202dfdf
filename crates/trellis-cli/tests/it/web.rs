use crate::run;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};

#[test]
fn user_add_list_and_passwd() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("data");
    let d = data.to_str().expect("path");
    let (code, out, _) = run(&[
        "user",
        "add",
        "Dana@Example.com",
        "--role",
        "leader",
        "--data-dir",
        d,
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("Created dana@example.com (leader).")
            && out.contains("Password (shown once): "),
        "{out}"
    );
    let (code, _, err) = run(&[
        "user",
        "add",
        "dana@example.com",
        "--role",
        "admin",
        "--data-dir",
        d,
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("already exists"), "{err}");
    let (code, _, err) = run(&[
        "user",
        "add",
        "not-an-email",
        "--role",
        "admin",
        "--data-dir",
        d,
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("not an email address"), "{err}");
    let (code, _, _) = run(&[
        "user",
        "add",
        "x@example.com",
        "--role",
        "boss",
        "--data-dir",
        d,
    ]);
    assert_eq!(code, 2, "roles are checked");
    let (code, out, _) = run(&["user", "list", "--data-dir", d]);
    assert_eq!(code, 0);
    assert!(out.contains("dana@example.com") && out.contains("leader"));
    let out = crate::trellis()
        .args([
            "user",
            "passwd",
            "dana@example.com",
            "--password-stdin",
            "--data-dir",
            d,
        ])
        .write_stdin("a much longer password\n")
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (code, _, err) = run(&["user", "passwd", "nobody@example.com", "--data-dir", d]);
    assert_eq!(code, 2);
    assert!(err.contains("there is no account"), "{err}");
}

#[test]
fn accounts_link_to_people_and_tokens_are_shown_once() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("data");
    let d = data.to_str().expect("path");
    let (code, out, err) = run(&["apply", "examples/northwind", "--data-dir", d]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, _, err) = run(&[
        "user",
        "add",
        "li@example.com",
        "--role",
        "manager",
        "--person",
        "lii",
        "--data-dir",
        d,
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no person has the id `lii`") && err.contains("did you mean `li`?"),
        "{err}"
    );
    let (code, out, _) = run(&[
        "user",
        "add",
        "li@example.com",
        "--role",
        "manager",
        "--person",
        "li",
        "--data-dir",
        d,
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("Created li@example.com (manager, person `li`)."),
        "{out}"
    );
    let (_, out, _) = run(&["user", "list", "--data-dir", d]);
    assert!(
        out.lines()
            .any(|l| l.contains("li@example.com") && l.contains(" li ")),
        "{out}"
    );

    let (code, out, _) = run(&[
        "token",
        "create",
        "--user",
        "li@example.com",
        "--name",
        "ci",
        "--data-dir",
        d,
    ]);
    assert_eq!(code, 0, "{out}");
    let token = out
        .lines()
        .find(|l| l.starts_with("trellis_"))
        .unwrap_or_else(|| panic!("no token in {out}"));
    assert_eq!(token.len(), 72);
    let (code, out, _) = run(&["token", "list", "--user", "li@example.com", "--data-dir", d]);
    assert_eq!(code, 0);
    assert!(
        out.contains("ci") && out.contains("never") && !out.contains(token),
        "{out}"
    );
    let (code, _, err) = run(&[
        "token",
        "create",
        "--user",
        "nobody@example.com",
        "--name",
        "x",
        "--data-dir",
        d,
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("there is no account for nobody@example.com"),
        "{err}"
    );
    let id = out.split_whitespace().next().expect("id").to_string();
    let (code, out, _) = run(&[
        "token",
        "revoke",
        &id,
        "--user",
        "li@example.com",
        "--data-dir",
        d,
    ]);
    assert_eq!(code, 0, "{out}");
    let (code, _, err) = run(&[
        "token",
        "revoke",
        &id,
        "--user",
        "li@example.com",
        "--data-dir",
        d,
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("has no token"), "{err}");
}

#[test]
fn role_disable_enable_and_delete_end_sessions_and_tokens() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("data");
    let d = data.to_str().expect("path");
    let (code, out, _) = run(&[
        "user",
        "add",
        "tom@example.com",
        "--role",
        "member",
        "--data-dir",
        d,
    ]);
    assert_eq!(code, 0, "{out}");
    let token = |scope: &str, days: Option<&str>| {
        let mut args = vec![
            "token",
            "create",
            "--user",
            "tom@example.com",
            "--name",
            "ci",
            "--scope",
            scope,
            "--data-dir",
            d,
        ];
        if let Some(days) = days {
            args.extend(["--expires-days", days]);
        }
        run(&args)
    };
    let (code, out, _) = token("calendar", Some("30"));
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("Created calendar token") && out.contains("ends in 30 days"),
        "{out}"
    );
    let (code, _, err) = token("admin", None);
    assert_eq!(code, 2);
    assert!(err.contains("admin"), "{err}");
    let (code, _, err) = token("read", Some("0"));
    assert_eq!(code, 2, "{err}");
    let (_, out, _) = run(&[
        "token",
        "list",
        "--user",
        "tom@example.com",
        "--data-dir",
        d,
    ]);
    assert!(out.contains("calendar") && out.contains(" UTC"), "{out}");

    // A new role revokes the tokens.
    let (code, out, _) = run(&[
        "user",
        "role",
        "tom@example.com",
        "manager",
        "--data-dir",
        d,
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("is now a manager") && out.contains("tokens are revoked"),
        "{out}"
    );
    let (_, out, _) = run(&[
        "token",
        "list",
        "--user",
        "tom@example.com",
        "--data-dir",
        d,
    ]);
    assert!(out.contains("has no API tokens"), "{out}");
    let (code, _, err) = run(&["user", "role", "tom@example.com", "owner", "--data-dir", d]);
    assert_eq!(code, 2, "{err}");

    // Linked to a person (as an account made by single sign-on needs), then to nobody.
    let (code, out, _) = run(&["user", "link", "tom@example.com", "tom", "--data-dir", d]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("now linked to `tom`"), "{out}");
    let (_, out, _) = run(&["user", "list", "--data-dir", d]);
    assert!(out.contains(" tom "), "{out}");
    let (code, out, _) = run(&["user", "link", "tom@example.com", "--none", "--data-dir", d]);
    assert_eq!(code, 0, "{out}");
    let (_, out, _) = run(&["user", "list", "--data-dir", d]);
    assert!(!out.contains(" tom "), "{out}");
    let (code, _, err) = run(&["user", "link", "nobody@example.com", "tom", "--data-dir", d]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no account for nobody@example.com"), "{err}");
    let (code, _, err) = run(&["user", "link", "tom@example.com", "--data-dir", d]);
    assert_eq!(code, 2, "a person or --none: {err}");

    // Disabled: no tokens, no new ones, shown in the list; enabled again.
    let (code, _, _) = token("read", None);
    assert_eq!(code, 0);
    let (code, out, _) = run(&["user", "disable", "tom@example.com", "--data-dir", d]);
    assert_eq!(code, 0, "{out}");
    let (_, out, _) = run(&["user", "list", "--data-dir", d]);
    assert!(out.contains("(disabled)"), "{out}");
    let (code, _, err) = token("read", None);
    assert_eq!(code, 2);
    assert!(err.contains("is disabled"), "{err}");
    let (code, _, _) = run(&["user", "enable", "tom@example.com", "--data-dir", d]);
    assert_eq!(code, 0);
    let (_, out, _) = run(&[
        "token",
        "list",
        "--user",
        "tom@example.com",
        "--data-dir",
        d,
    ]);
    assert!(
        out.contains("has no API tokens"),
        "disabling revoked them: {out}"
    );

    // Deleted: gone.
    let (code, out, _) = run(&["user", "delete", "tom@example.com", "--data-dir", d]);
    assert_eq!(code, 0, "{out}");
    let (_, out, _) = run(&["user", "list", "--data-dir", d]);
    assert!(!out.contains("tom@example.com"), "{out}");
    let (code, _, err) = run(&["user", "delete", "tom@example.com", "--data-dir", d]);
    assert_eq!(code, 2);
    assert!(err.contains("there is no account"), "{err}");
}

/// The real binary: `serve --demo` on a free port prints its address and the demo logins and
/// answers with the login page.
#[test]
fn serve_demo_starts_and_serves_the_login_page() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("trellis"))
        .args(["serve", "--demo", "--bind", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path())
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let first = lines.next().expect("a line").expect("text");
    let addr = first
        .strip_prefix("Trellis is running at http://")
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("unexpected first line: {first}"))
        .to_string();
    let rest: Vec<String> = lines.by_ref().take(6).map(|l| l.expect("line")).collect();
    assert!(
        rest.iter()
            .any(|l| l.contains("dana@northwind.example")
                && l.contains("(leader: all talent records)")),
        "{rest:?}"
    );

    let mut stream = std::net::TcpStream::connect(&addr).expect("connect");
    write!(
        stream,
        "GET /teams HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    assert!(response.starts_with("HTTP/1.1 303"), "{response}");
    assert!(
        response.contains("location: /login?next=%2Fteams"),
        "{response}"
    );
    let mut stream = std::net::TcpStream::connect(&addr).expect("connect");
    write!(
        stream,
        "GET /login HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    assert!(
        response.starts_with("HTTP/1.1 200") && response.contains("Sign in"),
        "{response}"
    );
    let _ = child.kill();
    let _ = child.wait();
}

#[cfg(unix)]
#[test]
fn the_data_folder_and_database_files_are_private_to_their_owner() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("data");
    // A folder someone made readable by everyone, and a database file likewise.
    std::fs::create_dir(&data).expect("mkdir");
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let d = data.to_str().expect("path");
    let (code, out, err) = run(&[
        "user",
        "add",
        "a@example.com",
        "--role",
        "admin",
        "--data-dir",
        d,
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("now readable by its owner only"), "{err}");
    let mode =
        |p: &std::path::Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode(&data), 0o700);
    let db = data.join("trellis.db");
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let (code, _, _) = run(&["user", "list", "--data-dir", d]);
    assert_eq!(code, 0);
    for suffix in ["", "-wal", "-shm"] {
        let file = data.join(format!("trellis.db{suffix}"));
        if file.exists() {
            assert_eq!(mode(&file), 0o600, "{}", file.display());
        }
    }
    assert_eq!(mode(&db), 0o600);
}

/// A client that never finishes its request cannot hold the server up on shutdown: after the
/// grace period it stops anyway.
#[cfg(unix)]
#[test]
fn shutdown_waits_for_requests_in_flight_only_as_long_as_allowed() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("trellis"))
        .args([
            "serve",
            "--demo",
            "--bind",
            "127.0.0.1:0",
            "--shutdown-seconds",
            "1",
            "--data-dir",
        ])
        .arg(dir.path())
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let first = lines.next().expect("a line").expect("text");
    let addr = first
        .strip_prefix("Trellis is running at http://")
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("unexpected first line: {first}"))
        .to_string();
    // Half a request, never finished.
    let mut stuck = std::net::TcpStream::connect(&addr).expect("connect");
    write!(stuck, "GET /login HTTP/1.1\r\nHost: {addr}\r\n").expect("send");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let started = std::time::Instant::now();
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    // Wait up to 10 s for it to stop.
    let mut exited = None;
    while started.elapsed() < std::time::Duration::from_secs(10) {
        if let Some(status) = child.try_wait().expect("wait") {
            exited = Some(status);
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let waited = started.elapsed();
    let _ = child.kill();
    let _ = child.wait();
    assert!(exited.is_some(), "still running {waited:?} after SIGTERM");
    assert!(
        waited >= std::time::Duration::from_millis(900),
        "{waited:?}: no grace at all"
    );
    drop(stuck);
}

#[test]
fn backup_and_restore_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tmp");
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    let (a, b) = (a.to_str().expect("p"), b.to_str().expect("p"));
    let (code, _, _) = run(&[
        "user",
        "add",
        "x@example.com",
        "--role",
        "admin",
        "--data-dir",
        a,
    ]);
    assert_eq!(code, 0);
    let file = dir.path().join("trellis.backup.json");
    let f = file.to_str().expect("p");
    let (code, out, err) = run(&["backup", "--out", f, "--data-dir", a]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Backed up") && out.contains("readable by you only"),
        "{out}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    // Not over an existing file.
    let (code, _, err) = run(&["backup", "--out", f, "--data-dir", a]);
    assert_eq!(code, 2);
    assert!(err.contains("already exists"), "{err}");
    // Into an empty database; not into one with data unless forced.
    let (code, out, err) = run(&["restore", f, "--data-dir", b]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Restored"), "{out}");
    let (_, out, _) = run(&["user", "list", "--data-dir", b]);
    assert!(out.contains("x@example.com"), "{out}");
    let (code, _, err) = run(&["restore", f, "--data-dir", b]);
    assert_eq!(code, 2);
    assert!(
        err.contains("already holds data") && err.contains("--force"),
        "{err}"
    );
    let (code, _, err) = run(&["restore", f, "--force", "--data-dir", b]);
    assert_eq!(code, 0, "{err}");
    // Not a backup at all.
    let junk = dir.path().join("junk.json");
    std::fs::write(&junk, "{\"tables\": [1, 2,\n").expect("write");
    let (code, _, err) = run(&["restore", junk.to_str().expect("p"), "--data-dir", b]);
    assert_eq!(code, 2);
    assert!(err.contains("junk.json:2:"), "{err}");
    std::fs::write(&junk, "{\"format\": \"something else\"}").expect("write");
    let (code, _, err) = run(&["restore", junk.to_str().expect("p"), "--data-dir", b]);
    assert_eq!(code, 2);
    assert!(err.contains("is not a Trellis backup"), "{err}");
}

#[test]
fn serve_with_single_sign_on_says_what_is_missing_or_unreachable_and_does_not_start() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path().to_str().expect("path");
    let serve = |issuer: &str, id: Option<&str>| {
        let mut cmd = crate::trellis();
        cmd.args([
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--data-dir",
            d,
            "--oidc-issuer",
            issuer,
            "--public-url",
            "http://127.0.0.1:8080",
        ])
        .env_remove("TRELLIS_OIDC_CLIENT_ID")
        .env("TRELLIS_OIDC_CLIENT_SECRET", "s");
        if let Some(id) = id {
            cmd.env("TRELLIS_OIDC_CLIENT_ID", id);
        }
        let out = cmd.output().expect("runs");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, err) = serve("http://127.0.0.1:9", None);
    assert_ne!(code, 0);
    assert!(err.contains("TRELLIS_OIDC_CLIENT_ID is not set"), "{err}");
    let (code, err) = serve("http://127.0.0.1:9", Some("trellis"));
    assert_ne!(code, 0);
    assert!(
        err.contains(
            "single sign-on: cannot reach http://127.0.0.1:9/.well-known/openid-configuration"
        ),
        "{err}"
    );
    let (code, err) = serve("http://id.example", Some("trellis"));
    assert_ne!(code, 0);
    assert!(err.contains("single sign-on needs HTTPS"), "{err}");
    // The issuer without where people reach Trellis: refused by the options themselves.
    let (code, _, err) = run(&[
        "serve",
        "--oidc-issuer",
        "https://id.example",
        "--data-dir",
        d,
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--public-url"), "{err}");
}

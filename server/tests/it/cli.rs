//! The `ioc` binary as an operator uses it: clear messages for bad input, nothing half-done.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn ioc(db: &str, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ioc"))
        .arg("--database")
        .arg(db)
        .args(args)
        .env_remove("IOC_DATABASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ioc runs");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().unwrap()
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn temp_db() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("cli.db").display());
    (dir, url)
}

#[test]
fn every_command_has_help() {
    let (_d, db) = temp_db();
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["migrate", "--help"],
        vec!["seed", "--help"],
        vec!["user", "add", "--help"],
        vec!["apikey", "create", "--help"],
        vec!["apikey", "revoke", "--help"],
    ] {
        let out = ioc(&db, &args, None);
        assert!(out.status.success(), "{args:?}");
        assert!(text(&out).0.contains("Usage:"), "{args:?}");
    }
}

#[test]
fn bad_arguments_say_what_is_wrong() {
    let (_d, db) = temp_db();
    let out = ioc(
        &db,
        &["user", "add", "--email", "a@b.vn", "--role", "wizard"],
        Some("longenough\n"),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).1.contains("'wizard' is not a role"),
        "{}",
        text(&out).1
    );

    let out = ioc(&db, &["serve", "--addr", "not-an-address"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("--addr"), "{}", text(&out).1);

    let out = ioc(
        &db,
        &["apikey", "create", "--name", "x", "--scope", "ingest,fly"],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).1.contains("unknown scope 'fly'"),
        "{}",
        text(&out).1
    );

    let out = ioc(&db, &["seed"], None);
    assert!(!out.status.success());
    assert!(text(&out).1.contains("--demo"));
}

#[test]
fn users_keys_and_seed_from_the_command_line() {
    let (_d, db) = temp_db();
    let out = ioc(
        &db,
        &[
            "user",
            "add",
            "--email",
            "chief@tinh.gov.vn",
            "--role",
            "admin",
        ],
        Some("short\n"),
    );
    assert!(!out.status.success());
    assert!(
        text(&out)
            .1
            .contains("password: must have at least 8 characters"),
        "{}",
        text(&out).1
    );

    let out = ioc(
        &db,
        &[
            "user",
            "add",
            "--email",
            "chief@tinh.gov.vn",
            "--role",
            "admin",
        ],
        Some("a long passphrase\n"),
    );
    assert!(out.status.success(), "{:?}", text(&out));
    let out = ioc(
        &db,
        &[
            "user",
            "add",
            "--email",
            "chief@tinh.gov.vn",
            "--role",
            "official",
        ],
        Some("another one\n"),
    );
    assert!(!out.status.success());
    assert!(text(&out).1.contains("exists already"));

    let out = ioc(&db, &["seed", "--demo"], None);
    assert!(out.status.success(), "{:?}", text(&out));
    let (stdout, _) = text(&out);
    assert!(stdout.contains("demo province loaded"), "{stdout}");
    assert!(
        stdout.contains(
            "demo data ready for datasets, admin_services, security, social, cameras, indicators, \
             health, education, tourism, feedback, environment"
        ),
        "every module's demo, in the order of modules::all(): {stdout}"
    );
    assert!(
        stdout.contains("admin@demo.ioc.vn"),
        "demo accounts are printed once"
    );
    let again = ioc(&db, &["seed", "--demo"], None);
    assert!(again.status.success());
    let (again, _) = text(&again);
    assert!(again.contains("skipped"), "{again}");
    assert!(
        !again.contains("demo data ready"),
        "nothing seeded twice: {again}"
    );

    let out = ioc(
        &db,
        &[
            "apikey",
            "create",
            "--name",
            "du-lich",
            "--scope",
            "ingest",
            "--department",
            "SDL",
        ],
        None,
    );
    assert!(out.status.success(), "{:?}", text(&out));
    let key = text(&out).0.trim().to_string();
    assert!(key.starts_with("ioc_"), "{key}");
    assert!(text(&out).1.contains("shown only now"));

    let out = ioc(
        &db,
        &[
            "apikey",
            "create",
            "--name",
            "x",
            "--scope",
            "read",
            "--department",
            "NOPE",
        ],
        None,
    );
    assert!(!out.status.success());
    assert!(text(&out).1.contains("no department with code 'NOPE'"));

    // Open311 clients get their own scope.
    let out = ioc(
        &db,
        &["apikey", "create", "--name", "hue-s", "--scope", "open311"],
        None,
    );
    assert!(out.status.success(), "{:?}", text(&out));
    assert!(text(&out).0.trim().starts_with("ioc_"));

    let out = ioc(&db, &["seed", "--synthetic-reports", "25"], None);
    assert!(out.status.success(), "{:?}", text(&out));
    assert!(text(&out).0.contains("25 synthetic citizen reports added"));

    let out = ioc(&db, &["apikey", "revoke", "du-lich"], None);
    assert!(out.status.success());
    assert!(text(&out).0.contains("1 key(s) revoked"));
    let out = ioc(&db, &["apikey", "revoke", "du-lich"], None);
    assert!(!out.status.success(), "already revoked");
}

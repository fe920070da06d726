//! `apply --json` (JSON Lines: change, file, skipped, note, error and summary
//! objects) and `apply --color`.

mod common;

use common::write_file as write;

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn run_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(common::sempatch());
    c.args(args).current_dir(dir).env_remove("NO_COLOR");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

fn run(dir: &Path, args: &[&str]) -> Output {
    run_env(dir, args, &[])
}

fn records(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn of_type<'a>(rs: &'a [Value], t: &str) -> Vec<&'a Value> {
    rs.iter().filter(|r| r["type"] == t).collect()
}

/// Two rules: a rename, and a context rule that adds a line after a call.
const PATCH: &str = "@rename@\n@@\n- put_user_page\n+ unpin_user_page\n\n@after@\nexpression E;\n@@\n  release(E);\n+ note(E);\n";

const A_C: &[u8] = b"void f(struct page *p)\n{\n\tput_user_page(p);\n\tx();\n\tx();\n\tx();\n\tx();\n\tput_user_page(p);\n}\n\nvoid g(void)\n{\n\trelease(q);\n}\n";

/// Rebuilds the new text from the old one and the change objects, as an
/// editor would: each change replaces `old_lines` lines at `old_start`.
fn replay(old: &[u8], changes: &[&Value]) -> Vec<u8> {
    let lines: Vec<&[u8]> = old.split_inclusive(|&b| b == b'\n').collect();
    let mut out = Vec::new();
    let mut next = 0; // 0-based old line to copy next
    for c in changes {
        let start = c["old_start"].as_u64().unwrap() as usize - 1;
        let n = c["old_lines"].as_u64().unwrap() as usize;
        for l in &lines[next..start] {
            out.extend_from_slice(l);
        }
        assert_eq!(
            lines[start..start + n].concat(),
            c["old"].as_str().unwrap().as_bytes(),
            "old text of {c}"
        );
        out.extend_from_slice(c["new"].as_str().unwrap().as_bytes());
        next = start + n;
    }
    for l in &lines[next..] {
        out.extend_from_slice(l);
    }
    out
}

#[test]
fn json_has_one_object_per_change_then_a_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "p.cocci", PATCH.as_bytes());
    write(d, "src/a.c", A_C);
    write(d, "src/b.c", b"int unrelated;\n");
    let out = run(d, &["apply", "--json", "p.cocci", "src"]);
    assert_eq!(out.status.code(), Some(0));
    let rs = records(&out);
    let changes = of_type(&rs, "change");
    assert_eq!(changes.len(), 3, "{rs:#?}");
    let c0 = changes[0];
    assert_eq!(c0["file"], "src/a.c");
    assert_eq!(
        (c0["old_start"].as_u64(), c0["old_lines"].as_u64()),
        (Some(3), Some(1))
    );
    assert_eq!(
        (c0["new_start"].as_u64(), c0["new_lines"].as_u64()),
        (Some(3), Some(1))
    );
    assert_eq!(c0["rules"], serde_json::json!(["rename"]));
    assert_eq!(c0["function"], "f");
    assert_eq!(c0["old"], "\tput_user_page(p);\n");
    assert_eq!(c0["new"], "\tunpin_user_page(p);\n");
    assert_eq!(c0["sites"][0]["line"], 3);
    assert!(c0.get("old_base64").is_none());
    assert_eq!(changes[1]["old_start"], 8);
    // The added line: a pure insertion before old line 14.
    let c2 = changes[2];
    assert_eq!(c2["rules"], serde_json::json!(["after"]));
    assert_eq!(c2["function"], "g");
    assert_eq!(
        (c2["old_start"].as_u64(), c2["old_lines"].as_u64()),
        (Some(14), Some(0))
    );
    assert_eq!(c2["old"], "");
    assert_eq!(c2["new"], "\tnote(q);\n");
    // The changes are enough to rebuild the new file.
    let rebuilt = replay(A_C, &changes);
    run(d, &["apply", "--in-place", "p.cocci", "src"]);
    assert_eq!(rebuilt, std::fs::read(d.join("src/a.c")).unwrap());
    // The summary is last.
    let s = rs.last().unwrap();
    assert_eq!(s["type"], "summary");
    assert_eq!(s["version"], 1);
    assert_eq!(s["scanned"], 2);
    assert_eq!(s["files_changed"], 1);
    assert_eq!(s["changes"], 3);
    assert_eq!(s["sites"], 3);
    assert_eq!(s["insertions"], 3);
    assert_eq!(s["deletions"], 2);
    assert_eq!(s["in_place"], false);
}

#[test]
fn json_with_stat_gives_file_objects_and_the_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "p.cocci", PATCH.as_bytes());
    write(d, "a.c", A_C);
    write(d, "b.c", b"void h(void) { put_user_page(x); }\n");
    let out = run(d, &["apply", "--json", "--stat", "p.cocci", "."]);
    let rs = records(&out);
    assert!(of_type(&rs, "change").is_empty());
    let files = of_type(&rs, "file");
    assert_eq!(files.len(), 2);
    assert_eq!(
        files[0],
        &serde_json::json!({"type": "file", "file": "a.c", "insertions": 3, "deletions": 2, "sites": 3, "changes": 3})
    );
    assert_eq!(files[1]["file"], "b.c");
    assert_eq!(rs.last().unwrap()["files_changed"], 2);
    assert_eq!(rs.len(), 3);
}

#[test]
fn json_reports_skipped_files_write_errors_and_raw_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "p.cocci", PATCH.as_bytes());
    write(d, "bin.c", b"put_user_page\0");
    write(d, "ro.c", b"put_user_page(x);\n");
    write(d, "latin.c", b"put_user_page(x); /* \xe9 */\n");
    // A file nothing may replace: immutable (`chattr +i`, e2fsprogs, which
    // every Debian system has; the tests run as root in CI).
    let immutable = std::process::Command::new("chattr")
        .arg("+i")
        .arg(d.join("ro.c"))
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        immutable,
        "chattr +i failed: this test needs root and e2fsprogs"
    );
    let out = run(d, &["apply", "--json", "--in-place", "p.cocci", "."]);
    let _ = std::process::Command::new("chattr")
        .arg("-i")
        .arg(d.join("ro.c"))
        .status();
    assert_eq!(out.status.code(), Some(1));
    let rs = records(&out);
    let skipped = of_type(&rs, "skipped");
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0]["file"], "bin.c");
    assert_eq!(skipped[0]["reason"], "binary file (contains NUL bytes)");
    let errors = of_type(&rs, "error");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["file"], "ro.c");
    assert!(
        errors[0]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("not written: ")),
        "{}",
        errors[0]["message"]
    );
    let latin = of_type(&rs, "change")
        .into_iter()
        .find(|c| c["file"] == "latin.c")
        .unwrap();
    assert_eq!(latin["new"], "unpin_user_page(x); /* \u{fffd} */\n");
    assert_eq!(
        latin["new_base64"],
        "dW5waW5fdXNlcl9wYWdlKHgpOyAvKiDpICovCg=="
    );
    assert_eq!(latin["old_base64"], "cHV0X3VzZXJfcGFnZSh4KTsgLyog6SAqLwo=");
    let s = rs.last().unwrap();
    assert_eq!(
        (s["errors"].as_u64(), s["skipped"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(s["in_place"], true);
    assert_eq!(
        std::fs::read(d.join("latin.c")).unwrap(),
        b"unpin_user_page(x); /* \xe9 */\n"
    );
}

#[test]
fn json_of_a_run_that_changes_nothing_is_just_the_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "p.cocci", PATCH.as_bytes());
    write(d, "a.c", b"int x;\n");
    let out = run(d, &["apply", "--json", "--color=always", "p.cocci", "a.c"]);
    let rs = records(&out);
    assert_eq!(rs.len(), 1);
    assert_eq!(rs[0]["type"], "summary");
    assert_eq!(rs[0]["files_changed"], 0);
}

#[test]
fn color_always_never_and_auto() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "p.cocci", PATCH.as_bytes());
    write(d, "a.c", A_C);
    let plain = run(d, &["apply", "p.cocci", "a.c"]).stdout;
    assert!(!plain.contains(&0x1b), "auto into a pipe is plain");
    let never = run(d, &["apply", "--color=never", "p.cocci", "a.c"]).stdout;
    assert_eq!(never, plain);
    let always = run(d, &["apply", "--color", "always", "p.cocci", "a.c"]);
    let text = String::from_utf8(always.stdout).unwrap();
    assert!(
        text.starts_with("\x1b[1mdiff -u -p a/a.c b/a.c\x1b[0m\n"),
        "{text:?}"
    );
    assert!(
        text.contains("\x1b[31m-\tput_user_page(p);\x1b[0m\n"),
        "{text:?}"
    );
    assert!(
        text.contains("\x1b[32m+\tunpin_user_page(p);\x1b[0m\n"),
        "{text:?}"
    );
    let stripped = regex::Regex::new("\x1b\\[[0-9;]*m")
        .unwrap()
        .replace_all(&text, "")
        .into_owned();
    assert_eq!(stripped.as_bytes(), plain.as_slice());
    // NO_COLOR does not override an explicit --color=always.
    let forced = run_env(
        d,
        &["apply", "--color=always", "p.cocci", "a.c"],
        &[("NO_COLOR", "1")],
    );
    assert!(forced.stdout.contains(&0x1b));
    let stat = run(d, &["apply", "--stat", "--color=always", "p.cocci", "a.c"]);
    let stat = String::from_utf8(stat.stdout).unwrap();
    assert!(
        stat.contains("\x1b[32m+++\x1b[0m\x1b[31m--\x1b[0m"),
        "{stat:?}"
    );
    let bad = run(d, &["apply", "--color=sometimes", "p.cocci", "a.c"]);
    assert_eq!(bad.status.code(), Some(2));
}

/// `--color=auto` on a terminal: colour unless NO_COLOR is set (run under
/// `script`, which gives the child a pseudo-terminal).
#[test]
fn color_auto_on_a_terminal_honours_no_color() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "p.cocci", PATCH.as_bytes());
    write(d, "a.c", A_C);
    let has_script = Command::new("script")
        .args(["-q", "-c", "true", "/dev/null"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_script {
        eprintln!("\n!!! color_auto_on_a_terminal_honours_no_color: NOT RUN: no `script` (util-linux) !!!\n");
        assert!(std::env::var_os("CI").is_none(), "`script` is missing");
        return;
    }
    let cmd = format!("{} apply -q p.cocci a.c", common::sempatch().display());
    let tty = |no_color: Option<&str>| {
        let mut c = Command::new("script");
        c.args(["-q", "-e", "-c", &cmd, "/dev/null"])
            .current_dir(d)
            .env("TERM", "xterm")
            .env_remove("NO_COLOR");
        if let Some(v) = no_color {
            c.env("NO_COLOR", v);
        }
        String::from_utf8_lossy(&c.output().unwrap().stdout).into_owned()
    };
    let coloured = tty(None);
    assert!(
        coloured.contains("\x1b[31m-\tput_user_page(p);"),
        "{coloured:?}"
    );
    let plain = tty(Some("1"));
    assert!(plain.contains("-\tput_user_page(p);"), "{plain:?}");
    assert!(!plain.contains('\x1b'), "{plain:?}");
}

#[test]
fn json_bad_input_is_an_error_object_too() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "bad.cocci", b"@r depends on nosuch@\n@@\n- foo()\n");
    write(d, "p.cocci", PATCH.as_bytes());
    let out = run(d, &["apply", "--json", "bad.cocci", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("bad.cocci:1:15: unknown rule"));
    assert_eq!(
        records(&out),
        [
            serde_json::json!({"type": "error", "file": "bad.cocci", "line": 1, "col": 15,
            "message": "unknown rule `nosuch` in depends on (rules must be defined before they are named)"})
        ]
    );
    let out = run(d, &["apply", "--json", "p.cocci", "no/such"]);
    assert_eq!(out.status.code(), Some(2));
    let rs = records(&out);
    assert_eq!(rs.len(), 1);
    assert_eq!(rs[0]["file"], "no/such");
    assert!(rs[0].get("line").is_none());
}

//! Ctrl-C (SIGINT sent to a child sempatch) during `apply --in-place` and
//! `series`: every file is either as it was or wholly rewritten, no temporary
//! or lock file is left, and a branch exists only with all its patch files.

mod common;

use common::write_file as write;

use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SIGINT: i32 = 2;

fn interrupt(child: &Child) {
    let st = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    // It may have finished already; the caller looks at how it ended.
    let _ = st;
}

fn finish(mut child: Child) -> (std::process::ExitStatus, String) {
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (child.wait().unwrap(), err)
}

fn leftovers(dir: &Path) -> Vec<String> {
    let mut v = Vec::new();
    for e in walk(dir) {
        let name = e.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with(".sempatch-") || name.ends_with(".lock") {
            v.push(e.display().to_string());
        }
    }
    v
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in rd.flatten() {
        let p = e.path();
        if e.file_type().is_ok_and(|t| t.is_dir()) {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

const FILES: usize = 4000;

fn old_text(i: usize) -> String {
    format!("void f{i}(struct page *p)\n{{\n\tput_user_page(p);\n}}\n")
}

fn new_text(i: usize) -> String {
    format!("void f{i}(struct page *p)\n{{\n\tunpin_user_page(p);\n}}\n")
}

#[test]
fn sigint_during_in_place_leaves_each_file_old_or_new() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(
        d,
        "r.cocci",
        b"@@\n@@\n- put_user_page\n+ unpin_user_page\n",
    );
    let name = |i: usize| format!("t/f{i:05}.c");
    let mut caught = 0;
    for attempt in 0..5 {
        for i in 0..FILES {
            write(d, &name(i), old_text(i).as_bytes());
        }
        let child = Command::new(common::sempatch())
            .args(["apply", "--in-place", "--quiet", "r.cocci", "t"])
            .current_dir(d)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Files are written in path order: once the first is new, the writing
        // has begun; interrupt it there.
        let first = d.join(name(0));
        let new0 = new_text(0);
        let t0 = Instant::now();
        while t0.elapsed() < Duration::from_secs(60) {
            if std::fs::read_to_string(&first).is_ok_and(|t| t == new0) {
                break;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        interrupt(&child);
        let (status, err) = finish(child);
        let mut fresh = 0;
        for i in 0..FILES {
            let got = std::fs::read_to_string(d.join(name(i))).unwrap();
            if got == new_text(i) {
                // Written one after the other: no old file before a new one.
                assert_eq!(fresh, i, "attempt {attempt}: f{i} is new after an old file");
                fresh += 1;
            } else {
                assert_eq!(
                    got,
                    old_text(i),
                    "attempt {attempt}: f{i} is neither old nor new"
                );
            }
        }
        assert!(leftovers(d).is_empty(), "{:?}", leftovers(d));
        if status.success() {
            assert_eq!(fresh, FILES, "exit 0 means everything was written");
            continue;
        }
        assert_eq!(status.signal(), Some(SIGINT), "{status:?}: {err}");
        assert!(
            err.contains(&format!(
                "sempatch: interrupted: {fresh} of {FILES} changed files written; each file is either untouched or wholly rewritten"
            )),
            "{fresh} new files; stderr: {err}"
        );
        if fresh > 0 && fresh < FILES {
            caught += 1;
            break;
        }
    }
    assert!(caught > 0, "never interrupted in the middle of the writing");
}

fn git(dir: &Path, args: &[&str]) -> String {
    common::git_out(dir, args)
}

/// A repository whose 40 drivers each call put_user_page, and a manifest
/// making one patch per file.
fn series_repo(d: &Path) {
    let repo = d.join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    for i in 0..40 {
        write(
            &repo,
            &format!("drivers/d{i:02}/x.c"),
            old_text(i).as_bytes(),
        );
    }
    common::commit_all(&repo);
    write(
        d,
        "r.cocci",
        b"@@\n@@\n- put_user_page\n+ unpin_user_page\n",
    );
    write(
        d,
        "m.toml",
        b"[series]\ntitle = \"mm: unpin\"\ncover = \"Why.\"\nbranch = \"unpin\"\n\n[[transform]]\nsmpl = \"r.cocci\"\nsubject = \"{prefix}: use {to}\"\nsplit = \"file\"\n",
    );
}

fn series_cmd(d: &Path) -> Command {
    let mut c = Command::new(common::sempatch());
    c.args([
        "series",
        "--manifest",
        "m.toml",
        "--tree",
        "repo",
        "--out",
        "out",
        "--date",
        "2020-01-30 12:00:00 +0000",
        "--author",
        "T <t@example.org>",
    ])
    .current_dir(d)
    .stderr(Stdio::piped());
    c
}

fn branch_exists(d: &Path) -> bool {
    Command::new("git")
        .args(["rev-parse", "--verify", "-q", "refs/heads/unpin"])
        .current_dir(d.join("repo"))
        .output()
        .unwrap()
        .status
        .success()
}

/// The patch files in `out`, each checked to be whole (format-patch files end
/// with the signature).
fn whole_patches(d: &Path) -> usize {
    let mut n = 0;
    for p in walk(&d.join("out")) {
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(
            text.ends_with("\n\n") && text.contains("\n-- \nsempatch "),
            "{} is cut short",
            p.display()
        );
        n += 1;
    }
    n
}

#[test]
fn sigint_while_series_writes_patches_waits_for_them_all() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    series_repo(d);
    // The cover letter is a FIFO: writing it blocks until we read, which pins
    // the run inside the stretch from branch to patch files.
    std::fs::create_dir(d.join("out")).unwrap();
    let fifo = d.join("out/0000-cover-letter.patch");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let mut child = series_cmd(d).spawn().unwrap();
    // Wait until the branch exists: then it is blocked on the FIFO.
    let t0 = Instant::now();
    while !branch_exists(d) {
        assert!(t0.elapsed() < Duration::from_secs(120), "no branch");
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(100));
    interrupt(&child);
    std::thread::sleep(Duration::from_millis(100));
    if let Some(st) = child.try_wait().unwrap() {
        // (Opening the FIFO now would wait for a writer for ever.)
        panic!("{st:?}: died with the branch made and the patches not written");
    }
    // Unblock it: the interrupt must wait until every patch is written.
    let mut cover = String::new();
    std::fs::File::open(&fifo)
        .unwrap()
        .read_to_string(&mut cover)
        .unwrap();
    let (status, err) = finish(child);
    assert_eq!(status.signal(), Some(SIGINT), "{status:?}: {err}");
    assert!(
        cover.contains("Subject: [PATCH 00/40] mm: unpin"),
        "{cover}"
    );
    std::fs::remove_file(&fifo).unwrap();
    assert_eq!(whole_patches(d), 40, "every numbered patch is written");
    assert!(leftovers(d).is_empty(), "{:?}", leftovers(d));
    assert_eq!(
        git(&d.join("repo"), &["rev-list", "--count", "main..unpin"]).trim(),
        "40"
    );
}

#[test]
fn sigint_before_the_branch_leaves_no_branch_and_no_patch() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    series_repo(d);
    // Interrupt as soon as the transform has run (its statistics line), at
    // several delays: whatever the moment, the outcome is all or nothing.
    for delay_ms in [0u64, 2, 10, 50] {
        let _ = std::fs::remove_dir_all(d.join("out"));
        let _ = Command::new("git")
            .args(["branch", "-q", "-D", "unpin"])
            .current_dir(d.join("repo"))
            .output();
        let mut child = series_cmd(d).spawn().unwrap();
        let mut stderr = child.stderr.take().unwrap();
        let mut seen = Vec::new();
        let mut buf = [0u8; 256];
        while !String::from_utf8_lossy(&seen).contains("changed (") {
            match stderr.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => seen.extend_from_slice(&buf[..n]),
            }
        }
        std::thread::sleep(Duration::from_millis(delay_ms));
        interrupt(&child);
        let mut rest = String::new();
        let _ = stderr.read_to_string(&mut rest);
        let status = child.wait().unwrap();
        let err = format!("{}{rest}", String::from_utf8_lossy(&seen));
        assert!(leftovers(d).is_empty(), "{:?}", leftovers(d));
        eprintln!(
            "interrupted {delay_ms} ms after the statistics: {status:?}, branch made: {}",
            branch_exists(d)
        );
        if branch_exists(d) {
            assert_eq!(
                whole_patches(d),
                41,
                "{delay_ms} ms: branch without its patches: {err}"
            );
        } else {
            assert_eq!(
                whole_patches(d),
                0,
                "{delay_ms} ms: patches without a branch: {err}"
            );
            assert_eq!(status.signal(), Some(SIGINT), "{status:?}: {err}");
            assert!(
                err.contains(
                    "sempatch: interrupted: no branch was created and no patch file written"
                ),
                "{err}"
            );
        }
    }
}

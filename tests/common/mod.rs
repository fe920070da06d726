//! Helpers shared by the integration tests (each test binary uses a subset).
#![allow(dead_code)]

use std::path::PathBuf;

/// The Debian Linux 6.1 tree, when present (`SEMPATCH_KERNEL`, or where
/// `scripts/fetch-kernel.sh` puts it). Without it a test says so loudly and
/// returns; under CI (`CI` set) its absence is a failure.
pub fn kernel_tree(test: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("SEMPATCH_KERNEL")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let home = std::env::var_os("HOME")
                .map(PathBuf::from)
                .unwrap_or_default();
            home.join(".cache/sempatch/linux-6.1")
        });
    if dir.join("MAINTAINERS").is_file() {
        return Some(dir);
    }
    let msg = format!(
        "\n\n!!! {test}: NOT RUN: no Linux 6.1 tree at {} — run scripts/fetch-kernel.sh (CI does) !!!\n",
        dir.display()
    );
    if std::env::var_os("CI").is_some() {
        panic!("{msg}");
    }
    eprintln!("{msg}");
    None
}

/// The test cases of testdata/cases whose rule parses, in order: each
/// case's directory, semantic patch and input.
pub fn cases() -> Vec<(PathBuf, sempatch::smpl::SemanticPatch, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata/cases");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    dirs.sort();
    dirs.into_iter()
        .filter_map(|case| {
            let rule = std::fs::read_to_string(case.join("rule.cocci")).ok()?;
            let input = std::fs::read(case.join("input.c")).ok()?;
            let sp = sempatch::smpl::SemanticPatch::parse("rule.cocci", &rule).ok()?;
            Some((case, sp, input))
        })
        .collect()
}

/// Path of the sempatch binary built for these tests.
pub fn sempatch() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_sempatch"))
}

/// A shipped transform.
pub fn transform(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("transforms")
        .join(name)
}

/// Runs sempatch with `args` in `dir`.
pub fn run_in(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(sempatch())
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// A run's standard error, as text.
pub fn stderr_of(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs git in `dir` without the user's or the system's configuration and
/// returns what it printed; fails the test when git fails.
pub fn git_out(dir: &std::path::Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", stderr_of(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// [`git_out`], for when the output does not matter.
pub fn git_in(dir: &std::path::Path, args: &[&str]) {
    git_out(dir, args);
}

/// Adds everything in the work tree at `dir` and commits it as "base", with
/// an identity of its own.
pub fn commit_all(dir: &std::path::Path) {
    git_out(dir, &["add", "."]);
    git_out(
        dir,
        &[
            "-c",
            "user.name=T",
            "-c",
            "user.email=t@example.org",
            "commit",
            "-q",
            "-m",
            "base",
        ],
    );
}

/// Writes `text` to `dir/name`, making the directories on the way.
pub fn write_file(dir: &std::path::Path, name: &str, text: &[u8]) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// Whether Coccinelle's spatch is installed; says loudly when it is not,
/// and fails under CI.
pub fn have_spatch(test: &str) -> bool {
    let ok = std::process::Command::new("spatch")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        let msg = format!("\n\n!!! {test}: NOT RUN: spatch is not installed (Debian package coccinelle; CI installs it) !!!\n");
        assert!(std::env::var_os("CI").is_none(), "{msg}");
        eprintln!("{msg}");
    }
    ok
}

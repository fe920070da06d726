//! The differential check against Coccinelle's spatch (scripts/spatch-diff.sh)
//! on its bounded set: every testdata semantic patch and every kernel
//! `scripts/coccinelle` file sempatch accepts, over a few Linux 6.1 files of
//! several subsystems. Fails on a hunk only sempatch makes that is not listed
//! in testdata/spatch-diff-known.txt. Needs spatch and the kernel tree: says
//! so loudly when either is missing, and fails under CI.

mod common;

use std::collections::BTreeSet;
use std::process::Command;

/// The changed lines of a unified diff, per file (paths without `a/`/`b/`
/// and without the directory the tool was pointed at).
fn changes(diff: &str, strip: &str) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    let mut file = String::new();
    for l in diff.lines() {
        if let Some(f) = l.strip_prefix("+++ ") {
            let f = f.trim_start_matches("b/");
            file = f.strip_prefix(strip).unwrap_or(f).to_string();
        } else if (l.starts_with('+') || l.starts_with('-')) && !l.starts_with("---") {
            out.insert((file.clone(), l.to_string()));
        }
    }
    out
}

/// The kmalloc + memset -> kzalloc rule over Linux 6.1's drivers/net: the
/// same files and changed lines as spatch 1.1.1 (which changes two files and
/// refuses a third, hostap_80211_rx.c, "reachable by inconsistent
/// control-flow paths": sempatch leaves it too, with a note).
#[test]
fn kzalloc_rule_over_drivers_net_changes_what_spatch_changes() {
    let Some(tree) =
        common::kernel_tree("kzalloc_rule_over_drivers_net_changes_what_spatch_changes")
    else {
        return;
    };
    if !common::have_spatch("kzalloc_rule_over_drivers_net_changes_what_spatch_changes") {
        return;
    }
    let rule = format!(
        "{}/testdata/spatch/rules/kzalloc.cocci",
        env!("CARGO_MANIFEST_DIR")
    );
    let ours = Command::new(common::sempatch())
        .current_dir(&tree)
        .args(["apply", "-q", &rule, "drivers/net"])
        .output()
        .unwrap();
    assert!(ours.status.success());
    let theirs = Command::new("spatch")
        .current_dir(tree.join("drivers/net"))
        .args([
            "--very-quiet",
            "--no-includes",
            "--jobs",
            "2",
            "--sp-file",
            &rule,
            "--dir",
            ".",
        ])
        .output()
        .unwrap();
    let ours = changes(&String::from_utf8_lossy(&ours.stdout), "drivers/net/");
    let theirs = changes(&String::from_utf8_lossy(&theirs.stdout), "");
    let files: BTreeSet<&String> = theirs.iter().map(|(f, _)| f).collect();
    eprintln!(
        "kzalloc over drivers/net: spatch changes {} files, {} lines; sempatch {} lines",
        files.len(),
        theirs.len(),
        ours.len()
    );
    assert!(
        !theirs.is_empty(),
        "spatch changed nothing: is the tree complete?"
    );
    assert_eq!(ours, theirs);
}

#[test]
fn no_unexplained_hunk_only_sempatch_makes() {
    let Some(tree) = common::kernel_tree("no_unexplained_hunk_only_sempatch_makes") else {
        return;
    };
    let have_spatch = Command::new("spatch")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !have_spatch {
        let msg = "\n\n!!! no_unexplained_hunk_only_sempatch_makes: NOT RUN: spatch is not installed (Debian package coccinelle; CI installs it) !!!\n";
        assert!(std::env::var_os("CI").is_none(), "{msg}");
        eprintln!("{msg}");
        return;
    }
    let root = env!("CARGO_MANIFEST_DIR");
    let o = Command::new("python3")
        .arg(format!("{root}/scripts/spatch_diff.py"))
        .args(["--files", "quick", "--sempatch"])
        .arg(common::sempatch())
        .arg("--kernel")
        .arg(&tree)
        .output()
        .expect("python3 runs");
    let out = String::from_utf8_lossy(&o.stdout);
    eprintln!("{out}{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        out.lines()
            .last()
            .is_some_and(|l| l.starts_with("spatch-diff:")),
        "the check did not finish"
    );
    assert!(
        o.status.success(),
        "hunks only sempatch makes, not explained (listed above)"
    );
}

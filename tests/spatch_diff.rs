//! The differential check against Coccinelle's spatch (scripts/spatch-diff.sh)
//! on its bounded set: every testdata semantic patch and every kernel
//! `scripts/coccinelle` file sempatch accepts, over a few Linux 6.1 files of
//! several subsystems. Fails on a hunk only sempatch makes that is not listed
//! in testdata/spatch-diff-known.txt. Needs spatch and the kernel tree: says
//! so loudly when either is missing, and fails under CI.

mod common;

use std::process::Command;

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

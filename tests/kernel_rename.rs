//! On the real Linux 6.1 tree: rename every unpin_user_page*() back to
//! put_user_page*() (as sed would), run the shipped rename transform, and check
//! that the diff it prints applies with `git apply` and restores the tree.

mod common;

use std::process::Command;

#[test]
fn rename_transform_restores_linux_6_1() {
    let Some(kernel) = common::kernel_tree("rename_transform_restores_linux_6_1") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path();
    // Only files naming the family can change; copy those, renamed back.
    let disc = sempatch::scan::discover(std::slice::from_ref(&kernel)).unwrap();
    let mut originals = Vec::new();
    for f in &disc.files {
        let bytes = std::fs::read(f).unwrap();
        if !bytes.windows(15).any(|w| w == b"unpin_user_page") {
            continue;
        }
        let rel = f.strip_prefix(&kernel).unwrap().to_path_buf();
        let text = String::from_utf8(bytes.clone()).unwrap();
        let reverted = text.replace("unpin_user_page", "put_user_page");
        std::fs::create_dir_all(work.join(&rel).parent().unwrap()).unwrap();
        std::fs::write(work.join(&rel), reverted).unwrap();
        originals.push((rel, bytes));
    }
    assert!(
        originals.len() > 40,
        "the 6.1 tree names unpin_user_page*() in about 50 files, found {}",
        originals.len()
    );
    // A git work tree, so that `git apply` checks the diff exactly as a user would.
    let git = |args: &[&str]| {
        let st = Command::new("git")
            .args(args)
            .current_dir(work)
            .output()
            .unwrap();
        assert!(
            st.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&st.stderr)
        );
    };
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    let out = Command::new(common::sempatch())
        .args([
            "apply",
            common::transform("unpin_user_page.cocci").to_str().unwrap(),
            ".",
        ])
        .current_dir(work)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let patch = work.join("../rename.diff");
    std::fs::write(&patch, &out.stdout).unwrap();
    git(&["apply", patch.to_str().unwrap()]);
    let mut restored = 0;
    let mut differ = Vec::new();
    for (rel, orig) in &originals {
        let now = std::fs::read(work.join(rel)).unwrap();
        if &now != orig {
            differ.push(rel.display().to_string());
        }
    }
    for l in String::from_utf8_lossy(&out.stdout).lines() {
        if l.starts_with('+') && !l.starts_with("+++") {
            restored += 1;
        }
    }
    eprintln!(
        "rename round trip: {} files, {} lines restored, {} files differ",
        originals.len(),
        restored,
        differ.len()
    );
    assert!(differ.is_empty(), "not restored exactly: {differ:?}");
    assert!(restored > 100);
}

#[test]
fn rename_transform_is_a_no_op_on_linux_6_1() {
    let Some(kernel) = common::kernel_tree("rename_transform_is_a_no_op_on_linux_6_1") else {
        return;
    };
    let out = Command::new(common::sempatch())
        .args([
            "apply",
            common::transform("unpin_user_page.cocci").to_str().unwrap(),
        ])
        .arg(kernel.join("mm"))
        .arg(kernel.join("include/linux"))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

//! `sempatch parse-stats` on real Linux 6.1 subtrees: at least 99.5% of their
//! functions must parse cleanly through the kernel dialect layer.

mod common;

use std::process::Command;

/// Runs parse-stats on `dir` and returns (functions, clean, percent).
fn stats(tree: &std::path::Path, dir: &str) -> (usize, usize, f64) {
    let o = Command::new(common::sempatch())
        .current_dir(tree)
        .args(["parse-stats", dir])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{dir}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let last = out.lines().last().unwrap_or_default();
    // parse-stats: F files, N functions, M clean (P%)
    let words: Vec<&str> = last.split_whitespace().collect();
    assert_eq!(words.first(), Some(&"parse-stats:"), "{last}");
    let functions: usize = words[3].parse().unwrap();
    let clean: usize = words[5].parse().unwrap();
    let pct: f64 = words[7]
        .trim_start_matches('(')
        .trim_end_matches("%)")
        .parse()
        .unwrap();
    eprintln!("{dir}: {last}");
    (functions, clean, pct)
}

#[test]
fn kernel_subtrees_parse_at_least_99_5_percent() {
    let Some(tree) = common::kernel_tree("kernel_subtrees_parse_at_least_99_5_percent") else {
        return;
    };
    for dir in ["mm", "drivers/infiniband", "drivers/gpu/drm"] {
        let (functions, clean, pct) = stats(&tree, dir);
        assert!(functions > 5000, "{dir}: only {functions} functions found");
        assert!(clean <= functions);
        assert!(
            pct >= 99.5,
            "{dir}: {clean} of {functions} clean ({pct}%), below 99.5%"
        );
    }
}

//! A file that takes pathologically long is abandoned and reported; the other
//! files' results are kept.

use sempatch::scan::{self, FileResult, Prefilter};
use sempatch::smpl::SemanticPatch;
use std::time::{Duration, Instant};

#[test]
fn a_slow_file_is_abandoned_and_the_others_are_kept() {
    let tmp = tempfile::tempdir().unwrap();
    // Every `a();` starts a search through all later statements for a `b();`
    // that never comes: quadratic in the size of the function.
    let mut slow = String::from("void f(void)\n{\n\tb();\n");
    for _ in 0..40_000 {
        slow.push_str("\ta();\n");
    }
    slow.push_str("}\n");
    std::fs::write(tmp.path().join("slow.c"), &slow).unwrap();
    std::fs::write(
        tmp.path().join("fast.c"),
        "void g(void)\n{\n\ta();\n\tb();\n}\n",
    )
    .unwrap();
    let sp = SemanticPatch::parse("t.cocci", "@@\n@@\n- a();\n  ... when != x\n- b();\n").unwrap();
    let pre = Prefilter::new(&sp);
    let t0 = Instant::now();
    let r = scan::process_with(
        &sp,
        &pre,
        &tmp.path().join("slow.c"),
        "slow.c".into(),
        Some(Duration::from_millis(300)),
    );
    let took = t0.elapsed();
    match r {
        FileResult::Skipped(s) => assert!(s.reason.starts_with("abandoned after"), "{}", s.reason),
        other => panic!("expected the slow file to be abandoned, got {other:?}"),
    }
    assert!(took < Duration::from_secs(20), "gave up in time: {took:?}");
    let r = scan::process_with(
        &sp,
        &pre,
        &tmp.path().join("fast.c"),
        "fast.c".into(),
        Some(Duration::from_millis(300)),
    );
    assert!(matches!(r, FileResult::Changed(..)), "{r:?}");
}

//! The output does not depend on the number of threads.

mod common;

use sempatch::diff::{self, Header};
use sempatch::scan;
use sempatch::smpl::SemanticPatch;
use std::path::{Path, PathBuf};

fn run_in_pool(threads: usize, transform: &str, paths: &[PathBuf], base: &Path) -> Vec<u8> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    pool.install(|| {
        let sp = SemanticPatch::from_path(&common::transform(transform)).unwrap();
        let disc = scan::discover(paths).unwrap();
        let rep = scan::run(&sp, &disc, base);
        let mut out = Vec::new();
        for ch in &rep.changes {
            out.extend(diff::unified(
                &ch.old,
                &ch.new,
                &ch.path.display().to_string(),
                Header::Plain,
                None,
            ));
        }
        for s in &rep.skipped {
            out.extend(format!("skipped {} {}\n", s.path.display(), s.reason).bytes());
        }
        out
    })
}

#[test]
fn one_thread_and_all_threads_give_the_same_bytes_on_the_demo_tree() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let paths = [root.join("testdata/demo")];
    for t in [
        "put_user_pages_dirty_lock.cocci",
        "pin_user_pages.cocci",
        "unpin_user_page.cocci",
    ] {
        let one = run_in_pool(1, t, &paths, root);
        let many = run_in_pool(4, t, &paths, root);
        assert_eq!(one, many, "{t}");
    }
}

#[test]
fn one_thread_and_all_threads_give_the_same_bytes_on_linux_6_1() {
    let Some(kernel) =
        common::kernel_tree("one_thread_and_all_threads_give_the_same_bytes_on_linux_6_1")
    else {
        return;
    };
    let paths = [
        kernel.join("mm"),
        kernel.join("drivers/misc"),
        kernel.join("kernel"),
    ];
    let one = run_in_pool(1, "put_user_pages_dirty_lock.cocci", &paths, &kernel);
    let many = run_in_pool(4, "put_user_pages_dirty_lock.cocci", &paths, &kernel);
    assert!(
        !one.is_empty(),
        "the release transform changes something there"
    );
    assert_eq!(one, many);
}

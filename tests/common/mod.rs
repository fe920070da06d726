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

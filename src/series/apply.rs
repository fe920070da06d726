//! Runs one transform over the blobs of a tree (as left by the transforms
//! before it), in parallel, results in path order.

use super::manifest::Transform;
use super::repo::TreeFiles;
use super::Error;
use crate::engine::{FileChange, Note};
use crate::scan::{self, FileResult, Prefilter, Skipped};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What one transform did to the tree.
#[derive(Debug, Default)]
pub struct Applied {
    pub changes: Vec<FileChange>,
    /// `.c`/`.h` files in the transform's scope.
    pub scanned: usize,
    /// Files the prefilter let through.
    pub candidates: usize,
    pub notes: Vec<(String, Note)>,
    /// Files that could not be processed, and why.
    pub skipped: Vec<(String, String)>,
}

fn is_c_file(p: &str) -> bool {
    p.ends_with(".c") || p.ends_with(".h")
}

/// Which transforms' prefilters each blob of the tree passes (bit `i` for
/// transform `i`), from one read of every `.c`/`.h` blob: the transforms then
/// read only their candidates, not the whole tree each.
pub struct Screen {
    passes: HashMap<String, u64>,
}

impl Screen {
    /// Reads the blobs of `files` once and tests them against every transform
    /// whose scope holds them (a blob that cannot be read, or is binary,
    /// passes, so that the transform reports it).
    pub fn new(git_dir: &Path, files: &TreeFiles, transforms: &[Transform]) -> Screen {
        let pres: Vec<Prefilter> = transforms.iter().map(|t| Prefilter::new(&t.sp)).collect();
        let paths: Vec<&String> = files.files.keys().filter(|p| is_c_file(p)).collect();
        let clean = CleanFiles::new(git_dir);
        let masks: Vec<u64> = paths
            .par_iter()
            .map_init(
                || git2::Repository::open(git_dir).ok(),
                |repo, path| {
                    let oid = files.files[*path].oid;
                    // A file git would call unchanged is read from the work
                    // tree: much cheaper than inflating its blob.
                    let text: Option<Vec<u8>> = clean.read(path, oid).or_else(|| {
                        let r = repo.as_ref()?;
                        Some(r.find_blob(oid).ok()?.content().to_vec())
                    });
                    let mut mask = 0u64;
                    for (i, (t, pre)) in transforms.iter().zip(&pres).enumerate() {
                        // A binary blob passes too, so that each transform reports it.
                        let pass = match &text {
                            Some(b) => {
                                t.scope.contains(path) && scan::screen(pre, b).unwrap_or(true)
                            }
                            None => true,
                        };
                        if pass {
                            mask |= 1 << i.min(63);
                        }
                    }
                    mask
                },
            )
            .collect();
        Screen {
            passes: paths.into_iter().cloned().zip(masks).collect(),
        }
    }

    /// Whether the tree's blob at `path` may match transform `i`.
    fn may_match(&self, path: &str, i: usize) -> bool {
        // Past 64 transforms every blob is read again.
        i >= 63 || self.passes.get(path).is_none_or(|m| m & (1 << i) != 0)
    }
}

/// The work tree's files that hold exactly what git's index records for
/// them, told as git tells them: same size, times, inode and device as the
/// index entry, and modified before the index was written (a file changed in
/// the same instant as the index is "racily clean" and not trusted).
struct CleanFiles {
    workdir: Option<std::path::PathBuf>,
    entries: HashMap<Vec<u8>, git2::IndexEntry>,
    index_mtime: Option<std::time::SystemTime>,
}

impl CleanFiles {
    fn new(git_dir: &Path) -> CleanFiles {
        let none = CleanFiles {
            workdir: None,
            entries: HashMap::new(),
            index_mtime: None,
        };
        let Ok(repo) = git2::Repository::open(git_dir) else {
            return none;
        };
        let (Some(workdir), Ok(index)) = (repo.workdir(), repo.index()) else {
            return none;
        };
        CleanFiles {
            workdir: Some(workdir.to_path_buf()),
            entries: index.iter().map(|e| (e.path.clone(), e)).collect(),
            index_mtime: std::fs::metadata(git_dir.join("index"))
                .and_then(|m| m.modified())
                .ok(),
        }
    }

    /// The work tree's copy of `path` when it is provably the blob `oid`.
    fn read(&self, path: &str, oid: git2::Oid) -> Option<Vec<u8>> {
        use std::os::unix::fs::MetadataExt;
        let e = self.entries.get(path.as_bytes())?;
        if e.id != oid || e.mode & 0o170000 != 0o100000 {
            return None;
        }
        let mut f = std::fs::File::open(self.workdir.as_ref()?.join(path)).ok()?;
        let m = f.metadata().ok()?;
        // Git keeps the low 32 bits of these.
        let same = m.is_file()
            && m.len() == u64::from(e.file_size)
            && m.mtime() == i64::from(e.mtime.seconds())
            && m.mtime_nsec() == i64::from(e.mtime.nanoseconds())
            && m.ctime() == i64::from(e.ctime.seconds())
            && m.ctime_nsec() == i64::from(e.ctime.nanoseconds())
            && m.ino() as u32 == e.ino
            && m.dev() as u32 == e.dev
            && self
                .index_mtime
                .is_some_and(|t| m.modified().is_ok_and(|mt| mt < t));
        if !same {
            return None;
        }
        let mut buf = Vec::with_capacity(m.len() as usize + 1);
        std::io::Read::read_to_end(&mut f, &mut buf).ok()?;
        (buf.len() as u64 == m.len()).then_some(buf)
    }
}

/// Runs transform `i` over the `.c`/`.h` files in its scope, earlier
/// transforms' output first.
pub fn apply(
    git_dir: &Path,
    files: &TreeFiles,
    overlay: &HashMap<String, Vec<u8>>,
    screen: &Screen,
    i: usize,
    t: &Transform,
) -> Result<Applied, Error> {
    let pre = Prefilter::new(&t.sp);
    let paths: Vec<&String> = files
        .files
        .keys()
        .filter(|p| is_c_file(p) && t.scope.contains(p))
        .collect();
    let results: Vec<FileResult> = paths
        .par_iter()
        .map_init(
            || git2::Repository::open(git_dir).ok(),
            |repo, path| {
                let shown = PathBuf::from(path.as_str());
                let skip = |reason: String| {
                    FileResult::Skipped(Skipped {
                        path: shown.clone(),
                        reason,
                    })
                };
                let text: Vec<u8> = match overlay.get(*path) {
                    Some(t) => t.clone(),
                    None if !screen.may_match(path, i) => return FileResult::Filtered,
                    None => {
                        let Some(repo) = repo.as_ref() else {
                            return skip("cannot open the repository".into());
                        };
                        match repo.find_blob(files.files[*path].oid) {
                            Ok(b) => b.content().to_vec(),
                            Err(e) => return skip(format!("cannot read blob: {e}")),
                        }
                    }
                };
                match scan::screen(&pre, &text) {
                    Err(reason) => return skip(reason),
                    Ok(false) => return FileResult::Filtered,
                    Ok(true) => {}
                }
                scan::transform_text(&t.sp, text, shown, Some(scan::DEFAULT_TIMEOUT))
            },
        )
        .collect();
    let mut a = Applied {
        scanned: paths.len(),
        ..Default::default()
    };
    for (path, r) in paths.into_iter().zip(results) {
        match r {
            FileResult::Changed(c, notes, _) => {
                a.candidates += 1;
                a.notes.extend(
                    notes
                        .into_iter()
                        .filter(|n| !n.detail)
                        .map(|n| (path.clone(), n)),
                );
                a.changes.push(c);
            }
            // A series has no use for what `*` rules show.
            FileResult::Unchanged(notes, _, _) => {
                a.candidates += 1;
                a.notes.extend(
                    notes
                        .into_iter()
                        .filter(|n| !n.detail)
                        .map(|n| (path.clone(), n)),
                );
            }
            FileResult::Filtered => {}
            FileResult::Skipped(s) | FileResult::ScriptFailed(s) => {
                a.skipped.push((path.clone(), s.reason))
            }
        }
    }
    Ok(a)
}

//! Runs one transform over the blobs of a tree (as left by the transforms
//! before it), in parallel, results in path order.

use super::manifest::Transform;
use super::repo::TreeFiles;
use super::Error;
use crate::engine::{self, FileChange, Note};
use crate::scan::Prefilter;
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

enum One {
    Changed(FileChange, Vec<Note>),
    Unchanged(Vec<Note>),
    Filtered,
    Skipped(String),
}

fn is_c_file(p: &str) -> bool {
    p.ends_with(".c") || p.ends_with(".h")
}

/// Runs `t` over the `.c`/`.h` files in its scope, earlier transforms' output first.
pub fn apply(
    git_dir: &Path,
    files: &TreeFiles,
    overlay: &HashMap<String, Vec<u8>>,
    t: &Transform,
) -> Result<Applied, Error> {
    let pre = Prefilter::new(&t.sp);
    let paths: Vec<&String> = files
        .files
        .keys()
        .filter(|p| is_c_file(p) && t.scope.contains(p))
        .collect();
    let results: Vec<One> = paths
        .par_iter()
        .map_init(
            || git2::Repository::open(git_dir).ok(),
            |repo, path| {
                let text: Vec<u8> = match overlay.get(*path) {
                    Some(t) => t.clone(),
                    None => {
                        let Some(repo) = repo.as_ref() else {
                            return One::Skipped("cannot open the repository".into());
                        };
                        match repo.find_blob(files.files[*path].oid) {
                            Ok(b) => b.content().to_vec(),
                            Err(e) => return One::Skipped(format!("cannot read blob: {e}")),
                        }
                    }
                };
                if text.contains(&0) {
                    return One::Skipped("binary file (contains NUL bytes)".into());
                }
                if !pre.may_match(&text) {
                    return One::Filtered;
                }
                let out = engine::transform(&t.sp, &text);
                match out.new {
                    Some(new) => One::Changed(
                        FileChange {
                            path: PathBuf::from(path.as_str()),
                            old: text,
                            new,
                            sites: out.sites,
                        },
                        out.notes,
                    ),
                    None => One::Unchanged(out.notes),
                }
            },
        )
        .collect();
    let mut a = Applied {
        scanned: paths.len(),
        ..Default::default()
    };
    for (path, r) in paths.into_iter().zip(results) {
        match r {
            One::Changed(c, notes) => {
                a.candidates += 1;
                a.notes.extend(notes.into_iter().map(|n| (path.clone(), n)));
                a.changes.push(c);
            }
            One::Unchanged(notes) => {
                a.candidates += 1;
                a.notes.extend(notes.into_iter().map(|n| (path.clone(), n)));
            }
            One::Filtered => {}
            One::Skipped(why) => a.skipped.push((path.clone(), why)),
        }
    }
    Ok(a)
}

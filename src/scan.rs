//! Finding the files to work on, the required-identifier prefilter, and the
//! parallel driver that runs a semantic patch over many files.

use crate::engine::{self, FileChange, Note};
use crate::smpl::SemanticPatch;
use rayon::prelude::*;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

/// A file that could not be processed, and why.
#[derive(Clone, Debug)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

/// The files found under the given paths.
#[derive(Clone, Debug, Default)]
pub struct Discovery {
    pub files: Vec<PathBuf>,
    /// For each file listed from git's index, its path in the work tree (as
    /// git writes it); `None` for the others.
    pub repo_paths: Vec<Option<Box<[u8]>>>,
    /// The work trees git listed files from.
    pub work_trees: Vec<PathBuf>,
    /// The directories whose files were listed from git's index.
    pub git_dirs: Vec<PathBuf>,
    pub skipped: Vec<Skipped>,
    /// The work tree's word index, when asked for and there is one.
    pub word_index: Option<std::sync::Arc<crate::index::WordIndex>>,
    /// Why a word index that exists is not used.
    pub index_refused: Option<String>,
}

fn is_c_file(p: &Path) -> bool {
    matches!(p.extension().and_then(|e| e.to_str()), Some("c" | "h"))
}

/// Lists the `.c` and `.h` files under each path: the files git tracks when the
/// path is inside a git work tree, otherwise every file (ignore files are not
/// honoured: Debian's kernel source ignores everything). A path that does not
/// exist is an error.
pub fn discover(paths: &[PathBuf]) -> Result<Discovery, String> {
    discover_with(paths, false)
}

/// [`discover`], also opening the work tree's word index when `use_index`
/// (see `src/index.rs`); while git's index is as it was when the word index
/// was built, the files are listed from the word index, which is quicker.
pub fn discover_with(paths: &[PathBuf], use_index: bool) -> Result<Discovery, String> {
    let mut d = Discovery::default();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| format!("{}: {}", p.display(), e))?;
        if meta.is_file() {
            d.repo_paths.resize(d.files.len(), None);
            d.files.push(p.clone());
            continue;
        }
        // Reading a FIFO or a device could block or never end.
        if !meta.is_dir() {
            return Err(format!("{}: not a regular file or directory", p.display()));
        }
        if !git_files(p, &mut d, use_index) {
            walk_files(p, &mut d);
        }
    }
    // Files named by hand or found by the walk have no work-tree path.
    d.repo_paths.resize(d.files.len(), None);
    let mut both: Vec<(PathBuf, Option<Box<[u8]>>)> = std::mem::take(&mut d.files)
        .into_iter()
        .zip(std::mem::take(&mut d.repo_paths))
        .collect();
    both.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.is_some().cmp(&a.1.is_some())));
    both.dedup_by(|a, b| a.0 == b.0);
    (d.files, d.repo_paths) = both.into_iter().unzip();
    d.work_trees.sort();
    d.work_trees.dedup();
    d.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(d)
}

fn git_files(dir: &Path, d: &mut Discovery, use_index: bool) -> bool {
    let Ok(repo) = git2::Repository::discover(dir) else {
        return false;
    };
    let Some(workdir) = repo.workdir() else {
        return false;
    };
    let (Ok(abs_dir), Ok(abs_work)) = (dir.canonicalize(), workdir.canonicalize()) else {
        return false;
    };
    let Ok(rel) = abs_dir.strip_prefix(&abs_work) else {
        return false;
    };
    if use_index && d.word_index.is_none() && d.index_refused.is_none() {
        match crate::index::WordIndex::open_for(dir) {
            Ok(i) => d.word_index = i.map(std::sync::Arc::new),
            Err(why) => d.index_refused = Some(why),
        }
    }
    let rel_bytes = rel.as_os_str().as_bytes();
    let mut add = |name: &[u8]| {
        // Most entries are not C files: a byte test turns them away cheaply.
        if !(name.ends_with(b".c") || name.ends_with(b".h")) {
            return;
        }
        // Git stores names as bytes; a name that is not UTF-8 is still a file.
        // Compared as bytes: path components cost more, 78,000 times over.
        let under = if rel_bytes.is_empty() {
            name
        } else {
            match name.strip_prefix(rel_bytes) {
                Some(rest) if rest.first() == Some(&b'/') => &rest[1..],
                _ => return,
            }
        };
        let under = Path::new(std::ffi::OsStr::from_bytes(under));
        if !is_c_file(under) {
            return;
        }
        // Not checked here: a file missing or replaced in the work tree is
        // reported when it is opened, which spares a stat of every file.
        d.repo_paths.resize(d.files.len(), None);
        d.files.push(dir.join(under));
        d.repo_paths.push(Some(name.into()));
    };
    let index = d.word_index.clone();
    let listed = index
        .as_ref()
        .filter(|i| i.git_dir() == repo.path())
        .and_then(|i| i.listing());
    if let Some(names) = listed {
        for name in names {
            add(name);
        }
    } else {
        let Ok(index) = repo.index() else {
            return false;
        };
        for e in index.iter() {
            // Symbolic links and submodules are not files to rewrite.
            if e.mode & 0o170000 == 0o100000 {
                add(&e.path);
            }
        }
    }
    d.git_dirs.push(dir.to_path_buf());
    d.work_trees.push(abs_work);
    true
}

fn walk_files(dir: &Path, d: &mut Discovery) {
    let walker = ignore::WalkBuilder::new(dir)
        .standard_filters(false)
        .hidden(false)
        .follow_links(false)
        .build();
    let root = dir.canonicalize().ok();
    for entry in walker {
        match entry {
            Ok(e) => {
                if !is_c_file(e.path()) {
                    continue;
                }
                match e.file_type() {
                    Some(t) if t.is_file() => d.files.push(e.into_path()),
                    Some(t) if t.is_symlink() => {
                        if let Some(reason) = symlink_problem(e.path(), root.as_deref()) {
                            d.skipped.push(Skipped {
                                path: e.into_path(),
                                reason,
                            });
                        }
                    }
                    Some(t) if !t.is_dir() => d.skipped.push(Skipped {
                        path: e.into_path(),
                        reason: "not a regular file".into(),
                    }),
                    _ => {}
                }
            }
            Err(err) => {
                let path = match &err {
                    ignore::Error::WithPath { path, .. } => path.clone(),
                    _ => dir.to_path_buf(),
                };
                d.skipped.push(Skipped {
                    path,
                    reason: err.to_string(),
                });
            }
        }
    }
}

/// Why a symbolic link named like a C file is worth reporting, if it is.
// Links are not followed (the walk would meet their targets twice, or loop); a
// link to a file under the walked directory is therefore processed through its
// target and needs no word. A broken link, a loop or a link out of the tree does.
fn symlink_problem(link: &Path, root: Option<&Path>) -> Option<String> {
    match std::fs::metadata(link) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Some("broken symbolic link (its target does not exist)".into())
        }
        Err(e) => Some(format!("cannot follow symbolic link: {e}")),
        Ok(m) if !m.is_file() => None,
        Ok(_) => {
            let inside = link
                .canonicalize()
                .ok()
                .zip(root)
                .is_some_and(|(t, r)| t.starts_with(r));
            (!inside).then(|| {
                "symbolic link to a file outside the directory: not followed (name the file itself to change it)"
                    .into()
            })
        }
    }
}

pub use crate::prefilter::Prefilter;

/// What happened to one file.
#[derive(Clone, Debug)]
pub enum FileResult {
    /// Changed; with what script rules printed.
    Changed(FileChange, Vec<Note>, Vec<u8>),
    /// No change; with what `*` rules show, if they matched, and what
    /// script rules printed.
    Unchanged(Vec<Note>, Option<FileChange>, Vec<u8>),
    Filtered,
    Skipped(Skipped),
    /// A script rule failed on this file: nothing in it was changed, and the
    /// run is an error.
    ScriptFailed(Skipped),
}

/// The result of running a semantic patch over a set of files.
#[derive(Clone, Debug, Default)]
pub struct RunReport {
    pub scanned: usize,
    pub candidates: usize,
    pub changes: Vec<FileChange>,
    /// What `*` rules show in files they do not change: printed as diffs,
    /// never written.
    pub context: Vec<FileChange>,
    pub notes: Vec<(PathBuf, Note)>,
    pub skipped: Vec<Skipped>,
    /// Files the word index answered for without their being read.
    pub from_index: usize,
    /// Why a word index that exists was not used.
    pub index_refused: Option<String>,
    /// What script rules printed, file by file in path order.
    pub printed: Vec<u8>,
    /// A script rule failed on some file (those files are in `skipped`).
    pub script_failed: bool,
}

/// The path to show for `p`: relative to `base` when it lies below it.
pub fn display_path(p: &Path, base: &Path) -> PathBuf {
    let p2 = p.strip_prefix("./").unwrap_or(p);
    if p2.is_absolute() {
        if let Ok(r) = p2.strip_prefix(base) {
            return r.to_path_buf();
        }
    }
    p2.to_path_buf()
}

/// Processes one file: read, prefilter, transform.
pub fn process(sp: &SemanticPatch, pre: &Prefilter, path: &Path, shown: PathBuf) -> FileResult {
    process_with(sp, pre, path, shown, Some(DEFAULT_TIMEOUT))
}

/// How long one file may take before it is abandoned (and reported).
pub const DEFAULT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

thread_local! {
    /// Each worker reads into one buffer of its own: most files are turned
    /// away by the prefilter, and only candidates are copied out.
    static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A buffer this large is not kept for the next file.
const KEEP_BUFFER_BYTES: usize = 16 << 20;

/// Reads a file into the thread's buffer and screens it: what `passed`
/// makes of the text when the prefilter passes it, `None` when it does not.
fn read_and_screen<T>(
    pre: &Prefilter,
    path: &Path,
    passed: impl FnOnce(&Vec<u8>) -> T,
) -> Result<Option<T>, String> {
    BUFFER.with_borrow_mut(|buf| {
        let r = read_source(path, buf)
            .and_then(|()| screen(pre, buf))
            .map(|pass| pass.then(|| passed(buf)));
        if buf.capacity() > KEEP_BUFFER_BYTES {
            *buf = Vec::new();
        }
        r
    })
}

/// What screening a file settled.
enum Screened {
    /// Filtered out or skipped.
    Settled(FileResult),
    /// A candidate of this many bytes, to be transformed later.
    Candidate(usize),
}

/// Reads and screens a file without keeping its text.
fn screen_file(pre: &Prefilter, path: &Path, shown: PathBuf) -> Screened {
    match read_and_screen(pre, path, |buf| buf.len()) {
        Ok(Some(len)) => Screened::Candidate(len),
        Ok(None) => Screened::Settled(FileResult::Filtered),
        Err(reason) => Screened::Settled(FileResult::Skipped(Skipped {
            path: shown,
            reason,
        })),
    }
}

/// [`process`] with a time limit of one's own (`None`: no limit).
pub fn process_with(
    sp: &SemanticPatch,
    pre: &Prefilter,
    path: &Path,
    shown: PathBuf,
    timeout: Option<std::time::Duration>,
) -> FileResult {
    process_in(sp, pre, path, shown, timeout, None)
}

/// [`process_with`], with the hosts that run script rules.
pub fn process_in(
    sp: &SemanticPatch,
    pre: &Prefilter,
    path: &Path,
    shown: PathBuf,
    timeout: Option<std::time::Duration>,
    scripts: Option<&crate::script::Hosts>,
) -> FileResult {
    let text = match read_and_screen(pre, path, |buf| buf.clone()) {
        Ok(Some(t)) => t,
        Ok(None) => return FileResult::Filtered,
        Err(reason) => {
            return FileResult::Skipped(Skipped {
                path: shown,
                reason,
            })
        }
    };
    transform_text_in(sp, text, shown, timeout, scripts, true)
}

/// Whether a file's text may match, by its bytes: `Err` when it is binary,
/// which is reported rather than looked at.
pub fn screen(pre: &Prefilter, text: &[u8]) -> Result<bool, String> {
    // memchr rather than `contains`: vectorised, and every file passes here.
    if memchr::memchr(0, text).is_some() {
        return Err(BINARY.into());
    }
    Ok(pre.may_match(text))
}

const BINARY: &str = "binary file (contains NUL bytes)";

/// Reads a source file whole, with the refusals of [`process`] (not a
/// regular file, too large, NUL bytes), for a caller that runs several
/// semantic patches on one reading.
pub fn read_text(path: &Path, disc: &Discovery) -> Result<Vec<u8>, String> {
    let mut buf = Vec::new();
    let unreadable = |reason: String| {
        with_git_context(
            Skipped {
                path: path.to_path_buf(),
                reason,
            },
            path,
            disc,
        )
        .reason
    };
    read_source(path, &mut buf).map_err(unreadable)?;
    if memchr::memchr(0, &buf).is_some() {
        return Err(BINARY.into());
    }
    Ok(buf)
}

/// The hosts for `sp`'s script rules, when it has any that can run.
pub fn hosts_for(sp: &SemanticPatch) -> Option<std::sync::Arc<crate::script::Hosts>> {
    // A script rule that is not live now may be in a pass an iteration
    // asks for; the hosts start only when a script first runs. A script
    // constraint on a metavariable (`p : script:ocaml(q) { … }`) runs there
    // too.
    sp.rules
        .iter()
        .any(|r| {
            matches!(r.body, crate::smpl::RuleBody::Script(_))
                || r.metavars
                    .iter()
                    .any(|m| matches!(m.constraint, Some(crate::smpl::Constraint::Script { .. })))
        })
        .then(|| {
            std::sync::Arc::new(crate::script::Hosts::with_virtuals(
                &sp.file,
                sp.virtuals.clone(),
                sp.virtual_identifiers(),
            ))
        })
}

/// An `@initialize@` or `@finalize@` rule that failed.
#[derive(Clone, Debug)]
pub struct PlainFailure {
    pub rule: String,
    /// The line of the rule's header.
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for PlainFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "script rule {} failed: {}", self.rule, self.message)
    }
}

/// Runs `sp`'s live `@initialize@` (or `@finalize@`) rules in file order;
/// gives what they printed, or the first that failed.
pub fn run_plain_rules(
    sp: &SemanticPatch,
    hosts: Option<&crate::script::Hosts>,
    when: crate::smpl::ScriptWhen,
) -> Result<Vec<u8>, PlainFailure> {
    run_plain_rules_after(sp, hosts, when, 1)
}

/// [`run_plain_rules`] after `passes` passes over the files (an iteration
/// makes more than one): a `merge.v` input holds `v` once per pass.
pub fn run_plain_rules_after(
    sp: &SemanticPatch,
    hosts: Option<&crate::script::Hosts>,
    when: crate::smpl::ScriptWhen,
    passes: usize,
) -> Result<Vec<u8>, PlainFailure> {
    run_plain_rules_in(sp, hosts, when, passes, None)
}

/// [`run_plain_rules_after`] for the rules of one script language only
/// (`Some("python")`), or of every language.
pub fn run_plain_rules_in(
    sp: &SemanticPatch,
    hosts: Option<&crate::script::Hosts>,
    when: crate::smpl::ScriptWhen,
    passes: usize,
    language: Option<&str>,
) -> Result<Vec<u8>, PlainFailure> {
    let mut printed = Vec::new();
    let Some(h) = hosts else {
        return Ok(printed);
    };
    for r in sp.rules.iter().filter(|r| r.live()) {
        if let crate::smpl::RuleBody::Script(s) = &r.body {
            if s.when == when && language.is_none_or(|l| l == s.language) {
                let ran = if s.merges.is_empty() {
                    h.run_plain(&s.language, &r.name, &s.code)
                } else {
                    h.run_merged(&s.language, &r.name, &s.code, &s.merges, passes)
                };
                let out = ran.map_err(|message| PlainFailure {
                    rule: r.name.clone(),
                    line: r.line,
                    message,
                })?;
                printed.extend(out.into_bytes());
            }
        }
    }
    Ok(printed)
}

/// Runs `sp` over a text that passed [`screen`], within the time limit.
pub fn transform_text(
    sp: &SemanticPatch,
    text: Vec<u8>,
    shown: PathBuf,
    timeout: Option<std::time::Duration>,
) -> FileResult {
    transform_text_in(sp, text, shown, timeout, None, true)
}

/// [`transform_text`], with the hosts that run script rules.
pub fn transform_text_in(
    sp: &SemanticPatch,
    text: Vec<u8>,
    shown: PathBuf,
    timeout: Option<std::time::Duration>,
    scripts: Option<&crate::script::Hosts>,
    local_headers: bool,
) -> FileResult {
    let file = shown.to_string_lossy();
    let cx = engine::Context {
        file: &file,
        scripts,
        local_headers,
    };
    let (out, expired) = engine::with_deadline(timeout, || {
        engine::transform_in(sp, &text, engine::parts::Partial::default(), cx)
    });
    if let Some(why) = out.failed {
        return FileResult::ScriptFailed(Skipped {
            path: shown,
            reason: format!("script rule {why}"),
        });
    }
    if expired {
        let secs = timeout.map_or(0, |t| t.as_secs());
        return FileResult::Skipped(Skipped {
            path: shown,
            reason: format!(
                "abandoned after {secs} s: matching took too long; nothing in it was changed"
            ),
        });
    }
    let shown_path = shown.clone();
    match out.new {
        Some(new) => FileResult::Changed(
            FileChange {
                path: shown,
                old: text,
                new,
                sites: out.sites,
            },
            out.notes,
            out.printed,
        ),
        None => FileResult::Unchanged(
            out.notes,
            out.context.map(|shown| FileChange {
                path: shown_path,
                old: text,
                new: shown,
                sites: out.sites,
            }),
            out.printed,
        ),
    }
}

pub use crate::fs_at::MAX_FILE_BYTES;

const MISSING: &str = "missing from the work tree";
const NOT_REGULAR: &str = "not a regular file";

/// Says what git knows when a file it lists cannot be read as one.
fn with_git_context(mut s: Skipped, path: &Path, disc: &Discovery) -> Skipped {
    if disc.git_dirs.iter().any(|g| path.starts_with(g)) {
        if s.reason == MISSING {
            s.reason = format!("tracked by git but {MISSING}");
        } else if s.reason == NOT_REGULAR {
            s.reason = "tracked by git as a file, but not a regular file in the work tree".into();
        }
    }
    s
}

/// Reads a source file into `buf` (emptied first), or says why not.
fn read_source(path: &Path, buf: &mut Vec<u8>) -> Result<(), String> {
    use std::io::Read;
    buf.clear();
    // Non-blocking, so that opening a FIFO returns at once (it is then
    // refused below) instead of waiting for a writer; regular files ignore it.
    let mut f = crate::fs_at::open_nonblocking(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound if path.symlink_metadata().is_err() => MISSING.to_string(),
        _ => format!("cannot read: {e}"),
    })?;
    let meta = f.metadata().map_err(|e| format!("cannot read: {e}"))?;
    if !meta.is_file() {
        return Err(NOT_REGULAR.into());
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "too large ({} MB; the limit is {} MB)",
            meta.len() >> 20,
            MAX_FILE_BYTES >> 20
        ));
    }
    buf.reserve(meta.len() as usize + 1);
    f.read_to_end(buf)
        .map_err(|e| format!("cannot read: {e}"))?;
    Ok(())
}

/// How a run is carried out.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// Per-file time limit.
    pub timeout: Option<std::time::Duration>,
    /// Show a progress bar on stderr (when it is a terminal and the run lasts).
    pub progress: bool,
    /// The hosts that run script rules (none: script rules do not run).
    pub scripts: Option<std::sync::Arc<crate::script::Hosts>>,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            timeout: Some(DEFAULT_TIMEOUT),
            progress: false,
            scripts: None,
        }
    }
}

/// Runs `sp` over `files` in parallel; results come back in path order.
pub fn run(sp: &SemanticPatch, disc: &Discovery, base: &Path) -> RunReport {
    run_with(sp, disc, base, &RunOptions::default())
}

/// [`run`] with options.
pub fn run_with(sp: &SemanticPatch, disc: &Discovery, base: &Path, opts: &RunOptions) -> RunReport {
    let pre = Prefilter::new(sp);
    let scripts = opts.scripts.as_deref();
    crate::fs_at::new_run();
    // With a word index, a file it still describes is read only when the
    // prefilter passes its words.
    let index = match disc.work_trees.as_slice() {
        [_] => disc.word_index.as_deref(),
        _ => None,
    };
    let passes = index.as_ref().and_then(|i| i.passes(&pre));
    let answered = std::sync::atomic::AtomicUsize::new(0);
    let progress = Progress::new(disc.files.len() as u64, opts.progress);
    // With the index, screening is brief and the candidates are most of the
    // run: every file is screened first, and the candidates (their texts not
    // kept, so that memory stays bounded) are then transformed largest first,
    // so that no core is left with a big file at the end while the other
    // idles. Without it, transforming a candidate as soon as it is read
    // overlaps with reading the rest, which measured faster.
    let later = passes.is_some();
    let mut results: Vec<Screened> = disc
        .files
        .par_iter()
        .zip(&disc.repo_paths)
        .map(|(p, rel)| {
            if let (Some(i), Some(passes), Some(rel)) = (index, &passes, rel) {
                if i.current(p, rel).is_some_and(|id| !passes[id]) {
                    answered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    progress.step(false);
                    return Screened::Settled(FileResult::Filtered);
                }
            }
            if !later {
                let r = process_in(sp, &pre, p, display_path(p, base), opts.timeout, scripts);
                progress.step(matches!(r, FileResult::Changed(..)));
                return Screened::Settled(r);
            }
            let r = screen_file(&pre, p, display_path(p, base));
            if matches!(r, Screened::Settled(_)) {
                progress.step(false);
            }
            r
        })
        .collect();
    let mut todo: Vec<(usize, usize)> = results
        .iter()
        .enumerate()
        .filter_map(|(k, r)| match r {
            Screened::Candidate(len) => Some((k, *len)),
            Screened::Settled(_) => None,
        })
        .collect();
    todo.sort_by_key(|&(k, len)| (std::cmp::Reverse(len), k));
    let done: Vec<(usize, FileResult)> = todo
        .par_iter()
        .with_max_len(1)
        .map(|&(k, _)| {
            let p = &disc.files[k];
            let r = process_in(sp, &pre, p, display_path(p, base), opts.timeout, scripts);
            progress.step(matches!(r, FileResult::Changed(..)));
            (k, r)
        })
        .collect();
    for (k, r) in done {
        results[k] = Screened::Settled(r);
    }
    progress.finish();
    let results = results.into_iter().map(|r| match r {
        Screened::Settled(r) => r,
        // Every candidate was settled just above.
        Screened::Candidate(_) => FileResult::Filtered,
    });
    let mut rep = RunReport {
        scanned: disc.files.len(),
        skipped: disc.skipped.clone(),
        from_index: answered.into_inner(),
        index_refused: disc.index_refused.clone(),
        ..Default::default()
    };
    for (p, r) in disc.files.iter().zip(results) {
        let shown = display_path(p, base);
        match r {
            FileResult::Changed(c, notes, printed) => {
                rep.candidates += 1;
                rep.notes
                    .extend(notes.into_iter().map(|n| (shown.clone(), n)));
                rep.changes.push(c);
                rep.printed.extend(printed);
            }
            FileResult::Unchanged(notes, shown_code, printed) => {
                rep.candidates += 1;
                rep.notes
                    .extend(notes.into_iter().map(|n| (shown.clone(), n)));
                rep.context.extend(shown_code);
                rep.printed.extend(printed);
            }
            FileResult::Filtered => {}
            FileResult::Skipped(s) => rep.skipped.push(with_git_context(s, p, disc)),
            FileResult::ScriptFailed(s) => {
                rep.candidates += 1;
                rep.script_failed = true;
                rep.skipped.push(s);
            }
        }
    }
    rep
}

/// A progress bar that appears only on a terminal, and only once a run has
/// lasted about a second.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    start: std::time::Instant,
    shown: std::sync::atomic::AtomicBool,
    changed: std::sync::atomic::AtomicUsize,
}

impl Progress {
    fn new(len: u64, wanted: bool) -> Progress {
        use std::io::IsTerminal;
        let bar = (wanted && std::io::stderr().is_terminal()).then(|| {
            let b = indicatif::ProgressBar::with_draw_target(
                Some(len),
                indicatif::ProgressDrawTarget::hidden(),
            );
            if let Ok(style) =
                indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} files scanned, {msg}")
            {
                b.set_style(style);
            }
            b
        });
        Progress {
            bar,
            start: std::time::Instant::now(),
            shown: false.into(),
            changed: 0.into(),
        }
    }

    fn step(&self, changed: bool) {
        use std::sync::atomic::Ordering;
        let Some(bar) = &self.bar else { return };
        if changed {
            let n = self.changed.fetch_add(1, Ordering::Relaxed) + 1;
            bar.set_message(format!("{n} changed"));
        }
        if !self.shown.load(Ordering::Relaxed)
            && self.start.elapsed() > std::time::Duration::from_secs(1)
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
        bar.inc(1);
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

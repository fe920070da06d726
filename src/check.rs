//! `sempatch check`: the kernel's `make coccicheck` in one run.
//!
//! Every semantic patch of a tree's `scripts/coccinelle/` (or those named)
//! runs in one mode (`-D report`, …) over one discovery of the files: each
//! file is read once and handed to every patch whose prefilter passes it,
//! in the worker thread that read it. A patch sempatch refuses, or whose
//! scripts fail on a file, is reported and the others go on, as coccicheck
//! carries on after a failing spatch. Results come back grouped per patch
//! (path order), then per file (path order), whatever the number of threads.

use crate::diag::Diagnostic;
use crate::engine::FileChange;
use crate::prefilter::Prefilter;
use crate::scan::{self, Discovery, FileResult, Skipped};
use crate::script::Hosts;
use crate::smpl::{ScriptWhen, SemanticPatch};
use rayon::prelude::*;
use serde::Serialize;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// coccicheck's modes: each is the virtual rule the patches are run with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    /// The fixes, as diffs.
    Patch,
    /// One line per finding, `file:line:col-col: message`.
    #[default]
    Report,
    /// What the patches spot, as `*` diffs.
    Context,
    /// Findings as Emacs org-mode TODO items.
    Org,
}

impl Mode {
    /// The virtual rule's name (`-D report`).
    pub fn name(self) -> &'static str {
        match self {
            Mode::Patch => "patch",
            Mode::Report => "report",
            Mode::Context => "context",
            Mode::Org => "org",
        }
    }

    /// Whether diffs are part of the output: coccicheck passes
    /// `--no-show-diff` in report and org mode.
    pub fn shows_diffs(self) -> bool {
        matches!(self, Mode::Patch | Mode::Context)
    }
}

/// How a check is run.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub mode: Mode,
    /// Extra `-D name[=value]`, on top of `-D MODE`.
    pub defines: Vec<String>,
    /// How long one patch may take on one file.
    pub timeout: Option<Duration>,
    /// The files named on the command line: they are run through every
    /// patch, headers too.
    pub named: Vec<PathBuf>,
}

/// `p` made absolute against `cwd`, with `.` and `..` resolved by name
/// (the tree root and the files must be compared the same way).
fn absolute(p: &Path, cwd: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in cwd.join(p).components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The kernel tree `start` lies in: the nearest directory at or above it
/// that holds `scripts/coccinelle`.
pub fn find_root(start: &Path, cwd: &Path) -> Option<PathBuf> {
    let abs = absolute(start, cwd);
    let dir = if abs.is_file() {
        abs.parent()?.to_path_buf()
    } else {
        abs
    };
    dir.ancestors()
        .find(|d| d.join("scripts/coccinelle").is_dir())
        .map(Path::to_path_buf)
}

/// How paths are shown: relative to the tree root, as coccicheck (which
/// runs spatch from the root) shows them, so that findings compare with
/// spatch's and diffs apply from the root; a path outside the tree as
/// `apply` shows it.
#[derive(Clone, Debug)]
pub struct Shown {
    root: PathBuf,
    cwd: PathBuf,
}

impl Shown {
    /// `root`: the tree root (else the current directory); `cwd`: what
    /// relative paths are relative to.
    pub fn new(root: &Path, cwd: &Path) -> Shown {
        Shown {
            root: absolute(root, cwd),
            cwd: cwd.to_path_buf(),
        }
    }

    pub fn path(&self, p: &Path) -> PathBuf {
        match absolute(p, &self.cwd).strip_prefix(&self.root) {
            Ok(r) if !r.as_os_str().is_empty() => r.to_path_buf(),
            _ => scan::display_path(p, &self.cwd),
        }
    }
}

/// The semantic patches to run, sorted by path: those named (files, or
/// directories searched recursively), else every `.cocci` under the tree
/// root's `scripts/coccinelle/`.
pub fn list_patches(root: Option<&Path>, named: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    if named.is_empty() {
        let root = root.ok_or(
            "no scripts/coccinelle/ at or above the first path: run inside a kernel tree, \
             or name the semantic patches with --cocci",
        )?;
        cocci_files(&root.join("scripts/coccinelle"), &mut out);
    }
    for p in named {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => cocci_files(p, &mut out),
            Ok(_) => out.push(p.clone()),
            Err(e) => return Err(format!("{}: {e}", p.display())),
        }
    }
    out.sort();
    out.dedup();
    if out.is_empty() {
        return Err("no .cocci files to run".into());
    }
    Ok(out)
}

/// The `.cocci` files under `dir`, hidden ones and ignored ones included
/// (as `find -name '*.cocci'`).
fn cocci_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let walker = ignore::WalkBuilder::new(dir)
        .standard_filters(false)
        .hidden(false)
        .build();
    out.extend(
        walker
            .flatten()
            .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
            .map(ignore::DirEntry::into_path)
            .filter(|p| p.extension().is_some_and(|x| x == "cocci")),
    );
}

/// What became of one semantic patch.
#[derive(Debug)]
pub enum Status {
    Ran(PatchRun),
    /// It declares no `virtual MODE`: spatch would refuse `-D MODE`, so it
    /// is not run in this mode.
    NoMode,
    /// sempatch refused it (bad input, an unsupported construct): the diagnostic.
    Refused(String),
}

/// One semantic patch and what became of it.
#[derive(Debug)]
pub struct PatchResult {
    /// Its path, as shown.
    pub cocci: PathBuf,
    pub status: Status,
}

/// What one patch did over the files.
#[derive(Debug, Default)]
pub struct PatchRun {
    /// What its `@initialize@` rules printed.
    pub initialized: Vec<u8>,
    /// The files it printed something for, changed or showed code of, in
    /// file order.
    pub files: Vec<FileOutput>,
    /// What its `@finalize@` rules printed.
    pub finalized: Vec<u8>,
    pub failures: Vec<ScriptFailure>,
    /// Files it was not run on to the end (abandoned after the time limit).
    pub skipped: Vec<Skipped>,
    /// Files its prefilter passed.
    pub candidates: usize,
    /// Time spent matching it, summed over the files (the workers run in
    /// parallel, so this is CPU time, not wall time).
    pub busy: Duration,
    /// Its slowest file and the time it took there.
    pub slowest: Option<(PathBuf, Duration)>,
}

/// What one patch made of one file.
#[derive(Debug)]
pub struct FileOutput {
    pub file: PathBuf,
    /// What its scripts printed for this file.
    pub printed: Vec<u8>,
    /// The change its `-`/`+` rules make (against the original text).
    pub change: Option<FileChange>,
    /// What its `*` rules show.
    pub context: Option<FileChange>,
}

/// A script rule that raised: the run went on without it.
#[derive(Debug, Clone)]
pub struct ScriptFailure {
    pub rule: String,
    /// The file it raised on; `None` for `@initialize@`/`@finalize@` rules.
    pub file: Option<PathBuf>,
    /// The last line of the traceback.
    pub message: String,
}

impl PatchRun {
    /// The non-empty lines its scripts printed: the findings in report mode.
    pub fn findings(&self) -> usize {
        self.printed().map(count_lines).sum()
    }

    /// Everything its scripts printed, in order.
    fn printed(&self) -> impl Iterator<Item = &[u8]> {
        std::iter::once(&self.initialized[..])
            .chain(self.files.iter().map(|f| &f.printed[..]))
            .chain(std::iter::once(&self.finalized[..]))
    }

    pub fn files_changed(&self) -> usize {
        self.files.iter().filter(|f| f.change.is_some()).count()
    }

    pub fn files_shown(&self) -> usize {
        self.files.iter().filter(|f| f.context.is_some()).count()
    }

    /// Takes in what the engine made of one file.
    fn absorb(&mut self, file: PathBuf, r: FileResult, took: Duration) {
        self.busy += took;
        if self.slowest.as_ref().is_none_or(|(_, t)| took > *t) {
            self.slowest = Some((file.clone(), took));
        }
        let (change, context, printed) = match r {
            FileResult::Filtered => return,
            FileResult::Skipped(s) => return self.skipped.push(s),
            FileResult::ScriptFailed(s) => {
                self.candidates += 1;
                return self.failures.push(ScriptFailure::on_file(file, &s.reason));
            }
            FileResult::Changed(ch, _, printed) => (Some(ch), None, printed),
            FileResult::Unchanged(_, context, printed) => (None, context, printed),
        };
        self.candidates += 1;
        if change.is_some() || context.is_some() || !printed.is_empty() {
            self.files.push(FileOutput {
                file,
                printed,
                change,
                context,
            });
        }
    }
}

fn count_lines(b: &[u8]) -> usize {
    b.split(|&c| c == b'\n')
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
        .count()
}

/// The last non-empty line of an error: a Python traceback's names the exception.
fn last_line(s: &str) -> String {
    s.lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
        .to_string()
}

impl ScriptFailure {
    /// From the reason `scan` gives: `script rule RULE: ERROR`.
    fn on_file(file: PathBuf, reason: &str) -> ScriptFailure {
        let why = reason.strip_prefix("script rule ").unwrap_or(reason);
        let (rule, error) = why.split_once(": ").unwrap_or(("?", why));
        ScriptFailure {
            rule: rule.to_string(),
            file: Some(file),
            message: last_line(error),
        }
    }

    fn plain(f: scan::PlainFailure) -> ScriptFailure {
        ScriptFailure {
            rule: f.rule,
            file: None,
            message: last_line(&f.message),
        }
    }
}

/// The whole check.
#[derive(Debug)]
pub struct Report {
    pub mode: Mode,
    /// In path order.
    pub patches: Vec<PatchResult>,
    /// Files found.
    pub scanned: usize,
    /// Files that could not be read.
    pub skipped: Vec<Skipped>,
    pub elapsed: Duration,
}

impl Report {
    fn ran(&self) -> impl Iterator<Item = (&PatchResult, &PatchRun)> {
        self.patches.iter().filter_map(|p| match &p.status {
            Status::Ran(r) => Some((p, r)),
            _ => None,
        })
    }

    /// Whether every patch ran and no script failed (exit status 0, else 1).
    pub fn clean(&self) -> bool {
        self.patches.iter().all(|p| match &p.status {
            Status::Ran(r) => r.failures.is_empty(),
            Status::NoMode => true,
            Status::Refused(_) => false,
        })
    }
}

/// A patch ready to run over the files.
struct Loaded {
    /// Its index in the report.
    at: usize,
    sp: SemanticPatch,
    pre: Prefilter,
    hosts: Option<Arc<Hosts>>,
    /// Whether it runs on the `.h` files found in directories.
    headers: bool,
}

/// Whether a patch's `// Options:` line says `--include-headers`: without
/// it, coccicheck's spatch runs it on the `.c` files of the directories only.
fn wants_headers(src: &str) -> bool {
    src.lines()
        .filter_map(|l| l.strip_prefix("//"))
        .filter_map(|l| l.trim_start().strip_prefix("Options:"))
        .any(|o| o.split_whitespace().any(|w| w == "--include-headers"))
}

/// Reads and compiles one patch for the mode: `None` when it has no such
/// mode, `Err` with the diagnostic when it is refused.
fn load(
    path: &Path,
    shown: &Path,
    opts: &Options,
) -> Result<Option<(SemanticPatch, bool)>, String> {
    let (_, src) =
        Diagnostic::read_text(path, "semantic patch", "semantic patch is not valid UTF-8")
            .map_err(|d| d.to_string())?;
    let name = shown.display().to_string();
    let virtuals = SemanticPatch::declared_virtuals(&name, &src).map_err(|d| d.to_string())?;
    if !virtuals.iter().any(|v| v == opts.mode.name()) {
        return Ok(None);
    }
    let defines = defines_for(&virtuals, opts);
    SemanticPatch::parse_defined(&name, &src, crate::c::kernel_hints(), &defines)
        .map(|sp| Some((sp, wants_headers(&src))))
        .map_err(|d| d.to_string())
}

/// `-D MODE` and the extra defines that concern a patch declaring
/// `virtuals`: a `-D name` is given to the patches that declare `name`
/// only (spatch refuses one it does not know, and a run-wide `-D` is meant
/// for those that have it); `-D name=value` goes to every patch.
fn defines_for(virtuals: &[String], opts: &Options) -> Vec<String> {
    let mut d = vec![opts.mode.name().to_string()];
    d.extend(
        opts.defines
            .iter()
            .filter(|x| x.contains('=') || virtuals.contains(x))
            .filter(|x| x.as_str() != opts.mode.name())
            .cloned(),
    );
    d
}

/// Runs `patches` over the files of `disc`, showing paths with `shown`.
pub fn run(patches: &[PathBuf], disc: &Discovery, shown: &Shown, opts: &Options) -> Report {
    let t0 = Instant::now();
    type Compiled = Result<Option<(SemanticPatch, bool)>, String>;
    let compiled: Vec<(PathBuf, Compiled)> = patches
        .par_iter()
        .map(|p| {
            let name = shown.path(p);
            let sp = load(p, &name, opts);
            (name, sp)
        })
        .collect();
    let mut results = Vec::new();
    let mut live = Vec::new();
    // `@initialize@` rules run before any file, in patch order.
    for (at, (cocci, sp)) in compiled.into_iter().enumerate() {
        let status = match sp {
            Ok(None) => Status::NoMode,
            Err(e) => Status::Refused(e),
            Ok(Some((sp, headers))) => {
                let (run, loaded) = start(at, sp, headers);
                live.extend(loaded);
                Status::Ran(run)
            }
        };
        results.push(PatchResult { cocci, status });
    }
    let per_file: Vec<Result<Vec<Ran>, Skipped>> = disc
        .files
        .par_iter()
        .map(|p| {
            // A header found in a directory goes only to the patches that want headers.
            let header = p.extension().is_some_and(|e| e == "h") && !opts.named.contains(p);
            let live: Vec<&Loaded> = live.iter().filter(|l| l.headers || !header).collect();
            check_file(&live, p, shown.path(p), disc, opts.timeout)
        })
        .collect();
    let mut skipped = disc.skipped.clone();
    for (p, r) in disc.files.iter().zip(per_file) {
        match r {
            Err(s) => skipped.push(s),
            Ok(rs) => {
                for (at, r, took) in rs {
                    if let Status::Ran(run) = &mut results[at].status {
                        run.absorb(shown.path(p), r, took);
                    }
                }
            }
        }
    }
    // `@finalize@` rules run after every file, in patch order.
    for l in &live {
        if let Status::Ran(run) = &mut results[l.at].status {
            match scan::run_plain_rules(&l.sp, l.hosts.as_deref(), ScriptWhen::Finalize) {
                Ok(printed) => run.finalized = printed,
                Err(f) => run.failures.push(ScriptFailure::plain(f)),
            }
            // `check` makes one pass: an iteration a script asked for is
            // not run, and that is said, not skipped silently.
            let message = match l.hosts.as_deref().map(|h| h.take_pending()) {
                Some(Ok(its)) if !its.is_empty() => format!(
                    "{} iteration{} its scripts registered not run (`sempatch apply` runs them)",
                    its.len(),
                    if its.len() == 1 { "" } else { "s" }
                ),
                Some(Err(e)) => last_line(&e),
                _ => continue,
            };
            run.failures.push(ScriptFailure {
                rule: "iteration".into(),
                file: None,
                message,
            });
        }
    }
    Report {
        mode: opts.mode,
        patches: results,
        scanned: disc.files.len(),
        skipped,
        elapsed: t0.elapsed(),
    }
}

/// Starts a compiled patch: its script hosts (its own, so that its
/// scripts' globals are its own) and its `@initialize@` rules. A patch
/// whose initialization fails is not run over the files.
fn start(at: usize, sp: SemanticPatch, headers: bool) -> (PatchRun, Option<Loaded>) {
    let mut run = PatchRun::default();
    let hosts = scan::hosts_for(&sp);
    match scan::run_plain_rules(&sp, hosts.as_deref(), ScriptWhen::Initialize) {
        Ok(printed) => run.initialized = printed,
        Err(f) => {
            run.failures.push(ScriptFailure::plain(f));
            return (run, None);
        }
    }
    let pre = Prefilter::new(&sp);
    (
        run,
        Some(Loaded {
            at,
            sp,
            pre,
            hosts,
            headers,
        }),
    )
}

/// One patch run on one file: the patch's index in the report, what it
/// made of the file, and how long that took.
type Ran = (usize, FileResult, Duration);

/// Reads one file and runs every patch of `live` whose prefilter passes
/// it; gives, for each, its index in the report and the result.
fn check_file(
    live: &[&Loaded],
    path: &Path,
    shown: PathBuf,
    disc: &Discovery,
    timeout: Option<Duration>,
) -> Result<Vec<Ran>, Skipped> {
    let text = scan::read_text(path, disc).map_err(|reason| Skipped {
        path: shown.clone(),
        reason,
    })?;
    // Each patch parses the text again: the engine takes text, not a
    // parsed file, and sharing one parse between patches needs it to
    // (a later step).
    Ok(live
        .iter()
        .filter(|l| l.pre.may_match(&text))
        .map(|l| {
            let t0 = Instant::now();
            let r = scan::transform_text_in(
                &l.sp,
                text.clone(),
                shown.clone(),
                timeout,
                l.hosts.as_deref(),
                // As `make coccicheck` runs spatch: `--no-includes`.
                false,
            );
            (l.at, r, t0.elapsed())
        })
        .collect())
}

/// Writes the output as coccicheck prints it: per patch, what its scripts
/// printed and, in patch and context mode, its diffs. Each diff is against
/// the original text: two patches that change one file give two diffs,
/// which may not apply together.
pub fn write_text(rep: &Report, out: &mut impl Write) -> io::Result<()> {
    for (_, run) in rep.ran() {
        out.write_all(&run.initialized)?;
        for f in &run.files {
            out.write_all(&f.printed)?;
        }
        if rep.mode.shows_diffs() {
            for ch in run
                .files
                .iter()
                .flat_map(|f| f.change.iter().chain(&f.context))
            {
                out.write_all(&crate::diff::file_diff(&ch.path, &ch.old, &ch.new))?;
            }
        }
        out.write_all(&run.finalized)?;
    }
    Ok(())
}

/// One line of `check --json`.
#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Record<'a> {
    /// A report line, `file:line:col-col: message`.
    Finding {
        cocci: &'a Path,
        file: String,
        line: usize,
        column: usize,
        column_end: usize,
        message: String,
    },
    /// Any other line a script printed.
    Output {
        cocci: &'a Path,
        text: String,
    },
    /// A unified diff: a change (`context` false) or what `*` rules show.
    Diff {
        cocci: &'a Path,
        file: &'a Path,
        context: bool,
        diff: String,
    },
    /// A script rule that raised (`file` null: an initialize or finalize rule).
    ScriptFailed {
        cocci: &'a Path,
        rule: &'a str,
        file: Option<&'a Path>,
        message: &'a str,
    },
    /// A file not read, or not run to the end by one patch (`cocci`).
    Skipped {
        cocci: Option<&'a Path>,
        file: &'a Path,
        reason: &'a str,
    },
    Summary(Summary<'a>),
}

/// The last line of `check --json`.
#[derive(Debug, Serialize)]
pub struct Summary<'a> {
    pub version: u32,
    pub mode: &'static str,
    pub scanned: usize,
    pub seconds: f64,
    pub findings: usize,
    pub files_changed: usize,
    pub ran: usize,
    /// Patches without the mode.
    pub skipped: usize,
    pub refused: usize,
    pub script_failures: usize,
    pub files_skipped: usize,
    pub patches: Vec<PatchSummary<'a>>,
}

/// One patch in the summary.
#[derive(Debug, Serialize)]
pub struct PatchSummary<'a> {
    pub cocci: &'a Path,
    /// `ran`, `skipped` (no such mode) or `refused`.
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<&'a str>,
    pub findings: usize,
    pub files_changed: usize,
    pub files_shown: usize,
    pub candidates: usize,
    pub script_failures: usize,
    /// Time spent matching it, summed over the files.
    pub seconds: f64,
}

/// The summary of a check.
pub fn summary(rep: &Report) -> Summary<'_> {
    let patches: Vec<PatchSummary> = rep.patches.iter().map(patch_summary).collect();
    let count = |s: &str| patches.iter().filter(|p| p.status == s).count();
    Summary {
        version: 1,
        mode: rep.mode.name(),
        scanned: rep.scanned,
        seconds: (rep.elapsed.as_secs_f64() * 100.0).round() / 100.0,
        findings: patches.iter().map(|p| p.findings).sum(),
        files_changed: patches.iter().map(|p| p.files_changed).sum(),
        ran: count("ran"),
        skipped: count("skipped"),
        refused: count("refused"),
        script_failures: patches.iter().map(|p| p.script_failures).sum(),
        files_skipped: rep.skipped.len(),
        patches,
    }
}

fn patch_summary(p: &PatchResult) -> PatchSummary<'_> {
    let mut s = PatchSummary {
        cocci: &p.cocci,
        status: "ran",
        message: None,
        findings: 0,
        files_changed: 0,
        files_shown: 0,
        candidates: 0,
        script_failures: 0,
        seconds: 0.0,
    };
    match &p.status {
        Status::Ran(r) => {
            s.findings = r.findings();
            s.files_changed = r.files_changed();
            s.files_shown = r.files_shown();
            s.candidates = r.candidates;
            s.script_failures = r.failures.len();
            s.seconds = (r.busy.as_secs_f64() * 100.0).round() / 100.0;
        }
        Status::NoMode => s.status = "skipped",
        Status::Refused(m) => {
            s.status = "refused";
            s.message = Some(m);
        }
    }
    s
}

/// A report line `file:line:col-col: message`, taken apart.
fn parse_finding(line: &str) -> Option<(String, usize, usize, usize, String)> {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(r"^(.+?):(\d+):(\d+)-(\d+): (.*)$").expect("a valid regex")
    });
    let c = re.captures(line)?;
    let n = |i: usize| c[i].parse().ok();
    Some((c[1].to_string(), n(2)?, n(3)?, n(4)?, c[5].to_string()))
}

/// The records of what one patch printed.
fn printed_records<'a>(cocci: &'a Path, printed: &[u8], out: &mut Vec<Record<'a>>) {
    for line in String::from_utf8_lossy(printed).lines() {
        if line.trim().is_empty() {
            continue;
        }
        out.push(match parse_finding(line) {
            Some((file, line, column, column_end, message)) => Record::Finding {
                cocci,
                file,
                line,
                column,
                column_end,
                message,
            },
            None => Record::Output {
                cocci,
                text: line.to_string(),
            },
        });
    }
}

/// The JSON Lines records of a check, in output order, the summary last.
pub fn records(rep: &Report) -> Vec<Record<'_>> {
    let mut out = Vec::new();
    for (p, run) in rep.ran() {
        let cocci = p.cocci.as_path();
        for printed in run.printed() {
            printed_records(cocci, printed, &mut out);
        }
        if rep.mode.shows_diffs() {
            for f in &run.files {
                let shown = f.change.iter().map(|c| (c, false));
                for (ch, context) in shown.chain(f.context.iter().map(|c| (c, true))) {
                    let diff = crate::diff::file_diff(&ch.path, &ch.old, &ch.new);
                    out.push(Record::Diff {
                        cocci,
                        file: &f.file,
                        context,
                        diff: String::from_utf8_lossy(&diff).into_owned(),
                    });
                }
            }
        }
        for f in &run.failures {
            out.push(Record::ScriptFailed {
                cocci,
                rule: &f.rule,
                file: f.file.as_deref(),
                message: &f.message,
            });
        }
        for s in &run.skipped {
            out.push(Record::Skipped {
                cocci: Some(cocci),
                file: &s.path,
                reason: &s.reason,
            });
        }
    }
    for s in &rep.skipped {
        out.push(Record::Skipped {
            cocci: None,
            file: &s.path,
            reason: &s.reason,
        });
    }
    out.push(Record::Summary(summary(rep)));
    out
}

/// The human summary: totals, then a line per patch (what it found, or
/// why it did not run), script failures and skipped files.
pub fn summary_text(rep: &Report, timed: bool) -> String {
    let s = summary(rep);
    let mut t = format!(
        "sempatch check: {} mode: {} semantic patch{} ran over {} file{} in {:.1} s: {} finding{}, {} file{} changed",
        s.mode,
        s.ran,
        if s.ran == 1 { "" } else { "es" },
        s.scanned,
        plural(s.scanned),
        s.seconds,
        s.findings,
        plural(s.findings),
        s.files_changed,
        plural(s.files_changed),
    );
    if s.skipped > 0 {
        t += &format!("; {} skipped (no `virtual {}`)", s.skipped, rep.mode.name());
    }
    if s.refused > 0 {
        t += &format!("; {} refused", s.refused);
    }
    if s.script_failures > 0 {
        t += &format!(
            "; {} script failure{}",
            s.script_failures,
            plural(s.script_failures)
        );
    }
    t.push('\n');
    for (p, ps) in rep.patches.iter().zip(&s.patches) {
        t += &format!(
            "  {}: {}\n",
            p.cocci.display(),
            patch_line(&p.status, ps, rep.mode)
        );
        if let Status::Ran(run) = &p.status {
            if timed {
                if let Some((file, took)) = &run.slowest {
                    t += &format!(
                        "    {:.2} s over {} file{}; slowest {}: {:.2} s\n",
                        run.busy.as_secs_f64(),
                        run.candidates,
                        plural(run.candidates),
                        file.display(),
                        took.as_secs_f64()
                    );
                }
            }
            for f in &run.failures {
                let on = f
                    .file
                    .as_ref()
                    .map_or(String::new(), |f| format!(" on {}", f.display()));
                t += &format!("    script rule {} failed{on}: {}\n", f.rule, f.message);
            }
            for sk in &run.skipped {
                t += &format!("    {}: skipped: {}\n", sk.path.display(), sk.reason);
            }
        }
    }
    for sk in &rep.skipped {
        t += &format!("{}: skipped: {}\n", sk.path.display(), sk.reason);
    }
    t
}

/// What one patch's summary line says after its name.
fn patch_line(status: &Status, s: &PatchSummary, mode: Mode) -> String {
    match status {
        Status::NoMode => format!("skipped: no `virtual {}`", mode.name()),
        Status::Refused(m) => format!("refused: {}", m.replace('\n', "\n      ")),
        Status::Ran(_) => {
            let mut parts = Vec::new();
            if s.findings > 0 || !mode.shows_diffs() {
                parts.push(format!("{} finding{}", s.findings, plural(s.findings)));
            }
            if s.files_changed > 0 || mode == Mode::Patch {
                parts.push(format!(
                    "{} file{} changed",
                    s.files_changed,
                    plural(s.files_changed)
                ));
            }
            if s.files_shown > 0 || mode == Mode::Context {
                parts.push(format!(
                    "{} file{} shown",
                    s.files_shown,
                    plural(s.files_shown)
                ));
            }
            parts.join(", ")
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_line_is_taken_apart() {
        assert_eq!(
            parse_finding("mm/a.c:12:4-9: WARNING: x"),
            Some(("mm/a.c".into(), 12, 4, 9, "WARNING: x".into()))
        );
        assert_eq!(
            parse_finding("* TODO [[view:mm/a.c::face=ovl-face1::linb=1]]"),
            None
        );
    }

    #[test]
    fn a_name_define_goes_only_to_patches_that_declare_it() {
        let opts = Options {
            mode: Mode::Report,
            defines: vec!["rule=x".into(), "fix".into(), "report".into()],
            ..Default::default()
        };
        assert_eq!(defines_for(&["report".into()], &opts), ["report", "rule=x"]);
        assert_eq!(
            defines_for(&["report".into(), "fix".into()], &opts),
            ["report", "rule=x", "fix"]
        );
    }

    #[test]
    fn headers_are_wanted_as_the_options_line_says() {
        assert!(wants_headers(
            "/// x\n// Options: --no-includes --include-headers\n@@\n"
        ));
        assert!(!wants_headers(
            "// Options: --no-includes\n// --include-headers\n"
        ));
    }

    #[test]
    fn paths_are_shown_from_the_tree_root() {
        let s = Shown::new(Path::new(".."), Path::new("/k/mm"));
        assert_eq!(s.path(Path::new("gup.c")), Path::new("mm/gup.c"));
        assert_eq!(s.path(Path::new("/k/./fs/../mm/a.c")), Path::new("mm/a.c"));
        assert_eq!(
            s.path(Path::new("/elsewhere/a.c")),
            Path::new("/elsewhere/a.c")
        );
    }
}

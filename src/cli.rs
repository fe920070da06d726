//! Command-line interface: argument parsing and the commands' plumbing.

use clap::{Parser, Subcommand};
use sempatch::smpl::SemanticPatch;
use sempatch::{c, check, color, diff, interrupt, json, scan, series, write};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Apply Coccinelle-style semantic patches to C trees.
#[derive(Parser, Debug)]
#[command(name = "sempatch", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Apply a semantic patch: print a unified diff, or rewrite files with --in-place.
    Apply(ApplyArgs),
    /// Review each hunk of a semantic patch (or of a manifest's transforms)
    /// before it is written (or goes into the series): [y]es [n]o [a]ll [q]uit [e]dit.
    Review(crate::review_cmd::ReviewArgs),
    /// Run a manifest's transforms and make a numbered patch series of them:
    /// commits on a new branch, format-patch files and a cover letter.
    Series {
        /// The series manifest.
        #[arg(long, default_value = "transforms/series.toml")]
        manifest: PathBuf,
        /// Where the git repository is (HEAD is the base of the series).
        #[arg(long, default_value = ".")]
        tree: PathBuf,
        /// The branch to create (default: the manifest's, else from the title).
        #[arg(long)]
        branch: Option<String>,
        /// Where to write the patch files.
        #[arg(long, default_value = "patches")]
        out: PathBuf,
        /// Print the planned series; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Replace an existing branch of the same name.
        #[arg(long)]
        force: bool,
        /// Author and committer date (default: GIT_AUTHOR_DATE/GIT_COMMITTER_DATE, else now).
        #[arg(long)]
        date: Option<String>,
        /// Author and Signed-off-by, `Name <email>` (default: git config).
        #[arg(long)]
        author: Option<String>,
    },
    /// Run a tree's scripts/coccinelle semantic patches (or those given) in one
    /// mode over the files, as the kernel's `make coccicheck` does, in one pass.
    Check(CheckArgs),
    /// Count function definitions that parse without errors.
    ParseStats(ParseStatsArgs),
    /// Build or refresh the word index of a git work tree: later `apply` runs
    /// read only the files whose words can match.
    Index {
        /// A directory inside the work tree (default: the current directory).
        #[arg(default_value = ".")]
        path: PathBuf,
    },
}

/// Options of `parse-stats`.
#[derive(clap::Args, Debug)]
pub struct ParseStatsArgs {
    /// List each function or top-level item with a parse error (`file:line: name`).
    #[arg(long)]
    verbose: bool,
    /// Also count the .h files found in directories (named files always count).
    #[arg(long)]
    headers: bool,
    /// Extra macro hints, in the format of the shipped hints file.
    #[arg(long, value_name = "FILE")]
    macro_file: Option<PathBuf>,
    /// Print the N most frequent causes of parse errors in functions.
    #[arg(long, value_name = "N")]
    causes: Option<usize>,
    /// Parse with stock tree-sitter-c only (no kernel dialect layer).
    #[arg(long)]
    no_dialect: bool,
    /// Read every file first, then time stock tree-sitter-c and the dialect layer on them.
    #[arg(long, hide = true)]
    bench: bool,
    /// Files or directories (default: the current directory).
    paths: Vec<PathBuf>,
}

/// Arguments of `sempatch apply`.
#[derive(clap::Args, Debug)]
pub struct ApplyArgs {
    /// Rewrite the files instead of printing a diff.
    #[arg(long)]
    pub in_place: bool,
    /// Print a diffstat instead of the diff.
    #[arg(long)]
    pub stat: bool,
    /// Print JSON Lines on stdout instead: one object per change (per file with
    /// --stat), then a summary object (schema in README.md).
    #[arg(long)]
    pub json: bool,
    /// Colour the diff and diffstat: auto (when stdout is a terminal and
    /// NO_COLOR is unset), always, never.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = color::When::Auto, alias = "colour")]
    pub color: color::When,
    /// No progress bar and no summary line on stderr.
    #[arg(long, short)]
    pub quiet: bool,
    /// Worker threads (default: one per core).
    #[arg(long, short)]
    pub jobs: Option<usize>,
    /// Seconds one file may take before it is abandoned and reported.
    #[arg(long, default_value_t = 10)]
    pub timeout: u64,
    /// More macro hints (see README, "Macro hints"), on top of the shipped ones.
    #[arg(long, value_name = "FILE")]
    pub macro_file: Option<PathBuf>,
    /// Read every file even when the work tree has a word index (`sempatch index`).
    #[arg(long)]
    pub no_index: bool,
    /// Also say where a match was not made because a name's meaning could
    /// not be told (a name in `sizeof(x)` that may or may not be a type).
    #[arg(long, short)]
    pub verbose: bool,
    /// Turn on the virtual rule NAME (`virtual NAME` in the semantic patch),
    /// as `spatch -D NAME` does: `-D patch`, `-D report`; `-D NAME=VALUE`
    /// gives `virtual.NAME` its value. Repeatable.
    #[arg(short = 'D', value_name = "NAME[=VALUE]")]
    pub define: Vec<String>,
    /// The semantic patch (.cocci).
    pub patch: PathBuf,
    /// Files or directories to work on (default: the current directory).
    pub paths: Vec<PathBuf>,
}

/// Arguments of `sempatch check`.
#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// The virtual rule every patch runs with (`-D MODE`); a patch that
    /// does not declare it is skipped.
    #[arg(long, value_enum, default_value_t = check::Mode::Report)]
    pub mode: check::Mode,
    /// More virtual rules (`-D NAME`, given to the patches that declare
    /// NAME) or values (`-D NAME=VALUE`). Repeatable.
    #[arg(short = 'D', value_name = "NAME[=VALUE]")]
    pub define: Vec<String>,
    /// A semantic patch, or a directory of them (searched recursively),
    /// instead of the tree's scripts/coccinelle/. Repeatable.
    #[arg(long, value_name = "FILE|DIR")]
    pub cocci: Vec<PathBuf>,
    /// Print JSON Lines on stdout: findings, diffs, failures, then a summary.
    #[arg(long)]
    pub json: bool,
    /// Worker threads (default: one per core).
    #[arg(long, short)]
    pub jobs: Option<usize>,
    /// No summary on stderr.
    #[arg(long, short)]
    pub quiet: bool,
    /// Also say, in the summary, how long each patch took and on which file
    /// it was slowest.
    #[arg(long, short)]
    pub verbose: bool,
    /// Seconds one patch may take on one file before it is abandoned and reported.
    #[arg(long, default_value_t = 10)]
    pub timeout: u64,
    /// Files or directories to check (default: the current directory).
    pub paths: Vec<PathBuf>,
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Apply(args) => apply(args),
        Command::Review(args) => crate::review_cmd::review(args),
        Command::Check(args) => check(args),
        Command::ParseStats(args) => parse_stats(args),
        Command::Index { path } => build_index(&path),
        Command::Series {
            manifest,
            tree,
            branch,
            out,
            dry_run,
            force,
            date,
            author,
        } => series(series::Options {
            manifest,
            tree,
            branch,
            out,
            dry_run,
            force,
            date,
            author,
            reviewer: None,
        }),
    }
}

fn bad_input(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("{msg}");
    ExitCode::from(2)
}

fn cwd() -> PathBuf {
    std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."))
}

fn discover(paths: Vec<PathBuf>) -> Result<scan::Discovery, ExitCode> {
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths
    };
    scan::discover(&paths).map_err(bad_input)
}

fn build_index(path: &std::path::Path) -> ExitCode {
    let t = std::time::Instant::now();
    match sempatch::index::build(path) {
        Ok(b) => {
            eprintln!(
                "sempatch: indexed {} files in {:.1} s: {} ({} MB)",
                b.files,
                t.elapsed().as_secs_f64(),
                b.path.display(),
                b.bytes >> 20
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}

/// The virtual rules `defines` turn on in `sp` (not the `name=value`
/// identifiers), sorted: what decides whether Python `@initialize@` rules
/// run again for an iteration.
fn virtual_rules_of(sp: &SemanticPatch, defines: &[String]) -> Vec<String> {
    let mut v: Vec<String> = defines
        .iter()
        .filter(|d| !d.contains('=') && sp.virtuals.contains(d))
        .cloned()
        .collect();
    v.sort();
    v.dedup();
    v
}

/// Stack size of the threads that process files (see `apply`).
const WORKER_STACK: usize = 64 << 20;

/// Runs `f` on `pool`, or here when the pool could not be made.
fn on_pool<R: Send>(
    pool: &Result<rayon::ThreadPool, rayon::ThreadPoolBuildError>,
    f: impl FnOnce() -> R + Send,
) -> R {
    match pool {
        Ok(p) => p.install(f),
        Err(_) => f(),
    }
}

fn apply(args: ApplyArgs) -> ExitCode {
    let ApplyArgs {
        in_place,
        stat,
        json,
        color,
        quiet,
        jobs,
        timeout,
        macro_file,
        no_index,
        verbose,
        define,
        patch,
        paths,
    } = args;
    // Patterns and files must be read with the same hints: the semantic
    // patch keeps the ones it was read with.
    let hints = match &macro_file {
        Some(f) => match sempatch::c::load_macro_file(f) {
            Ok(h) => h,
            Err(d) => return bad_input(d),
        },
        None => sempatch::c::kernel_hints(),
    };
    // With --json, bad input is also an `error` object, for bots that read only stdout.
    let refuse = |file: String, at: Option<(usize, usize)>, message: String, shown: String| {
        if json {
            let mut out = std::io::stdout().lock();
            let _ = json::emit(
                &mut out,
                &json::Record::Error {
                    file,
                    line: at.map(|a| a.0),
                    col: at.map(|a| a.1),
                    message,
                },
            );
        }
        bad_input(shown)
    };
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths
    };
    // Every file is processed on a pool thread with a large stack: parsing and
    // matching recurse over the syntax tree, and pathologically deep nesting
    // (thousands of nested `if`s) would overflow the 8 MB main stack and abort
    // the process. The stack is address space, only touched pages cost memory.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .stack_size(WORKER_STACK)
        .build();
    // The patch is compiled while the files are listed.
    let timings = std::env::var_os("SEMPATCH_TIMINGS").is_some();
    let t0 = std::time::Instant::now();
    let (parsed, found) = on_pool(&pool, || {
        rayon::join(
            || SemanticPatch::from_path_defined(&patch, hints, &define),
            || scan::discover_with(&paths, !no_index),
        )
    });
    let sp = match parsed {
        Ok(sp) => sp,
        Err(d) => {
            let at = (d.line > 0).then_some((d.line, d.col));
            return refuse(d.file.clone(), at, d.message.clone(), d.to_string());
        }
    };
    // Script rules run in hosts started for this run; `@initialize@`
    // rules run now, before any file.
    let hosts = scan::hosts_for(&sp);
    let run_plain = |sp: &SemanticPatch, when: sempatch::smpl::ScriptWhen, passes: usize| {
        scan::run_plain_rules_after(sp, hosts.as_deref(), when, passes)
            .map_err(|e| format!("{}:{}: {e}", sp.file, e.line))
    };
    let initialized = match run_plain(&sp, sempatch::smpl::ScriptWhen::Initialize, 1) {
        Ok(p) => p,
        Err(e) => return bad_input(e),
    };
    let mut disc = match found {
        Ok(d) => d,
        Err(e) => {
            let (file, message) = e.split_once(": ").unwrap_or(("", &e));
            return refuse(file.to_string(), None, message.to_string(), e.clone());
        }
    };
    let t1 = std::time::Instant::now();
    if in_place {
        interrupt::install();
    }
    let base = cwd();
    let opts = scan::RunOptions {
        timeout: Some(std::time::Duration::from_secs(timeout.max(1))),
        progress: !quiet,
        scripts: hosts.clone(),
    };
    let mut out = Output {
        out: std::io::stdout().lock(),
        open: true,
    };
    let painted = !json && color.enabled();
    let mut summary = json::Summary {
        version: json::VERSION,
        in_place,
        ..Default::default()
    };
    let mut stats = Vec::new();
    let mut written = 0;
    // Across the passes an iteration adds (see `script::iteration`).
    let mut sp = sp;
    let mut initialized = initialized;
    let mut pending = sempatch::script::iteration::Pending::default();
    let mut defines = define.clone();
    let mut initialized_for = vec![virtual_rules_of(&sp, &defines)];
    let mut passes = 0;
    let mut index_refused = None;
    let mut from_index = 0;
    let mut not_parsed = 0;
    loop {
        let mut rep = on_pool(&pool, || scan::run_with(&sp, &disc, &base, &opts));
        if !verbose {
            rep.notes.retain(|(_, n)| !n.detail);
        }
        if timings {
            eprintln!(
                "sempatch: timings: patch and file list {:.0?}, run {:.0?}",
                t1 - t0,
                t1.elapsed()
            );
        }
        if rep.script_failed {
            // A script that fails is bad input: nothing is written.
            for s in &rep.skipped {
                eprintln!("{}: {}", s.path.display(), s.reason);
            }
            out.flush();
            return ExitCode::from(2);
        }
        // What scripts print, as spatch prints it (in file order, whatever
        // `-j`); beside JSON records it goes to stderr.
        for printed in [&std::mem::take(&mut initialized), &rep.printed] {
            if json {
                eprint!("{}", String::from_utf8_lossy(printed));
            } else {
                out.bytes(printed);
            }
        }
        for s in &rep.skipped {
            eprintln!("{}: skipped: {}", s.path.display(), s.reason);
            if json {
                out.record(&json::Record::Skipped {
                    file: s.path.to_string_lossy().into_owned(),
                    reason: s.reason.clone(),
                });
            }
        }
        for (p, n) in &rep.notes {
            eprintln!("{}:{}: {}", p.display(), n.line, n.message);
            if json {
                out.record(&json::Record::Note {
                    file: p.to_string_lossy().into_owned(),
                    line: n.line,
                    message: n.message.clone(),
                });
            }
        }
        summary.scanned += rep.scanned;
        summary.candidates += rep.candidates;
        summary.files_changed += rep.changes.len();
        summary.skipped += rep.skipped.len();
        summary.notes += rep.notes.len();
        index_refused = index_refused.or(rep.index_refused.clone());
        from_index += rep.from_index;
        not_parsed += rep
            .notes
            .iter()
            .filter(|(_, n)| n.message.starts_with(sempatch::engine::NOT_PARSED))
            .count();
        let status = |written: usize| {
            format!(
            "{written} of {} changed files written; each file is either untouched or wholly rewritten",
            rep.changes.len()
        )
        };
        if in_place {
            interrupt::set_status(Some(status(0)));
        }
        for ch in &rep.changes {
            let shown = ch.path.display().to_string();
            let (a, d) = diff::counts(&ch.old, &ch.new);
            let changes = if json { json::changes(ch) } else { Vec::new() };
            summary.insertions += a;
            summary.deletions += d;
            summary.sites += ch.sites.len();
            summary.changes += changes.len();
            if stat && json {
                out.record(&json::Record::File(json::FileStat {
                    file: ch.path.to_string_lossy().into_owned(),
                    insertions: a,
                    deletions: d,
                    sites: ch.sites.len(),
                    changes: changes.len(),
                }));
            } else if stat {
                stats.push((shown.clone(), a, d));
            } else if json {
                for c in changes {
                    out.record(&json::Record::Change(c));
                }
            } else if !in_place {
                let text = diff::file_diff(&ch.path, &ch.old, &ch.new);
                out.bytes(&if painted { color::diff(&text) } else { text });
            }
            if in_place {
                let target = if ch.path.is_absolute() {
                    ch.path.clone()
                } else {
                    base.join(&ch.path)
                };
                // The count an interrupt reports must include this file if it is written.
                let _section = interrupt::critical();
                // Checked against what was read: an editor may have saved the file since.
                match write::write_if_unchanged(&target, &ch.old, &ch.new) {
                    Ok(()) => written += 1,
                    Err(e) => {
                        eprintln!("{shown}: not written: {e}");
                        summary.errors += 1;
                        if json {
                            out.record(&json::Record::Error {
                                file: ch.path.to_string_lossy().into_owned(),
                                line: None,
                                col: None,
                                message: format!("not written: {e}"),
                            });
                        }
                    }
                }
                interrupt::set_status(Some(status(written)));
            }
        }
        // What `*` rules show: a diff whose `-` lines are the matched code, as
        // spatch prints in context mode. Never written, even with --in-place.
        if !stat && !json {
            for ch in &rep.context {
                let text = diff::file_diff(&ch.path, &ch.old, &ch.new);
                out.bytes(&if painted { color::diff(&text) } else { text });
            }
        }
        passes += 1;
        // Iterations the scripts registered run after this pass; `@finalize@`
        // only once none is left (and it may register more), as in spatch.
        let take_pending = |pending: &mut sempatch::script::iteration::Pending,
                            defines: &[String]| {
            match hosts.as_deref().map(|h| h.take_pending()) {
                Some(Ok(its)) => {
                    for it in its {
                        pending.add(it, defines);
                    }
                    Ok(())
                }
                Some(Err(e)) => Err(format!("{}: {e}", sp.file)),
                None => Ok(()),
            }
        };
        if let Err(e) = take_pending(&mut pending, &defines) {
            out.flush();
            return bad_input(e);
        }
        if pending.is_empty() {
            match run_plain(&sp, sempatch::smpl::ScriptWhen::Finalize, passes) {
                Ok(p) if json => eprint!("{}", String::from_utf8_lossy(&p)),
                Ok(p) => out.bytes(&p),
                Err(e) => {
                    out.flush();
                    return bad_input(e);
                }
            }
            passes = 0;
            if let Err(e) = take_pending(&mut pending, &defines) {
                out.flush();
                return bad_input(e);
            }
        }
        let Some(next) = pending.take_next() else {
            break;
        };
        if !in_place && !rep.changes.is_empty() {
            // The next pass would read the files as they are on disk, without
            // this pass's changes: spatch stops here too.
            eprintln!(
            "sempatch: {}: a script registered an iteration, which needs the changes written first: not run (use --in-place)",
            sp.file
        );
            break;
        }
        defines = next.defines;
        sp = match SemanticPatch::from_path_defined(&patch, sp.hints.clone(), &defines) {
            Ok(sp) => sp,
            Err(d) => {
                out.flush();
                return bad_input(format!(
                    "in an iteration (-D {}): {d}",
                    defines.join(" -D ")
                ));
            }
        };
        // Python `@initialize@` rules run again for a set of virtual rules not
        // seen yet, as in spatch; OCaml ones are definitions, made once.
        let rules_now = virtual_rules_of(&sp, &defines);
        if !initialized_for.contains(&rules_now) {
            initialized_for.push(rules_now);
            match scan::run_plain_rules_in(
                &sp,
                hosts.as_deref(),
                sempatch::smpl::ScriptWhen::Initialize,
                1,
                Some("python"),
            ) {
                Ok(p) => initialized = p,
                Err(e) => {
                    out.flush();
                    return bad_input(format!("{}:{}: {e}", sp.file, e.line));
                }
            }
        }
        let files = match next.files {
            Some(f) => f.into_iter().map(PathBuf::from).collect(),
            None => paths.clone(),
        };
        disc = match scan::discover_with(&files, !no_index) {
            Ok(d) => d,
            Err(e) => {
                out.flush();
                return bad_input(format!("in an iteration: {e}"));
            }
        };
    }
    if stat && !stats.is_empty() {
        let text = diff::stat(&stats);
        out.bytes(if painted { color::stat(&text) } else { text }.as_bytes());
    }
    if json {
        out.record(&json::Record::Summary(summary.clone()));
    }
    out.flush();
    if let Some(why) = &index_refused {
        eprintln!("sempatch: word index not used: {why}");
    }
    if !quiet && from_index > 0 {
        eprintln!(
            "sempatch: word index: {} of {} files answered without reading them",
            from_index, summary.scanned
        );
    }
    if !quiet {
        eprintln!(
            "sempatch: {} file{} scanned, {} candidate{}, {} changed ({} site{}){}",
            summary.scanned,
            plural(summary.scanned),
            summary.candidates,
            plural(summary.candidates),
            summary.files_changed,
            summary.sites,
            plural(summary.sites),
            if summary.skipped == 0 {
                String::new()
            } else {
                format!(", {} skipped", summary.skipped)
            }
        );
        if not_parsed > 0 {
            eprintln!("sempatch: {not_parsed} place{} where a rule's identifiers sit in code that did not parse (listed above)", plural(not_parsed));
        }
    }
    if summary.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `sempatch check`: exit status 0 when every patch ran (or lacked the
/// mode) and no script failed, 1 when one was refused or a script failed,
/// 2 for bad input (no patches, a missing path).
fn check(args: CheckArgs) -> ExitCode {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths
    };
    let cwd = cwd();
    let root = check::find_root(&paths[0], &cwd);
    let patches = match check::list_patches(root.as_deref(), &args.cocci) {
        Ok(p) => p,
        Err(e) => return bad_input(format!("sempatch check: {e}")),
    };
    let disc = match scan::discover(&paths) {
        Ok(d) => d,
        Err(e) => return bad_input(e),
    };
    let shown = check::Shown::new(root.as_deref().unwrap_or(&cwd), &cwd);
    let opts = check::Options {
        mode: args.mode,
        defines: args.define,
        timeout: Some(std::time::Duration::from_secs(args.timeout.max(1))),
        named: paths.iter().filter(|p| p.is_file()).cloned().collect(),
    };
    // A large stack for the workers, as in `apply`.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .stack_size(WORKER_STACK)
        .build();
    let rep = on_pool(&pool, || check::run(&patches, &disc, &shown, &opts));
    let mut out = Output {
        out: std::io::stdout().lock(),
        open: true,
    };
    if args.json {
        for r in check::records(&rep) {
            if let Ok(line) = serde_json::to_string(&r) {
                out.bytes(format!("{line}\n").as_bytes());
            }
        }
    } else {
        let mut text = Vec::new();
        let _ = check::write_text(&rep, &mut text);
        out.bytes(&text);
        if !args.quiet {
            out.flush();
            eprint!("{}", check::summary_text(&rep, args.verbose));
        }
    }
    out.flush();
    if rep.clean() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Standard output that stops trying once the reader has gone away
/// (`sempatch apply … | head`), while the run itself carries on.
struct Output<W: Write> {
    out: W,
    open: bool,
}

impl<W: Write> Output<W> {
    fn bytes(&mut self, b: &[u8]) {
        if self.open && self.out.write_all(b).is_err() {
            self.open = false;
        }
    }

    fn record(&mut self, r: &json::Record) {
        if self.open && json::emit(&mut self.out, r).is_err() {
            self.open = false;
        }
    }

    fn flush(&mut self) {
        if self.open && self.out.flush().is_err() {
            self.open = false;
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

fn parse_stats(args: ParseStatsArgs) -> ExitCode {
    use c::stats::{self, ParseStats, Unclean};
    use rayon::prelude::*;
    let hints = match &args.macro_file {
        Some(f) => match c::load_macro_file(f) {
            Ok(h) => h,
            Err(d) => return bad_input(d),
        },
        None => c::kernel_hints(),
    };
    let named: Vec<PathBuf> = args.paths.iter().filter(|p| p.is_file()).cloned().collect();
    let disc = match discover(args.paths) {
        Ok(d) => d,
        Err(code) => return code,
    };
    for s in &disc.skipped {
        eprintln!("{}: skipped: {}", s.path.display(), s.reason);
    }
    // Directories contribute .c files (and .h files with --headers).
    let files: Vec<&PathBuf> = disc
        .files
        .iter()
        .filter(|p| {
            named.contains(p)
                || p.extension()
                    .is_some_and(|e| e == "c" || (args.headers && e == "h"))
        })
        .collect();
    let base = cwd();
    if args.bench {
        return parse_bench(&files, &hints);
    }
    let count = |t: &[u8]| {
        if args.no_dialect {
            stats::file_stats_plain(t)
        } else {
            stats::file_stats(&hints, t)
        }
    };
    let want_causes = args.causes.is_some();
    type Causes = Vec<(String, usize)>;
    type FileResult = Result<(ParseStats, Causes), String>;
    let per_file: Vec<(PathBuf, FileResult)> = files
        .par_iter()
        .map(|p| {
            let r = std::fs::read(p).map_err(|e| e.to_string()).map(|t| {
                let st = count(&t);
                let causes = if want_causes {
                    st.unclean
                        .iter()
                        .filter(|it| it.kind != Unclean::Other)
                        .map(|it| {
                            // Left-out code is its own cause, whatever is around it.
                            let cause = if it.error.starts_with("code left out") {
                                it.error.clone()
                            } else {
                                stats::cause(&t, it.error_at, &it.error)
                            };
                            (cause, c::line_of(&t, it.error_at))
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                (st, causes)
            });
            (scan::display_path(p, &base), r)
        })
        .collect();
    let mut total = ParseStats::default();
    let mut causes: std::collections::HashMap<String, (usize, String)> = Default::default();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for (p, r) in per_file {
        match r {
            Ok((st, cs)) => {
                for (cause, line) in cs {
                    let e = causes
                        .entry(cause)
                        .or_insert_with(|| (0, format!("{}:{}", p.display(), line)));
                    e.0 += 1;
                }
                if args.verbose {
                    for it in &st.unclean {
                        let what = match it.kind {
                            Unclean::Function => String::new(),
                            Unclean::Swallowed => " (not recognised as a function)".into(),
                            Unclean::Other => " (not a function)".into(),
                        };
                        let _ = writeln!(out, "{}:{}: {}{}", p.display(), it.line, it.name, what);
                    }
                }
                total.add(&st);
            }
            Err(e) => eprintln!("{}: skipped: cannot read: {e}", p.display()),
        }
    }
    if let Some(n) = args.causes {
        let mut v: Vec<(String, (usize, String))> = causes.into_iter().collect();
        v.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then_with(|| a.0.cmp(&b.0)));
        for (cause, (k, example)) in v.into_iter().take(n) {
            let _ = writeln!(out, "{k:8}  {cause}  (e.g. {example})");
        }
    }
    if total.other > 0 {
        let _ = writeln!(
            out,
            "parse-stats: {} other top-level item{} with errors (not functions, not counted below)",
            total.other,
            plural(total.other)
        );
    }
    let _ = writeln!(
        out,
        "parse-stats: {} files, {} functions, {} clean ({:.2}%)",
        total.files,
        total.functions,
        total.clean,
        total.percent()
    );
    ExitCode::SUCCESS
}

/// Reads `files` into memory, then parses them all with stock tree-sitter-c and
/// all through the dialect layer, timing both on the same warm data.
fn parse_bench(files: &[&PathBuf], hints: &c::hints::Hints) -> ExitCode {
    use c::stats::{self, ParseStats};
    use rayon::prelude::*;
    let texts: Vec<Vec<u8>> = files
        .par_iter()
        .filter_map(|p| std::fs::read(p).ok())
        .collect();
    let bytes: usize = texts.iter().map(Vec::len).sum();
    // CPU time of this process (what other load on the machine does not skew),
    // from /proc where there is one, else wall-clock time.
    let cpu = || -> Option<f64> {
        let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
        let fields: Vec<&str> = stat.rsplit(')').next()?.split_whitespace().collect();
        let ticks: f64 =
            fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
        Some(ticks / 100.0)
    };
    let run = |f: &(dyn Fn(&[u8]) -> ParseStats + Sync)| {
        let (t0, c0) = (std::time::Instant::now(), cpu());
        let st = texts
            .par_iter()
            .map(|t| f(t))
            .reduce(ParseStats::default, |mut a, b| {
                a.add(&b);
                a
            });
        let wall = t0.elapsed().as_secs_f64();
        (wall, cpu().zip(c0).map(|(c1, c0)| c1 - c0), st)
    };
    let (stock_wall, stock_cpu, stock) = run(&stats::file_stats_plain);
    let (dialect_wall, dialect_cpu, dialect) = run(&|t: &[u8]| stats::file_stats(hints, t));
    println!(
        "parse-stats: bench: {} files, {:.1} MB, {} threads",
        texts.len(),
        bytes as f64 / 1e6,
        rayon::current_num_threads()
    );
    println!(
        "parse-stats: bench: stock tree-sitter-c {:.2}% clean, dialect {:.2}% clean",
        stock.percent(),
        dialect.percent(),
    );
    println!(
        "parse-stats: bench: wall time: stock {stock_wall:.2}s, dialect {dialect_wall:.2}s ({:+.1}%)",
        (dialect_wall / stock_wall - 1.0) * 100.0
    );
    if let (Some(s), Some(d)) = (stock_cpu, dialect_cpu) {
        println!(
            "parse-stats: bench: CPU time: stock {s:.2}s, dialect {d:.2}s ({:+.1}%)",
            (d / s - 1.0) * 100.0
        );
    }
    println!(
        "parse-stats: {} files, {} functions, {} clean ({:.2}%)",
        dialect.files,
        dialect.functions,
        dialect.clean,
        dialect.percent()
    );
    ExitCode::SUCCESS
}

fn series(opts: series::Options) -> ExitCode {
    if !opts.dry_run {
        interrupt::install();
        interrupt::set_status(Some(
            "no branch was created and no patch file written (only unreferenced git objects, which `git gc` removes)".into(),
        ));
    }
    let res = series::run(&opts, &mut |n| eprintln!("sempatch: {n}"));
    interrupt::set_status(None);
    match res {
        Ok(rep) => {
            if opts.dry_run {
                print!("{}", rep.listing);
            } else {
                eprint!("{}", rep.listing);
            }
            ExitCode::SUCCESS
        }
        Err(series::Error::Input(m)) => bad_input(m),
        Err(series::Error::Failed(m)) => {
            eprintln!("sempatch: {m}");
            ExitCode::from(1)
        }
    }
}

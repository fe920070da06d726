//! Command-line interface: argument parsing and the commands' plumbing.

use clap::{Parser, Subcommand};
use sempatch::smpl::SemanticPatch;
use sempatch::{c, diff, scan, series, write};
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
    Apply {
        /// Rewrite the files instead of printing a diff.
        #[arg(long)]
        in_place: bool,
        /// Print a diffstat instead of the diff.
        #[arg(long)]
        stat: bool,
        /// The semantic patch (.cocci).
        patch: PathBuf,
        /// Files or directories to work on (default: the current directory).
        paths: Vec<PathBuf>,
    },
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
    /// Count function definitions that parse without errors.
    ParseStats {
        /// List each function with a parse error.
        #[arg(long)]
        verbose: bool,
        /// Files or directories (default: the current directory).
        paths: Vec<PathBuf>,
    },
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Apply {
            in_place,
            stat,
            patch,
            paths,
        } => apply(in_place, stat, &patch, paths),
        Command::ParseStats { verbose, paths } => parse_stats(verbose, paths),
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

fn apply(in_place: bool, stat: bool, patch: &std::path::Path, paths: Vec<PathBuf>) -> ExitCode {
    let sp = match SemanticPatch::from_path(patch) {
        Ok(sp) => sp,
        Err(d) => return bad_input(d),
    };
    let disc = match discover(paths) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let base = cwd();
    let rep = scan::run(&sp, &disc, &base);
    for s in &rep.skipped {
        eprintln!("{}: skipped: {}", s.path.display(), s.reason);
    }
    for (p, n) in &rep.notes {
        eprintln!("{}:{}: {}", p.display(), n.line, n.message);
    }
    let mut failed = false;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut stats = Vec::new();
    for ch in &rep.changes {
        let shown = ch.path.display().to_string();
        if stat {
            let (a, d) = diff::counts(&ch.old, &ch.new);
            stats.push((shown.clone(), a, d));
        } else if !in_place {
            let _ = out.write_all(&diff::unified(
                &ch.old,
                &ch.new,
                &shown,
                diff::Header::Plain,
                None,
            ));
        }
        if in_place {
            let target = if ch.path.is_absolute() {
                ch.path.clone()
            } else {
                base.join(&ch.path)
            };
            if let Err(e) = write::write_atomic(&target, &ch.new) {
                eprintln!("{shown}: not written: {e}");
                failed = true;
            }
        }
    }
    if stat && !stats.is_empty() {
        let _ = out.write_all(diff::stat(&stats).as_bytes());
    }
    let _ = out.flush();
    let sites: usize = rep.changes.iter().map(|c| c.sites.len()).sum();
    eprintln!(
        "sempatch: {} file{} scanned, {} candidate{}, {} changed ({} site{}){}",
        rep.scanned,
        plural(rep.scanned),
        rep.candidates,
        plural(rep.candidates),
        rep.changes.len(),
        sites,
        plural(sites),
        if rep.skipped.is_empty() {
            String::new()
        } else {
            format!(", {} skipped", rep.skipped.len())
        }
    );
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn parse_stats(verbose: bool, paths: Vec<PathBuf>) -> ExitCode {
    use rayon::prelude::*;
    let disc = match discover(paths) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let base = cwd();
    let per_file: Vec<(PathBuf, Option<c::stats::ParseStats>)> = disc
        .files
        .par_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "c" || e == "h"))
        .map(|p| {
            (
                scan::display_path(p, &base),
                std::fs::read(p).ok().map(|t| c::stats::file_stats(&t)),
            )
        })
        .collect();
    let mut total = c::stats::ParseStats::default();
    for (p, st) in per_file {
        match st {
            Some(st) => {
                if verbose {
                    for (line, name) in &st.unclean {
                        println!("{}:{}: {}", p.display(), line, name);
                    }
                }
                total.add(st);
            }
            None => eprintln!("{}: skipped: cannot read", p.display()),
        }
    }
    println!(
        "parse-stats: {} files, {} functions, {} clean ({:.2}%)",
        total.files,
        total.functions,
        total.clean,
        total.percent()
    );
    ExitCode::SUCCESS
}

fn series(opts: series::Options) -> ExitCode {
    match series::run(&opts, &mut |n| eprintln!("sempatch: {n}")) {
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

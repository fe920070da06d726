//! `sempatch review`: the command-line side of [`sempatch::review`].

use sempatch::review::{ReviewFile, Session};
use sempatch::smpl::SemanticPatch;
use sempatch::{scan, series, write};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

/// Arguments of `sempatch review`.
#[derive(clap::Args, Debug)]
pub struct ReviewArgs {
    /// Review the hunks of a series manifest's transforms and build the series
    /// from the accepted ones (instead of a single semantic patch).
    #[arg(long)]
    pub manifest: Option<PathBuf>,
    /// Where decisions are remembered between runs.
    #[arg(long, default_value = ".sempatch-review")]
    pub review_file: PathBuf,
    /// With --manifest: the git repository to work on.
    #[arg(long, default_value = ".")]
    pub tree: PathBuf,
    /// With --manifest: the branch to create.
    #[arg(long)]
    pub branch: Option<String>,
    /// With --manifest: where the patch files go.
    #[arg(long, default_value = "patches")]
    pub out: PathBuf,
    /// With --manifest: replace an existing branch of the same name.
    #[arg(long)]
    pub force: bool,
    /// With --manifest: author and committer date.
    #[arg(long)]
    pub date: Option<String>,
    /// The semantic patch, then the files or directories to work on.
    pub args: Vec<PathBuf>,
}

fn color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Runs `sempatch review`.
pub fn review(a: ReviewArgs) -> ExitCode {
    let file = match ReviewFile::load(&a.review_file) {
        Ok(f) => f,
        Err(e) => {
            eprintln!(
                "{}: cannot read the review file: {e}",
                a.review_file.display()
            );
            return ExitCode::from(2);
        }
    };
    let input = std::io::BufReader::new(std::io::stdin());
    let session = Session::new(Box::new(input), Box::new(std::io::stdout()), color(), file);
    match a.manifest.clone() {
        Some(m) => review_series(a, m, session),
        None => review_patch(a, session),
    }
}

fn review_patch(a: ReviewArgs, mut session: Session) -> ExitCode {
    let Some((patch, paths)) = a.args.split_first() else {
        eprintln!("sempatch review: name a semantic patch (or --manifest FILE)");
        return ExitCode::from(2);
    };
    let sp = match SemanticPatch::from_path(patch) {
        Ok(sp) => sp,
        Err(d) => {
            eprintln!("{d}");
            return ExitCode::from(2);
        }
    };
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    let disc = match scan::discover(&paths) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let base = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let rep = scan::run(&sp, &disc, &base);
    for s in &rep.skipped {
        eprintln!("{}: skipped: {}", s.path.display(), s.reason);
    }
    let mut written = 0;
    let mut failed = false;
    for ch in &rep.changes {
        let new = match session.review(ch) {
            Ok(n) => n,
            Err(e) => {
                eprintln!("sempatch review: {e}");
                return ExitCode::from(1);
            }
        };
        if new != ch.old {
            let target = if ch.path.is_absolute() {
                ch.path.clone()
            } else {
                base.join(&ch.path)
            };
            match write::write_atomic(&target, &new) {
                Ok(()) => written += 1,
                Err(e) => {
                    eprintln!("{}: not written: {e}", ch.path.display());
                    failed = true;
                }
            }
        }
    }
    let (y, n, e) = session.counts;
    eprintln!(
        "sempatch review: {y} accepted, {n} rejected, {e} edited; {written} file{} written",
        if written == 1 { "" } else { "s" }
    );
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn review_series(a: ReviewArgs, manifest: PathBuf, session: Session<'static>) -> ExitCode {
    if !a.args.is_empty() {
        eprintln!("sempatch review: with --manifest, the transforms and their paths come from the manifest");
        return ExitCode::from(2);
    }
    let shared = Arc::new(Mutex::new(session));
    let s = shared.clone();
    let reviewer = series::Reviewer(Arc::new(Mutex::new(
        move |c: &sempatch::engine::FileChange| {
            let mut s = s.lock().unwrap_or_else(|e| e.into_inner());
            // A failing terminal rejects the rest rather than sending unread hunks.
            s.review(c).unwrap_or_else(|_| c.old.clone())
        },
    )));
    let opts = series::Options {
        manifest,
        tree: a.tree,
        branch: a.branch,
        out: a.out,
        dry_run: false,
        force: a.force,
        date: a.date,
        author: None,
        reviewer: Some(reviewer),
    };
    let result = series::run(&opts, &mut |n| eprintln!("sempatch: {n}"));
    let (y, n, e) = shared.lock().unwrap_or_else(|e| e.into_inner()).counts;
    eprintln!("sempatch review: {y} accepted, {n} rejected, {e} edited");
    match result {
        Ok(rep) => {
            eprint!("{}", rep.listing);
            ExitCode::SUCCESS
        }
        Err(series::Error::Input(m)) => {
            eprintln!("{m}");
            ExitCode::from(2)
        }
        Err(series::Error::Failed(m)) => {
            eprintln!("sempatch: {m}");
            ExitCode::from(1)
        }
    }
}

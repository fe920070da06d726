//! The patch series generator: runs a manifest's transforms in order over a
//! git tree's HEAD, cuts each transform's changes into commits (one per
//! subsystem, file, or one in all), writes them on a new branch straight into
//! the object database, and renders `git format-patch` files with a cover
//! letter. HEAD, the index and the work tree are never touched.

pub mod apply;
pub mod maintainers;
pub mod manifest;
pub mod mbox;
pub mod plan;
pub mod prefix;
pub mod repo;
pub mod text;

use crate::smpl::Diagnostic;
use git2::{Oid, Repository, Signature};
use maintainers::Maintainers;
use manifest::{Manifest, Split};
use plan::{Context, Planned};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Why a series could not be made.
#[derive(Debug)]
pub enum Error {
    /// Bad input (manifest, semantic patch, arguments): exit status 2.
    Input(String),
    /// Anything else (git, file system): exit status 1.
    Failed(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Input(m) | Error::Failed(m) => f.write_str(m),
        }
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Input(d.to_string())
    }
}

/// What `sempatch series` was asked to do.
#[derive(Clone, Debug)]
pub struct Options {
    pub manifest: PathBuf,
    /// Anywhere inside the git repository to work on.
    pub tree: PathBuf,
    pub branch: Option<String>,
    pub out: PathBuf,
    pub dry_run: bool,
    pub force: bool,
    /// Author and committer date (else `GIT_*_DATE`, else now).
    pub date: Option<String>,
    /// `Name <email>` for authorship and Signed-off-by.
    pub author: Option<String>,
    /// Decides which hunks of each transform's changes go into the series
    /// (`sempatch review --manifest`); all of them when absent.
    pub reviewer: Option<Reviewer>,
}

/// Decides a change's hunks: the new text with only the accepted ones.
pub type HunkFilter = dyn FnMut(&crate::engine::FileChange) -> Vec<u8> + Send;

/// A hunk filter: given a change, the new text with only the accepted hunks.
#[derive(Clone)]
pub struct Reviewer(pub std::sync::Arc<std::sync::Mutex<HunkFilter>>);

impl std::fmt::Debug for Reviewer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Reviewer")
    }
}

/// What a run produced.
#[derive(Debug, Default)]
pub struct Report {
    /// The dry-run listing, or a summary of what was written.
    pub listing: String,
    pub branch: String,
    pub tip: Option<Oid>,
    pub files: Vec<PathBuf>,
}

fn git_err(what: &str) -> impl Fn(git2::Error) -> Error + '_ {
    move |e| Error::Failed(format!("{what}: {}", e.message()))
}

/// The default branch name: the title's slug, `-vN` from v2 on.
fn default_branch(m: &Manifest) -> String {
    let s = text::slug(&m.title.to_lowercase()).replace('.', "-");
    let s = if s.is_empty() {
        "series".to_string()
    } else {
        s
    };
    if m.version > 1 {
        format!("{s}-v{}", m.version)
    } else {
        s
    }
}

/// Runs the whole pipeline.
// Warnings and per-transform statistics go to `note` as they come, so that a failing
// run still says what it saw.
pub fn run(opts: &Options, note: &mut dyn FnMut(String)) -> Result<Report, Error> {
    let m = Manifest::from_path(&opts.manifest)?;
    let repo = Repository::discover(&opts.tree).map_err(|e| {
        Error::Input(format!(
            "{}: not in a git repository: {}",
            opts.tree.display(),
            e.message()
        ))
    })?;
    let head = repo
        .head()
        .and_then(|h| h.peel_to_commit())
        .map_err(git_err("cannot resolve HEAD"))?;
    let branch = opts
        .branch
        .clone()
        .or_else(|| m.branch.clone())
        .unwrap_or_else(|| default_branch(&m));
    let refname = format!("refs/heads/{branch}");
    if !git2::Reference::is_valid_name(&refname) {
        return Err(Error::Input(format!(
            "`{branch}` is not a valid branch name"
        )));
    }
    if !opts.dry_run {
        check_branch(&repo, &refname, &branch, opts.force)?;
    }
    let (author, committer) = match repo::identities(&repo, opts.author.as_deref()) {
        Ok(ids) => ids,
        Err(e @ Error::Input(_)) => return Err(e),
        // A dry run writes no commit, so it needs no identity.
        Err(_) if opts.dry_run => {
            let i = repo::Ident {
                name: "Your Name".into(),
                email: "you@example.org".into(),
            };
            (i.clone(), i)
        }
        Err(e) => return Err(e),
    };
    let (author_date, committer_date) = repo::dates(opts.date.as_deref())?;

    let tree = head.tree().map_err(git_err("cannot read HEAD's tree"))?;
    let files = repo::tree_files(&tree)?;
    let maintainers = match files.files.get("MAINTAINERS") {
        Some(e) => {
            let blob = repo
                .find_blob(e.oid)
                .map_err(git_err("cannot read MAINTAINERS"))?;
            let text = String::from_utf8_lossy(blob.content());
            let mut m = Maintainers::parse(&text, &|d| files.dirs.contains(d));
            if let Some(mm) = files.files.get(".mailmap") {
                if let Ok(b) = repo.find_blob(mm.oid) {
                    m.set_mailmap(&String::from_utf8_lossy(b.content()));
                }
            }
            m
        }
        None => {
            note("no MAINTAINERS in the tree: commits are grouped by directory, without Cc".into());
            Maintainers::default()
        }
    };
    let history = repo::history(&repo, head.id(), m.history)?;
    let ctx = Context {
        maintainers: &maintainers,
        history: &history,
        prefixes: &m.prefixes,
        author: &author,
    };

    // Run the transforms in order, each on the tree the previous one left.
    // Objects of one's own repository are read without checking their hashes:
    // over a kernel tree, hashing cost a third of the run.
    git2::opts::strict_hash_verification(false);
    let screen = apply::Screen::new(repo.path(), &files, &m.transforms);
    let mut overlay: HashMap<String, Vec<u8>> = HashMap::new();
    let mut planned: Vec<Planned> = Vec::new();
    for (i, t) in m.transforms.iter().enumerate() {
        for (spec, written) in t.scope.paths.iter().zip(&t.scope.written) {
            if !files.files.keys().any(|f| spec.matches(f)) {
                note(format!(
                    "{}: paths entry `{written}` matches no file of the tree",
                    t.name
                ));
            }
        }
        let mut a = apply::apply(repo.path(), &files, &overlay, &screen, i, t)?;
        if let Some(r) = &opts.reviewer {
            let mut decide = r.0.lock().unwrap_or_else(|e| e.into_inner());
            for c in &mut a.changes {
                c.new = decide(c);
            }
            a.changes.retain(|c| c.new != c.old);
        }
        for (p, why) in &a.skipped {
            note(format!("{p}: skipped: {why}"));
        }
        for (p, n) in &a.notes {
            note(format!("{p}:{}: {}", n.line, n.message));
        }
        let sites: usize = a.changes.iter().map(|c| c.sites.len()).sum();
        let changed = a.changes.len();
        for c in &a.changes {
            overlay.insert(c.path.to_string_lossy().into_owned(), c.new.clone());
        }
        let commits = plan::plan(i, t, a.changes, &ctx)?;
        note(format!(
            "{}: {} file{} in scope, {} candidate{}, {} changed ({} site{}), {} commit{}",
            t.name,
            a.scanned,
            s(a.scanned),
            a.candidates,
            s(a.candidates),
            changed,
            sites,
            s(sites),
            commits.len(),
            s(commits.len()),
        ));
        planned.extend(commits);
    }
    if planned.is_empty() {
        return Err(Error::Failed(
            "no transform changed anything: no series to make".into(),
        ));
    }
    let total = planned.len();
    let plan_text = plan_paragraphs(&m, &planned);

    if opts.dry_run {
        let mut l = String::new();
        let _ = writeln!(l, "{} {}", mbox::tag(m.version, 0, total), m.title);
        let _ = writeln!(
            l,
            "  base {}, branch {branch} (dry run: nothing written)\n",
            &head.id().to_string()[..12]
        );
        for (n, p) in planned.iter().enumerate() {
            let _ = writeln!(l, "{} {}", mbox::tag(m.version, n + 1, total), p.subject);
            let _ = writeln!(l, "  {}: {}", m.transforms[p.transform].name, p.group);
            let fds: Vec<mbox::FileDiff> = p
                .changes
                .iter()
                .map(|c| mbox::FileDiff {
                    path: c.path.to_str().unwrap_or(""),
                    old: &c.old,
                    new: &c.new,
                    index: None,
                })
                .collect();
            l.push_str(&mbox::stat(&fds));
            l.push('\n');
        }
        return Ok(Report {
            listing: l,
            branch,
            ..Default::default()
        });
    }

    // Write the commits: blobs, trees and commits only; then the branch.
    let author_sig =
        Signature::new(&author.name, &author.email, &author_date).map_err(git_err("bad author"))?;
    let committer_sig = Signature::new(&committer.name, &committer.email, &committer_date)
        .map_err(git_err("bad committer"))?;
    let mut parent = head.clone();
    let mut shas = Vec::new();
    let mut current: HashMap<String, (Oid, i32)> = HashMap::new();
    let mut indexes: Vec<Vec<String>> = Vec::new();
    for p in &planned {
        let mut updates = Vec::new();
        let mut idx = Vec::new();
        for c in &p.changes {
            let path = c.path.to_string_lossy().into_owned();
            let base = files.files[&path];
            let (old_oid, mode) = current.get(&path).copied().unwrap_or((base.oid, base.mode));
            let new_oid = repo.blob(&c.new).map_err(git_err("cannot write a blob"))?;
            current.insert(path.clone(), (new_oid, mode));
            updates.push((path, new_oid, mode));
            idx.push(format!(
                "{}..{} {:o}",
                short(&repo, old_oid)?,
                short(&repo, new_oid)?,
                mode
            ));
        }
        let id = repo::commit(
            &repo,
            &parent,
            &updates,
            &p.message,
            &author_sig,
            &committer_sig,
        )
        .map_err(git_err("cannot write a commit"))?;
        parent = repo
            .find_commit(id)
            .map_err(git_err("cannot read back a commit"))?;
        shas.push(id);
        indexes.push(idx);
    }
    let tip = *shas.last().expect("at least one commit");
    // From the branch to the last patch file, an interrupt waits (see
    // `interrupt`): a run is cut off before the branch exists or not at all.
    let _section = crate::interrupt::critical();
    check_branch(&repo, &refname, &branch, opts.force)?;
    repo.reference(&refname, tip, opts.force, "sempatch series")
        .map_err(git_err("cannot create the branch"))?;

    // Render the mails.
    let env = mbox::Envelope {
        author: &author,
        date: author_date,
        to: &m.to,
        cc: &m.cc,
    };
    let mut mails: Vec<(String, Vec<u8>)> = Vec::new();
    let subjects: Vec<String> = planned.iter().map(|p| p.subject.clone()).collect();
    let mut all_cc: Vec<String> = Vec::new();
    for p in &planned {
        for c in &p.cc {
            if !all_cc.contains(c) {
                all_cc.push(c.clone());
            }
        }
    }
    let mut final_files: Vec<String> = current.keys().cloned().collect();
    final_files.sort();
    let base_texts: Vec<Vec<u8>> = final_files
        .iter()
        .map(|path| {
            repo.find_blob(files.files[path].oid)
                .map(|b| b.content().to_vec())
                .map_err(git_err("cannot read a blob"))
        })
        .collect::<Result<_, _>>()?;
    let overall: Vec<mbox::FileDiff> = final_files
        .iter()
        .zip(&base_texts)
        .map(|(path, old)| mbox::FileDiff {
            path,
            old,
            new: overlay[path].as_slice(),
            index: None,
        })
        .collect();
    let cover = mbox::Cover {
        title: &m.title,
        blurb: &m.cover,
        plan: &plan_text,
        subjects: &subjects,
        files: &overall,
        base: &head.id().to_string(),
        cc: &all_cc,
    };
    mails.push((
        "0000-cover-letter.patch".into(),
        mbox::cover_letter(
            &tip.to_string(),
            &env,
            &mbox::tag(m.version, 0, total),
            &cover,
        ),
    ));
    for (n, p) in planned.iter().enumerate() {
        let fds: Vec<mbox::FileDiff> = p
            .changes
            .iter()
            .zip(&indexes[n])
            .map(|(c, idx)| mbox::FileDiff {
                path: c.path.to_str().unwrap_or(""),
                old: &c.old,
                new: &c.new,
                index: Some(idx.clone()),
            })
            .collect();
        mails.push((
            text::patch_file_name(n + 1, &p.subject),
            mbox::patch(
                &shas[n].to_string(),
                &env,
                &mbox::tag(m.version, n + 1, total),
                &p.message,
                &fds,
            ),
        ));
    }
    let written = write_out(&opts.out, &mails)?;
    let mut l = String::new();
    let _ = writeln!(
        l,
        "{total} patch{} on branch {branch} ({} .. {})",
        if total == 1 { "" } else { "es" },
        &head.id().to_string()[..12],
        &tip.to_string()[..12]
    );
    for f in &written {
        let _ = writeln!(l, "{}", f.display());
    }
    Ok(Report {
        listing: l,
        branch,
        tip: Some(tip),
        files: written,
    })
}

fn s(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn short(repo: &Repository, oid: Oid) -> Result<String, Error> {
    let obj = repo
        .find_object(oid, None)
        .map_err(git_err("cannot read an object"))?;
    let buf = obj.short_id().map_err(git_err("cannot abbreviate an id"))?;
    Ok(buf.as_str().unwrap_or_default().to_string())
}

/// Refuses to replace an existing branch without `force`, and the branch
/// HEAD is on even with it (moving it would change what HEAD means).
fn check_branch(repo: &Repository, refname: &str, branch: &str, force: bool) -> Result<(), Error> {
    if repo.find_reference(refname).is_err() {
        return Ok(());
    }
    let on_it = repo
        .find_reference("HEAD")
        .ok()
        .and_then(|h| h.symbolic_target().map(|t| t == refname))
        .unwrap_or(false);
    if on_it {
        return Err(Error::Failed(format!(
            "branch {branch} is checked out; refusing to move it (pass another --branch)"
        )));
    }
    if !force {
        return Err(Error::Failed(format!(
            "branch {branch} already exists (pass --force to replace it, or --branch NAME)"
        )));
    }
    Ok(())
}

/// The plan of the series for the cover letter: one paragraph per transform.
fn plan_paragraphs(m: &Manifest, planned: &[Planned]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, t) in m.transforms.iter().enumerate() {
        let nums: Vec<usize> = planned
            .iter()
            .enumerate()
            .filter(|(_, p)| p.transform == i)
            .map(|(n, _)| n + 1)
            .collect();
        let (Some(first), Some(last)) = (nums.first(), nums.last()) else {
            continue;
        };
        let which = if first == last {
            format!("Patch {first}")
        } else {
            format!("Patches {first}-{last}")
        };
        let files: usize = planned
            .iter()
            .filter(|p| p.transform == i)
            .map(|p| p.changes.len())
            .sum();
        let sites: usize = planned
            .iter()
            .filter(|p| p.transform == i)
            .map(|p| p.sites)
            .sum();
        let verb = if first == last { "applies" } else { "apply" };
        let how = match t.split {
            Split::Subsystem => format!("{verb} {}, one patch per subsystem", t.name),
            Split::File => format!("{verb} {}, one patch per file", t.name),
            Split::None => format!("{verb} {} in one patch, so that every step builds", t.name),
        };
        out.push(format!(
            "{which} {how} ({} file{}, {} site{}).",
            files,
            s(files),
            sites,
            s(sites),
        ));
    }
    out
}

/// Writes the mails into `dir`, first removing `NNNN-*.patch` files a
/// previous, longer series left there.
fn write_out(dir: &Path, mails: &[(String, Vec<u8>)]) -> Result<Vec<PathBuf>, Error> {
    let fail = |e: std::io::Error| Error::Failed(format!("{}: {e}", dir.display()));
    std::fs::create_dir_all(dir).map_err(fail)?;
    let keep: Vec<&str> = mails.iter().map(|m| m.0.as_str()).collect();
    for e in std::fs::read_dir(dir).map_err(fail)? {
        let e = e.map_err(fail)?;
        let name = e.file_name().to_string_lossy().into_owned();
        let numbered = name.len() > 5
            && name.as_bytes()[..4].iter().all(u8::is_ascii_digit)
            && name.as_bytes()[4] == b'-'
            && name.ends_with(".patch");
        if numbered && !keep.contains(&name.as_str()) {
            std::fs::remove_file(e.path()).map_err(fail)?;
        }
    }
    let mut out = Vec::new();
    for (name, bytes) in mails {
        let p = dir.join(name);
        std::fs::write(&p, bytes).map_err(fail)?;
        out.push(p);
    }
    Ok(out)
}

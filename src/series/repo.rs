//! The git side: the base tree's files, the history prefixes are learned
//! from, identities and dates, and commits written straight into the object
//! database (never through the index or the work tree).

use super::prefix::{self, History, Learned};
use super::Error;
use git2::{ObjectType, Oid, Repository, Signature, Time};
use std::collections::{BTreeMap, HashSet};

/// A file of the base tree.
#[derive(Clone, Copy, Debug)]
pub struct Entry {
    pub oid: Oid,
    pub mode: i32,
}

/// Every regular file of a tree by path, and its directories.
#[derive(Debug, Default)]
pub struct TreeFiles {
    pub files: BTreeMap<String, Entry>,
    pub dirs: HashSet<String>,
}

/// Lists the regular files (not symbolic links, not submodules) of `tree`.
pub fn tree_files(tree: &git2::Tree) -> Result<TreeFiles, Error> {
    let mut out = TreeFiles::default();
    tree.walk(git2::TreeWalkMode::PreOrder, |dir, e| {
        match e.kind() {
            Some(ObjectType::Tree) => {
                out.dirs.insert(format!("{dir}{}", e.name().unwrap_or("")));
            }
            Some(ObjectType::Blob) if e.filemode() & 0o170000 == 0o100000 => {
                if let Some(name) = e.name() {
                    out.files.insert(
                        format!("{dir}{name}"),
                        Entry {
                            oid: e.id(),
                            mode: e.filemode(),
                        },
                    );
                }
            }
            _ => {}
        }
        git2::TreeWalkResult::Ok
    })
    .map_err(|e| Error::Failed(format!("cannot read the tree: {e}")))?;
    Ok(out)
}

/// The prefixed commits of the last `limit` before `head`, with their paths.
pub fn history(repo: &Repository, head: Oid, limit: usize) -> Result<History, Error> {
    let fail = |e: git2::Error| Error::Failed(format!("cannot walk the history: {e}"));
    let mut walk = repo.revwalk().map_err(fail)?;
    walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME)
        .map_err(fail)?;
    walk.push(head).map_err(fail)?;
    let mut commits = Vec::new();
    for oid in walk.take(limit) {
        let commit = repo.find_commit(oid.map_err(fail)?).map_err(fail)?;
        if commit.parent_count() > 1 {
            continue;
        }
        let Some(p) = commit.summary().and_then(prefix::of_subject) else {
            continue;
        };
        let tree = commit.tree().map_err(fail)?;
        let parent_tree = match commit.parent(0) {
            Ok(parent) => Some(parent.tree().map_err(fail)?),
            Err(_) => None,
        };
        let diff = repo
            .diff_tree_to_tree(parent_tree.as_ref(), Some(&tree), None)
            .map_err(fail)?;
        let paths = diff
            .deltas()
            .filter_map(|d| d.new_file().path().or_else(|| d.old_file().path()))
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        commits.push(Learned { prefix: p, paths });
    }
    Ok(History { commits })
}

/// A name and an e-mail address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ident {
    pub name: String,
    pub email: String,
}

/// Parses `Name <user@host>`.
pub fn parse_ident(s: &str) -> Option<Ident> {
    let (name, rest) = s.split_once('<')?;
    let email = rest.strip_suffix('>')?.trim();
    let name = name.trim();
    (!name.is_empty() && email.contains('@')).then(|| Ident {
        name: name.to_string(),
        email: email.to_string(),
    })
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// Author and committer: `--author`, else `GIT_*_NAME`/`EMAIL`, else git config.
pub fn identities(repo: &Repository, author: Option<&str>) -> Result<(Ident, Ident), Error> {
    let config = repo.config().ok();
    let get = |k: &str| config.as_ref().and_then(|c| c.get_string(k).ok());
    let configured = match (get("user.name"), get("user.email")) {
        (Some(name), Some(email)) => Some(Ident { name, email }),
        _ => None,
    };
    let from_env = |n: &str, e: &str| match (env(n), env(e)) {
        (Some(name), Some(email)) => Some(Ident { name, email }),
        _ => None,
    };
    let author = match author {
        Some(a) => parse_ident(a).ok_or_else(|| {
            Error::Input(format!("--author: expected `Name <user@host>`, got `{a}`"))
        })?,
        None => from_env("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL")
            .or_else(|| configured.clone())
            .ok_or_else(|| {
                Error::Failed(
                    "no identity for Signed-off-by: set user.name and user.email, or pass --author"
                        .into(),
                )
            })?,
    };
    let committer = from_env("GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL")
        .or(configured)
        .unwrap_or_else(|| author.clone());
    Ok((author, committer))
}

/// Parses a date the ways git reads `GIT_AUTHOR_DATE`.
// `@secs [+zzzz]`, `secs +zzzz`, RFC 2822, ISO 8601 (`2020-01-30 12:00:00 +0000`,
// `2020-01-30T12:00:00Z`).
pub fn parse_date(s: &str) -> Option<Time> {
    use chrono::DateTime;
    let s = s.trim();
    let to_time = |d: DateTime<chrono::FixedOffset>| {
        Time::new(d.timestamp(), d.offset().local_minus_utc() / 60)
    };
    let raw = s.strip_prefix('@').unwrap_or(s);
    let mut it = raw.split_whitespace();
    if let Some(Ok(secs)) = it.next().map(str::parse::<i64>) {
        let offset = match it.next() {
            None if s.starts_with('@') => 0,
            None => return None,
            Some(z) => parse_offset(z)?,
        };
        return it.next().is_none().then(|| Time::new(secs, offset));
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(to_time(d));
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(to_time(d));
    }
    for f in [
        "%Y-%m-%d %H:%M:%S %z",
        "%Y-%m-%dT%H:%M:%S %z",
        "%Y-%m-%dT%H:%M:%S%z",
    ] {
        if let Ok(d) = DateTime::parse_from_str(s, f) {
            return Some(to_time(d));
        }
    }
    None
}

fn parse_offset(z: &str) -> Option<i32> {
    let (sign, digits) = match z.as_bytes().first()? {
        b'+' => (1, &z[1..]),
        b'-' => (-1, &z[1..]),
        _ => return None,
    };
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let h: i32 = digits[..2].parse().ok()?;
    let m: i32 = digits[2..].parse().ok()?;
    Some(sign * (h * 60 + m))
}

/// Author and committer dates: `--date`, else `GIT_*_DATE`, else now.
pub fn dates(date: Option<&str>) -> Result<(Time, Time), Error> {
    let parse = |what: &str, s: &str| {
        parse_date(s).ok_or_else(|| {
            Error::Input(format!(
                "{what}: cannot parse date `{s}` (try `2020-01-30 12:00:00 +0000` or `@1580385600 +0000`)"
            ))
        })
    };
    if let Some(d) = date {
        let t = parse("--date", d)?;
        return Ok((t, t));
    }
    let now = || {
        Signature::now("x", "x")
            .map(|s| s.when())
            .unwrap_or(Time::new(0, 0))
    };
    let a = match env("GIT_AUTHOR_DATE") {
        Some(d) => parse("GIT_AUTHOR_DATE", &d)?,
        None => now(),
    };
    let c = match env("GIT_COMMITTER_DATE") {
        Some(d) => parse("GIT_COMMITTER_DATE", &d)?,
        None => now(),
    };
    Ok((a, c))
}

/// A date as RFC 2822, the way `git format-patch` writes `Date:`.
pub fn rfc2822(t: Time) -> String {
    let offset = chrono::FixedOffset::east_opt(t.offset_minutes() * 60)
        .unwrap_or_else(|| chrono::FixedOffset::east_opt(0).expect("zero offset"));
    match chrono::DateTime::from_timestamp(t.seconds(), 0) {
        Some(d) => d
            .with_timezone(&offset)
            .format("%a, %-d %b %Y %H:%M:%S %z")
            .to_string(),
        None => "Thu, 1 Jan 1970 00:00:00 +0000".into(),
    }
}

/// Commits new blobs on top of `parent`'s tree, writing nothing but objects.
pub fn commit(
    repo: &Repository,
    parent: &git2::Commit,
    changes: &[(String, Oid, i32)],
    message: &str,
    author: &Signature,
    committer: &Signature,
) -> Result<Oid, git2::Error> {
    let base = parent.tree()?;
    let mut update = git2::build::TreeUpdateBuilder::new();
    for (path, oid, mode) in changes {
        let mode = if *mode == 0o100755 {
            git2::FileMode::BlobExecutable
        } else {
            git2::FileMode::Blob
        };
        update.upsert(path.as_str(), *oid, mode);
    }
    let tree_id = update.create_updated(repo, &base)?;
    let tree = repo.find_tree(tree_id)?;
    repo.commit(None, author, committer, message, &tree, &[parent])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_git_reads_them() {
        let t = parse_date("2020-01-30 12:00:00 +0100").unwrap();
        assert_eq!((t.seconds(), t.offset_minutes()), (1580382000, 60));
        let t = parse_date("@1580385600 +0000").unwrap();
        assert_eq!(t.seconds(), 1580385600);
        let t = parse_date("1580385600 -0800").unwrap();
        assert_eq!(t.offset_minutes(), -480);
        let t = parse_date("Thu, 30 Jan 2020 12:00:00 +0000").unwrap();
        assert_eq!(t.seconds(), 1580385600);
        let t = parse_date("2020-01-30T12:00:00Z").unwrap();
        assert_eq!(t.seconds(), 1580385600);
        assert!(parse_date("yesterday").is_none());
        assert!(parse_date("1580385600").is_none());
        assert_eq!(
            rfc2822(Time::new(1580385600, -480)),
            "Thu, 30 Jan 2020 04:00:00 -0800"
        );
        assert_eq!(
            rfc2822(Time::new(1580385600 + 86400 * 3, 0)),
            "Sun, 2 Feb 2020 12:00:00 +0000"
        );
    }

    #[test]
    fn idents() {
        assert_eq!(
            parse_ident("Demo Developer <demo@example.org>"),
            Some(Ident {
                name: "Demo Developer".into(),
                email: "demo@example.org".into()
            })
        );
        assert_eq!(parse_ident("nobody"), None);
    }
}

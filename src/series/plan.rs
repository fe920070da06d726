//! Cutting one transform's changes into commits: grouping, subject prefixes,
//! subjects and changelogs.

use super::maintainers::Maintainers;
use super::manifest::{self, PathSpec, Split, Transform};
use super::prefix::{self, History};
use super::repo::Ident;
use super::text;
use super::Error;
use crate::engine::FileChange;
use crate::smpl::RuleBody;
use regex::Regex;
use similar::{DiffOp, TextDiff};
use std::collections::HashMap;

/// The most a subject (after `[PATCH …]`) and a changelog line may take.
pub const WIDTH: usize = 75;

/// One commit of the series, before it is written.
#[derive(Debug)]
pub struct Planned {
    /// Index of the transform in the manifest.
    pub transform: usize,
    /// The subsystem, directory or file the commit covers.
    pub group: String,
    pub subject: String,
    /// The whole commit message: subject, changelog, trailers.
    pub message: String,
    pub changes: Vec<FileChange>,
    /// The `Cc:` trailers' recipients.
    pub cc: Vec<String>,
    pub sites: usize,
}

/// What grouping and changelogs draw on.
pub struct Context<'a> {
    pub maintainers: &'a Maintainers,
    pub history: &'a History,
    pub prefixes: &'a [(PathSpec, String)],
    pub author: &'a Ident,
}

impl Context<'_> {
    fn subsystem_key(&self, path: &str) -> (String, String) {
        match self.maintainers.subsystem(path) {
            Some(i) => (
                format!("s{i:06}"),
                self.maintainers.sections[i].name.clone(),
            ),
            None => {
                let d = prefix::common_dir(&[path]);
                (
                    format!("d{d}"),
                    if d.is_empty() {
                        "(top level)".into()
                    } else {
                        d
                    },
                )
            }
        }
    }

    /// The subject prefix for a group of files:
    // the manifest's `[prefixes]`, else what the history of those files uses, else one
    // made from paths.
    pub fn prefix(&self, files: &[&str]) -> String {
        if let Some((_, p)) = self
            .prefixes
            .iter()
            .find(|(spec, _)| files.iter().all(|f| spec.matches(f)))
        {
            return p.clone();
        }
        self.history
            .prefix_for(files, &prefix::common_dir(files))
            .unwrap_or_else(|| prefix::from_paths(files))
    }
}

/// Groups `t`'s changes into commits, in path order of their first file.
pub fn plan(
    index: usize,
    t: &Transform,
    changes: Vec<FileChange>,
    ctx: &Context,
) -> Result<Vec<Planned>, Error> {
    let mut groups: Vec<(String, String, Vec<FileChange>)> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for c in changes {
        let path = c.path.to_string_lossy().into_owned();
        let (key, name) = match t.split {
            Split::File => (path.clone(), path.clone()),
            Split::Subsystem => ctx.subsystem_key(&path),
            Split::None => (String::new(), "the whole tree".into()),
        };
        match at.get(&key) {
            Some(&i) => groups[i].2.push(c),
            None => {
                at.insert(key.clone(), groups.len());
                groups.push((key, name, vec![c]));
            }
        }
    }
    groups
        .into_iter()
        .map(|(_, name, changes)| commit(index, t, name, changes, ctx))
        .collect()
}

fn commit(
    index: usize,
    t: &Transform,
    group: String,
    changes: Vec<FileChange>,
    ctx: &Context,
) -> Result<Planned, Error> {
    let paths: Vec<String> = changes
        .iter()
        .map(|c| c.path.to_string_lossy().into_owned())
        .collect();
    let files: Vec<&str> = paths.iter().map(String::as_str).collect();
    // For one commit over many subsystems, the prefix is that of the
    // subsystem with the most changed lines.
    let (lead_files, subsystem) = if t.split == Split::None {
        let mut by: Vec<(String, String, Vec<&str>, usize)> = Vec::new();
        for (c, f) in changes.iter().zip(&files) {
            let (key, name) = ctx.subsystem_key(f);
            let (a, d) = crate::diff::counts(&c.old, &c.new);
            match by.iter_mut().find(|b| b.0 == key) {
                Some(b) => {
                    b.2.push(f);
                    b.3 += a + d;
                }
                None => by.push((key, name, vec![f], a + d)),
            }
        }
        let best = by
            .into_iter()
            .rev()
            .max_by_key(|b| b.3)
            .expect("a group has files");
        (best.2, best.1)
    } else {
        (files.clone(), group.clone())
    };
    let prefix = ctx.prefix(&lead_files);
    let reps = replacements(&changes);
    let dir = prefix::common_dir(&files);
    let subject = manifest::expand(&t.subject, |k| match k {
        "prefix" => prefix.clone(),
        "subsystem" => subsystem.clone(),
        "dir" => dir.clone(),
        "file" if files.len() == 1 => files[0].rsplit('/').next().unwrap_or(files[0]).to_string(),
        "file" => dir.clone(),
        "from" => names(reps.iter().map(|r| (&r.old, r.call))),
        "to" => names(reps.iter().map(|r| (&r.new, r.call))),
        _ => String::new(),
    });
    let subject = subject.split_whitespace().collect::<Vec<_>>().join(" ");
    if subject.chars().count() > WIDTH {
        let mut d = t.subject_at.clone();
        d.message = format!(
            "the subject for {group} is {} characters, more than {WIDTH}: `{subject}`",
            subject.chars().count()
        );
        return Err(Error::Input(d.to_string()));
    }
    let mut paras: Vec<String> = Vec::new();
    let desc = t.sp.description.join("\n");
    if !desc.trim().is_empty() {
        paras.push(text::fill(&desc, WIDTH));
    }
    if let Some(b) = &t.body {
        paras.push(text::fill(b, WIDTH));
    }
    let (account, sites) = account(t, &changes, &reps);
    paras.push(text::wrap(&account, WIDTH, "", ""));
    let changed = changed_lines(&changes);
    let changed: Vec<&str> = changed.iter().map(String::as_str).collect();
    let cc: Vec<String> = ctx
        .maintainers
        .recipients(files.iter().copied(), &changed)
        .into_iter()
        .filter(|r| {
            !r.to_lowercase()
                .contains(&format!("<{}>", ctx.author.email.to_lowercase()))
                && !r.eq_ignore_ascii_case(&ctx.author.email)
        })
        .collect();
    let mut trailers: Vec<String> = cc.iter().map(|c| format!("Cc: {c}")).collect();
    trailers.push(format!(
        "Signed-off-by: {}",
        super::maintainers::format_email(&ctx.author.name, &ctx.author.email)
    ));
    let message = format!(
        "{subject}\n\n{}\n\n{}\n",
        paras.join("\n\n"),
        trailers.join("\n")
    );
    Ok(Planned {
        transform: index,
        group,
        subject,
        message,
        changes,
        cc,
        sites,
    })
}

/// The removed and added lines of `changes`, as a patch shows them (with
/// their `-`/`+`), for `K:` keywords.
fn changed_lines(changes: &[FileChange]) -> Vec<String> {
    let mut out = Vec::new();
    for c in changes {
        let diff = TextDiff::from_lines(&c.old, &c.new);
        for ch in diff.iter_all_changes() {
            let sign = match ch.tag() {
                similar::ChangeTag::Delete => '-',
                similar::ChangeTag::Insert => '+',
                similar::ChangeTag::Equal => continue,
            };
            out.push(format!(
                "{sign}{}",
                String::from_utf8_lossy(ch.value()).trim_end_matches('\n')
            ));
        }
    }
    out
}

/// An identifier the transform replaced by another, and how often.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replacement {
    pub old: String,
    pub new: String,
    pub count: usize,
    /// Seen followed by `(`: shown as `name()`.
    pub call: bool,
}

/// The identifier-for-identifier replacements in `changes`, most frequent first.
// Lines replaced one for one are compared word by word.
pub fn replacements(changes: &[FileChange]) -> Vec<Replacement> {
    let word = Regex::new(r"[A-Za-z_][A-Za-z0-9_]*").expect("valid regex");
    let mut out: Vec<Replacement> = Vec::new();
    for c in changes {
        let diff = TextDiff::from_lines(&c.old, &c.new);
        let old_lines = diff.old_slices();
        let new_lines = diff.new_slices();
        let ops = diff.ops();
        let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
        for (i, op) in ops.iter().enumerate() {
            match *op {
                DiffOp::Replace {
                    old_index,
                    old_len,
                    new_index,
                    new_len,
                } if old_len == new_len => {
                    pairs.push((old_index, new_index, old_len));
                }
                DiffOp::Delete {
                    old_index, old_len, ..
                } => {
                    if let Some(DiffOp::Insert {
                        new_index, new_len, ..
                    }) = ops.get(i + 1)
                    {
                        if *new_len == old_len {
                            pairs.push((old_index, *new_index, old_len));
                        }
                    }
                }
                _ => {}
            }
        }
        for (oi, ni, n) in pairs {
            for k in 0..n {
                let ol = String::from_utf8_lossy(old_lines[oi + k]);
                let nl = String::from_utf8_lossy(new_lines[ni + k]);
                let ow: Vec<_> = word.find_iter(&ol).collect();
                let nw: Vec<_> = word.find_iter(&nl).collect();
                if ow.len() != nw.len() {
                    continue;
                }
                for (a, b) in ow.iter().zip(&nw) {
                    if a.as_str() == b.as_str() {
                        continue;
                    }
                    let call = nl[b.end()..].trim_start().starts_with('(');
                    // Only names that change as names do (a call, a declaration):
                    // a variable that happens to line up with another is noise.
                    let was_call = ol[a.end()..].trim_start().starts_with('(');
                    if call != was_call || (!call && !a.as_str().contains('_')) {
                        continue;
                    }
                    match out
                        .iter_mut()
                        .find(|r| r.old == a.as_str() && r.new == b.as_str())
                    {
                        Some(r) => {
                            r.count += 1;
                            r.call |= call;
                        }
                        None => out.push(Replacement {
                            old: a.as_str().to_string(),
                            new: b.as_str().to_string(),
                            count: 1,
                            call,
                        }),
                    }
                }
            }
        }
    }
    // Stable: equal counts keep the order first seen.
    out.sort_by_key(|r| std::cmp::Reverse(r.count));
    out
}

fn shown(name: &str, call: bool) -> String {
    if call {
        format!("{name}()")
    } else {
        name.to_string()
    }
}

/// One name, or the family's common stem with `*` (`pin_user_pages*()`).
fn names<'a>(items: impl Iterator<Item = (&'a String, bool)>) -> String {
    let mut distinct: Vec<(&String, bool)> = Vec::new();
    for (n, call) in items {
        match distinct.iter_mut().find(|d| d.0 == n) {
            Some(d) => d.1 |= call,
            None => distinct.push((n, call)),
        }
    }
    match distinct.len() {
        0 => String::new(),
        1 => shown(distinct[0].0, distinct[0].1),
        _ => {
            let first = distinct[0].0.as_str();
            let stem_len = distinct.iter().fold(first.len(), |len, (n, _)| {
                first[..len]
                    .bytes()
                    .zip(n.bytes())
                    .take_while(|(a, b)| a == b)
                    .count()
            });
            let stem = first[..stem_len].trim_end_matches('_');
            let call = distinct.iter().any(|d| d.1);
            if stem.len() >= 3 {
                shown(&format!("{stem}*"), call)
            } else {
                join(
                    &distinct
                        .iter()
                        .map(|(n, c)| shown(n, *c))
                        .collect::<Vec<_>>(),
                )
            }
        }
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// How many functions a changelog names before it summarises.
const MAX_FUNCTIONS: usize = 12;
/// How many replacements a changelog names before it summarises.
const MAX_REPLACEMENTS: usize = 6;

/// The generated part of the changelog: where the transform changed the
/// code, and what became what; with the number of sites.
fn account(t: &Transform, changes: &[FileChange], reps: &[Replacement]) -> (String, usize) {
    let is_comment_rule = |rule: &str| {
        t.sp.rules
            .iter()
            .any(|r| r.name == rule && matches!(r.body, RuleBody::Comments(_)))
    };
    // Rules that only remove code tidy up after the others (an unused loop
    // index): they are told apart, not counted as call sites.
    let is_cleanup_rule = |rule: &str| {
        t.sp.rules.iter().any(|r| {
            r.name == rule && matches!(&r.body, RuleBody::Code(pats) if pats.iter().all(|p| p.chunks.is_empty()))
        })
    };
    let (mut in_fn, mut outside, mut comments, mut cleanups) = (0, 0, 0, 0);
    let mut per_file: Vec<(String, Vec<String>)> = Vec::new();
    for c in changes {
        let mut funcs: Vec<String> = Vec::new();
        for s in &c.sites {
            if is_comment_rule(&s.rule) {
                comments += 1;
            } else if is_cleanup_rule(&s.rule) {
                cleanups += 1;
            } else if let Some(f) = &s.function {
                in_fn += 1;
                if !funcs.contains(f) {
                    funcs.push(f.clone());
                }
            } else {
                outside += 1;
            }
        }
        if !funcs.is_empty() {
            per_file.push((c.path.to_string_lossy().into_owned(), funcs));
        }
    }
    let total_fns: usize = per_file.iter().map(|f| f.1.len()).sum();
    let mut sentences = Vec::new();
    if in_fn > 0 {
        let mut budget = MAX_FUNCTIONS;
        let mut parts = Vec::new();
        for (path, funcs) in &per_file {
            if budget == 0 {
                break;
            }
            let take: Vec<String> = funcs
                .iter()
                .take(budget)
                .map(|f| format!("{f}()"))
                .collect();
            budget -= take.len();
            if per_file.len() == 1 {
                parts.push(join(&take));
            } else {
                parts.push(format!("{} in {path}", join(&take)));
            }
        }
        let listed = MAX_FUNCTIONS.min(total_fns);
        let mut where_ = parts.join(", ");
        if total_fns > listed {
            where_ = format!(
                "{where_}, and {}",
                plural(total_fns - listed, "other function", "other functions")
            );
        }
        let sentence = if total_fns == 1 {
            format!(
                "This changes {}, in {where_}.",
                plural(in_fn, "site", "sites")
            )
        } else {
            format!(
                "This changes {} in {total_fns} functions: {where_}.",
                plural(in_fn, "site", "sites")
            )
        };
        sentences.push(sentence);
    }
    let mut extra = Vec::new();
    if outside > 0 {
        extra.push(format!(
            "{} outside functions (declarations and exports)",
            plural(outside, "place", "places")
        ));
    }
    if comments > 0 {
        extra.push(plural(comments, "place in comments", "places in comments"));
    }
    if cleanups > 0 {
        extra.push(format!(
            "{} left without a use",
            plural(cleanups, "declaration", "declarations")
        ));
    }
    if !extra.is_empty() {
        let lead = if in_fn > 0 {
            "It also changes"
        } else {
            "This changes"
        };
        sentences.push(format!("{lead} {}.", join(&extra)));
    }
    if !reps.is_empty() {
        let mut items: Vec<String> = reps
            .iter()
            .take(MAX_REPLACEMENTS)
            .map(|r| {
                let times = match r.count {
                    1 => String::new(),
                    2 => " (twice)".into(),
                    n => format!(" ({n} times)"),
                };
                format!(
                    "{} becomes {}{times}",
                    shown(&r.old, r.call),
                    shown(&r.new, r.call)
                )
            })
            .collect();
        if reps.len() > MAX_REPLACEMENTS {
            items.push(plural(
                reps.len() - MAX_REPLACEMENTS,
                "other rename",
                "other renames",
            ));
        }
        sentences.push(format!("In all, {}.", join(&items)));
    }
    sentences.push(format!(
        "The patch was generated by sempatch with {}.",
        t.name
    ));
    (sentences.join(" "), in_fn + outside + comments)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn change(path: &str, old: &str, new: &str) -> FileChange {
        FileChange {
            path: PathBuf::from(path),
            old: old.as_bytes().to_vec(),
            new: new.as_bytes().to_vec(),
            sites: Vec::new(),
        }
    }

    #[test]
    fn finds_renamed_calls() {
        let c = change(
            "a.c",
            "x;\n\tput_user_page(p);\n/* put_user_pages */\n\tput_user_page(q);\n",
            "x;\n\tunpin_user_page(p);\n/* unpin_user_pages */\n\tunpin_user_page(q);\n",
        );
        let r = replacements(&[c]);
        assert_eq!(r[0].old, "put_user_page");
        assert_eq!(r[0].count, 2);
        assert!(r[0].call);
        assert!(!r[1].call);
        assert_eq!(
            names(r.iter().map(|r| (&r.new, r.call))),
            "unpin_user_page*()"
        );
        assert_eq!(
            names(r.iter().take(1).map(|r| (&r.new, r.call))),
            "unpin_user_page()"
        );
    }

    #[test]
    fn joins() {
        assert_eq!(join(&["a".into(), "b".into(), "c".into()]), "a, b and c");
    }
}

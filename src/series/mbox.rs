//! `git format-patch` output: one mbox file per commit and a cover letter,
//! laid out byte for byte as git lays them out.

use super::repo::{rfc2822, Ident};
use super::text::{self, Rfc2047};
use crate::diff::{self, Header};
use git2::Time;

/// git's width for diffstats and the shortlog in mail.
pub const MAIL_WRAP: usize = 72;

/// The signature line under `-- `.
pub fn signature() -> String {
    format!("sempatch {}", env!("CARGO_PKG_VERSION"))
}

/// `[PATCH vN MM/TT]`, numbers as wide as the total, `vN` from v2 on.
pub fn tag(version: u32, n: usize, total: usize) -> String {
    let w = total.to_string().len();
    if version > 1 {
        format!("[PATCH v{version} {n:0w$}/{total}]")
    } else {
        format!("[PATCH {n:0w$}/{total}]")
    }
}

/// The headers every mail of the series shares.
pub struct Envelope<'a> {
    pub author: &'a Ident,
    pub date: Time,
    pub to: &'a [String],
    pub cc: &'a [String],
}

/// One changed file, as a patch shows it.
pub struct FileDiff<'a> {
    pub path: &'a str,
    pub old: &'a [u8],
    pub new: &'a [u8],
    /// `abc1234..def5678 100644`; `None` in a dry run.
    pub index: Option<String>,
}

fn address_header(name: &str, list: &[String]) -> String {
    if list.is_empty() {
        return String::new();
    }
    format!("{name}: {}\n", list.join(",\n    "))
}

fn headers(sha: &str, env: &Envelope, subject_line: &str, body: &str, cc: &[String]) -> String {
    let mut h = format!("From {sha} Mon Sep 17 00:00:00 2001\n");
    h.push_str(&format!(
        "From: {}\n",
        text::mailbox(&env.author.name, &env.author.email)
    ));
    h.push_str(&format!("Date: {}\n", rfc2822(env.date)));
    h.push_str(&text::header("Subject: ", subject_line, Rfc2047::Subject));
    h.push('\n');
    if !body.is_ascii() {
        h.push_str("MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n");
    }
    h.push_str(&address_header("To", env.to));
    h.push_str(&address_header("Cc", cc));
    h.push('\n');
    h
}

/// The diffstat of `files` as format-patch prints it.
pub fn stat(files: &[FileDiff]) -> String {
    let entries: Vec<(String, usize, usize)> = files
        .iter()
        .map(|f| {
            let (a, d) = diff::counts(f.old, f.new);
            (f.path.to_string(), a, d)
        })
        .collect();
    diff::git_stat(&entries, MAIL_WRAP)
}

/// One patch file: headers, changelog, `---`, diffstat, diffs, signature.
pub fn patch(sha: &str, env: &Envelope, tag: &str, message: &str, files: &[FileDiff]) -> Vec<u8> {
    let (subject, body) = message.split_once("\n\n").unwrap_or((message, ""));
    let mut out = headers(sha, env, &format!("{tag} {subject}"), body, env.cc).into_bytes();
    out.extend(body.as_bytes());
    out.extend(b"---\n");
    out.extend(stat(files).as_bytes());
    out.push(b'\n');
    for f in files {
        out.extend(diff::unified(
            f.old,
            f.new,
            f.path,
            Header::Git,
            f.index.as_deref(),
        ));
    }
    out.extend(format!("-- \n{}\n\n", signature()).as_bytes());
    out
}

/// What the cover letter says beyond the blurb.
pub struct Cover<'a> {
    pub title: &'a str,
    pub blurb: &'a str,
    /// The plan of the series, one paragraph per transform.
    pub plan: &'a [String],
    pub subjects: &'a [String],
    /// The whole series' change per file, base to tip.
    pub files: &'a [FileDiff<'a>],
    pub base: &'a str,
    /// Everyone the patches Cc, for the cover's `Cc:` header.
    pub cc: &'a [String],
}

/// The cover letter: blurb, plan, shortlog, diffstat, `base-commit:`.
pub fn cover_letter(sha: &str, env: &Envelope, tag: &str, c: &Cover) -> Vec<u8> {
    let mut body = String::new();
    body.push_str(&text::fill(c.blurb, super::plan::WIDTH));
    body.push_str("\n\n");
    for p in c.plan {
        body.push_str(&text::wrap(p, super::plan::WIDTH, "", ""));
        body.push_str("\n\n");
    }
    body.push_str(&format!("{} ({}):\n", env.author.name, c.subjects.len()));
    for s in c.subjects {
        body.push_str(&text::wrap(s, MAIL_WRAP, "  ", "    "));
        body.push('\n');
    }
    body.push('\n');
    body.push_str(&stat(c.files));
    body.push_str(&format!("\n\nbase-commit: {}\n", c.base));
    let mut cc: Vec<String> = env.cc.to_vec();
    for r in c.cc {
        let known = |x: &String| x.eq_ignore_ascii_case(r);
        if !cc.iter().any(known) && !env.to.iter().any(known) {
            cc.push(r.clone());
        }
    }
    let mut out = headers(sha, env, &format!("{tag} {}", c.title), &body, &cc);
    out.push_str(&body);
    out.push_str(&format!("-- \n{}\n\n", signature()));
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_number_like_format_patch() {
        assert_eq!(tag(1, 1, 6), "[PATCH 1/6]");
        assert_eq!(tag(3, 5, 23), "[PATCH v3 05/23]");
        assert_eq!(tag(2, 0, 9), "[PATCH v2 0/9]");
    }
}

//! `apply --json`: the run as JSON Lines, one object per line, for editors and
//! CI bots. The schema is documented in README.md ("JSON output"); its
//! `version` (in the summary object) changes when a field changes meaning or
//! goes away, not when one is added.

use crate::engine::{FileChange, Site};
use base64::Engine as _;
use serde::Serialize;
use similar::DiffOp;

/// The schema version carried by the summary object.
pub const VERSION: u32 = 1;

/// One line of `--json` output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Record {
    /// One change: a run of consecutive changed lines of one file.
    Change(Change),
    /// With `--stat`: one changed file's counts (instead of its changes).
    File(FileStat),
    /// A file that was not processed.
    Skipped { file: String, reason: String },
    /// Something the engine wants the user to know about a file.
    Note {
        file: String,
        line: usize,
        message: String,
    },
    /// Bad input (the semantic patch, a path: `line` and `col` when known; the
    /// run stops, exit status 2) or a file `--in-place` could not write.
    Error {
        file: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        line: Option<usize>,
        #[serde(skip_serializing_if = "Option::is_none")]
        col: Option<usize>,
        message: String,
    },
    /// The last line: totals for the whole run.
    Summary(Summary),
}

/// One change to one file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The path as shown in the diff (relative to the current directory).
    pub file: String,
    /// 1-based first line of the old text the change replaces; for a pure
    /// insertion, the line the new lines go before (old line count + 1 at the end).
    pub old_start: usize,
    /// How many old lines are replaced (0: a pure insertion).
    pub old_lines: usize,
    /// 1-based first line of the replacement in the new text (as `old_start`).
    pub new_start: usize,
    /// How many new lines replace them (0: a pure removal).
    pub new_lines: usize,
    /// The rules whose matches made the change, in order, without repeats.
    pub rules: Vec<String>,
    /// The function the change lies in, when the engine knows it.
    pub function: Option<String>,
    /// The matches behind the change.
    pub sites: Vec<SiteRecord>,
    /// The old lines, line ends included (invalid UTF-8 shown as U+FFFD).
    pub old: String,
    /// The new lines, line ends included (invalid UTF-8 shown as U+FFFD).
    pub new: String,
    /// The exact old bytes, base64, present only when `old` is not valid UTF-8.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_base64: Option<String>,
    /// The exact new bytes, base64, present only when `new` is not valid UTF-8.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_base64: Option<String>,
}

/// One match of a rule, as the engine reported it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SiteRecord {
    pub rule: String,
    /// 1-based line where the match starts, in the text the rule ran on (the
    /// original text for the first rule that changed the file).
    pub line: usize,
    pub function: Option<String>,
}

/// One changed file's counts (`--stat`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileStat {
    pub file: String,
    pub insertions: usize,
    pub deletions: usize,
    /// Matches that changed the file.
    pub sites: usize,
    /// Changes (as `change` objects would count them).
    pub changes: usize,
}

/// Totals for the run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// The schema version.
    pub version: u32,
    /// Files found under the paths.
    pub scanned: usize,
    /// Files that passed the identifier prefilter and were parsed.
    pub candidates: usize,
    pub files_changed: usize,
    pub changes: usize,
    pub sites: usize,
    pub insertions: usize,
    pub deletions: usize,
    pub skipped: usize,
    pub notes: usize,
    /// Files `--in-place` could not write.
    pub errors: usize,
    /// True with `--in-place`: the changed files were rewritten (but `errors`).
    pub in_place: bool,
}

/// A run of changed lines: 0-based old and new line ranges.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hunk {
    pub old: (usize, usize),
    pub new: (usize, usize),
}

/// The changes between two texts, line by line, without context: each maximal
/// run of removed and added lines is one hunk.
pub fn hunks(old: &[u8], new: &[u8]) -> Vec<Hunk> {
    let (ol, nl) = (crate::diff::lines(old), crate::diff::lines(new));
    let mut out: Vec<Hunk> = Vec::new();
    let mut open: Option<Hunk> = None;
    for op in crate::diff::line_ops(&ol, &nl) {
        let (o, n) = (op.old_range(), op.new_range());
        if let DiffOp::Equal { .. } = op {
            out.extend(open.take());
        } else {
            let h = open.get_or_insert(Hunk {
                old: (o.start, o.start),
                new: (n.start, n.start),
            });
            h.old.1 = o.end;
            h.new.1 = n.end;
        }
    }
    out.extend(open);
    out
}

/// Which sites belong to each hunk. A match starts at or before the lines it
/// changes, so a site goes to the first hunk that ends at or after its line; a
/// hunk no site starts for (the second half of a match) gets the nearest site
/// before it.
// Site lines of later rules count in the text the earlier rules left, so with
// several rules changing one file this is a close guess, not a certainty.
pub fn attribute(hunks: &[Hunk], sites: &[Site]) -> Vec<Vec<usize>> {
    let mut sorted: Vec<usize> = (0..sites.len()).collect();
    sorted.sort_by_key(|&i| sites[i].line);
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); hunks.len()];
    if hunks.is_empty() {
        return out;
    }
    // Last 1-based old line each hunk covers (the line it inserts before, when empty).
    let last = |h: &Hunk| h.old.1.max(h.old.0 + 1);
    for &si in &sorted {
        let at = hunks
            .iter()
            .position(|h| last(h) >= sites[si].line)
            .unwrap_or(hunks.len() - 1);
        out[at].push(si);
    }
    for (k, h) in hunks.iter().enumerate() {
        if out[k].is_empty() {
            let before = sorted
                .iter()
                .rev()
                .find(|&&si| sites[si].line <= h.old.0 + 1)
                .or(sorted.first());
            out[k].extend(before.copied());
        }
    }
    out
}

fn text_of(lines: &[&[u8]]) -> (String, Option<String>) {
    let bytes = lines.concat();
    match String::from_utf8(bytes) {
        Ok(s) => (s, None),
        Err(e) => (
            String::from_utf8_lossy(e.as_bytes()).into_owned(),
            Some(base64::engine::general_purpose::STANDARD.encode(e.as_bytes())),
        ),
    }
}

/// The change objects of one changed file, in line order.
pub fn changes(ch: &FileChange) -> Vec<Change> {
    let file = ch.path.to_string_lossy().into_owned();
    let (ol, nl) = (crate::diff::lines(&ch.old), crate::diff::lines(&ch.new));
    let hs = hunks(&ch.old, &ch.new);
    let owners = attribute(&hs, &ch.sites);
    hs.iter()
        .zip(owners)
        .map(|(h, own)| {
            let sites: Vec<&Site> = own.iter().map(|&i| &ch.sites[i]).collect();
            let mut rules: Vec<String> = Vec::new();
            for s in &sites {
                if !rules.contains(&s.rule) {
                    rules.push(s.rule.clone());
                }
            }
            let (old, old_base64) = text_of(&ol[h.old.0..h.old.1]);
            let (new, new_base64) = text_of(&nl[h.new.0..h.new.1]);
            Change {
                file: file.clone(),
                old_start: h.old.0 + 1,
                old_lines: h.old.1 - h.old.0,
                new_start: h.new.0 + 1,
                new_lines: h.new.1 - h.new.0,
                rules,
                function: sites.iter().find_map(|s| s.function.clone()),
                sites: sites
                    .iter()
                    .map(|s| SiteRecord {
                        rule: s.rule.clone(),
                        line: s.line,
                        function: s.function.clone(),
                    })
                    .collect(),
                old,
                new,
                old_base64,
                new_base64,
            }
        })
        .collect()
}

/// Writes one record as a line of JSON.
pub fn emit(out: &mut dyn std::io::Write, r: &Record) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, r).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn site(rule: &str, line: usize, f: &str) -> Site {
        Site {
            rule: rule.into(),
            line,
            function: Some(f.into()),
        }
    }

    #[test]
    fn hunks_are_runs_of_changed_lines() {
        let old = b"a\nb\nc\nd\ne\n";
        let new = b"a\nB\nc\nd\nx\ne\n";
        assert_eq!(
            hunks(old, new),
            vec![
                Hunk {
                    old: (1, 2),
                    new: (1, 2)
                },
                Hunk {
                    old: (4, 4),
                    new: (4, 5)
                }
            ]
        );
    }

    #[test]
    fn a_match_that_starts_on_context_owns_the_next_hunk_and_the_one_after() {
        // Match at line 1 (context), changes at lines 2 and 4: both hunks are its;
        // a second match at line 6 owns the third hunk.
        let old = b"for (;;) {\n\tput(p);\n\tx();\n\tput(q);\n}\nput(r);\n";
        let new = b"for (;;) {\n\tunpin(p);\n\tx();\n\tunpin(q);\n}\nunpin(r);\n";
        let ch = FileChange {
            path: PathBuf::from("a.c"),
            old: old.to_vec(),
            new: new.to_vec(),
            sites: vec![site("loop", 1, "f"), site("single", 6, "g")],
        };
        let cs = changes(&ch);
        assert_eq!(cs.len(), 3);
        assert_eq!(cs[0].rules, ["loop"]);
        assert_eq!(cs[1].rules, ["loop"]);
        assert_eq!(cs[2].rules, ["single"]);
        assert_eq!(cs[2].function.as_deref(), Some("g"));
        assert_eq!(
            (
                cs[1].old_start,
                cs[1].old_lines,
                cs[1].new_start,
                cs[1].new_lines
            ),
            (4, 1, 4, 1)
        );
        assert_eq!(cs[1].old, "\tput(q);\n");
        assert_eq!(cs[1].new, "\tunpin(q);\n");
        assert!(cs[1].old_base64.is_none());
    }

    #[test]
    fn invalid_utf8_keeps_exact_bytes_in_base64() {
        let ch = FileChange {
            path: PathBuf::from("l.c"),
            old: b"f(); /* \xe9 */\n".to_vec(),
            new: b"g(); /* \xe9 */\n".to_vec(),
            sites: vec![],
        };
        let c = &changes(&ch)[0];
        assert_eq!(c.old, "f(); /* \u{fffd} */\n");
        let raw = base64::engine::general_purpose::STANDARD
            .decode(c.new_base64.as_ref().unwrap())
            .unwrap();
        assert_eq!(raw, b"g(); /* \xe9 */\n");
        assert!(c.rules.is_empty() && c.function.is_none());
    }

    #[test]
    fn records_are_tagged_lines() {
        let mut out = Vec::new();
        emit(
            &mut out,
            &Record::Skipped {
                file: "a.c".into(),
                reason: "why".into(),
            },
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"type\":\"skipped\",\"file\":\"a.c\",\"reason\":\"why\"}\n"
        );
    }
}

//! Unified diffs (`a/` `b/` paths, function-name hunk headers as git prints them)
//! and diffstats.

use similar::{ChangeTag, TextDiff};

/// How a file's diff is introduced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Header {
    /// `diff -u -p a/x b/x`, then `---`/`+++`: what `apply` prints.
    Plain,
    /// `diff --git a/x b/x` and an `index` line: what format-patch files carry.
    Git,
}

/// A line that starts a function or other top-level item, as git's default
/// hunk-header rule sees it.
fn is_funcname_line(l: &[u8]) -> bool {
    l.first()
        .is_some_and(|&b| b.is_ascii_alphabetic() || b == b'_' || b == b'$')
}

fn range(start0: usize, len: usize) -> String {
    match len {
        0 => format!("{start0},0"),
        1 => format!("{}", start0 + 1),
        _ => format!("{},{}", start0 + 1, len),
    }
}

/// A text's lines, each with its `\n` (the last may lack one). Only `\n` ends
/// a line, as for git and patch: `similar`'s own line splitting also ends one
/// at a lone `\r`, which gave diffs that `git apply` rejects.
pub fn lines(text: &[u8]) -> Vec<&[u8]> {
    text.split_inclusive(|&b| b == b'\n').collect()
}

/// The line-level edit script between two lists of lines, with every
/// operation's indices recomputed by walking the script in order.
// `similar` can report a deletion's index in the new text one line off when it
// slides an equal line across it (old ` a\n\n b` / new `\n b`: `Delete
// {new_index: 1}` then `Equal {new_index: 0}`), which put wrong `+c,d` ranges
// in hunk headers; the order of the operations is right, so the positions are
// taken from it.
pub fn line_ops(old: &[&[u8]], new: &[&[u8]]) -> Vec<similar::DiffOp> {
    use similar::DiffOp;
    let diff = TextDiff::configure().diff_slices(old, new);
    let (mut o, mut n) = (0, 0);
    let mut out = Vec::new();
    for op in diff.ops() {
        let (ol, nl) = (op.old_range().len(), op.new_range().len());
        out.push(match op {
            DiffOp::Equal { .. } => DiffOp::Equal {
                old_index: o,
                new_index: n,
                len: ol,
            },
            DiffOp::Delete { .. } => DiffOp::Delete {
                old_index: o,
                old_len: ol,
                new_index: n,
            },
            DiffOp::Insert { .. } => DiffOp::Insert {
                old_index: o,
                new_index: n,
                new_len: nl,
            },
            DiffOp::Replace { .. } => DiffOp::Replace {
                old_index: o,
                old_len: ol,
                new_index: n,
                new_len: nl,
            },
        });
        o += ol;
        n += nl;
    }
    out
}

/// The unified diff of one file, or nothing when the texts are equal.
pub fn unified(
    old: &[u8],
    new: &[u8],
    path: &str,
    header: Header,
    index_line: Option<&str>,
) -> Vec<u8> {
    let mut out = Vec::new();
    if old == new {
        return out;
    }
    match header {
        Header::Plain => out.extend(format!("diff -u -p a/{path} b/{path}\n").bytes()),
        Header::Git => {
            out.extend(format!("diff --git a/{path} b/{path}\n").bytes());
            if let Some(i) = index_line {
                out.extend(format!("index {i}\n").bytes());
            }
        }
    }
    out.extend(format!("--- a/{path}\n+++ b/{path}\n").bytes());
    let (ol, nl) = (lines(old), lines(new));
    let diff = TextDiff::configure().diff_slices(&ol, &nl);
    let old_lines: Vec<&[u8]> = diff.old_slices().to_vec();
    for group in similar::group_diff_ops(line_ops(&ol, &nl), 3) {
        let (first, last) = (&group[0], &group[group.len() - 1]);
        let (os, oe) = (first.old_range().start, last.old_range().end);
        let (ns, ne) = (first.new_range().start, last.new_range().end);
        let func = old_lines[..os]
            .iter()
            .rev()
            .find(|l| is_funcname_line(l))
            .map(|l| {
                let l = l.trim_ascii_end();
                let n = l.len().min(80);
                String::from_utf8_lossy(&l[..n]).into_owned()
            });
        out.extend(format!("@@ -{} +{} @@", range(os, oe - os), range(ns, ne - ns)).bytes());
        if let Some(f) = func {
            out.push(b' ');
            out.extend(f.bytes());
        }
        out.push(b'\n');
        for op in &group {
            for change in diff.iter_changes(op) {
                out.push(match change.tag() {
                    ChangeTag::Equal => b' ',
                    ChangeTag::Delete => b'-',
                    ChangeTag::Insert => b'+',
                });
                let v = change.value();
                out.extend_from_slice(v);
                if !v.ends_with(b"\n") {
                    out.extend_from_slice(b"\n\\ No newline at end of file\n");
                }
            }
        }
    }
    out
}

/// Lines added and removed between two texts.
pub fn counts(old: &[u8], new: &[u8]) -> (usize, usize) {
    let (ol, nl) = (lines(old), lines(new));
    let diff = TextDiff::configure().diff_slices(&ol, &nl);
    let (mut add, mut del) = (0, 0);
    for c in diff.iter_all_changes() {
        match c.tag() {
            ChangeTag::Insert => add += 1,
            ChangeTag::Delete => del += 1,
            ChangeTag::Equal => {}
        }
    }
    (add, del)
}

/// A diffstat in git's layout: ` path | N +-` lines and a summary line.
pub fn stat(entries: &[(String, usize, usize)]) -> String {
    let mut out = String::new();
    let name_w = entries
        .iter()
        .map(|e| e.0.chars().count())
        .max()
        .unwrap_or(0);
    let max_total = entries.iter().map(|e| e.1 + e.2).max().unwrap_or(0);
    let num_w = max_total.to_string().len();
    // git keeps the whole line within 80 columns.
    let graph_w = 80usize.saturating_sub(name_w + num_w + 4).clamp(10, 50);
    let (mut adds, mut dels) = (0, 0);
    for (name, a, d) in entries {
        adds += a;
        dels += d;
        let total = a + d;
        let (pa, pd) = if max_total > graph_w {
            let scale = |x: usize| {
                if x == 0 {
                    0
                } else {
                    (x * graph_w / max_total).max(1)
                }
            };
            (scale(*a), scale(*d))
        } else {
            (*a, *d)
        };
        out.push_str(&format!(
            " {name:<name_w$} | {total:>num_w$} {}{}\n",
            "+".repeat(pa),
            "-".repeat(pd)
        ));
    }
    out.push_str(&summary(entries.len(), adds, dels));
    out
}

/// A diffstat exactly as git lays it out in `width` columns (72 in mail).
// Long names lose their head to `...` and the graph is scaled, so that patches match
// what `git format-patch` writes byte for byte.
pub fn git_stat(entries: &[(String, usize, usize)], width: usize) -> String {
    let max_change = entries.iter().map(|e| e.1 + e.2).max().unwrap_or(0);
    let max_len = entries
        .iter()
        .map(|e| e.0.chars().count())
        .max()
        .unwrap_or(0);
    let number_width = max_change.to_string().len();
    // git keeps at least 16 columns for the name and graph.
    let width = width.max(16 + 6 + number_width);
    let mut graph_width = max_change;
    let mut name_width = max_len;
    if name_width + number_width + 6 + graph_width > width {
        let graph_cap = (width * 3 / 8).saturating_sub(number_width + 6).max(6);
        if graph_width > graph_cap {
            graph_width = graph_cap;
        }
        if name_width > width - number_width - 6 - graph_width {
            name_width = width - number_width - 6 - graph_width;
        } else {
            graph_width = width - number_width - 6 - name_width;
        }
    }
    let scale = |it: usize| {
        if it == 0 {
            0
        } else {
            1 + it * (graph_width - 1) / max_change
        }
    };
    let mut out = String::new();
    let (mut adds, mut dels) = (0, 0);
    for (name, a, d) in entries {
        adds += a;
        dels += d;
        let chars: Vec<char> = name.chars().collect();
        let shown: String = if chars.len() > name_width {
            let keep = name_width.saturating_sub(3);
            let tail: String = chars[chars.len() - keep..].iter().collect();
            // git cuts at a directory boundary when it can.
            let tail = match tail.find('/') {
                Some(i) => tail[i..].to_string(),
                None => tail,
            };
            format!("...{tail}")
        } else {
            name.clone()
        };
        let (mut pa, mut pd) = (*a, *d);
        if graph_width < max_change {
            let mut total = scale(a + d);
            if total < 2 && *a > 0 && *d > 0 {
                total = 2;
            }
            if a < d {
                pa = scale(*a);
                pd = total - pa;
            } else {
                pd = scale(*d);
                pa = total - pd;
            }
        }
        out.push_str(&format!(
            " {shown:<name_width$} | {:>number_width$}{}{}{}\n",
            a + d,
            if a + d > 0 { " " } else { "" },
            "+".repeat(pa),
            "-".repeat(pd)
        ));
    }
    out.push_str(&summary(entries.len(), adds, dels));
    out
}

/// A diffstat's last line, as git writes it: a count of zero is shown only
/// when the other one is zero too (every file listed has a change, so in
/// practice only the non-zero counts appear).
fn summary(files: usize, adds: usize, dels: usize) -> String {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let mut out = format!(" {files} file{} changed", plural(files));
    if adds > 0 || dels == 0 {
        out.push_str(&format!(", {adds} insertion{}(+)", plural(adds)));
    }
    if dels > 0 || adds == 0 {
        out.push_str(&format!(", {dels} deletion{}(-)", plural(dels)));
    }
    out.push('\n');
    out
}

/// The unified diff of one changed file, for `git apply`.
// A name that is not UTF-8 (or holds control characters, `"` or `\`) would
// come out of `display()` as some other name; git quotes such names in C style
// (`"a/caf\351.c"`), and `git apply` reads them back to the exact bytes.
pub fn file_diff(path: &std::path::Path, old: &[u8], new: &[u8]) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    let shown = path.display().to_string();
    let text = unified(old, new, &shown, Header::Plain, None);
    let raw = path.as_os_str().as_bytes();
    let plain = std::str::from_utf8(raw)
        .is_ok_and(|s| !s.chars().any(|c| c.is_control() || c == '"' || c == '\\'));
    if plain {
        return text;
    }
    // The header is the first three lines: `diff -u -p`, `---`, `+++`.
    let body = text
        .split_inclusive(|&b| b == b'\n')
        .skip(3)
        .flatten()
        .copied();
    let (a, b) = (
        quote_c([b"a/", raw].concat()),
        quote_c([b"b/", raw].concat()),
    );
    let mut out = format!("diff -u -p {a} {b}\n--- {a}\n+++ {b}\n").into_bytes();
    out.extend(body);
    out
}

/// `name` quoted as git quotes paths: in double quotes, with C escapes and
/// every byte outside printable ASCII in octal.
fn quote_c(name: Vec<u8>) -> String {
    let mut q = String::from("\"");
    for b in name {
        match b {
            b'"' => q.push_str("\\\""),
            b'\\' => q.push_str("\\\\"),
            b'\t' => q.push_str("\\t"),
            b'\n' => q.push_str("\\n"),
            b'\r' => q.push_str("\\r"),
            0x20..=0x7e => q.push(b as char),
            _ => q.push_str(&format!("\\{b:03o}")),
        }
    }
    q.push('"');
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunk_header_names_the_function() {
        let old = b"int x;\n\nstatic void f(void)\n{\n\ta();\n\tb();\n\tc();\n\td();\n\te();\n}\n";
        let new = b"int x;\n\nstatic void f(void)\n{\n\ta();\n\tb();\n\tc();\n\tD();\n\te();\n}\n";
        let d = String::from_utf8(unified(old, new, "x.c", Header::Plain, None)).unwrap();
        assert!(d.contains("@@ -5,6 +5,6 @@ static void f(void)\n"), "{d}");
    }

    #[test]
    fn stat_matches_git_layout() {
        let s = stat(&[("a/b.c".into(), 2, 1), ("c.h".into(), 0, 3)]);
        assert_eq!(
            s,
            " a/b.c | 3 ++-\n c.h   | 3 ---\n 2 files changed, 2 insertions(+), 4 deletions(-)\n"
        );
    }

    #[test]
    fn git_stat_scales_and_truncates_like_format_patch() {
        let s = git_stat(&[("a/b.c".into(), 2, 1)], 72);
        assert_eq!(
            s,
            " a/b.c | 3 ++-\n 1 file changed, 2 insertions(+), 1 deletion(-)\n"
        );
        // Checked against git 2.47's format-patch on the same change.
        let long =
            "drivers/infiniband/hw/qib/a_very_long_directory_name/qib_user_pages.c".to_string();
        let s = git_stat(&[(long, 100, 20), ("x.c".into(), 1, 0)], 72);
        assert_eq!(
            s,
            " .../qib_user_pages.c                          | 120 +++++++++++++++---\n \
             x.c                                           |   1 +\n \
             2 files changed, 101 insertions(+), 20 deletions(-)\n"
        );
    }
}

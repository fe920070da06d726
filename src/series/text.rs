//! Text layout the way git and kernel changelogs want it: paragraphs filled to a
//! width, folded mail headers, RFC 2047 encoded words and file-name slugs.

/// Fills each paragraph (blank-line separated) of `text` to `width` columns.
// A paragraph whose lines all fit is kept as written, so lists and indented text the
// author laid out by hand survive.
pub fn fill(text: &str, width: usize) -> String {
    let mut out = Vec::new();
    for para in paragraphs(text) {
        if para.iter().all(|l| display_width(l) <= width) {
            out.push(para.join("\n"));
        } else {
            out.push(wrap(&para.join(" "), width, "", ""));
        }
    }
    out.join("\n\n")
}

fn paragraphs(text: &str) -> Vec<Vec<&str>> {
    let mut paras = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            if !cur.is_empty() {
                paras.push(std::mem::take(&mut cur));
            }
        } else {
            cur.push(line);
        }
    }
    if !cur.is_empty() {
        paras.push(cur);
    }
    paras
}

/// Greedy word wrap to `width` columns with the indents git's shortlog uses.
// A word longer than the width stays whole on its own line.
pub fn wrap(text: &str, width: usize, first_indent: &str, indent: &str) -> String {
    let opts = textwrap::Options::new(width)
        .initial_indent(first_indent)
        .subsequent_indent(indent)
        .break_words(false)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::wrap(text, opts).join("\n")
}

/// Display columns of `s`.
pub fn display_width(s: &str) -> usize {
    textwrap::core::display_width(s)
}

/// The RFC 2822 width git folds plain-text headers to.
const HEADER_WIDTH: usize = 78;
/// The RFC 2047 limit on an encoded line.
const ENCODED_WIDTH: usize = 76;

/// Which header an encoded word goes into: addresses have more specials.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Rfc2047 {
    Subject,
    Address,
}

fn needs_encoding(s: &str) -> bool {
    !s.is_ascii() || s.contains('\n') || s.contains("=?")
}

fn is_special(b: u8, kind: Rfc2047) -> bool {
    if !(0x21..0x7f).contains(&b) || b == b'=' || b == b'?' || b == b'_' {
        return true;
    }
    kind == Rfc2047::Address && b"()<>@,;:\\\".[]".contains(&b)
}

/// Appends `value` to header text `line`, folded as `git format-patch` folds it.
// Plain text folds at 78 columns on word boundaries; anything else becomes RFC 2047
// encoded words.
pub fn header(line: &str, value: &str, kind: Rfc2047) -> String {
    let mut out = String::from(line);
    if !needs_encoding(value) {
        if kind == Rfc2047::Address {
            out.push_str(value);
            return out;
        }
        let mut col = display_width(line);
        let mut first = true;
        for word in value.split(' ') {
            let w = display_width(word);
            if first {
                out.push_str(word);
                col += w;
                first = false;
            } else if col + 1 + w <= HEADER_WIDTH {
                out.push(' ');
                out.push_str(word);
                col += 1 + w;
            } else {
                out.push_str("\n ");
                out.push_str(word);
                col = 1 + w;
            }
        }
        return out;
    }
    out.push_str("=?UTF-8?q?");
    let mut col = display_width(line) + "=?UTF-8?q?".len();
    for ch in value.chars() {
        let mut buf = [0u8; 4];
        let bytes = ch.encode_utf8(&mut buf).as_bytes();
        let special = bytes.len() > 1 || is_special(bytes[0], kind);
        let enc: String = if special {
            bytes.iter().map(|b| format!("={b:02X}")).collect()
        } else {
            ch.to_string()
        };
        if col + enc.len() + 2 > ENCODED_WIDTH {
            out.push_str("?=\n =?UTF-8?q?");
            col = "=?UTF-8?q?".len() + 1;
        }
        col += enc.len();
        out.push_str(&enc);
    }
    out.push_str("?=");
    out
}

/// `Name <address>` for a mail header, encoded or quoted as git does.
pub fn mailbox(name: &str, email: &str) -> String {
    if needs_encoding(name) {
        return header("", name, Rfc2047::Address) + &format!(" <{email}>");
    }
    if name.bytes().any(|b| b"()<>@,;:\\\".[]".contains(&b)) {
        let escaped = name.replace('\\', "\\\\").replace('"', "\\\"");
        return format!("\"{escaped}\" <{email}>");
    }
    format!("{name} <{email}>")
}

/// The file-name part `git format-patch` derives from a subject.
// Runs of characters other than letters, digits, `.` and `_` become one `-`.
pub fn slug(subject: &str) -> String {
    let mut out = String::new();
    let mut pending_dash = false;
    let mut prev_dot = false;
    for c in subject.chars() {
        if c.is_ascii_alphanumeric() || c == '.' || c == '_' {
            if c == '.' && prev_dot {
                continue;
            }
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c);
            prev_dot = c == '.';
        } else {
            pending_dash = true;
            prev_dot = false;
        }
    }
    while out.ends_with('.') || out.ends_with('-') {
        out.pop();
    }
    out
}

/// `NNNN-slug.patch`, at most 64 characters as `git format-patch` keeps it.
pub fn patch_file_name(n: usize, subject: &str) -> String {
    let mut name = format!("{n:04}-{}", slug(subject));
    // git truncates to 64 characters including ".patch" and a spare byte.
    name.truncate(64 - ".patch".len() - 1);
    name + ".patch"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_subjects_like_git() {
        let h = header(
            "Subject: [PATCH v2 1/2] ",
            "drivers/infiniband/core: a very long subject line that goes on and on, past 78 columns",
            Rfc2047::Subject,
        );
        assert_eq!(
            h,
            "Subject: [PATCH v2 1/2] drivers/infiniband/core: a very long subject line that\n goes on and on, past 78 columns"
        );
    }

    #[test]
    fn encodes_non_ascii_names() {
        assert_eq!(
            mailbox("Jérôme X", "a@example.org"),
            "=?UTF-8?q?J=C3=A9r=C3=B4me=20X?= <a@example.org>"
        );
        assert_eq!(
            mailbox("David S. Miller", "d@example.org"),
            "\"David S. Miller\" <d@example.org>"
        );
    }

    #[test]
    fn slugs_and_names_match_format_patch() {
        assert_eq!(
            patch_file_name(1, "drivers/infiniband/core: a very long subject line that goes on and on, past 78 columns"),
            "0001-drivers-infiniband-core-a-very-long-subject-line-tha.patch"
        );
        assert_eq!(patch_file_name(2, "x: short"), "0002-x-short.patch");
        assert_eq!(
            slug("mm/gup: rename put_user_page*() to unpin_user_page*()"),
            "mm-gup-rename-put_user_page-to-unpin_user_page"
        );
    }

    #[test]
    fn fill_keeps_short_lines_and_wraps_long_ones() {
        assert_eq!(fill("a b\nc\n\n\nd", 75), "a b\nc\n\nd");
        let long = "word ".repeat(30);
        for l in fill(&long, 20).lines() {
            assert!(l.len() <= 20, "{l}");
        }
    }
}

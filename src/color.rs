//! Colour for diffs and diffstats, in git's default colours: `--color
//! auto|always|never`, with `auto` meaning "stdout is a terminal, `NO_COLOR` is
//! unset and `TERM` is not `dumb`".

use anstyle::{AnsiColor, Style};
use std::io::IsTerminal;

/// When to colour output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum When {
    /// When stdout is a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    /// Always, even into a pipe or file (and despite `NO_COLOR`).
    Always,
    /// Never.
    Never,
}

impl When {
    /// Whether to colour what goes to stdout.
    pub fn enabled(self) -> bool {
        match self {
            When::Always => true,
            When::Never => false,
            When::Auto => {
                let env = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
                // https://no-color.org: any non-empty value turns colour off; an
                // explicit `--color always` still wins.
                env("NO_COLOR").is_none()
                    && env("TERM").is_none_or(|t| t != "dumb")
                    && std::io::stdout().is_terminal()
            }
        }
    }
}

const META: Style = Style::new().bold();
const FRAG: Style = AnsiColor::Cyan.on_default();
const OLD: Style = AnsiColor::Red.on_default();
const NEW: Style = AnsiColor::Green.on_default();

fn paint(out: &mut Vec<u8>, style: Style, text: &[u8]) {
    out.extend_from_slice(style.render().to_string().as_bytes());
    out.extend_from_slice(text);
    out.extend_from_slice(style.render_reset().to_string().as_bytes());
}

/// Colours a unified diff as git does: file headers bold, `@@` ranges cyan,
/// removed lines red, added lines green. The bytes between the escapes are the
/// input's, so stripping the escapes gives the input back.
pub fn diff(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + text.len() / 4);
    // A file's header runs from `diff ` to its first `@@`; inside hunks a line's
    // first byte says what it is (a removed `-- x` line looks like a header).
    let mut in_header = false;
    for line in text.split_inclusive(|&b| b == b'\n') {
        let (body, nl) = match line.strip_suffix(b"\n") {
            Some(b) => (b, &b"\n"[..]),
            None => (line, &b""[..]),
        };
        if body.starts_with(b"diff ") {
            in_header = true;
        }
        if in_header && !body.starts_with(b"@@") {
            paint(&mut out, META, body);
        } else if body.starts_with(b"@@") {
            in_header = false;
            // `@@ -a,b +c,d @@` in cyan, the function name after it plain.
            let end = body[2..]
                .windows(2)
                .position(|w| w == b"@@")
                .map_or(body.len(), |p| p + 4);
            paint(&mut out, FRAG, &body[..end]);
            out.extend_from_slice(&body[end..]);
        } else if body.starts_with(b"-") {
            paint(&mut out, OLD, body);
        } else if body.starts_with(b"+") {
            paint(&mut out, NEW, body);
        } else {
            out.extend_from_slice(body);
        }
        out.extend_from_slice(nl);
    }
    out
}

/// Colours a diffstat: the `+` run of each graph green, the `-` run red.
pub fn stat(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for line in text.split_inclusive('\n') {
        match line.rfind(" | ") {
            Some(bar) => {
                let (head, graph) = line.split_at(bar + 3);
                out.push_str(head);
                let body = graph.trim_end_matches('\n');
                let plus = body.find('+').unwrap_or(body.len());
                let minus = body.find('-').unwrap_or(body.len());
                let first = plus.min(minus);
                out.push_str(&body[..first]);
                for (c, style) in [('+', NEW), ('-', OLD)] {
                    let run: String = body.chars().filter(|&x| x == c).collect();
                    if !run.is_empty() {
                        out.push_str(&format!("{}{run}{}", style.render(), style.render_reset()));
                    }
                }
                out.push_str(&graph[body.len()..]);
            }
            None => out.push_str(line),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip(b: &[u8]) -> Vec<u8> {
        let s = String::from_utf8_lossy(b);
        regex::Regex::new("\x1b\\[[0-9;]*m")
            .unwrap()
            .replace_all(&s, "")
            .into_owned()
            .into_bytes()
    }

    #[test]
    fn diff_colours_by_role_and_strips_back_to_the_input() {
        let d = b"diff -u -p a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1,2 +1,2 @@ int f(void)\n ctx\n--- x\n+\tnew\n\\ No newline at end of file\n";
        let c = diff(d);
        assert_eq!(strip(&c), d.to_vec());
        let s = String::from_utf8(c).unwrap();
        assert!(
            s.contains("\x1b[1mdiff -u -p a/x.c b/x.c\x1b[0m\n"),
            "{s:?}"
        );
        assert!(
            s.contains("\x1b[36m@@ -1,2 +1,2 @@\x1b[0m int f(void)\n"),
            "{s:?}"
        );
        // A removed line that looks like a header is still a removed line.
        assert!(s.contains("\x1b[31m--- x\x1b[0m\n"), "{s:?}");
        assert!(s.contains("\x1b[32m+\tnew\x1b[0m\n"), "{s:?}");
        assert!(s.contains("\n ctx\n"), "{s:?}");
        assert!(
            s.ends_with("\x1b[0m\n\\ No newline at end of file\n"),
            "{s:?}"
        );
    }

    #[test]
    fn stat_colours_the_graph() {
        let st = " a.c | 4 ++--\n 1 file changed, 2 insertions(+), 2 deletions(-)\n";
        let c = stat(st);
        assert_eq!(String::from_utf8(strip(c.as_bytes())).unwrap(), st);
        assert!(c.contains("\x1b[32m++\x1b[0m\x1b[31m--\x1b[0m"), "{c:?}");
    }
}

//! The `MAINTAINERS` file: sections, which of them cover a file, and the
//! people and lists to Cc, matched the way `scripts/get_maintainer.pl
//! --nogit --nogit-fallback` matches.

use regex::Regex;

/// One `F:`, `X:` or `N:` entry.
#[derive(Debug)]
enum Pattern {
    /// A pattern without wildcards: a plain prefix test.
    Literal { text: String },
    /// A pattern with `*` or `?` (F:, X:) or a regex (N:).
    Regex { re: Regex },
}

#[derive(Debug)]
struct FilePattern {
    pat: Pattern,
    /// Ends with `/`: matches everything below.
    dir: bool,
    /// Slashes in the pattern, for get_maintainer.pl's same-depth rule.
    slashes: usize,
    /// How specific a match is (get_maintainer.pl's "pattern depth").
    depth: i32,
}

impl FilePattern {
    fn new(raw: &str, is_dir: &dyn Fn(&str) -> bool) -> Option<FilePattern> {
        let mut raw = raw.trim().to_string();
        if raw.is_empty() {
            return None;
        }
        // get_maintainer.pl turns a pattern that names a directory into dir/.
        if !raw.ends_with('/') && !raw.contains(['*', '?']) && is_dir(&raw) {
            raw.push('/');
        }
        let dir = raw.ends_with('/');
        let slashes = raw.matches('/').count();
        let converted = raw.replace('.', "\\.").replace('*', ".*").replace('?', ".");
        let mut depth = slashes as i32 + i32::from(!dir);
        if converted.starts_with(".*") {
            depth = -1;
        }
        let pat = if raw.contains(['*', '?']) {
            Pattern::Regex {
                re: Regex::new(&format!("^(?:{converted})")).ok()?,
            }
        } else {
            Pattern::Literal { text: raw }
        };
        Some(FilePattern {
            pat,
            dir,
            slashes,
            depth,
        })
    }

    fn matches(&self, file: &str) -> bool {
        let prefix = match &self.pat {
            Pattern::Literal { text } => file.starts_with(text.as_str()),
            Pattern::Regex { re } => re.is_match(file),
        };
        prefix && (self.dir || file.matches('/').count() == self.slashes)
    }
}

/// One section of `MAINTAINERS`.
#[derive(Debug)]
pub struct Section {
    /// The title line, e.g. `INFINIBAND SUBSYSTEM`.
    pub name: String,
    /// `M:` and `R:` entries, as written.
    pub people: Vec<String>,
    /// `L:` entries: the address and whatever follows it.
    pub lists: Vec<(String, String)>,
    files: Vec<FilePattern>,
    excludes: Vec<FilePattern>,
    regexes: Vec<Regex>,
    /// `K:` patterns, matched against a patch's changed lines.
    keywords: Vec<Regex>,
}

impl Section {
    /// The catch-all section whose maintainer get_maintainer.pl leaves out.
    fn is_the_rest(&self) -> bool {
        self.name == "THE REST"
    }
}

/// A parsed `MAINTAINERS` file, with the tree's `.mailmap`.
// get_maintainer.pl applies the mailmap to the addresses it prints.
#[derive(Default)]
pub struct Maintainers {
    pub sections: Vec<Section>,
    mailmap: Option<git2::Mailmap>,
}

/// A section that covers a file, and how specifically.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub section: usize,
    pub depth: i32,
}

impl Maintainers {
    /// Parses `MAINTAINERS`; `is_dir` tells which paths are directories of the tree.
    // get_maintainer.pl asks the file system the same question.
    pub fn parse(text: &str, is_dir: &dyn Fn(&str) -> bool) -> Maintainers {
        let mut sections: Vec<Section> = Vec::new();
        let mut title: Option<String> = None;
        let mut open = false;
        let tag = Regex::new(r"^([A-Z]):\s*(.*)$").expect("valid regex");
        for line in text.lines() {
            let line = line.trim_end();
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let Some(c) = tag.captures(line) else {
                title = Some(line.trim().to_string());
                open = false;
                continue;
            };
            if !open {
                let Some(name) = title.take() else {
                    continue;
                };
                sections.push(Section {
                    name,
                    people: Vec::new(),
                    lists: Vec::new(),
                    files: Vec::new(),
                    excludes: Vec::new(),
                    regexes: Vec::new(),
                    keywords: Vec::new(),
                });
                open = true;
            }
            let s = sections.last_mut().expect("pushed above");
            let value = c[2].trim();
            match &c[1] {
                "M" | "R" => s.people.push(value.to_string()),
                "L" => {
                    let (addr, rest) = value.split_once(char::is_whitespace).unwrap_or((value, ""));
                    s.lists.push((addr.to_string(), rest.trim().to_string()));
                }
                "F" => s.files.extend(FilePattern::new(value, is_dir)),
                "X" => s.excludes.extend(FilePattern::new(value, is_dir)),
                "N" => s.regexes.extend(Regex::new(&format!("(?x){value}")).ok()),
                "K" => s.keywords.extend(Regex::new(&format!("(?x){value}")).ok()),
                _ => {}
            }
        }
        Maintainers {
            sections,
            mailmap: None,
        }
    }

    /// Uses a `.mailmap` to turn addresses into their owners' preferred ones.
    pub fn set_mailmap(&mut self, text: &str) {
        self.mailmap = git2::Mailmap::from_buffer(text).ok();
    }

    fn map_email(&self, name: &str, addr: &str) -> (String, String) {
        let mapped = self.mailmap.as_ref().and_then(|m| {
            let sig = git2::Signature::new(
                if name.is_empty() { addr } else { name },
                addr,
                &git2::Time::new(0, 0),
            )
            .ok()?;
            let r = m.resolve_signature(&sig).ok()?;
            let n = if name.is_empty() {
                String::new()
            } else {
                r.name()?.to_string()
            };
            Some((n, r.email()?.to_string()))
        });
        mapped.unwrap_or_else(|| (name.to_string(), addr.to_string()))
    }

    /// The sections covering `file`, most specific first (ties in file order).
    pub fn hits(&self, file: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        for (i, s) in self.sections.iter().enumerate() {
            if s.excludes.iter().any(|x| x.matches(file)) {
                continue;
            }
            // As in get_maintainer.pl, the last matching entry sets the depth.
            let mut depth = None;
            for f in &s.files {
                if f.matches(file) {
                    depth = Some(f.depth);
                }
            }
            if s.regexes.iter().any(|r| r.is_match(file)) {
                depth = Some(0);
            }
            if let Some(depth) = depth {
                hits.push(Hit { section: i, depth });
            }
        }
        hits.sort_by(|a, b| b.depth.cmp(&a.depth).then(a.section.cmp(&b.section)));
        hits
    }

    /// The subsystem a file belongs to:
    // the most specific section an `F:` pattern of which names its directory or the file
    // itself (not a catch-all such as `*/`, nor a regex).
    pub fn subsystem(&self, file: &str) -> Option<usize> {
        self.hits(file)
            .into_iter()
            .find(|h| h.depth >= 1)
            .map(|h| h.section)
    }

    /// The people, then the lists, to Cc on a patch changing `files`.
    // `changed` holds its `+`/`-` lines, for `K:` keywords. The order and deduplication are
    // get_maintainer.pl's; it too leaves out subscribers-only lists and the chief
    // maintainer of `THE REST`.
    pub fn recipients<'a>(
        &self,
        files: impl IntoIterator<Item = &'a str>,
        changed: &[&str],
    ) -> Vec<String> {
        let mut sections: Vec<usize> = Vec::new();
        for file in files {
            sections.extend(self.hits(file).into_iter().map(|h| h.section));
        }
        for (i, s) in self.sections.iter().enumerate() {
            if s.keywords
                .iter()
                .any(|k| changed.iter().any(|l| k.is_match(l)))
            {
                sections.push(i);
            }
        }
        let mut people: Vec<String> = Vec::new();
        let mut names: Vec<String> = Vec::new();
        let mut addrs: Vec<String> = Vec::new();
        let mut lists: Vec<String> = Vec::new();
        {
            for &i in &sections {
                let s = &self.sections[i];
                if !s.is_the_rest() {
                    for p in &s.people {
                        for one in p.split(',') {
                            let Some((name, addr)) = parse_email(one) else {
                                continue;
                            };
                            let (ln, la) = (name.to_lowercase(), addr.to_lowercase());
                            if (!ln.is_empty() && names.contains(&ln)) || addrs.contains(&la) {
                                continue;
                            }
                            if !ln.is_empty() {
                                names.push(ln);
                            }
                            addrs.push(la);
                            let (name, addr) = self.map_email(&name, &addr);
                            let shown = format_email(&name, &addr);
                            if !people.contains(&shown) {
                                people.push(shown);
                            }
                        }
                    }
                }
                for (addr, rest) in &s.lists {
                    if rest.contains("subscribers-only") {
                        continue;
                    }
                    if !lists.iter().any(|l| l.eq_ignore_ascii_case(addr)) {
                        lists.push(addr.clone());
                    }
                }
            }
        }
        people.extend(lists);
        people
    }
}

/// Splits `Name <address>` (or a bare address) as get_maintainer.pl does.
fn parse_email(s: &str) -> Option<(String, String)> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let (Some(lt), Some(gt)) = (s.find('<'), s.rfind('>')) {
        if lt < gt {
            let name = s[..lt].trim().trim_matches('"').trim().to_string();
            let addr = s[lt + 1..gt].trim().to_string();
            return (!addr.is_empty()).then_some((name, addr));
        }
    }
    s.contains('@').then(|| (String::new(), s.to_string()))
}

/// `Name <address>` as get_maintainer.pl's `format_email` writes it.
// The name is quoted when it holds more than ASCII word characters, spaces and hyphens.
pub fn format_email(name: &str, addr: &str) -> String {
    if name.is_empty() {
        return addr.to_string();
    }
    let plain = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ' ' || c == '-');
    if plain {
        format!("{name} <{addr}>")
    } else {
        format!("\"{name}\" <{addr}>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "\
Intro text
	M: *Mail* patches to: FullName <address@domain>

DRM DRIVERS
M:	Dora Render <dora@example.org>
L:	dri-devel@lists.example.org
F:	drivers/gpu/

DRM DRIVER FOR VIA
M:	Vera Via <vera@example.org>
M:	Dora Render <dora@example.org>
L:	dri-devel@lists.example.org (moderated for non-subscribers)
L:	secret@lists.example.org (subscribers-only)
F:	drivers/gpu/drm/via
X:	drivers/gpu/drm/via/skip.c

MM
M:	J. Random <jr@example.org>
F:	include/linux/mm.h
F:	mm/*.c

THE REST
M:	Top Penguin <top@example.org>
L:	linux-kernel@lists.example.org
F:	*
F:	*/
";

    fn m() -> Maintainers {
        Maintainers::parse(TEXT, &|p| p == "drivers/gpu/drm/via")
    }

    #[test]
    fn most_specific_section_is_the_subsystem() {
        let m = m();
        let name = |f: &str| m.subsystem(f).map(|i| m.sections[i].name.clone());
        assert_eq!(
            name("drivers/gpu/drm/via/via_dmablit.c").as_deref(),
            Some("DRM DRIVER FOR VIA")
        );
        assert_eq!(
            name("drivers/gpu/drm/via/skip.c").as_deref(),
            Some("DRM DRIVERS")
        );
        assert_eq!(name("mm/gup.c").as_deref(), Some("MM"));
        // mm/*.c does not reach below mm/.
        assert_eq!(name("mm/sub/x.c"), None);
        assert_eq!(name("fs/io_uring.c"), None);
    }

    #[test]
    fn recipients_like_get_maintainer() {
        let m = m();
        assert_eq!(
            m.recipients(["drivers/gpu/drm/via/via_dmablit.c"], &[]),
            [
                "Vera Via <vera@example.org>",
                "Dora Render <dora@example.org>",
                "dri-devel@lists.example.org",
                "linux-kernel@lists.example.org"
            ]
        );
        assert_eq!(
            m.recipients(["mm/gup.c"], &[]),
            [
                "\"J. Random\" <jr@example.org>",
                "linux-kernel@lists.example.org"
            ]
        );
    }
}

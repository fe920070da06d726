//! The series manifest (`series.toml`): what to run, in which order, and how
//! to cut and describe the commits. Errors point at `file:line:col`.

use crate::smpl::{Diagnostic, SemanticPatch};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    series: Spanned<RawSeries>,
    #[serde(default, rename = "transform")]
    transforms: Vec<Spanned<RawTransform>>,
    #[serde(default)]
    prefixes: BTreeMap<String, Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSeries {
    title: Spanned<String>,
    #[serde(default)]
    version: Option<Spanned<i64>>,
    cover: Spanned<RawCover>,
    #[serde(default)]
    to: Vec<Spanned<String>>,
    #[serde(default)]
    cc: Vec<Spanned<String>>,
    #[serde(default)]
    branch: Option<Spanned<String>>,
    #[serde(default)]
    history: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawCover {
    Text(String),
    File { file: String },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTransform {
    smpl: Spanned<String>,
    subject: Spanned<String>,
    #[serde(default)]
    split: Option<Spanned<String>>,
    #[serde(default)]
    paths: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    body: Option<String>,
}

/// How one transform's changes are cut into commits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Split {
    /// One commit per `MAINTAINERS` section (or directory).
    Subsystem,
    /// One commit per file.
    File,
    /// One commit for everything.
    None,
}

/// A path prefix (`drivers/infiniband`) or a glob (`drivers/*/core/*.c`).
#[derive(Clone, Debug)]
pub enum PathSpec {
    Prefix(String),
    Glob(globset::GlobMatcher),
}

impl PathSpec {
    fn new(s: &str) -> Result<PathSpec, String> {
        let s = s.trim().trim_start_matches("./");
        if s.contains(['*', '?', '[', '{']) {
            let g = globset::GlobBuilder::new(s)
                .literal_separator(true)
                .build()
                .map_err(|e| format!("bad glob: {e}"))?;
            Ok(PathSpec::Glob(g.compile_matcher()))
        } else {
            Ok(PathSpec::Prefix(s.trim_end_matches('/').to_string()))
        }
    }

    /// Whether the file or one of the directories above it matches.
    pub fn matches(&self, path: &str) -> bool {
        match self {
            PathSpec::Prefix(p) => {
                p.is_empty()
                    || path == p
                    || path
                        .strip_prefix(p.as_str())
                        .is_some_and(|r| r.starts_with('/'))
            }
            PathSpec::Glob(g) => {
                let mut cur = path;
                loop {
                    if g.is_match(cur) {
                        return true;
                    }
                    match cur.rsplit_once('/') {
                        Some((up, _)) => cur = up,
                        None => return false,
                    }
                }
            }
        }
    }
}

/// The files a transform may change.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    /// Empty: the whole tree.
    pub paths: Vec<PathSpec>,
    pub exclude: Vec<PathSpec>,
    /// The `paths` entries as written, for warnings about typos.
    pub written: Vec<String>,
}

impl Scope {
    /// Whether `path` is in scope.
    pub fn contains(&self, path: &str) -> bool {
        (self.paths.is_empty() || self.paths.iter().any(|p| p.matches(path)))
            && !self.exclude.iter().any(|p| p.matches(path))
    }
}

/// The placeholders a subject template may use.
pub const PLACEHOLDERS: &[&str] = &["prefix", "subsystem", "dir", "file", "from", "to"];

/// One `[[transform]]` entry, resolved.
#[derive(Debug)]
pub struct Transform {
    /// The `.cocci` file name, as the changelog names it.
    pub name: String,
    pub sp: SemanticPatch,
    pub subject: String,
    pub split: Split,
    pub scope: Scope,
    pub body: Option<String>,
    /// Where `subject` is written, for complaints about what it expands to.
    pub subject_at: Diagnostic,
}

/// The whole manifest, resolved: semantic patches parsed, cover text read.
#[derive(Debug)]
pub struct Manifest {
    pub path: PathBuf,
    pub title: String,
    pub version: u32,
    pub cover: String,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub branch: Option<String>,
    /// How many commits of history to learn subject prefixes from.
    pub history: usize,
    /// Path prefix → subject prefix, overriding everything else.
    pub prefixes: Vec<(PathSpec, String)>,
    pub transforms: Vec<Transform>,
}

/// Default depth of the history walk for learning prefixes.
pub const DEFAULT_HISTORY: usize = 2000;

struct Src<'a> {
    file: &'a str,
    text: &'a str,
}

impl Src<'_> {
    fn at(&self, offset: usize, msg: impl Into<String>) -> Diagnostic {
        let offset = offset.min(self.text.len());
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Diagnostic::at(self.file, self.text, line, col, msg)
    }

    fn span<T>(&self, s: &Spanned<T>, msg: impl Into<String>) -> Diagnostic {
        self.at(s.span().start, msg)
    }
}

impl Manifest {
    /// Reads and checks a manifest; semantic patches are relative to it.
    pub fn from_path(path: &Path) -> Result<Manifest, Diagnostic> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| Diagnostic {
            file: file.clone(),
            line: 0,
            col: 0,
            message: format!("cannot read manifest: {e}"),
            source_line: None,
        })?;
        Self::parse(path, &text)
    }

    /// Parses manifest text as if read from `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Manifest, Diagnostic> {
        let file = path.display().to_string();
        let src = Src { file: &file, text };
        let base = path.parent().unwrap_or(Path::new(""));
        let raw: RawManifest = toml::from_str(text).map_err(|e| {
            let msg = e.message().trim().replace('\n', "; ");
            src.at(e.span().map_or(0, |s| s.start), msg)
        })?;
        let series = raw.series.get_ref();
        let title = series.title.get_ref().trim().to_string();
        if title.is_empty() || title.contains('\n') {
            return Err(src.span(&series.title, "title must be one non-empty line"));
        }
        if title.len() > 75 {
            return Err(src.span(
                &series.title,
                format!("title is {} characters; at most 75", title.len()),
            ));
        }
        let version = match &series.version {
            None => 1,
            Some(v) => match u32::try_from(*v.get_ref()) {
                Ok(n) if n >= 1 => n,
                _ => return Err(src.span(v, "version must be a positive integer")),
            },
        };
        let history = match &series.history {
            None => DEFAULT_HISTORY,
            Some(h) => usize::try_from(*h.get_ref())
                .map_err(|_| src.span(h, "history must be a number of commits (0 or more)"))?,
        };
        let cover = match series.cover.get_ref() {
            RawCover::Text(t) => t.clone(),
            RawCover::File { file } => std::fs::read_to_string(base.join(file)).map_err(|e| {
                src.span(
                    &series.cover,
                    format!("cannot read cover file {}: {e}", base.join(file).display()),
                )
            })?,
        };
        if cover.contains("*** BLURB HERE ***") || cover.trim().is_empty() {
            return Err(src.span(&series.cover, "cover must say what the series is for"));
        }
        let address = |list: &Vec<Spanned<String>>| -> Result<Vec<String>, Diagnostic> {
            list.iter()
                .map(|a| {
                    let s = a.get_ref().trim();
                    let ok = s.contains('@') && !s.contains(['\n', ',']);
                    ok.then(|| s.to_string()).ok_or_else(|| {
                        src.span(a, "expected one address: `Name <user@host>` or `user@host`")
                    })
                })
                .collect()
        };
        let to = address(&series.to)?;
        let cc = address(&series.cc)?;
        let branch = match &series.branch {
            None => None,
            Some(b) => {
                let name = b.get_ref().trim().to_string();
                if !git2::Reference::is_valid_name(&format!("refs/heads/{name}")) {
                    return Err(src.span(b, format!("`{name}` is not a valid branch name")));
                }
                Some(name)
            }
        };
        let mut prefixes = Vec::new();
        for (k, v) in &raw.prefixes {
            let spec = PathSpec::new(k).map_err(|e| src.span(v, e))?;
            let p = v.get_ref().trim();
            if p.is_empty() || p.contains([':', '\n']) {
                return Err(src.span(v, "a prefix is the text before the colon, e.g. \"drm/via\""));
            }
            prefixes.push((spec, p.to_string()));
        }
        // Longer (more specific) path prefixes first.
        prefixes.sort_by_key(|(s, _)| {
            std::cmp::Reverse(match s {
                PathSpec::Prefix(p) => p.len(),
                PathSpec::Glob(g) => g.glob().glob().len(),
            })
        });
        if raw.transforms.is_empty() {
            return Err(src.at(0, "no [[transform]] entries"));
        }
        let mut transforms = Vec::new();
        for t in &raw.transforms {
            transforms.push(transform(&src, base, t.get_ref())?);
        }
        Ok(Manifest {
            path: path.to_path_buf(),
            title,
            version,
            cover,
            to,
            cc,
            branch,
            history,
            prefixes,
            transforms,
        })
    }
}

fn transform(src: &Src, base: &Path, t: &RawTransform) -> Result<Transform, Diagnostic> {
    let smpl_path = base.join(t.smpl.get_ref());
    if !smpl_path.is_file() {
        return Err(src.span(
            &t.smpl,
            format!("no such semantic patch: {}", smpl_path.display()),
        ));
    }
    let sp = SemanticPatch::from_path(&smpl_path)?;
    let name = Path::new(t.smpl.get_ref()).file_name().map_or_else(
        || t.smpl.get_ref().clone(),
        |n| n.to_string_lossy().into_owned(),
    );
    let split = match &t.split {
        None => Split::Subsystem,
        Some(s) => match s.get_ref().as_str() {
            "subsystem" => Split::Subsystem,
            "file" => Split::File,
            "none" => Split::None,
            other => {
                return Err(src.span(
                    s,
                    format!("unknown split `{other}`: expected `subsystem`, `file` or `none`"),
                ))
            }
        },
    };
    let subject = t.subject.get_ref().clone();
    let subject_at = src.span(&t.subject, "");
    check_template(&subject).map_err(|(off, msg)| {
        // +1: the opening quote of the TOML string.
        src.at(t.subject.span().start + 1 + off, msg)
    })?;
    if subject.trim().is_empty() || subject.contains('\n') {
        return Err(src.span(&t.subject, "subject must be one non-empty line"));
    }
    let specs = |v: &[Spanned<String>]| -> Result<Vec<PathSpec>, Diagnostic> {
        v.iter()
            .map(|p| PathSpec::new(p.get_ref()).map_err(|e| src.span(p, e)))
            .collect()
    };
    let paths = match &t.paths {
        None => Vec::new(),
        Some(v) if v.is_empty() => {
            return Err(src.span(
                &t.smpl,
                "`paths` is empty: leave it out to cover the whole tree",
            ))
        }
        Some(v) => specs(v)?,
    };
    if let Some(b) = &t.body {
        // git am would take such a line for the end of the changelog.
        if b.lines()
            .any(|l| l.trim_end() == "---" || l.starts_with("diff --git "))
        {
            return Err(src.span(
                &t.smpl,
                "`body` must not contain a `---` or `diff --git` line",
            ));
        }
    }
    Ok(Transform {
        name,
        sp,
        subject,
        split,
        scope: Scope {
            paths,
            exclude: specs(&t.exclude)?,
            written: t
                .paths
                .iter()
                .flatten()
                .map(|p| p.get_ref().clone())
                .collect(),
        },
        body: t.body.clone().filter(|b| !b.trim().is_empty()),
        subject_at,
    })
}

/// Checks `{placeholder}` syntax; on error, the byte offset and a message.
fn check_template(t: &str) -> Result<(), (usize, String)> {
    let mut rest = t;
    let mut off = 0;
    while let Some(i) = rest.find(['{', '}']) {
        if rest.as_bytes()[i] == b'}' {
            return Err((off + i, "unmatched `}` in subject".into()));
        }
        let Some(j) = rest[i..].find('}') else {
            return Err((off + i, "unclosed `{` in subject".into()));
        };
        let name = &rest[i + 1..i + j];
        if !PLACEHOLDERS.contains(&name) {
            return Err((
                off + i,
                format!(
                    "unknown placeholder `{{{name}}}`: expected one of {}",
                    PLACEHOLDERS
                        .iter()
                        .map(|p| format!("{{{p}}}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        off += i + j + 1;
        rest = &rest[i + j + 1..];
    }
    Ok(())
}

/// Expands `{name}` placeholders with `value`.
pub fn expand(template: &str, value: impl Fn(&str) -> String) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let j = rest[i..].find('}').map_or(rest.len(), |j| i + j);
        out.push_str(&value(&rest[i + 1..j]));
        rest = &rest[(j + 1).min(rest.len())..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Manifest, Diagnostic> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("transforms");
        Manifest::parse(&dir.join("test.toml"), text)
    }

    const GOOD: &str = "[series]\ntitle = \"t\"\ncover = \"why\"\n\n[[transform]]\nsmpl = \"pin_user_pages.cocci\"\nsubject = \"{prefix}: x\"\n";

    #[test]
    fn good_manifest() {
        let m = parse(GOOD).unwrap();
        assert_eq!(m.version, 1);
        assert_eq!(m.transforms[0].split, Split::Subsystem);
        assert_eq!(m.transforms[0].name, "pin_user_pages.cocci");
    }

    #[test]
    fn errors_point_at_the_value() {
        let e = parse(&GOOD.replace(
            "subject = \"{prefix}: x\"",
            "subject = \"{prefix}: x\"\nsplit = \"module\"",
        ))
        .unwrap_err();
        assert_eq!((e.line, e.col), (8, 9), "{e}");
        assert!(e.message.contains("unknown split"), "{e}");
        let e = parse(&GOOD.replace("{prefix}: x", "{prefix}: {nope}")).unwrap_err();
        assert_eq!((e.line, e.col), (7, 22), "{e}");
        let e = parse(&GOOD.replace("title = \"t\"", "title = \"t\"\ncolour = 1")).unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        let e = parse(&GOOD.replace("pin_user_pages.cocci", "missing.cocci")).unwrap_err();
        assert_eq!((e.line, e.col), (6, 8), "{e}");
    }

    #[test]
    fn path_specs() {
        let p = PathSpec::new("drivers/infiniband/").unwrap();
        assert!(p.matches("drivers/infiniband/core/umem.c"));
        assert!(!p.matches("drivers/infiniband2/x.c"));
        let g = PathSpec::new("drivers/*/core").unwrap();
        assert!(g.matches("drivers/infiniband/core/umem.c"));
        assert!(!g.matches("drivers/infiniband/hw/x.c"));
        let f = PathSpec::new("fs/*.c").unwrap();
        assert!(f.matches("fs/io_uring.c"));
        assert!(!f.matches("fs/sub/io_uring.c"));
    }

    #[test]
    fn expand_placeholders() {
        assert_eq!(
            expand("{prefix}: use {to}", |k| k.to_uppercase()),
            "PREFIX: use TO"
        );
    }
}

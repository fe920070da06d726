//! The file level of SmPL: description, rule headers and metavariable declarations.

use super::body;
use super::include;
use super::iso_expand;
use super::pattern::{self, Pattern};
use super::split::{self, HTok};
use super::{
    BitWidth, Constraint, Dep, Diagnostic, ExprForm, InputDefault, ListLen, MetaKind, MetaType,
    Metavar, Quantifier, Rule, RuleBody, Script, ScriptWhen, SeedPart, SemanticPatch, TyWord,
};
use crate::c::lex::TokKind;
use regex::Regex;

/// Whether the semantic patch asks for OCaml's regular expressions: a
/// `# spatch --ocaml-regexps` line, which spatch reads as that option.
fn ocaml_regexps(sources: &[include::Source]) -> bool {
    sources.first().is_some_and(|s| {
        s.text.lines().any(|l| {
            l.strip_prefix('#')
                .map(str::trim_start)
                .and_then(|l| l.strip_prefix("spatch"))
                .is_some_and(|rest| rest.split_whitespace().any(|o| o == "--ocaml-regexps"))
        })
    })
}

/// An OCaml `Str` regular expression in the syntax of `regex`: `\(`, `\)`
/// and `\|` group and alternate, and `(`, `)`, `|`, `{`, `}` are
/// characters; the rest reads alike (a bracket expression is copied).
fn from_ocaml_regexp(re: &str) -> String {
    let mut out = String::with_capacity(re.len() + 8);
    let mut chars = re.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        if in_class {
            if c == ']' {
                in_class = false;
            } else if c == '\\' {
                // A backslash is itself in a Str bracket expression.
                out.push('\\');
            }
            out.push(c);
            continue;
        }
        match c {
            '[' => {
                in_class = true;
                out.push('[');
                // A `]` first (after `^`) is a member, not the end.
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    out.push_str("\\]");
                    chars.next();
                }
            }
            '\\' => match chars.next() {
                Some(g @ ('(' | ')' | '|')) => out.push(g),
                Some('b') => out.push_str("\\b"),
                Some(o) => out.push_str(&regex::escape(&o.to_string())),
                None => out.push_str("\\\\"),
            },
            '(' | ')' | '|' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

struct Ctx<'a> {
    /// The file the rule being read is in (the semantic patch, or a file
    /// it includes), and its text.
    file: &'a str,
    src: &'a str,
    /// Which of the files read that is (an index of `sources`).
    source: usize,
    /// Every named rule header of the files (name, file, line), found
    /// before parsing, so that naming a rule defined further down gets a
    /// message saying so.
    headers: &'a [(String, usize, usize)],
    /// The files read, in order (for naming where a header is).
    sources: &'a [include::Source],
    /// The names of the files' `virtual` lines.
    virtuals: &'a [String],
    /// The virtual rules given with `-D`.
    defines: &'a [String],
}

impl Ctx<'_> {
    fn err(&self, line: usize, col: usize, msg: impl Into<String>) -> Diagnostic {
        Diagnostic::at(self.file, self.src, line, col, msg)
    }

    /// The diagnostic for a name at `line:col` that is not an earlier rule.
    // Rules may only name rules above them, which is what rules out dependency
    // cycles; say so when the name is the rule itself or one further down.
    fn unknown_rule(&self, name: &str, line: usize, col: usize, what: &str) -> Diagnostic {
        let own = self
            .headers
            .iter()
            .rfind(|(_, f, l)| *f == self.source && *l <= line);
        let msg = match self.headers.iter().find(|(n, _, _)| n == name) {
            Some((_, f, l)) if own.is_some_and(|(_, of, o)| of == f && o == l) => format!(
                "rule `{name}` cannot {what} itself (rules can only name the rules above them)"
            ),
            Some((_, f, l)) => {
                let at = if *f == self.source {
                    format!("line {l}")
                } else {
                    format!("{}:{l}", self.sources[*f].file)
                };
                format!(
                    "rule `{name}` is defined later, at {at}: rules can only name the rules above them, so dependencies cannot form a cycle"
                )
            }
            None if what == "depend on" => format!(
                "unknown rule `{name}` in depends on (rules must be defined before they are named)"
            ),
            None => format!("unknown rule `{name}` (rules must be defined before they are named)"),
        };
        self.err(line, col, msg)
    }
}

/// The names of the named rule headers, with their files and lines.
fn header_names(chunks: &[(usize, &split::Chunk)]) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    for &(f, c) in chunks {
        let toks = &c.header;
        let k = usize::from(toks.first().is_some_and(|t| t.text == "comments"));
        if let Some(t) = toks.get(k).filter(|t| {
            t.kind == TokKind::Ident && !matches!(t.text.as_str(), "depends" | "exists" | "forall")
        }) {
            out.push((t.text.clone(), f, c.line));
        }
    }
    out
}

/// Parses a whole `.cocci` file; `defines` are the virtual rules given
/// with `-D` (the others are false).
pub fn parse_file(
    file: &str,
    src: &str,
    hints: std::sync::Arc<crate::c::hints::Hints>,
    defines: &[String],
) -> Result<SemanticPatch, Diagnostic> {
    // The files it includes come first, each as if written where it is
    // included (at the top); the semantic patch itself is last.
    let sources = include::sources(file, src)?;
    let mut splits = Vec::with_capacity(sources.len());
    // The isomorphisms of `using` lines outside rules: for every rule.
    let mut file_isos = super::iso::standard();
    for s in &sources {
        let parts = split::split(&s.file, &s.text)?;
        for n in &parts.isos {
            file_isos.extend(include::read_iso(&s.file, &s.text, n)?);
        }
        splits.push(parts);
    }
    let chunks: Vec<(usize, &split::Chunk)> = splits
        .iter()
        .enumerate()
        .flat_map(|(f, p)| p.chunks.iter().map(move |c| (f, c)))
        .collect();
    let extra = name_hints(chunks.iter().map(|(_, c)| *c));
    let hints = if extra.is_empty() {
        hints
    } else {
        let mut h = (*hints).clone();
        h.add_text(file, &extra)?;
        std::sync::Arc::new(h)
    };
    let compilers: Vec<pattern::Compiler> = sources
        .iter()
        .map(|s| pattern::Compiler::new(&s.file, &s.text, &hints))
        .collect();
    let headers = header_names(&chunks);
    let virtuals: Vec<String> = splits
        .iter()
        .flat_map(|p| p.virtuals.iter().map(|t| t.text.clone()))
        .collect();
    let ctx = |f: usize| Ctx {
        file: &sources[f].file,
        src: &sources[f].text,
        source: f,
        headers: &headers,
        sources: &sources,
        virtuals: &virtuals,
        defines,
    };
    // `-D x=value` gives `virtual.x` a value; `-D x` turns a virtual rule on.
    if let Some(d) = defines
        .iter()
        .find(|d| !d.contains('=') && !virtuals.contains(d))
    {
        return Err(Diagnostic {
            file: file.to_string(),
            line: 0,
            col: 0,
            message: format!(
                "-D {d}: the semantic patch has no `virtual {d}` (it declares: {})",
                if virtuals.is_empty() {
                    "none".to_string()
                } else {
                    virtuals.join(", ")
                }
            ),
            source_line: None,
        });
    }
    let description = splits
        .last()
        .map(|p| p.description.clone())
        .unwrap_or_default();
    let mut rules: Vec<Rule> = Vec::new();
    // Entries compiled for rewriting (`None`: rewriting does not apply
    // them), by file and line.
    let mut generic_cache: std::collections::HashMap<
        (String, usize),
        Option<std::sync::Arc<iso_expand::Generic>>,
    > = Default::default();
    // The names `attribute name` declarations have declared so far.
    let mut attributes: Vec<String> = Vec::new();
    // Names declared with `typedef` so far: spatch knows them from there on.
    let mut typedefs: Vec<String> = Vec::new();
    for &(f, chunk) in &chunks {
        let cx = ctx(f);
        let (file, src, compiler) = (cx.file, cx.src, &compilers[f]);
        let header_line = chunk.line;
        let h = parse_header(&cx, header_line, &chunk.header, &rules)?;
        let body_lines = &chunk.body;
        let rule_name = h.name.clone().unwrap_or_else(|| {
            // An included file's: named with the file too (lines of two
            // files may be equal).
            if f + 1 == sources.len() {
                format!("rule@{header_line}")
            } else {
                format!("rule@{}:{header_line}", sources[f].file)
            }
        });
        if cx.virtuals.contains(&rule_name) {
            return Err(cx.err(
                header_line,
                2,
                format!("`{rule_name}` is a virtual rule: a rule cannot have its name"),
            ));
        }
        let depends = match &h.depends {
            Some(toks) => Some(parse_dep(&cx, toks, &rules)?),
            None => None,
        };
        if let Some((when, language)) = h.script {
            let decls = script_decls(&cx, &chunk.decls, &rules, &language, when)?;
            // A line that is a `//` comment is SmPL's, not the script's
            // (spatch drops it); blank, so that line numbers stay.
            let code = body_lines
                .iter()
                .map(|(_, l)| {
                    if l.trim_start().starts_with("//") {
                        ""
                    } else {
                        *l
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            rules.push(Rule {
                name: rule_name,
                line: header_line,
                depends,
                metavars: decls.metavars,
                body: RuleBody::Script(Script {
                    language,
                    when,
                    inputs: decls.inputs,
                    defaults: decls.defaults,
                    merges: decls.merges,
                    code,
                }),
                transforms: false,
                quantifier: None,
                disabled: Vec::new(),
                context: false,
                everywhere: false,
                attributes: Vec::new(),
            });
            continue;
        }
        // `attribute name a;` names, declared here or in an earlier rule.
        attributes.extend(attribute_names(&chunk.decls));
        let mut metavars = Vec::new();
        if let Some(ri) = h.extends {
            // `extends r`: r's metavariables, as if each were declared `r.x`.
            for m in &rules[ri].metavars {
                metavars.push(Metavar {
                    inherited: Some((ri, m.name.clone())),
                    constraint: None,
                    ..m.clone()
                });
            }
        }
        // (The declarations may use them: `T *s;` with `T` from r.)
        for m in parse_decls(&cx, &chunk.decls, &rules, metavars.clone(), &mut typedefs)? {
            if let Some(old) = metavars.iter_mut().find(|o| o.name == m.name) {
                *old = m;
            } else {
                metavars.push(m);
            }
        }
        let isos = rule_isos(&cx, &h, &file_isos)?;
        let mut rule = Rule {
            name: rule_name,
            line: header_line,
            depends,
            metavars,
            body: RuleBody::Code(Vec::new()),
            transforms: false,
            quantifier: h.quantifier,
            disabled: h.disabled.clone(),
            context: false,
            everywhere: h.everywhere,
            attributes: attributes.clone(),
        };
        if !rule.live() {
            // A rule the virtual rules given turn off never runs: its code is
            // not compiled (it may be written for another mode).
            rules.push(rule);
            continue;
        }
        let items = body::parse_body(file, src, body_lines)?;
        let alts = body::expand(file, src, header_line, items)?;
        if alts.iter().all(|a| a.is_empty()) {
            return Err(cx.err(header_line, 1, format!("rule `{}` has no code", rule.name)));
        }
        drop_unused_inherited(&mut rule.metavars, &alts);
        rule.transforms = alts
            .iter()
            .flatten()
            .any(|t| t.mark != body::Mark::Context && !t.star);
        rule.context = alts.iter().flatten().any(|t| t.star);
        if rule.context {
            if let Some(t) = alts
                .iter()
                .flatten()
                .find(|t| !t.star && t.mark != body::Mark::Context)
            {
                return Err(cx.err(
                    t.line,
                    t.col,
                    "a rule with `*` lines shows code, it cannot also add or remove it (`-`/`+` lines)",
                ));
            }
        }
        if h.comments {
            rule.body = RuleBody::Comments(comment_pairs(&cx, &rule, &alts)?);
        } else {
            // Alternatives compile independently (each is parsed as C), so in
            // parallel; the first error in file order is the one reported.
            use rayon::prelude::*;
            let compiled: Vec<Result<Pattern, Diagnostic>> = alts
                .par_iter()
                .map(|alt| {
                    let aligned =
                        body::align_minus_plus(alt.clone(), &|n| rule.metavar(n).is_some());
                    let pat = compiler.compile(&rule, aligned)?;
                    pattern::check_plus_slice(compiler, &rule, pat.kind, alt.clone())?;
                    Ok(pat)
                })
                .collect();
            let pats = compiled.into_iter().collect::<Result<Vec<_>, _>>()?;
            let mut generics = Vec::new();
            for iso in isos {
                let key = (iso.file.clone(), iso.line);
                if !generic_cache.contains_key(&key) {
                    let g = iso_expand::compile(iso, &hints)?.map(std::sync::Arc::new);
                    // The default set documents the entries it does not
                    // apply; a user's file is not silently half read.
                    if g.is_none()
                        && iso.file != super::iso::STANDARD_NAME
                        && !iso_expand::NATIVE.contains(&iso.name.as_str())
                    {
                        return Err(Diagnostic {
                            file: iso.file.clone(),
                            line: iso.line,
                            col: 1,
                            source_line: Some(iso.header_text.clone()),
                            message: format!(
                                "isomorphism `{}`: not supported (sempatch applies the entries of a `.iso` file that are Expression entries over expression, identifier, constant and type metavariables, each later form using only those the first binds)",
                                iso.name
                            ),
                        });
                    }
                    generic_cache.insert(key.clone(), g);
                }
                if let Some(Some(g)) = generic_cache.get(&key) {
                    generics.push(g.clone());
                }
            }
            rule.body = RuleBody::Code(with_iso_variants(compiler, &rule, alts, pats, &generics));
        }
        rules.push(rule);
    }
    if rules.is_empty() {
        return Err(Diagnostic {
            file: file.to_string(),
            line: 0,
            col: 0,
            message: "no rules: a semantic patch needs at least one `@@ … @@` rule".into(),
            source_line: None,
        });
    }
    Ok(SemanticPatch {
        file: file.to_string(),
        description,
        virtuals: virtuals.clone(),
        rules,
        item_words: Default::default(),
        hints,
        header_cache: Default::default(),
    })
}

/// How many branches a rule may have once rewritten by isomorphisms; past
/// it, no more are added.
const MAX_ISO_BRANCHES: usize = 256;

/// The rule's compiled branches, each followed by the branches the
/// rewriting isomorphisms `generics` add to it (in the order of the
/// entries). A rewritten branch that does not compile is left out.
fn with_iso_variants(
    compiler: &pattern::Compiler,
    rule: &Rule,
    alts: Vec<Vec<body::BTok>>,
    pats: Vec<Pattern>,
    generics: &[std::sync::Arc<iso_expand::Generic>],
) -> Vec<Pattern> {
    let align = |alt: Vec<body::BTok>| body::align_minus_plus(alt, &|n| rule.metavar(n).is_some());
    // The texts of the tokens a `+` line keeps of its `-` line.
    let kept = |aligned: &[body::BTok]| -> Vec<String> {
        aligned
            .iter()
            .filter(|t| t.kept)
            .map(|t| t.text.clone())
            .collect()
    };
    let mut pairs: Vec<(Vec<body::BTok>, Pattern)> = alts.into_iter().zip(pats).collect();
    for g in generics {
        let mut next = Vec::with_capacity(pairs.len());
        for (alt, pat) in pairs {
            let vs = if next.len() < MAX_ISO_BRANCHES {
                iso_expand::variants(&alt, &pat, g, &rule.metavars)
            } else {
                Vec::new()
            };
            // (Aligned once, and only for a branch that got variants.)
            let was = if vs.is_empty() {
                Vec::new()
            } else {
                kept(&align(alt.clone()))
            };
            next.push((alt, pat));
            for v in vs {
                let aligned = align(v.clone());
                // A rewrite that changes what an added line keeps of the
                // removed one would lay the added code out anew: not done.
                if kept(&aligned) != was {
                    continue;
                }
                if let Ok(p) = compiler.compile(rule, aligned) {
                    next.push((v, p));
                }
            }
        }
        pairs = next;
    }
    pairs.into_iter().map(|(_, p)| p).collect()
}

/// The isomorphisms that apply in a rule: the default set and the files
/// `using` names (outside rules: `file_isos`, in the header: its own),
/// less those `disable` names (`all`: every one). A name `disable` gives
/// that no entry has and the matcher does not reserve is an error, as in
/// spatch.
fn rule_isos<'i>(
    cx: &Ctx,
    h: &'i Header,
    file_isos: &'i [super::iso::Iso],
) -> Result<Vec<&'i super::iso::Iso>, Diagnostic> {
    let all = || file_isos.iter().chain(&h.using);
    for (name, &(l, c)) in h.disabled.iter().zip(&h.disabled_at) {
        if name != "all"
            && !super::iso::RESERVED.contains(&name.as_str())
            && !all().any(|i| i.name == *name)
        {
            return Err(cx.err(
                l,
                c,
                format!("`{name}` names no isomorphism (of the default set or a `using` file)"),
            ));
        }
    }
    if h.disabled.iter().any(|d| d == "all") {
        return Ok(Vec::new());
    }
    Ok(all().filter(|i| !h.disabled.contains(&i.name)).collect())
}

/// Drops the inherited metavariables (`r.x`) that nothing in the rule
/// names: spatch warns of them ("inherited metavariable x not used in the
/// -, +, or context code") and leaves them out, so the rule neither waits
/// for `r` to bind them nor runs once per value. Named means: a token of
/// the code (`when` clauses and added code included), a position attached
/// to one, a `@x@` in a string (a format), or the declaration of another
/// metavariable (its type, seed, length or script constraint).
fn drop_unused_inherited(metavars: &mut Vec<Metavar>, alts: &[Vec<body::BTok>]) {
    let in_code = |name: &str| {
        alts.iter().flatten().any(|t| {
            t.text == name
                || t.positions.iter().any(|p| p == name)
                || (t.text.starts_with('"') && t.text.contains(&format!("@{name}@")))
        })
    };
    let in_decl = |m: &Metavar, name: &str| {
        let ty = m.ty.as_ref().is_some_and(|t| match t {
            MetaType::OneOf(v) => v
                .iter()
                .flatten()
                .any(|w| matches!(w, TyWord::Meta(x) if x == name)),
            MetaType::Pointer(_) => false,
        });
        let seed = m.seed.iter().any(|p| match p {
            SeedPart::Meta(x) => x == name,
            SeedPart::Script { params, .. } => params.iter().any(|x| x == name),
            SeedPart::Text(_) => false,
        });
        let len = matches!(&m.len, Some(ListLen::Meta(x)) if x == name);
        let script = matches!(&m.constraint, Some(Constraint::Script { params, .. }) if params.iter().any(|x| x == name));
        ty || seed || len || script
    };
    let unused: Vec<String> = metavars
        .iter()
        .filter(|m| m.inherited.is_some() && !in_code(&m.name))
        .filter(|m| !metavars.iter().any(|o| in_decl(o, &m.name)))
        .map(|m| m.name.clone())
        .collect();
    metavars.retain(|m| !unused.contains(&m.name));
}

/// The `[n]` of `expression list[n] E;` (from its `[`): a number, a new
/// metavariable `n` that binds the count (declared here if it is not
/// yet), or an inherited `r.n`.
fn parse_list_len(
    cx: &Ctx,
    toks: &[HTok],
    k: &mut usize,
    out: &mut Vec<Metavar>,
    rules: &[Rule],
) -> Result<ListLen, Diagnostic> {
    let open = &toks[*k];
    let close_at = toks[*k..]
        .iter()
        .position(|t| t.text == "]")
        .map(|p| *k + p)
        .ok_or_else(|| cx.err(open.line, open.col, "missing `]` after the list length"))?;
    let inner = &toks[*k + 1..close_at];
    *k = close_at + 1;
    let bad = || {
        cx.err(
            open.line,
            open.col,
            "expected `[N]`, `[n]` or `[rule.n]` after `list`",
        )
    };
    let (name, inherited) = match inner {
        [n] if n.kind == TokKind::Number => {
            return n.text.parse().map(ListLen::Fixed).map_err(|_| bad());
        }
        [n] if n.kind == TokKind::Ident => (n, None),
        // `[n = {1...3}]`, `[n != {2, 4...6}]`, `[n = 2]`: the length
        // is (is not) one of these.
        [n, eq, rest @ ..]
            if n.kind == TokKind::Ident && matches!(eq.text.as_str(), "=" | "!=") =>
        {
            let counts = parse_length_set(cx, rest, eq)?;
            let constraint = if eq.text == "=" {
                Constraint::OneOf(counts)
            } else {
                Constraint::NoneOf(counts)
            };
            if out.iter().any(|m| m.name == n.text) {
                return Err(cx.err(
                    n.line,
                    n.col,
                    format!("metavariable `{}` is declared twice", n.text),
                ));
            }
            out.push(Metavar {
                constraint: Some(constraint),
                ..Metavar::plain(n.text.clone(), MetaKind::Length, n.line, n.col)
            });
            return Ok(ListLen::Meta(n.text.clone()));
        }
        [r, dot, n] if dot.text == "." && n.kind == TokKind::Ident => {
            let Some(ri) = rules.iter().position(|q| q.name == r.text) else {
                return Err(cx.unknown_rule(&r.text, r.line, r.col, "inherit from"));
            };
            if rules[ri].metavar(&n.text).is_none() {
                return Err(cx.err(
                    n.line,
                    n.col,
                    format!("rule `{}` declares no metavariable `{}`", r.text, n.text),
                ));
            }
            (n, Some((ri, n.text.clone())))
        }
        _ => return Err(bad()),
    };
    match out.iter().find(|m| m.name == name.text) {
        Some(m) if m.kind != MetaKind::Length => {
            return Err(cx.err(
                name.line,
                name.col,
                format!(
                    "`{}` is declared as another kind of metavariable, not a list length",
                    name.text
                ),
            ))
        }
        Some(_) => {}
        None => out.push(Metavar {
            inherited,
            ..Metavar::plain(name.text.clone(), MetaKind::Length, name.line, name.col)
        }),
    }
    Ok(ListLen::Meta(name.text.clone()))
}

/// The counts a list length's constraint allows: `2`, `{1, 3}`,
/// `{1...3, 7}` (`...` spans a range; the C lexer reads `1...3` as one
/// number-like token, so the set is read from the tokens' text).
fn parse_length_set(cx: &Ctx, toks: &[HTok], at: &HTok) -> Result<Vec<String>, Diagnostic> {
    let bad = || {
        cx.err(
            at.line,
            at.col,
            "expected a count, or a set of counts and ranges (`{1...3, 5}`), after `=`",
        )
    };
    let text: String = toks.iter().map(|t| t.text.as_str()).collect();
    let inner = match text.strip_prefix('{') {
        Some(r) => r.strip_suffix('}').ok_or_else(bad)?,
        None => text.as_str(),
    };
    let mut counts = Vec::new();
    for part in inner.split(',') {
        let (lo, hi) = match part.split_once("...") {
            Some((a, b)) => (a, b),
            None => (part, part),
        };
        let lo: usize = lo.trim().parse().map_err(|_| bad())?;
        let hi: usize = hi.trim().parse().map_err(|_| bad())?;
        if hi < lo || hi - lo > 10_000 {
            return Err(bad());
        }
        counts.extend((lo..=hi).map(|c| c.to_string()));
    }
    Ok(counts)
}

/// The declarations of a script rule: `x << r.y;` inputs (kept as
/// metavariables inherited from `r`, so the rule needs `r`'s matches unless
/// the input has a default, `x << r.y = "none";`), `x << merge.v;` inputs
/// of a finalize rule, and `z;` outputs (metavariables later rules inherit).
struct ScriptDecls {
    inputs: Vec<(String, usize, String)>,
    defaults: Vec<(String, InputDefault)>,
    merges: Vec<(String, String)>,
    metavars: Vec<Metavar>,
}

/// The default value after a script input, `= "text"` or `= []` (for a
/// position), if `toks` (what follows `r.y`) give one.
fn input_default(cx: &Ctx, toks: &[HTok]) -> Result<Option<InputDefault>, Diagnostic> {
    let Some(eq) = toks.first() else {
        return Ok(None);
    };
    if eq.text != "=" {
        return Err(cx.err(
            eq.line,
            eq.col,
            format!("unexpected `{}` after the script input", eq.text),
        ));
    }
    let texts: Vec<&str> = toks[1..].iter().map(|t| t.text.as_str()).collect();
    match (texts.as_slice(), toks.get(1)) {
        ([s], Some(t)) if t.kind == TokKind::Str && s.len() >= 2 && s.starts_with('"') => {
            Ok(Some(InputDefault::Text(s[1..s.len() - 1].to_string())))
        }
        (["[", "]"], _) => Ok(Some(InputDefault::NoPositions)),
        _ => {
            let at = toks.get(1).unwrap_or(eq);
            Err(cx.err(
                at.line,
                at.col,
                "a script input's default is a string (`= \"none\"`) or, for a position, `= []`",
            ))
        }
    }
}

fn script_decls(
    cx: &Ctx,
    toks: &[HTok],
    rules: &[Rule],
    language: &str,
    when: ScriptWhen,
) -> Result<ScriptDecls, Diagnostic> {
    let mut inputs = Vec::new();
    let mut defaults = Vec::new();
    let mut merges = Vec::new();
    let mut metavars: Vec<Metavar> = Vec::new();
    for decl in toks.split(|t| t.text == ";") {
        let Some(first) = decl.first() else {
            continue;
        };
        // `(s, elems) << r.l` (OCaml): the input is bound as that pair,
        // under the name `(s,elems)` (an OCaml pattern; see script::ocaml).
        let paired: Vec<HTok>;
        let decl = if first.text == "(" {
            let shape_ok = decl.len() > 5
                && decl[2].text == ","
                && decl[4].text == ")"
                && decl[1].kind == TokKind::Ident
                && decl[3].kind == TokKind::Ident;
            if !shape_ok || language != "ocaml" {
                return Err(cx.err(
                    first.line,
                    first.col,
                    "expected `name << rule.metavariable;` (a pair `(s, elems) << r.l` only in an OCaml script)",
                ));
            }
            let list = decl.get(6).is_some_and(|r| {
                let x = decl.get(8).map_or("", |t| t.text.as_str());
                rules
                    .iter()
                    .find(|q| q.name == r.text)
                    .and_then(|q| {
                        q.metavar(x).map(|m| {
                            q.metavars[m].kind.is_list() || q.metavars[m].kind == MetaKind::Comments
                        })
                    })
                    .unwrap_or(true)
            });
            if !list {
                return Err(cx.err(
                    first.line,
                    first.col,
                    "a pair `(s, elems) << r.x` is supported for list and comments metavariables only",
                ));
            }
            let name = HTok {
                text: format!("({},{})", decl[1].text, decl[3].text),
                kind: TokKind::Ident,
                line: first.line,
                col: first.col,
            };
            paired = std::iter::once(name)
                .chain(decl[5..].iter().cloned())
                .collect();
            &paired[..]
        } else {
            decl
        };
        let first = &decl[0];
        if first.kind != TokKind::Ident {
            return Err(cx.err(
                first.line,
                first.col,
                format!("expected a script variable name, found `{}`", first.text),
            ));
        }
        let (line, col) = (first.line, first.col);
        if metavars.iter().any(|m| m.name == first.text) {
            return Err(cx.err(line, col, format!("`{}` is declared twice", first.text)));
        }
        match decl.get(1).map(|t| t.text.as_str()) {
            None => metavars.push(Metavar::plain(
                first.text.clone(),
                MetaKind::Identifier,
                line,
                col,
            )),
            Some("<<") => {
                let (Some(r), Some(dot), Some(x)) = (decl.get(2), decl.get(3), decl.get(4)) else {
                    return Err(cx.err(line, col, "expected `name << rule.metavariable;`"));
                };
                if dot.text != "." || r.kind != TokKind::Ident || x.kind != TokKind::Ident {
                    return Err(cx.err(r.line, r.col, "expected `rule.metavariable` after `<<`"));
                }
                let default = input_default(cx, &decl[5..])?;
                if r.text == "merge" {
                    // `x << merge.v` (finalize only): the values the global
                    // `v` of the initialize code had in each process.
                    if when != ScriptWhen::Finalize {
                        return Err(cx.err(
                            r.line,
                            r.col,
                            "`merge.` inputs are for `@finalize@` rules only",
                        ));
                    }
                    if let Some(t) = decl.get(5) {
                        return Err(cx.err(
                            t.line,
                            t.col,
                            "a `merge.` input takes no default value",
                        ));
                    }
                    merges.push((first.text.clone(), x.text.clone()));
                    continue;
                }
                let Some(ri) = rules.iter().position(|q| q.name == r.text) else {
                    return Err(cx.unknown_rule(&r.text, r.line, r.col, "read from"));
                };
                let Some(mi) = rules[ri].metavar(&x.text) else {
                    return Err(cx.err(
                        x.line,
                        x.col,
                        format!("rule `{}` declares no metavariable `{}`", r.text, x.text),
                    ));
                };
                let kind = rules[ri].metavars[mi].kind;
                match (&default, kind == MetaKind::Position) {
                    (Some(InputDefault::NoPositions), false) => {
                        return Err(cx.err(
                            line,
                            col,
                            "`= []` is the default of a position input only",
                        ))
                    }
                    (Some(InputDefault::Text(_)), true) => {
                        return Err(cx.err(line, col, "the default of a position input is `[]`"))
                    }
                    _ => {}
                }
                if let Some(d) = default {
                    defaults.push((first.text.clone(), d));
                }
                inputs.push((first.text.clone(), ri, x.text.clone()));
                metavars.push(Metavar {
                    inherited: Some((ri, x.text.clone())),
                    ..Metavar::plain(first.text.clone(), rules[ri].metavars[mi].kind, line, col)
                });
            }
            Some(_) => {
                let t = &decl[1];
                return Err(cx.err(
                    t.line,
                    t.col,
                    format!(
                        "expected `<<` or `;` in a script rule's declarations, found `{}`",
                        t.text
                    ),
                ));
            }
        }
    }
    if let Some(last) = toks.last().filter(|t| t.text != ";") {
        return Err(cx.err(
            last.line,
            last.col + last.text.len(),
            "declaration is not terminated with `;`",
        ));
    }
    Ok(ScriptDecls {
        inputs,
        defaults,
        merges,
        metavars,
    })
}

/// What a rule header says.
#[derive(Default)]
struct Header {
    /// `@comments …@` (this project's extension).
    comments: bool,
    /// `@script:LANG@`, `@initialize:LANG@`, `@finalize:LANG@`.
    script: Option<(ScriptWhen, String)>,
    name: Option<String>,
    depends: Option<Vec<HTok>>,
    quantifier: Option<Quantifier>,
    disabled: Vec<String>,
    /// Where each disabled name is written (line, col).
    disabled_at: Vec<(usize, usize)>,
    /// The entries of the files `using` names.
    using: Vec<super::iso::Iso>,
    /// `extends r`: the index of r.
    extends: Option<usize>,
    /// `@r everywhere@` (this project's extension).
    everywhere: bool,
}

/// The words that may follow a rule's name in its header.
const HEADER_WORDS: &[&str] = &[
    "depends",
    "exists",
    "forall",
    "disable",
    "extends",
    "using",
    "expression",
    "everywhere",
];

fn parse_header(
    cx: &Ctx,
    line_no: usize,
    toks: &[HTok],
    rules: &[Rule],
) -> Result<Header, Diagnostic> {
    let mut h = Header::default();
    let mut k = 0;
    if let Some(t) = toks.first() {
        let when = match t.text.as_str() {
            "script" => Some(ScriptWhen::Match),
            "initialize" => Some(ScriptWhen::Initialize),
            "finalize" => Some(ScriptWhen::Finalize),
            _ => None,
        };
        if let Some(when) = when {
            let lang = match (toks.get(1), toks.get(2)) {
                (Some(c), Some(l)) if c.text == ":" && l.kind == TokKind::Ident => l.text.clone(),
                _ => {
                    return Err(cx.err(
                        t.line,
                        t.col,
                        format!("expected `{}:python` or `{}:ocaml`", t.text, t.text),
                    ))
                }
            };
            if lang != "python" && lang != "ocaml" {
                return Err(cx.err(
                    toks[2].line,
                    toks[2].col,
                    format!("unknown script language `{lang}` (python or ocaml)"),
                ));
            }
            h.script = Some((when, lang));
            k = 3;
        }
    }
    if h.script.is_none() && toks.get(k).is_some_and(|t| t.text == "comments") {
        h.comments = true;
        k += 1;
        // Without a name after it, spatch reads `comments` as the rule's
        // name: the file would mean two things.
        let named = toks
            .get(k)
            .is_some_and(|t| t.kind == TokKind::Ident && !HEADER_WORDS.contains(&t.text.as_str()));
        if !named {
            let t = &toks[k - 1];
            return Err(cx.err(
                t.line,
                t.col,
                "a `comments` rule needs a name after the word (`@comments doc@`): spatch would read `comments` as the rule's name",
            ));
        }
    }
    if let Some(t) = toks.get(k) {
        if t.kind == TokKind::Ident && !HEADER_WORDS.contains(&t.text.as_str()) {
            if rules.iter().any(|r| r.name == t.text) {
                return Err(cx.err(
                    line_no,
                    t.col,
                    format!("a rule named `{}` is already defined", t.text),
                ));
            }
            h.name = Some(t.text.clone());
            k += 1;
        }
    }
    while k < toks.len() {
        let t = &toks[k];
        match t.text.as_str() {
            "depends" => {
                if toks.get(k + 1).map(|t| t.text.as_str()) != Some("on") {
                    return Err(cx.err(t.line, t.col, "expected `depends on`"));
                }
                let mut end = k + 2;
                while end < toks.len() && !HEADER_WORDS.contains(&toks[end].text.as_str()) {
                    end += 1;
                }
                if end == k + 2 {
                    return Err(cx.err(t.line, t.col, "`depends on` needs a condition"));
                }
                h.depends = Some(toks[k + 2..end].to_vec());
                k = end;
            }
            // The rule's code is an expression (a hint to Coccinelle's
            // parser; an expression is tried first here anyway).
            "expression" => k += 1,
            "everywhere" => {
                if h.name.is_none() {
                    return Err(cx.err(
                        t.line,
                        t.col,
                        "`everywhere` follows a rule's name (`@rename everywhere@`): spatch would read it as the name",
                    ));
                }
                h.everywhere = true;
                k += 1;
            }
            "exists" | "forall" => {
                let q = if t.text == "exists" {
                    Quantifier::Exists
                } else {
                    Quantifier::Forall
                };
                if h.quantifier.is_some_and(|old| old != q) {
                    return Err(cx.err(t.line, t.col, "a rule is either `exists` or `forall`"));
                }
                h.quantifier = Some(q);
                k += 1;
            }
            "disable" => {
                k += 1;
                loop {
                    match toks.get(k) {
                        Some(n) if n.kind == TokKind::Ident => {
                            h.disabled.push(n.text.clone());
                            h.disabled_at.push((n.line, n.col));
                        }
                        _ => {
                            return Err(cx.err(
                                t.line,
                                t.col,
                                "expected isomorphism names after `disable`",
                            ))
                        }
                    }
                    k += 1;
                    if toks.get(k).is_some_and(|c| c.text == ",") {
                        k += 1;
                    } else {
                        break;
                    }
                }
            }
            "extends" => {
                let Some(r) = toks.get(k + 1).filter(|r| r.kind == TokKind::Ident) else {
                    return Err(cx.err(t.line, t.col, "expected a rule name after `extends`"));
                };
                let Some(ri) = rules.iter().position(|q| q.name == r.text) else {
                    return Err(cx.unknown_rule(&r.text, r.line, r.col, "extend"));
                };
                h.extends = Some(ri);
                k += 2;
            }
            // `using "a.iso", "b.iso"`: isomorphisms from files, for this
            // rule, besides the default ones.
            "using" => {
                k += 1;
                loop {
                    let Some(n) = toks.get(k).filter(|n| n.kind == TokKind::Str) else {
                        return Err(cx.err(
                            t.line,
                            t.col,
                            "expected a file name in double quotes after `using`",
                        ));
                    };
                    let path = n.text.trim_matches('"').to_string();
                    if path.is_empty() {
                        return Err(cx.err(n.line, n.col, "empty file name"));
                    }
                    let named = split::Named {
                        path,
                        line: n.line,
                        col: n.col,
                    };
                    h.using.extend(include::read_iso(cx.file, cx.src, &named)?);
                    k += 1;
                    if toks.get(k).is_some_and(|c| c.text == ",") {
                        k += 1;
                    } else {
                        break;
                    }
                }
            }
            _ => {
                return Err(cx.err(
                    t.line,
                    t.col,
                    format!("unexpected `{}` in rule header", t.text),
                ));
            }
        }
    }
    if h.script.is_some() && (h.comments || h.quantifier.is_some() || !h.disabled.is_empty()) {
        return Err(cx.err(
            line_no,
            1,
            "a script rule's header takes a name and `depends on` only",
        ));
    }
    Ok(h)
}

/// How deep parentheses may nest in a `depends on` condition.
const MAX_NESTING: usize = 256;
/// How many tokens a `depends on` condition may have.
const MAX_CONDITION: usize = 10_000;

fn parse_dep(cx: &Ctx, toks: &[HTok], rules: &[Rule]) -> Result<Dep, Diagnostic> {
    struct P<'a, 'b> {
        cx: &'a Ctx<'b>,
        toks: &'a [HTok],
        k: usize,
        rules: &'a [Rule],
        depth: usize,
    }
    impl P<'_, '_> {
        fn peek(&self) -> Option<&str> {
            self.toks.get(self.k).map(|t| t.text.as_str())
        }
        fn or(&mut self) -> Result<Dep, Diagnostic> {
            let mut d = self.and()?;
            while self.peek() == Some("||") {
                self.k += 1;
                d = Dep::Or(Box::new(d), Box::new(self.and()?));
            }
            Ok(d)
        }
        fn and(&mut self) -> Result<Dep, Diagnostic> {
            let mut d = self.unary()?;
            while self.peek() == Some("&&") {
                self.k += 1;
                d = Dep::And(Box::new(d), Box::new(self.unary()?));
            }
            Ok(d)
        }
        fn unary(&mut self) -> Result<Dep, Diagnostic> {
            let last = self
                .toks
                .last()
                .expect("caller checks the condition is not empty");
            let Some(t) = self.toks.get(self.k).cloned() else {
                return Err(self.cx.err(
                    last.line,
                    last.col + last.text.len(),
                    "condition ends too early",
                ));
            };
            self.k += 1;
            match t.text.as_str() {
                "!" => {
                    // `!!…!x`: counted, not nested (no recursion per `!`).
                    let mut odd = true;
                    while self.peek() == Some("!") {
                        self.k += 1;
                        odd = !odd;
                    }
                    let d = self.unary()?;
                    Ok(if odd { Dep::Not(Box::new(d)) } else { d })
                }
                "(" => {
                    self.depth += 1;
                    if self.depth > MAX_NESTING {
                        return Err(self.cx.err(
                            t.line,
                            t.col,
                            format!("condition nested more than {MAX_NESTING} parentheses deep"),
                        ));
                    }
                    let d = self.or()?;
                    self.depth -= 1;
                    if self.peek() != Some(")") {
                        return Err(self.cx.err(t.line, t.col, "unclosed `(` in condition"));
                    }
                    self.k += 1;
                    Ok(d)
                }
                "ever" | "never"
                    if self
                        .peek()
                        .is_some_and(|n| n != ")" && n != "&&" && n != "||") =>
                {
                    // Over the whole file, which is how rules are tested here.
                    let d = self.unary()?;
                    Ok(if t.text == "never" {
                        Dep::Not(Box::new(d))
                    } else {
                        d
                    })
                }
                "file" if self.peek() == Some("in") => {
                    Err(self
                        .cx
                        .err(t.line, t.col, "`depends on file in` is not supported yet"))
                }
                _ if t.kind == TokKind::Ident && self.cx.virtuals.contains(&t.text) => {
                    Ok(Dep::Const(self.cx.defines.contains(&t.text)))
                }
                _ if t.kind == TokKind::Ident => {
                    match self.rules.iter().position(|r| r.name == t.text) {
                        Some(i) => Ok(Dep::Rule(i)),
                        None => Err(self.cx.unknown_rule(&t.text, t.line, t.col, "depend on")),
                    }
                }
                _ => Err(self.cx.err(
                    t.line,
                    t.col,
                    format!("unexpected `{}` in condition", t.text),
                )),
            }
        }
    }
    // Conditions are evaluated and dropped recursively: keep them small.
    if toks.len() > MAX_CONDITION {
        let t = &toks[MAX_CONDITION];
        return Err(cx.err(
            t.line,
            t.col,
            format!("condition longer than {MAX_CONDITION} tokens"),
        ));
    }
    let mut p = P {
        cx,
        toks,
        k: 0,
        rules,
        depth: 0,
    };
    let d = p.or()?;
    if let Some(t) = toks.get(p.k) {
        return Err(cx.err(
            t.line,
            t.col,
            format!("unexpected `{}` in condition", t.text),
        ));
    }
    Ok(d)
}

/// C words that start a type.
const TYPE_WORDS: &[&str] = &[
    "int", "char", "short", "long", "unsigned", "signed", "float", "double", "void", "bool",
    "_Bool", "struct", "union", "enum", "const", "volatile", "size_t", "ssize_t", "u8", "u16",
    "u32", "u64", "s8", "s16", "s32", "s64", "__u8", "__u16", "__u32", "__u64", "__s8", "__s16",
    "__s32", "__s64", "{",
];

/// Whether a declaration starting with `t` is a typed metavariable
/// (`int x;`, `struct foo *p;`, `T x;`, `{int, long} x;`): a C type word,
/// a `type` metavariable, a name declared with `typedef`, or a `_t` name.
fn is_type_start(t: &HTok, out: &[Metavar], typedefs: &[String]) -> bool {
    TYPE_WORDS.contains(&t.text.as_str())
        || typedefs.contains(&t.text)
        || (t.kind == TokKind::Ident && t.text.ends_with("_t"))
        || out
            .iter()
            .any(|m| m.name == t.text && m.kind == MetaKind::Type)
}

/// Reads the C type of a typed metavariable declaration from `toks[k]`
/// (`struct foo *`, `{int, long}`, `T *`) up to the first name: the type
/// (`None` when there is none and `optional`) and where the names start.
/// A type word `r.T` at `toks[j]`: a `type` metavariable of an earlier
/// rule (followed by more of the type or the names, so not itself the
/// name being declared).
fn inherited_type_at(
    toks: &[HTok],
    j: usize,
    rules: &[Rule],
    in_set: bool,
) -> Option<(usize, String)> {
    let (r, dot, x) = (toks.get(j)?, toks.get(j + 1)?, toks.get(j + 2)?);
    if dot.text != "." || x.kind != TokKind::Ident {
        return None;
    }
    let after = toks.get(j + 3)?;
    if !in_set
        && matches!(
            after.text.as_str(),
            "," | ";" | "=" | "!=" | "!" | ":" | "<=" | "."
        )
    {
        return None;
    }
    let ri = rules.iter().position(|q| q.name == r.text)?;
    let m = rules[ri].metavar(&x.text)?;
    (rules[ri].metavars[m].kind == MetaKind::Type).then(|| (ri, x.text.clone()))
}

/// The name of the hidden `type` metavariable that stands for `r.T` in a
/// typed metavariable's type (`r.T *x;`, `{r.T, s.U} e;`): its binding
/// must be a value `r.T` took (see [`Constraint::Among`]).
fn inherited_type_name(rules: &[Rule], ri: usize, name: &str) -> String {
    format!("{}.{name}", rules[ri].name)
}

#[allow(clippy::too_many_arguments)]
fn parse_ctype(
    cx: &Ctx,
    toks: &[HTok],
    k: usize,
    out: &mut Vec<Metavar>,
    typedefs: &[String],
    optional: bool,
    rules: &[Rule],
) -> Result<(Option<MetaType>, usize), Diagnostic> {
    // `r.T` words: each a hidden metavariable of the rule (declared once).
    let hidden =
        |j: usize, out: &mut Vec<Metavar>, in_set: bool| -> Result<Option<TyWord>, Diagnostic> {
            let Some((ri, name)) = inherited_type_at(toks, j, rules, in_set) else {
                return Ok(None);
            };
            let x = &toks[j + 2];
            let full = inherited_type_name(rules, ri, &name);
            if !out.iter().any(|m| m.name == full) {
                out.push(Metavar {
                    constraint: Some(Constraint::Among {
                        names: Vec::new(),
                        from: vec![(ri, name)],
                    }),
                    ..Metavar::plain(full.clone(), MetaKind::Type, x.line, x.col)
                });
            }
            Ok(Some(TyWord::Meta(full)))
        };
    // A name ends where a name can: `,` `;` a constraint; or it is a
    // rule's name, `r` of an inherited `r.x`.
    let ends_name = |j: usize| {
        toks.get(j + 1).is_some_and(|n| {
            matches!(
                n.text.as_str(),
                "," | ";" | "=" | "!=" | "!" | ":" | "<=" | "."
            )
        })
    };
    let Some(first) = toks.get(k) else {
        let last = &toks[toks.len() - 1];
        return Err(cx.err(
            last.line,
            last.col,
            "declaration is not terminated with `;`",
        ));
    };
    let inherited_first = inherited_type_at(toks, k, rules, false).is_some();
    if optional && first.kind == TokKind::Ident && ends_name(k) && !inherited_first {
        return Ok((None, k));
    }
    if optional && !is_type_start(first, out, typedefs) && !inherited_first {
        return Ok((None, k));
    }
    let word = |t: &HTok, out: &[Metavar]| -> Result<TyWord, Diagnostic> {
        // A type metavariable, or an identifier one naming a struct (`struct s *x`).
        if out
            .iter()
            .any(|m| m.name == t.text && matches!(m.kind, MetaKind::Type | MetaKind::Identifier))
        {
            return Ok(TyWord::Meta(t.text.clone()));
        }
        match t.kind {
            TokKind::Ident => Ok(TyWord::Word(t.text.clone().into_bytes())),
            _ if t.text == "*" => Ok(TyWord::Word(b"*".to_vec())),
            _ => Err(cx.err(
                t.line,
                t.col,
                format!("unexpected `{}` in a metavariable's type", t.text),
            )),
        }
    };
    let mut alts: Vec<Vec<TyWord>> = Vec::new();
    let mut j = k;
    if first.text == "{" {
        j += 1;
        let mut cur = Vec::new();
        loop {
            let Some(t) = toks.get(j) else {
                return Err(cx.err(
                    first.line,
                    first.col,
                    "unclosed `{` in a metavariable's type",
                ));
            };
            j += 1;
            match t.text.as_str() {
                "," | "}" => {
                    if cur.is_empty() {
                        return Err(cx.err(t.line, t.col, "expected a type"));
                    }
                    alts.push(std::mem::take(&mut cur));
                    if t.text == "}" {
                        break;
                    }
                }
                _ => match hidden(j - 1, out, true)? {
                    Some(w) => {
                        cur.push(w);
                        j += 2;
                    }
                    None => cur.push(word(t, out)?),
                },
            }
        }
        let stars = toks[j..].iter().take_while(|s| s.text == "*").count();
        for a in &mut alts {
            a.extend((0..stars).map(|_| TyWord::Word(b"*".to_vec())));
        }
        j += stars;
    } else {
        // `int:1 x`: the `:` of a bit-field width, not of a script constraint.
        let width_follows = |j: usize| {
            toks.get(j + 1).is_some_and(|c| c.text == ":")
                && toks.get(j + 2).is_some_and(|w| w.text != "script")
        };
        let mut cur = Vec::new();
        while let Some(t) = toks.get(j) {
            if t.kind == TokKind::Ident && ends_name(j) && !cur.is_empty() && !width_follows(j) {
                break;
            }
            // `int:4 x;`: a bit-field's width follows (see `parse_bit_width`).
            if t.text == ":" && !cur.is_empty() {
                break;
            }
            if t.text == "[" && toks.get(j + 1).is_some_and(|c| c.text == "]") {
                cur.push(TyWord::Word(b"[]".to_vec()));
                j += 2;
                continue;
            }
            if let Some(w) = hidden(j, out, false)? {
                cur.push(w);
                j += 3;
                continue;
            }
            cur.push(word(t, out)?);
            j += 1;
        }
        alts.push(cur);
    }
    // Qualifiers stay: the matcher checks them against the code's
    // declaration (`const T x` wants a const variable) and leaves them out
    // of what a type metavariable after them binds (`const T[] E`).
    Ok((Some(MetaType::OneOf(alts)), j))
}

/// The metavariables `toks` declare, after those of `seed` (which they may
/// use, and redeclare). `typedefs` holds the names declared with `typedef`
/// so far in the file (they may start a type; spatch's declaration lasts
/// for the rules after it too), and gets this rule's.
fn parse_decls(
    cx: &Ctx,
    toks: &[HTok],
    rules: &[Rule],
    seed: Vec<Metavar>,
    typedefs: &mut Vec<String>,
) -> Result<Vec<Metavar>, Diagnostic> {
    // The seed's names not redeclared yet (redeclaring one replaces it).
    let mut seeded: Vec<String> = seed.iter().map(|m| m.name.clone()).collect();
    let mut out: Vec<Metavar> = seed;
    let mut k = 0;
    while k < toks.len() {
        let t = &toks[k];
        let next_is_list = toks.get(k + 1).is_some_and(|n| n.text == "list");
        // Declarations of names, not metavariables: `symbol a;` (a name
        // that stands for itself, as any undeclared one does), `typedef t;`,
        // `attribute name a;`, `declarer name d;`, `iterator name i;` (what
        // the name is when the C is read; see `name_hints`).
        let names_from = match t.text.as_str() {
            "symbol" | "typedef" => Some(k + 1),
            "attribute" | "declarer" | "iterator"
                if toks.get(k + 1).is_some_and(|n| n.text == "name") =>
            {
                Some(k + 2)
            }
            _ => None,
        };
        if let Some(from) = names_from {
            k = skip_names(cx, toks, from, t)?;
            if t.text == "typedef" {
                typedefs.extend(
                    toks[from..k]
                        .iter()
                        .filter(|n| n.kind == TokKind::Ident)
                        .map(|n| n.text.clone()),
                );
            }
            continue;
        }
        let mut form = ExprForm::Any;
        let mut ty: Option<MetaType> = None;
        let mut bitfield = None;
        // Where the names start, for the kinds that take more than one word.
        let mut names_at = None;
        let kind = match (t.text.as_str(), next_is_list) {
            ("expression", true) => MetaKind::ExpressionList,
            ("identifier", true) => MetaKind::IdentifierList,
            ("statement", true) => MetaKind::StatementList,
            ("parameter", true) => MetaKind::ParameterList,
            ("parameter", false) => MetaKind::Parameter,
            ("field", true) => MetaKind::FieldList,
            ("field", false) => MetaKind::Field,
            ("initializer" | "initialiser", true) => MetaKind::InitializerList,
            ("initializer" | "initialiser", false) => MetaKind::Initializer,
            ("expression", false) => {
                let stars = toks[k + 1..].iter().take_while(|s| s.text == "*").count();
                if stars > 0 {
                    ty = Some(MetaType::Pointer(stars));
                    names_at = Some(k + 1 + stars);
                }
                MetaKind::Expression
            }
            ("identifier", false) => MetaKind::Identifier,
            // `function f;`, `local function f;`: an identifier that is the
            // name of a function definition (spatch 1.1.1 takes static and
            // other functions alike for `local`).
            ("function", _) | ("local", _)
                if t.text == "function"
                    || toks.get(k + 1).is_some_and(|n| n.text == "function") =>
            {
                form = if t.text == "local" {
                    ExprForm::LocalFunctionName
                } else {
                    ExprForm::FunctionName
                };
                names_at = Some(k + if t.text == "function" { 1 } else { 2 });
                MetaKind::Identifier
            }
            ("idexpression", _) | ("local" | "global", _)
                if t.text == "idexpression"
                    || toks.get(k + 1).is_some_and(|n| n.text == "idexpression") =>
            {
                form = match t.text.as_str() {
                    "local" => ExprForm::Local,
                    "global" => ExprForm::Global,
                    _ => ExprForm::Id,
                };
                let from = k + if t.text == "idexpression" { 1 } else { 2 };
                // `idexpression *E;`: a variable of any pointer type.
                let stars = toks[from..].iter().take_while(|s| s.text == "*").count();
                if stars > 0 {
                    ty = Some(MetaType::Pointer(stars));
                    names_at = Some(from + stars);
                } else {
                    let (tyo, at) = parse_ctype(cx, toks, from, &mut out, typedefs, true, rules)?;
                    ty = tyo;
                    names_at = Some(at);
                }
                MetaKind::Expression
            }
            ("constant", _) => {
                let (tyo, at) = parse_ctype(cx, toks, k + 1, &mut out, typedefs, true, rules)?;
                ty = tyo;
                names_at = Some(at);
                MetaKind::Constant
            }
            ("type", _) => MetaKind::Type,
            ("statement", false) => MetaKind::Statement,
            ("position", _) => MetaKind::Position,
            ("declaration", _) => MetaKind::Declaration,
            ("iterator", _) => MetaKind::Iterator,
            ("binary" | "assignment", _)
                if toks.get(k + 1).is_some_and(|n| n.text == "operator") =>
            {
                names_at = Some(k + 2);
                if t.text == "binary" {
                    MetaKind::BinaryOp
                } else {
                    MetaKind::AssignOp
                }
            }
            ("format", true) => {
                names_at = Some(k + 2);
                MetaKind::FormatList
            }
            ("format", false) => MetaKind::Format,
            ("attribute", false) => MetaKind::Attribute,
            ("comments", false) => MetaKind::Comments,
            ("fresh", _) if toks.get(k + 1).is_some_and(|n| n.text == "identifier") => {
                names_at = Some(k + 2);
                MetaKind::Fresh
            }
            _ if is_type_start(t, &out, typedefs)
                || inherited_type_at(toks, k, rules, false).is_some() =>
            {
                let (tyo, at) = parse_ctype(cx, toks, k, &mut out, typedefs, false, rules)?;
                ty = tyo;
                let (width, at) = parse_bit_width(cx, toks, at, &mut out)?;
                bitfield = width;
                names_at = Some(at);
                MetaKind::Expression
            }
            (
                "fresh" | "idexpression" | "local" | "global" | "typedef" | "symbol" | "binary"
                | "assignment" | "operator" | "declarer",
                _,
            ) => {
                return Err(cx.err(
                    t.line,
                    t.col,
                    format!("`{}` metavariables are not supported yet", t.text),
                ));
            }
            _ => {
                return Err(cx.err(
                    t.line,
                    t.col,
                    format!("unknown metavariable kind `{}`", t.text),
                ))
            }
        };
        k = names_at.unwrap_or(k + if kind.is_list() { 2 } else { 1 });
        let len = if (kind.is_list() || kind == MetaKind::FormatList)
            && toks.get(k).is_some_and(|b| b.text == "[")
        {
            Some(parse_list_len(cx, toks, &mut k, &mut out, rules)?)
        } else {
            None
        };
        // `position any p;`: any of the positions (all is what is kept here).
        if kind == MetaKind::Position && toks.get(k).is_some_and(|t| t.text == "any") {
            k += 1;
        }
        loop {
            let Some(n) = toks.get(k) else {
                let last = toks.last().expect("a kind word was read");
                return Err(cx.err(
                    last.line,
                    last.col + last.text.len(),
                    "declaration is not terminated with `;`",
                ));
            };
            if n.kind != TokKind::Ident {
                return Err(cx.err(
                    n.line,
                    n.col,
                    format!("expected a metavariable name, found `{}`", n.text),
                ));
            }
            let mut name = n.text.clone();
            let (line, col) = (n.line, n.col);
            k += 1;
            let mut inherited = None;
            let mut fixed = None;
            // `virtual.x`: the value given with `-D x=value`.
            if name == "virtual" && toks.get(k).is_some_and(|d| d.text == ".") {
                let Some(field) = toks.get(k + 1).filter(|f| f.kind == TokKind::Ident) else {
                    return Err(cx.err(line, col, "expected `virtual.name`"));
                };
                let value = cx.defines.iter().find_map(|d| {
                    d.split_once('=')
                        .filter(|(n, _)| *n == field.text)
                        .map(|(_, v)| v.to_string())
                });
                fixed = Some(value);
                name = field.text.clone();
                k += 2;
            }
            if fixed.is_none() && toks.get(k).is_some_and(|d| d.text == ".") {
                let Some(field) = toks.get(k + 1).filter(|f| f.kind == TokKind::Ident) else {
                    return Err(cx.err(line, col, "expected `rule.name` after the rule name"));
                };
                let Some(ri) = rules.iter().position(|r| r.name == name) else {
                    return Err(cx.unknown_rule(&name, line, col, "inherit from"));
                };
                let Some(mi) = rules[ri].metavar(&field.text) else {
                    return Err(cx.err(
                        field.line,
                        field.col,
                        format!("rule `{name}` declares no metavariable `{}`", field.text),
                    ));
                };
                // A script's outputs take the kind their readers give them.
                let from_script = matches!(rules[ri].body, RuleBody::Script(_));
                let fun = |f: ExprForm| {
                    matches!(f, ExprForm::FunctionName | ExprForm::LocalFunctionName).then_some(f)
                };
                if (rules[ri].metavars[mi].kind != kind
                    || (kind == MetaKind::Identifier
                        && fun(rules[ri].metavars[mi].form) != fun(form)))
                    && !from_script
                {
                    return Err(cx.err(
                        field.line,
                        field.col,
                        format!(
                            "`{name}.{}` is declared with another kind in rule `{name}`",
                            field.text
                        ),
                    ));
                }
                inherited = Some((ri, field.text.clone()));
                name = field.text.clone();
                k += 2;
            }
            if let Some(i) = out.iter().position(|m| m.name == name) {
                if !seeded.contains(&name) {
                    return Err(cx.err(
                        line,
                        col,
                        format!("metavariable `{name}` is declared twice"),
                    ));
                }
                seeded.retain(|x| *x != name);
                out.remove(i);
            }
            let seed = if kind == MetaKind::Fresh {
                parse_seed(cx, toks, &mut k, &mut out, (line, col), rules)?
            } else {
                Vec::new()
            };
            let constraint = if matches!(kind, MetaKind::BinaryOp | MetaKind::AssignOp) {
                parse_operator_set(cx, toks, &mut k)?
            } else {
                parse_constraint(cx, toks, &mut k, rules)?
            };
            let by_rules = matches!(
                constraint,
                Some(
                    Constraint::NotBoundBy(_)
                        | Constraint::SubtermOf(_)
                        | Constraint::Among { .. }
                        | Constraint::Script { .. }
                )
            );
            if constraint.is_some()
                && !by_rules
                && !matches!(
                    kind,
                    MetaKind::Identifier
                        | MetaKind::Constant
                        | MetaKind::Type
                        | MetaKind::Expression
                        | MetaKind::Iterator
                        | MetaKind::BinaryOp
                        | MetaKind::AssignOp
                        | MetaKind::Format
                )
            {
                return Err(cx.err(
                    line,
                    col,
                    "only identifier, expression, constant, type, iterator, format and operator metavariables take a constraint",
                ));
            }
            // An inherited metavariable keeps what it was declared with.
            let (form, ty) = match inherited.as_ref() {
                Some((ri, x)) => rules[*ri]
                    .metavar(x)
                    .map(|mi| {
                        (
                            rules[*ri].metavars[mi].form,
                            rules[*ri].metavars[mi].ty.clone(),
                        )
                    })
                    .unwrap_or_default(),
                None => (form, ty.clone()),
            };
            out.push(Metavar {
                name,
                kind,
                inherited,
                constraint,
                form,
                ty,
                seed,
                fixed,
                len: len.clone(),
                bitfield: bitfield.clone(),
                line,
                col,
            });
            match toks.get(k).map(|t| t.text.as_str()) {
                Some(",") => k += 1,
                Some(";") => {
                    k += 1;
                    break;
                }
                Some(_) => {
                    let t = &toks[k];
                    return Err(cx.err(
                        t.line,
                        t.col,
                        format!("expected `,` or `;`, found `{}`", t.text),
                    ));
                }
                None => return Err(cx.err(line, col, "declaration is not terminated with `;`")),
            }
        }
    }
    // A hidden `r.T` of a rule this one inherits from anyway (`identifier
    // r.f; r.T *x;`) is r's value in the environment the rule runs in.
    let from_rules: Vec<usize> = out
        .iter()
        .filter(|m| !m.name.contains('.'))
        .filter_map(|m| m.inherited.as_ref().map(|(r, _)| *r))
        .collect();
    for m in out.iter_mut().filter(|m| m.name.contains('.')) {
        if let Some(Constraint::Among { from, .. }) = &m.constraint {
            if let [(ri, name)] = from.as_slice() {
                if from_rules.contains(ri) {
                    m.inherited = Some((*ri, name.clone()));
                    m.constraint = None;
                }
            }
        }
    }
    Ok(out)
}

/// After an element of a set at `toks[*j]`: steps past a `,` (more to
/// come: `false`) or the closing `}` (done: `true`); a set written without
/// braces ends after its one element. `at` and `what` say where and which
/// set for the error.
fn set_next(
    cx: &Ctx,
    toks: &[HTok],
    j: &mut usize,
    braced: bool,
    at: &HTok,
    what: &str,
) -> Result<bool, Diagnostic> {
    if !braced {
        return Ok(true);
    }
    match toks.get(*j).map(|t| t.text.as_str()) {
        Some(",") => {
            *j += 1;
            Ok(false)
        }
        Some("}") => {
            *j += 1;
            Ok(true)
        }
        _ => Err(cx.err(at.line, at.col, format!("expected `,` or `}}` in {what}"))),
    }
}

/// Reads an operator metavariable's `= {+, -}` (or `= +`): the operators it
/// may bind.
fn parse_operator_set(
    cx: &Ctx,
    toks: &[HTok],
    k: &mut usize,
) -> Result<Option<Constraint>, Diagnostic> {
    let Some(eq) = toks.get(*k).filter(|t| t.text == "=") else {
        return Ok(None);
    };
    let braced = toks.get(*k + 1).is_some_and(|t| t.text == "{");
    let mut j = *k + 1 + usize::from(braced);
    let mut ops = Vec::new();
    loop {
        let Some(t) = toks
            .get(j)
            .filter(|t| t.kind == TokKind::Punct && !matches!(t.text.as_str(), "," | "}" | ";"))
        else {
            return Err(cx.err(eq.line, eq.col, "expected an operator after `=`"));
        };
        ops.push(t.text.clone());
        j += 1;
        if set_next(cx, toks, &mut j, braced, eq, "the set of operators")? {
            break;
        }
    }
    *k = j;
    Ok(Some(Constraint::OneOf(ops)))
}

/// Reads the `= "prefix" ## x ## "suffix"` after a fresh identifier's name
/// (the metavariables named must be declared before it); none when the
/// declaration has no seed (then the name cannot be added: see pattern.rs).
fn parse_seed(
    cx: &Ctx,
    toks: &[HTok],
    k: &mut usize,
    out: &mut Vec<Metavar>,
    at: (usize, usize),
    rules: &[Rule],
) -> Result<Vec<SeedPart>, Diagnostic> {
    if toks.get(*k).is_none_or(|t| t.text != "=") {
        return Ok(Vec::new());
    }
    *k += 1;
    let mut parts = Vec::new();
    loop {
        let Some(t) = toks.get(*k) else {
            return Err(cx.err(at.0, at.1, "declaration is not terminated with `;`"));
        };
        match t.kind {
            TokKind::Str => {
                let inner = t.text.trim_start_matches('"').trim_end_matches('"');
                parts.push(SeedPart::Text(inner.to_string()));
            }
            TokKind::Ident if t.text == "script" && parts.is_empty() => {
                return script_seed(cx, toks, k, out, rules);
            }
            TokKind::Ident => {
                if !out.iter().any(|m| m.name == t.text) {
                    return Err(cx.err(
                        t.line,
                        t.col,
                        format!(
                            "`{}` is not a metavariable declared before this one",
                            t.text
                        ),
                    ));
                }
                parts.push(SeedPart::Meta(t.text.clone()));
            }
            _ => {
                return Err(cx.err(
                    t.line,
                    t.col,
                    format!(
                        "expected a string or a metavariable in the seed, found `{}`",
                        t.text
                    ),
                ))
            }
        }
        *k += 1;
        // `##` may lex as one token or two.
        let hashes = toks[*k..]
            .iter()
            .take_while(|t| t.text == "#" || t.text == "##")
            .count();
        if hashes == 0 {
            return Ok(parts);
        }
        *k += hashes;
    }
}

/// The `:b` or `:4` of a bit-field type (`T:b x;`) at `toks[k]`, if there
/// is one, and the index after it. A metavariable named there is declared
/// there (an expression binding the width), as spatch does.
fn parse_bit_width(
    cx: &Ctx,
    toks: &[HTok],
    k: usize,
    out: &mut Vec<Metavar>,
) -> Result<(Option<BitWidth>, usize), Diagnostic> {
    if toks.get(k).is_none_or(|t| t.text != ":") {
        return Ok((None, k));
    }
    let Some(w) = toks.get(k + 1) else {
        let t = &toks[k];
        return Err(cx.err(t.line, t.col, "expected a bit-field width after `:`"));
    };
    let width = match w.kind {
        TokKind::Ident => {
            if !out.iter().any(|m| m.name == w.text) {
                out.push(Metavar::plain(
                    w.text.clone(),
                    MetaKind::Expression,
                    w.line,
                    w.col,
                ));
            }
            BitWidth::Meta(w.text.clone())
        }
        TokKind::Number => BitWidth::Fixed(w.text.clone()),
        _ => {
            return Err(cx.err(
                w.line,
                w.col,
                format!("expected a bit-field width after `:`, found `{}`", w.text),
            ))
        }
    };
    Ok((Some(width), k + 2))
}

/// `= script:LANG(x, r.y) { expr }` (from `script`): the script that
/// makes a fresh identifier's name. An inherited parameter `r.y` the rule
/// does not declare is declared here, hidden, as a script constraint's is.
fn script_seed(
    cx: &Ctx,
    toks: &[HTok],
    k: &mut usize,
    out: &mut Vec<Metavar>,
    rules: &[Rule],
) -> Result<Vec<SeedPart>, Diagnostic> {
    let mut j = *k + 3;
    while let Some(t) = toks.get(j).filter(|t| t.text != ")") {
        let (Some(dot), Some(x)) = (toks.get(j + 1), toks.get(j + 2)) else {
            break;
        };
        if t.kind == TokKind::Ident && dot.text == "." && x.kind == TokKind::Ident {
            let ri = rules
                .iter()
                .position(|r| r.name == t.text)
                .ok_or_else(|| cx.unknown_rule(&t.text, t.line, t.col, "inherit from"))?;
            let mi = rules[ri].metavar(&x.text).ok_or_else(|| {
                cx.err(
                    x.line,
                    x.col,
                    format!("rule `{}` declares no metavariable `{}`", t.text, x.text),
                )
            })?;
            if !out.iter().any(|m| m.name == x.text) {
                out.push(Metavar {
                    inherited: Some((ri, x.text.clone())),
                    ..Metavar::plain(x.text.clone(), rules[ri].metavars[mi].kind, x.line, x.col)
                });
            }
            j += 2;
        }
        j += 1;
    }
    // (`parse_script_constraint` reads from the token before `script`.)
    let mut at = *k - 1;
    let Constraint::Script {
        language,
        params,
        code,
    } = parse_script_constraint(cx, toks, &mut at)?
    else {
        let t = &toks[*k];
        return Err(cx.err(t.line, t.col, "expected `script:LANG (...) { ... }`"));
    };
    if let Some(p) = params.iter().find(|p| !out.iter().any(|m| &m.name == *p)) {
        let t = &toks[*k];
        return Err(cx.err(
            t.line,
            t.col,
            format!("`{p}` is not a metavariable declared before this one"),
        ));
    }
    *k = at;
    Ok(vec![SeedPart::Script {
        language,
        params,
        code,
    }])
}

/// Skips the `a, b;` of a name declaration that starts at `toks[from]`;
/// the index after its `;`.
fn skip_names(cx: &Ctx, toks: &[HTok], from: usize, kind: &HTok) -> Result<usize, Diagnostic> {
    let mut k = from;
    loop {
        match toks.get(k) {
            Some(n) if n.kind == TokKind::Ident => {}
            Some(n) => {
                return Err(cx.err(
                    n.line,
                    n.col,
                    format!("expected a name, found `{}`", n.text),
                ))
            }
            None => {
                return Err(cx.err(
                    kind.line,
                    kind.col,
                    "declaration is not terminated with `;`",
                ))
            }
        }
        match toks.get(k + 1).map(|t| t.text.as_str()) {
            Some(",") => k += 2,
            Some(";") => return Ok(k + 2),
            _ => {
                let (line, col) = toks
                    .get(k + 1)
                    .map_or((kind.line, kind.col), |t| (t.line, t.col));
                return Err(cx.err(line, col, "expected `,` or `;` after the name"));
            }
        }
    }
}

/// The hints a file's `iterator name`, `declarer name` and `attribute name`
/// declarations add, as hints-file text: C in the patterns and in the files
/// the patch is applied to is read with them.
/// The names a rule's `attribute name a, b;` declarations declare.
fn attribute_names(d: &[HTok]) -> Vec<String> {
    let mut out = Vec::new();
    for i in 0..d.len() {
        if d[i].text == "attribute" && d.get(i + 1).is_some_and(|t| t.text == "name") {
            out.extend(
                d[i + 2..]
                    .iter()
                    .take_while(|t| t.text != ";")
                    .filter(|t| t.kind == TokKind::Ident)
                    .map(|t| t.text.clone()),
            );
        }
    }
    out
}

fn name_hints<'c, 's: 'c>(chunks: impl Iterator<Item = &'c split::Chunk<'s>>) -> String {
    let mut out = String::new();
    for c in chunks {
        let d = &c.decls;
        for i in 0..d.len() {
            let kind = match d[i].text.as_str() {
                "iterator" => "iterator",
                "declarer" => "declarer",
                "attribute" => "annotation",
                _ => continue,
            };
            if d.get(i + 1).is_none_or(|t| t.text != "name") {
                continue;
            }
            let names = d[i + 2..]
                .iter()
                .take_while(|t| t.text != ";")
                .filter(|t| t.kind == TokKind::Ident);
            for n in names {
                // An attribute may take arguments (`aarg(1, 2)`).
                let args = if kind == "annotation" { "(...)" } else { "" };
                out.push_str(&format!("{kind} {}{args}\n", n.text));
            }
        }
    }
    out
}

/// `: script:LANG (a, r.b) { CODE }` (from its `:`): the code, run with
/// the metavariable and the parameters bound, decides whether a binding
/// stands. `r.b` is read as this rule's `b` (inherited from `r`).
fn parse_script_constraint(
    cx: &Ctx,
    toks: &[HTok],
    k: &mut usize,
) -> Result<Constraint, Diagnostic> {
    let colon = &toks[*k];
    let expect = |j: usize, what: &str| -> Result<&HTok, Diagnostic> {
        toks.get(j).filter(|t| t.text == what).ok_or_else(|| {
            cx.err(
                colon.line,
                colon.col,
                format!("expected `{what}` in a script constraint `: script:LANG (...) {{ ... }}`"),
            )
        })
    };
    expect(*k + 1, "script")?;
    expect(*k + 2, ":")?;
    let language = match toks.get(*k + 3) {
        Some(l) if l.text == "python" || l.text == "ocaml" => l.text.clone(),
        _ => {
            return Err(cx.err(
                colon.line,
                colon.col,
                "expected `python` or `ocaml` after `script:`",
            ))
        }
    };
    expect(*k + 4, "(")?;
    let mut j = *k + 5;
    let mut params = Vec::new();
    while let Some(t) = toks.get(j) {
        match t.text.as_str() {
            ")" => break,
            "," => {}
            "." => {
                // `r.b`: the name after the dot is the one bound here.
                params.pop();
            }
            _ if t.kind == TokKind::Ident => params.push(t.text.clone()),
            _ => {
                return Err(cx.err(
                    t.line,
                    t.col,
                    format!(
                        "unexpected `{}` in a script constraint's parameters",
                        t.text
                    ),
                ))
            }
        }
        j += 1;
    }
    let open = expect(j + 1, "{")?;
    let mut depth = 0usize;
    let mut close = None;
    for (i, t) in toks.iter().enumerate().skip(j + 1) {
        match t.text.as_str() {
            "{" => depth += 1,
            "}" => {
                depth -= 1;
                if depth == 0 {
                    close = Some(i);
                    break;
                }
            }
            _ => {}
        }
    }
    let Some(close) = close else {
        return Err(cx.err(
            open.line,
            open.col,
            "missing `}` after a script constraint's code",
        ));
    };
    let offset = |t: &HTok| -> usize {
        let line_start: usize = cx
            .src
            .split_inclusive('\n')
            .take(t.line.saturating_sub(1))
            .map(str::len)
            .sum();
        line_start + t.col.saturating_sub(1)
    };
    let (from, to) = (offset(open) + 1, offset(&toks[close]));
    let code = cx.src.get(from..to).unwrap_or_default().trim().to_string();
    *k = close + 1;
    Ok(Constraint::Script {
        language,
        params,
        code,
    })
}

fn parse_constraint(
    cx: &Ctx,
    toks: &[HTok],
    k: &mut usize,
    rules: &[Rule],
) -> Result<Option<Constraint>, Diagnostic> {
    let Some(t) = toks.get(*k) else {
        return Ok(None);
    };
    if t.text == ":" {
        return parse_script_constraint(cx, toks, k).map(Some);
    }
    if t.text == "!=" || t.text == "<=" {
        // `!= x`, `!= r.x` or a set of them in braces.
        let braced = toks.get(*k + 1).is_some_and(|b| b.text == "{");
        let mut j = *k + 1 + usize::from(braced);
        let mut names = Vec::new();
        let mut inherited = Vec::new();
        loop {
            let Some(n) = toks
                .get(j)
                .filter(|n| matches!(n.kind, TokKind::Ident | TokKind::Number))
            else {
                return Err(cx.err(
                    t.line,
                    t.col,
                    format!("expected a name or `rule.name` after `{}`", t.text),
                ));
            };
            if toks.get(j + 1).is_some_and(|d| d.text == ".") || t.text == "<=" {
                if toks.get(j + 1).is_none_or(|d| d.text != ".") {
                    return Err(cx.err(n.line, n.col, "expected `rule.name` after `<=`"));
                }
                let Some(x) = toks.get(j + 2).filter(|x| x.kind == TokKind::Ident) else {
                    return Err(cx.err(
                        n.line,
                        n.col,
                        format!("expected `rule.name` after `{}`", t.text),
                    ));
                };
                let Some(ri) = rules.iter().position(|r| r.name == n.text) else {
                    return Err(cx.unknown_rule(&n.text, n.line, n.col, "refer to"));
                };
                if rules[ri].metavar(&x.text).is_none() {
                    return Err(cx.err(
                        x.line,
                        x.col,
                        format!("rule `{}` declares no metavariable `{}`", n.text, x.text),
                    ));
                }
                inherited.push((ri, x.text.clone()));
                j += 3;
            } else {
                names.push(n.text.clone());
                j += 1;
            }
            if set_next(cx, toks, &mut j, braced, t, "the set after `!=`")? {
                break;
            }
        }
        if !names.is_empty() && !inherited.is_empty() {
            return Err(cx.err(
                t.line,
                t.col,
                "`!=` takes names or `rule.name`s, not both in one set",
            ));
        }
        *k = j;
        return Ok(Some(if t.text == "<=" {
            Constraint::SubtermOf(inherited)
        } else if inherited.is_empty() {
            Constraint::NoneOf(names)
        } else {
            Constraint::NotBoundBy(inherited)
        }));
    }
    let adjacent_tilde = |i: usize| {
        toks.get(i + 1)
            .is_some_and(|n| n.text == "~" && n.line == toks[i].line && n.col == toks[i].col + 1)
    };
    if (t.text == "=" || t.text == "!") && adjacent_tilde(*k) {
        let negate = t.text == "!";
        let Some(s) = toks.get(*k + 2).filter(|s| s.kind == TokKind::Str) else {
            return Err(cx.err(
                t.line,
                t.col,
                "expected a \"regular expression\" after the match operator",
            ));
        };
        // The lexer gives an unterminated string to the end of the line, and its
        // last character may be several bytes long: never slice blindly.
        let inner = s.text.strip_prefix('"').unwrap_or(&s.text);
        let Some(inner) = inner.strip_suffix('"').filter(|_| s.text.len() >= 2) else {
            return Err(cx.err(s.line, s.col, "unterminated string: no closing `\"`"));
        };
        let body = inner.replace("\\\"", "\"");
        let body = if ocaml_regexps(cx.sources) {
            from_ocaml_regexp(&body)
        } else {
            body
        };
        let re = Regex::new(&body).map_err(|e| {
            let (offset, msg) = regex_error(&e);
            cx.err(
                s.line,
                s.col + 1 + offset,
                format!("bad regular expression: {msg}"),
            )
        })?;
        *k += 3;
        return Ok(Some(if negate {
            Constraint::NotMatches(re)
        } else {
            Constraint::Matches(re)
        }));
    }
    let inherited_one = |j: usize| {
        toks.get(j + 1).is_some_and(|d| d.text == ".")
            && toks
                .get(j)
                .is_some_and(|r| rules.iter().any(|q| q.name == r.text))
    };
    if t.text == "=" && (toks.get(*k + 1).is_some_and(|b| b.text == "{") || inherited_one(*k + 1)) {
        // `= {a, b}`, `= {r.T, s.U, int}`, `= r.T`.
        let braced = toks[*k + 1].text == "{";
        let mut j = *k + 1 + usize::from(braced);
        let mut names = Vec::new();
        let mut from = Vec::new();
        loop {
            match toks.get(j) {
                Some(r) if inherited_one(j) => {
                    let Some(x) = toks.get(j + 2).filter(|x| x.kind == TokKind::Ident) else {
                        return Err(cx.err(r.line, r.col, "expected `rule.name` after `=`"));
                    };
                    let ri = rules.iter().position(|q| q.name == r.text).expect("a rule");
                    if rules[ri].metavar(&x.text).is_none() {
                        return Err(cx.err(
                            x.line,
                            x.col,
                            format!("rule `{}` declares no metavariable `{}`", r.text, x.text),
                        ));
                    }
                    from.push((ri, x.text.clone()));
                    j += 2;
                }
                Some(n) if n.kind == TokKind::Ident || n.kind == TokKind::Number => {
                    names.push(n.text.clone())
                }
                _ => return Err(cx.err(t.line, t.col, "expected `{ name, name }` after `=`")),
            }
            j += 1;
            if set_next(cx, toks, &mut j, braced, t, "the set of names")? {
                break;
            }
        }
        *k = j;
        return Ok(Some(if from.is_empty() {
            Constraint::OneOf(names)
        } else {
            Constraint::Among { names, from }
        }));
    }
    Ok(None)
}

fn comment_pairs(
    cx: &Ctx,
    rule: &Rule,
    alts: &[Vec<body::BTok>],
) -> Result<Vec<(String, String)>, Diagnostic> {
    let mut pairs = Vec::new();
    for alt in alts {
        let minus: Vec<&body::BTok> = alt.iter().filter(|t| t.mark == body::Mark::Minus).collect();
        let plus: Vec<&body::BTok> = alt.iter().filter(|t| t.mark == body::Mark::Plus).collect();
        let first = alt.first().expect("empty alternatives were rejected");
        let ok = minus.len() == 1
            && plus.len() == 1
            && alt.len() == 2
            && minus[0].is_ident
            && plus[0].is_ident
            && rule.metavar(&minus[0].text).is_none();
        if !ok {
            return Err(cx.err(first.line, first.col, "a comments rule rewrites words: each branch is one `- old` line and one `+ new` line"));
        }
        pairs.push((minus[0].text.clone(), plus[0].text.clone()));
    }
    Ok(pairs)
}

/// The one-line message and the offset into the pattern of a regex error (the
/// regex crate prints the pattern, a caret line, and `error: …`).
fn regex_error(e: &regex::Error) -> (usize, String) {
    let text = e.to_string();
    let lines: Vec<&str> = text.lines().collect();
    let msg = lines
        .iter()
        .find_map(|l| l.strip_prefix("error: "))
        .unwrap_or(lines.last().copied().unwrap_or("invalid"))
        .to_string();
    // The caret line is indented like the pattern line above it.
    let offset = lines
        .iter()
        .enumerate()
        .find(|(_, l)| l.trim_start().starts_with('^') && l.trim().chars().all(|c| c == '^'))
        .and_then(|(i, l)| {
            let pat_indent = lines.get(i.checked_sub(1)?)?.len() - lines[i - 1].trim_start().len();
            Some(l.find('^')?.saturating_sub(pat_indent))
        })
        .unwrap_or(0);
    (offset, msg)
}

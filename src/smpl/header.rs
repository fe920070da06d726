//! The file level of SmPL: description, rule headers and metavariable declarations.

use super::body;
use super::pattern::{self, Pattern};
use super::{
    Constraint, Dep, Diagnostic, MetaKind, Metavar, Quantifier, Rule, RuleBody, SemanticPatch,
};
use crate::c::lex::{self, TokKind};
use regex::Regex;

/// A token of a header or declaration line, with its 1-based position.
#[derive(Clone, Debug)]
struct HTok {
    text: String,
    kind: TokKind,
    line: usize,
    col: usize,
}

fn htokens(line_no: usize, text: &str, col_base: usize) -> Vec<HTok> {
    lex::tokenize(text.as_bytes())
        .into_iter()
        .map(|t| HTok {
            text: text[t.start..t.end].to_string(),
            kind: t.kind,
            line: line_no,
            col: col_base + t.start + 1,
        })
        .collect()
}

struct Ctx<'a> {
    file: &'a str,
    src: &'a str,
    /// Every named rule header of the file (name, line), found before parsing, so
    /// that naming a rule defined further down gets a message saying so.
    headers: Vec<(String, usize)>,
}

impl Ctx<'_> {
    fn err(&self, line: usize, col: usize, msg: impl Into<String>) -> Diagnostic {
        Diagnostic::at(self.file, self.src, line, col, msg)
    }

    /// The diagnostic for a name at `line:col` that is not an earlier rule.
    // Rules may only name rules above them, which is what rules out dependency
    // cycles; say so when the name is the rule itself or one further down.
    fn unknown_rule(&self, name: &str, line: usize, col: usize, what: &str) -> Diagnostic {
        let own = self.headers.iter().rfind(|(_, l)| *l <= line);
        let msg = match self.headers.iter().find(|(n, _)| n == name) {
            Some((_, l)) if own.is_some_and(|(_, o)| o == l) => format!(
                "rule `{name}` cannot {what} itself (rules can only name the rules above them)"
            ),
            Some((_, l)) => format!(
                "rule `{name}` is defined later, at line {l}: rules can only name the rules above them, so dependencies cannot form a cycle"
            ),
            None if what == "depend on" => format!(
                "unknown rule `{name}` in depends on (rules must be defined before they are named)"
            ),
            None => format!("unknown rule `{name}` (rules must be defined before they are named)"),
        };
        self.err(line, col, msg)
    }
}

/// The names of the named rule headers of `lines`, with their 1-based lines.
fn header_names(lines: &[&str]) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let Some(rest) = l.trim_end().strip_prefix('@') else {
            continue;
        };
        let inner = rest.split('@').next().unwrap_or("");
        let toks = htokens(i + 1, inner, 1);
        let k = usize::from(toks.first().is_some_and(|t| t.text == "comments"));
        if let Some(t) = toks.get(k).filter(|t| {
            t.kind == TokKind::Ident && !matches!(t.text.as_str(), "depends" | "exists" | "forall")
        }) {
            out.push((t.text.clone(), i + 1));
        }
    }
    out
}

fn is_rule_header(line: &str) -> bool {
    line.starts_with('@')
}

fn is_ignorable(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with("//") || line.starts_with('#')
}

/// Parses a whole `.cocci` file.
pub fn parse_file(
    file: &str,
    src: &str,
    hints: std::sync::Arc<crate::c::hints::Hints>,
) -> Result<SemanticPatch, Diagnostic> {
    let compiler = pattern::Compiler::new(file, src, &hints);
    let lines: Vec<&str> = src
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let cx = Ctx {
        file,
        src,
        headers: header_names(&lines),
    };
    let mut description = Vec::new();
    let mut i = 0;
    while i < lines.len() && !is_rule_header(lines[i]) {
        let l = lines[i];
        if let Some(d) = l.strip_prefix("///") {
            description.push(d.strip_prefix(' ').unwrap_or(d).trim_end().to_string());
        } else if l.trim_start().starts_with("virtual") {
            let toks = htokens(i + 1, l, 0);
            if toks.len() < 2
                || toks[1..]
                    .iter()
                    .any(|t| t.kind != TokKind::Ident && t.text != ",")
            {
                return Err(cx.err(
                    i + 1,
                    1,
                    "a virtual line names identifiers: `virtual patch, report`",
                ));
            }
        } else if !is_ignorable(l) {
            let col = l.len() - l.trim_start().len() + 1;
            return Err(cx.err(
                i + 1,
                col,
                "expected a rule header `@@` or `@name@` before any code",
            ));
        }
        i += 1;
    }
    while description.last().is_some_and(|d: &String| d.is_empty()) {
        description.pop();
    }
    let mut rules: Vec<Rule> = Vec::new();
    while i < lines.len() {
        let header_line = i + 1;
        let (is_comments, name, depends_toks, quantifier) =
            parse_header(&cx, header_line, lines[i], &rules)?;
        i += 1;
        // Anonymous `@@` and named headers alike are followed by declarations up to `@@`.
        let decl_start = i;
        while i < lines.len() && lines[i].trim() != "@@" {
            if is_rule_header(lines[i]) && lines[i].trim() != "@@" {
                return Err(cx.err(
                    i + 1,
                    1,
                    "a new rule header before this rule's metavariables were closed with `@@`",
                ));
            }
            i += 1;
        }
        if i >= lines.len() {
            return Err(cx.err(
                header_line,
                1,
                "rule header is not followed by a closing `@@` line",
            ));
        }
        let decl_lines: Vec<(usize, &str)> = (decl_start..i).map(|k| (k + 1, lines[k])).collect();
        i += 1;
        let body_start = i;
        while i < lines.len() && !is_rule_header(lines[i]) {
            i += 1;
        }
        let body_lines: Vec<(usize, &str)> = (body_start..i).map(|k| (k + 1, lines[k])).collect();
        let rule_name = name
            .clone()
            .unwrap_or_else(|| format!("rule@{header_line}"));
        if name.is_some() && rules.iter().any(|r| r.name == rule_name) {
            return Err(cx.err(
                header_line,
                2,
                format!("a rule named `{rule_name}` is already defined"),
            ));
        }
        let metavars = parse_decls(&cx, &decl_lines, &rules)?;
        let depends = match depends_toks {
            Some(toks) => Some(parse_dep(&cx, &toks, &rules)?),
            None => None,
        };
        let mut rule = Rule {
            name: rule_name,
            line: header_line,
            depends,
            metavars,
            body: RuleBody::Code(Vec::new()),
            transforms: false,
            quantifier,
        };
        let items = body::parse_body(file, src, &body_lines)?;
        let alts = body::expand(file, src, header_line, items)?;
        if alts.iter().all(|a| a.is_empty()) {
            return Err(cx.err(header_line, 1, format!("rule `{}` has no code", rule.name)));
        }
        rule.transforms = alts.iter().flatten().any(|t| t.mark != body::Mark::Context);
        if is_comments {
            rule.body = RuleBody::Comments(comment_pairs(&cx, &rule, &alts)?);
        } else {
            // Alternatives compile independently (each is parsed as C), so in
            // parallel; the first error in file order is the one reported.
            use rayon::prelude::*;
            let compiled: Vec<Result<Pattern, Diagnostic>> = alts
                .into_par_iter()
                .map(|alt| {
                    let aligned =
                        body::align_minus_plus(alt.clone(), &|n| rule.metavar(n).is_some());
                    let pat = compiler.compile(&rule, aligned)?;
                    pattern::check_plus_slice(&compiler, &rule, pat.kind, alt)?;
                    Ok(pat)
                })
                .collect();
            rule.body = RuleBody::Code(compiled.into_iter().collect::<Result<_, _>>()?);
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
        rules,
        item_words: Default::default(),
        hints,
    })
}

/// What a header line says: a comments rule?, the name, the `depends on`
/// tokens, `exists`/`forall`.
type Header = (bool, Option<String>, Option<Vec<HTok>>, Option<Quantifier>);

fn parse_header(
    cx: &Ctx,
    line_no: usize,
    line: &str,
    rules: &[Rule],
) -> Result<Header, Diagnostic> {
    let trimmed = line.trim_end();
    if trimmed == "@@" {
        return Ok((false, None, None, None));
    }
    let Some(close) = trimmed[1..].find('@').map(|p| p + 1) else {
        return Err(cx.err(line_no, 1, "rule header is not closed with `@`"));
    };
    if !trimmed[close + 1..].trim().is_empty() {
        return Err(cx.err(line_no, close + 2, "unexpected text after the rule header"));
    }
    let toks = htokens(line_no, &trimmed[1..close], 1);
    let mut k = 0;
    let mut is_comments = false;
    if toks
        .get(k)
        .is_some_and(|t| t.text == "script" || t.text == "initialize" || t.text == "finalize")
    {
        return Err(cx.err(line_no, toks[k].col, "script rules are not supported"));
    }
    if toks.get(k).is_some_and(|t| t.text == "comments") {
        is_comments = true;
        k += 1;
    }
    let mut name = None;
    if let Some(t) = toks.get(k) {
        if t.kind == TokKind::Ident && !matches!(t.text.as_str(), "depends" | "exists" | "forall") {
            if rules.iter().any(|r| r.name == t.text) {
                return Err(cx.err(
                    line_no,
                    t.col,
                    format!("a rule named `{}` is already defined", t.text),
                ));
            }
            name = Some(t.text.clone());
            k += 1;
        }
    }
    let mut depends = None;
    let mut quantifier = None;
    while k < toks.len() {
        let t = &toks[k];
        match t.text.as_str() {
            "depends" => {
                if toks.get(k + 1).map(|t| t.text.as_str()) != Some("on") {
                    return Err(cx.err(line_no, t.col, "expected `depends on`"));
                }
                let mut end = k + 2;
                while end < toks.len() && !matches!(toks[end].text.as_str(), "exists" | "forall") {
                    end += 1;
                }
                if end == k + 2 {
                    return Err(cx.err(line_no, t.col, "`depends on` needs a condition"));
                }
                depends = Some(toks[k + 2..end].to_vec());
                k = end;
            }
            "exists" | "forall" => {
                let q = if t.text == "exists" {
                    Quantifier::Exists
                } else {
                    Quantifier::Forall
                };
                if quantifier.is_some_and(|old| old != q) {
                    return Err(cx.err(line_no, t.col, "a rule is either `exists` or `forall`"));
                }
                quantifier = Some(q);
                k += 1;
            }
            _ => {
                return Err(cx.err(
                    line_no,
                    t.col,
                    format!("unexpected `{}` in rule header", t.text),
                ));
            }
        }
    }
    Ok((is_comments, name, depends, quantifier))
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

fn parse_decls(
    cx: &Ctx,
    lines: &[(usize, &str)],
    rules: &[Rule],
) -> Result<Vec<Metavar>, Diagnostic> {
    let toks: Vec<HTok> = lines
        .iter()
        .filter(|(_, l)| !l.starts_with('#'))
        .flat_map(|(n, l)| htokens(*n, l, 0))
        .collect();
    let mut out: Vec<Metavar> = Vec::new();
    let mut k = 0;
    while k < toks.len() {
        let t = &toks[k];
        let next_is_list = toks.get(k + 1).is_some_and(|n| n.text == "list");
        let kind = match (t.text.as_str(), next_is_list) {
            ("expression", true) => MetaKind::ExpressionList,
            ("identifier", true) => MetaKind::IdentifierList,
            ("expression", false) => MetaKind::Expression,
            ("identifier", false) => MetaKind::Identifier,
            ("constant", _) => MetaKind::Constant,
            ("type", _) => MetaKind::Type,
            ("statement", false) => MetaKind::Statement,
            (
                "fresh" | "position" | "idexpression" | "local" | "global" | "function"
                | "parameter" | "declaration" | "field" | "typedef" | "symbol" | "format"
                | "binary" | "assignment" | "operator" | "iterator" | "declarer" | "initializer"
                | "comments" | "statement",
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
        k += if kind.is_list() { 2 } else { 1 };
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
            if toks.get(k).is_some_and(|d| d.text == ".") {
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
                if rules[ri].metavars[mi].kind != kind {
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
            if out.iter().any(|m| m.name == name) {
                return Err(cx.err(
                    line,
                    col,
                    format!("metavariable `{name}` is declared twice"),
                ));
            }
            let constraint = parse_constraint(cx, &toks, &mut k)?;
            if constraint.is_some()
                && !matches!(
                    kind,
                    MetaKind::Identifier | MetaKind::Constant | MetaKind::Type
                )
            {
                return Err(cx.err(
                    line,
                    col,
                    "only identifier, constant and type metavariables take a constraint",
                ));
            }
            out.push(Metavar {
                name,
                kind,
                inherited,
                constraint,
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
    Ok(out)
}

fn parse_constraint(
    cx: &Ctx,
    toks: &[HTok],
    k: &mut usize,
) -> Result<Option<Constraint>, Diagnostic> {
    let Some(t) = toks.get(*k) else {
        return Ok(None);
    };
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
    if t.text == "=" && toks.get(*k + 1).is_some_and(|b| b.text == "{") {
        let mut j = *k + 2;
        let mut names = Vec::new();
        loop {
            match toks.get(j) {
                Some(n) if n.kind == TokKind::Ident || n.kind == TokKind::Number => {
                    names.push(n.text.clone())
                }
                _ => return Err(cx.err(t.line, t.col, "expected `{ name, name }` after `=`")),
            }
            j += 1;
            match toks.get(j).map(|t| t.text.as_str()) {
                Some(",") => j += 1,
                Some("}") => break,
                _ => return Err(cx.err(t.line, t.col, "expected `,` or `}` in the set of names")),
            }
        }
        *k = j + 1;
        return Ok(Some(Constraint::OneOf(names)));
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

//! Script rules (`@script:python@`): run once for each distinct set of the
//! bindings they read, in the host the context gives. What they print is
//! kept for the caller; the values they make (`coccinelle.x = ...`) become
//! bindings later rules inherit; `cocci.include_match(False)` drops the
//! environment, for the script and for the rules it read from.

use super::matcher::{self, Binding};
use super::{Env, Note, Run};
use crate::c;
use crate::script::{Made, Position, Value};
use crate::smpl::{InputDefault, MetaKind, Script, ScriptWhen, SemanticPatch};

/// Runs script rule `ri` once per start environment; returns the
/// environments it keeps, each completed with what the script made.
pub(super) fn run_script(
    sp: &SemanticPatch,
    ri: usize,
    script: &Script,
    starts: &[Env],
    cur: &[u8],
    tree: &tree_sitter::Tree,
    run: &mut Run,
) -> Vec<Env> {
    // `@initialize@` and `@finalize@` run once per run, not per file.
    if script.when != ScriptWhen::Match {
        return Vec::new();
    }
    let rule = &sp.rules[ri];
    let Some(hosts) = run.cx.scripts else {
        run.notes.push(Note {
            line: 1,
            message: format!(
                "rule {}: script rules are not run here, so it and the rules that read its results do nothing",
                rule.name
            ),
            detail: false,
        });
        return Vec::new();
    };
    let outputs: Vec<usize> = (0..rule.metavars.len())
        .filter(|&m| rule.metavars[m].inherited.is_none())
        .collect();
    let names: Vec<String> = outputs
        .iter()
        .map(|&m| rule.metavars[m].name.clone())
        .collect();
    let mut kept = Vec::new();
    let mut dropped = Vec::new();
    for env in starts {
        let inputs: Vec<(String, Value)> = script
            .inputs
            .iter()
            .filter_map(|(local, _, _)| {
                let m = rule.metavar(local)?;
                let v = match (&env[m], script.default_of(local)) {
                    (Some(b), _) => {
                        value_of(rule.metavars[m].kind, b, cur, tree, run.cx.file, &sp.hints)
                    }
                    (None, Some(InputDefault::Text(t))) => Value::Text(t.clone()),
                    (None, Some(InputDefault::NoPositions)) => Value::Positions(Vec::new()),
                    (None, None) => return None,
                };
                Some((local.clone(), v))
            })
            .collect();
        if inputs.len() < script.inputs.len() {
            // An input without a value (nor a default): not run here, as in
            // spatch.
            continue;
        }
        let ran = match hosts.run(&script.language, &rule.name, &script.code, &inputs, &names) {
            Ok(r) => r,
            Err(e) => {
                run.stopped = Some(Some(format!("{}: {e}", rule.name)));
                return kept;
            }
        };
        run.printed.extend_from_slice(ran.printed.as_bytes());
        if ran.exited {
            // `cocci.exit()`: no more rules on this file; what earlier
            // rules changed stays.
            run.stopped = Some(None);
            return kept;
        }
        if !ran.include_match {
            dropped.push(env.clone());
            continue;
        }
        // An output left unset stays unbound (spatch's MetaNoValue): the
        // match is kept, later rules that read that output cannot run with
        // it, the others can.
        let mut e = env.clone();
        for (&m, made) in outputs.iter().zip(ran.outputs) {
            e[m] = made.as_ref().map(binding_of);
        }
        kept.push(e);
    }
    forget_dropped(sp, ri, &dropped, &kept, run);
    kept
}

/// `include_match(False)`: the environments of the rules the script read
/// from that led only to dropped ones are forgotten, so later rules that
/// inherit from those rules do not see them either (as in spatch, where
/// environments are shared by all the rules).
fn forget_dropped(sp: &SemanticPatch, ri: usize, dropped: &[Env], kept: &[Env], run: &mut Run) {
    if dropped.is_empty() {
        return;
    }
    let rule = &sp.rules[ri];
    for src in rule.inherits_from() {
        // (index in src, index in the script) of what the script read from src.
        let pairs: Vec<(usize, usize)> = rule
            .metavars
            .iter()
            .enumerate()
            .filter_map(|(k, m)| match &m.inherited {
                Some((r, name)) if *r == src => sp.rules[src].metavar(name).map(|s| (s, k)),
                _ => None,
            })
            .collect();
        let agrees = |se: &Env, e: &Env| pairs.iter().all(|&(s, k)| se[s] == e[k]);
        run.envs[src].retain(|se| {
            !dropped.iter().any(|d| agrees(se, d)) || kept.iter().any(|k| agrees(se, k))
        });
    }
}

/// What a script sees of a binding: the code's text, or for a position
/// where it is.
pub(super) fn value_of(
    kind: MetaKind,
    b: &Binding,
    cur: &[u8],
    tree: &tree_sitter::Tree,
    file: &str,
    hints: &c::hints::Hints,
) -> Value {
    if kind == MetaKind::Comments {
        return Value::Comments(vec![super::comments::comment_parts(&b.text)]);
    }
    if kind != MetaKind::Position {
        // As spatch 1.1.1 hands code to scripts: its tokens, one space
        // apart (`pool -> nodeinfo [ node ]`), comments and line breaks gone.
        let text = if b.text.is_empty() {
            b.tokens.join(&b" "[..])
        } else if b.tokens.len() <= 1 {
            // One token, or a string a script made: as it is.
            b.text.clone()
        } else {
            c::lex::tokenize(&b.text)
                .iter()
                .map(|t| &b.text[t.start..t.end])
                .collect::<Vec<_>>()
                .join(&b" "[..])
        };
        return Value::Text(String::from_utf8_lossy(&text).into_owned());
    }
    let place = if b.text.is_empty() {
        place_of(b, cur, tree, hints)
    } else {
        b.text.clone()
    };
    let place = String::from_utf8_lossy(&place);
    let mut parts = place.splitn(9, ':');
    let mut nums = [0; 8];
    for n in nums.iter_mut() {
        match parts.next().and_then(|n| n.parse::<usize>().ok()) {
            Some(v) => *n = v,
            None => return Value::Positions(Vec::new()),
        }
    }
    let current_element = parts.next().unwrap_or("something_else").to_string();
    Value::Positions(vec![Position {
        file: file.to_string(),
        line: nums[0],
        column: nums[1],
        line_end: nums[2],
        column_end: nums[3],
        current_element,
        element: Some([nums[4], nums[5], nums[6], nums[7]]),
    }])
}

/// Where a position binding is in `cur`, as scripts are told it:
/// `line:column:line_end:column_end:` then the same four of the top-level
/// item holding it (the current element), then `:function` (empty when it
/// is nowhere).
pub(super) fn place_of(
    b: &Binding,
    cur: &[u8],
    tree: &tree_sitter::Tree,
    hints: &c::hints::Hints,
) -> Vec<u8> {
    let Some(r) = matcher::position_range(b) else {
        return Vec::new();
    };
    let (line, column) = line_col(cur, r.start);
    let (line_end, column_end) = line_col(cur, r.end);
    let at = tree.root_node().descendant_for_byte_range(r.start, r.start);
    let function = at
        .and_then(|n| c::enclosing_function_name(n, cur, hints))
        .unwrap_or_else(|| "something_else".to_string());
    // The top-level item: the ancestor whose parent is the file.
    let mut item = at;
    while let Some(n) = item.filter(|n| n.parent().is_some_and(|p| p.parent().is_some())) {
        item = n.parent();
    }
    let (from, to) = item.map_or((r.start, r.end), |n| (n.start_byte(), n.end_byte()));
    let (el, ec) = line_col(cur, from);
    let (ele, ece) = line_col(cur, to);
    format!("{line}:{column}:{line_end}:{column_end}:{el}:{ec}:{ele}:{ece}:{function}").into_bytes()
}

/// 1-based line and 0-based column (in bytes) of `at`.
fn line_col(text: &[u8], at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let start = text[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    (c::line_of(text, at), at - start)
}

/// The binding a script's output makes: its text, as tokens for matching.
fn binding_of(made: &Made) -> Binding {
    let text = made.text().into_bytes();
    // A plain string is one name to Coccinelle, whatever it holds.
    let tokens = match made {
        Made::Text(_) => vec![text.clone()],
        _ => c::lex::tokenize(&text)
            .iter()
            .map(|t| text[t.start..t.end].to_vec())
            .collect(),
    };
    Binding {
        tokens,
        text,
        at: None,
        typedef_name: false,
    }
}

/// `st` with each fresh identifier whose name a script makes (`fresh
/// identifier x = script:python(y) { f(y) };`) bound to it: the scripts
/// run once for the match, in the order the rule declares them, as in
/// spatch. `Ok(None)`: the rule has none. A script that fails, or hosts
/// missing, is an error naming the metavariable.
pub(super) fn fresh_by_scripts(
    rule: &crate::smpl::Rule,
    st: &matcher::State,
    cur: &[u8],
    tree: &tree_sitter::Tree,
    cx: super::Context,
    hints: &c::hints::Hints,
) -> Result<Option<matcher::State>, String> {
    use crate::smpl::SeedPart;
    let mut out: Option<matcher::State> = None;
    for (i, m) in rule.metavars.iter().enumerate() {
        let [SeedPart::Script {
            language,
            params,
            code,
        }] = m.seed.as_slice()
        else {
            continue;
        };
        let Some(hosts) = cx.scripts else {
            return Err(format!(
                "rule {}: fresh identifier `{}` is made by a script, and scripts are not run here",
                rule.name, m.name
            ));
        };
        let now = out.as_ref().unwrap_or(st);
        let mut inputs = Vec::new();
        for p in params {
            let Some(b) = rule
                .metavar(p)
                .and_then(|k| now.binds[k].as_ref().map(|b| (k, b)))
            else {
                return Err(format!(
                    "rule {}: the script of fresh identifier `{}` reads `{p}`, which this match does not bind",
                    rule.name, m.name
                ));
            };
            let kind = rule.metavars[b.0].kind;
            inputs.push((p.clone(), value_of(kind, b.1, cur, tree, cx.file, hints)));
        }
        // The expression's value is the script's one output.
        const OUT: &str = "sempatch_fresh";
        let body = match language.as_str() {
            "ocaml" => format!("{OUT} := Coccilib.make_ident ({code})"),
            _ => format!("coccinelle.{OUT} = cocci.make_ident({code})"),
        };
        let title = format!("{} fresh {}", rule.name, m.name);
        let ran = hosts
            .run(language, &title, &body, &inputs, &[OUT.to_string()])
            .map_err(|e| {
                format!(
                    "rule {}: the script of fresh identifier `{}` failed: {e}",
                    rule.name, m.name
                )
            })?;
        let name = match ran.outputs.into_iter().next().flatten() {
            Some(Made::Ident(t) | Made::Text(t) | Made::Expr(t)) => t,
            _ => {
                return Err(format!(
                    "rule {}: the script of fresh identifier `{}` gave no name",
                    rule.name, m.name
                ))
            }
        };
        let st = out.get_or_insert_with(|| st.clone());
        st.binds[i] = Some(Binding {
            tokens: vec![name.clone().into_bytes()],
            text: name.into_bytes(),
            at: None,
            typedef_name: false,
        });
    }
    Ok(out)
}

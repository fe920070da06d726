//! Runs SmPL `@script:ocaml@` code (and `@initialize:ocaml@`,
//! `@finalize:ocaml@`, `script:ocaml` constraints) in an `ocaml` toplevel
//! co-process, with the same API as the python3 host ([`super::Python`]).
//!
//! The child is the plain OCaml toplevel; nothing is compiled at build time.
//! It is fed `coccilib.ml` as phrases: a `Coccilib` module with Coccinelle's
//! names (`include_match`, `exit`, `make_ident`, ..., the `pos` record,
//! `files ()`, the org-mode printers), opened, then a small server that takes
//! over the toplevel's descriptors. From then on requests and replies are
//! length-prefixed fields on the child's stdin/stdout, and whatever scripts
//! print goes to a private capture file, returned per call.
//!
//! As in Coccinelle, which compiles all the OCaml code of a semantic patch
//! into one module:
//! - `@initialize:ocaml@` code is toplevel definitions (`let tbl = ...`,
//!   `let inc f = ...`), visible to every later rule: [`Ocaml::run_plain`]
//!   evaluates code as toplevel phrases. `@finalize:ocaml@` code, an
//!   expression, goes the same way (with `run_merged` when it has
//!   `x << merge.v` inputs).
//! - A script rule's code is the body of a function of its inputs (strings,
//!   `Coccilib.pos list` for positions, `int` for list lengths) and outputs
//!   (`Coccilib.metavar_binding_kind ref`, set with `x := make_ident "f"`).
//!   Each rule is compiled once, on its first run, and then only applied.
//! - A constraint's code is the body of a `bool` function of its parameters.
//!
//! [`Value`] has no number: a list length reaches scripts as the text of the
//! number. A text input that reads as an integer is bound as a `string`
//! first; only if the code then does not type-check is it bound as an `int`
//! (typing fails before anything runs, so trying twice is harmless).
//!
//! `(s, elems) << r.l` binds a list metavariable's text and its elements
//! (as a list of their texts: Coccinelle gives their syntax trees, which
//! scripts compare, as the kernel's check_bq27xxx_data does; the texts
//! compare alike). Not here: the syntax tree of other kinds, and comments
//! metavariables as lists of triples.

use super::{Checked, Made, Position, Ran, Value};
use std::collections::HashMap;
use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

/// The OCaml side: Coccilib and the server, fed to the toplevel at start.
const PRELUDE: &str = include_str!("coccilib.ml");

/// What the server prints once it has the descriptors in hand; everything
/// before it is the toplevel echoing the prelude's definitions.
const READY: &[u8] = b"sempatch-ocaml-host-ready\n";

/// The most the prelude's echo may take; past this the child is not a
/// toplevel running it.
const MAX_NOISE: usize = 1 << 20;

fn need(why: impl std::fmt::Display) -> String {
    format!("script:ocaml rules need the OCaml toplevel (`ocaml`, Debian package ocaml-nox): {why}")
}

/// How one input is handed to the compiled code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Str,
    Int,
    Pos,
    Com,
}

impl Kind {
    fn getter(self) -> &'static str {
        match self {
            Kind::Str => "str",
            Kind::Int => "int",
            Kind::Pos => "pos",
            Kind::Com => "com",
        }
    }
}

/// A compiled rule or constraint: its number in the server's table and how
/// its inputs are bound; or why it does not compile.
type Compiled = Result<(u64, Vec<Kind>), String>;

/// What a compiled piece of code is known by: its title (`rule NAME` or
/// `script constraint`), code, input names and whether each is a position,
/// and (rules only) output names.
type Key = (String, String, Vec<(String, bool)>, Option<Vec<String>>);

/// An `ocaml` child running the script host. `Send`, so it can sit behind a
/// `Mutex` shared by worker threads; calls are strictly one at a time.
pub struct Ocaml {
    child: Child,
    /// None once closed (in Drop).
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    /// Set when the conversation can no longer be trusted (the child died, or
    /// a reply was lost half-way): later calls fail at once.
    broken: Option<String>,
    next_id: u64,
    compiled: HashMap<Key, Compiled>,
}

/// One reply: "ok" or "err", what the code printed, then the payload (ok)
/// or the message (err).
struct Reply {
    ok: bool,
    printed: String,
}

impl Ocaml {
    /// Starts `ocaml` from PATH.
    pub fn start() -> Result<Ocaml, String> {
        Ocaml::start_with("ocaml")
    }

    /// Starts the given toplevel (a name looked up on PATH, or a path).
    pub fn start_with(program: impl AsRef<OsStr>) -> Result<Ocaml, String> {
        let program = program.as_ref();
        let shown = program.to_string_lossy().into_owned();
        let mut child = Command::new(program)
            .args([
                "-noinit",
                "-noprompt",
                "-nopromptcont",
                "-no-version",
                // Coccinelle's scripts use deprecated names (String.uppercase)
                // and leave variables unused: nothing of that is the user's
                // output.
                "-w",
                "-a",
                "-alert",
                "-all",
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            // Inherited: the toplevel's own complaints before the server
            // takes over (a broken install) reach the user directly.
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| need(format!("cannot run {shown}: {e}")))?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(need("no pipes to the child"));
        };
        let mut ml = Ocaml {
            child,
            stdin: Some(stdin),
            stdout: BufReader::new(stdout),
            broken: None,
            next_id: 0,
            compiled: HashMap::new(),
        };
        // The prelude (a few kilobytes) is echoed as signatures; the pipe
        // holds far more than that, so writing it all before reading is safe.
        let sent = match ml.stdin.as_mut() {
            Some(stdin) => stdin
                .write_all(PRELUDE.as_bytes())
                .and_then(|()| stdin.flush()),
            None => Err(std::io::Error::other("stdin closed")),
        };
        if let Err(e) = sent {
            return Err(need(format!("cannot write to {shown}: {e}")));
        }
        let mut noise = Vec::new();
        loop {
            let mut line = Vec::new();
            match ml.stdout.read_until(b'\n', &mut line) {
                Ok(0) | Err(_) => {
                    return Err(need(format!(
                        "{shown} did not start the script host{}",
                        said(&noise)
                    )))
                }
                Ok(_) if line == READY => return Ok(ml),
                Ok(_) => {
                    noise.extend_from_slice(&line);
                    if noise.len() > MAX_NOISE {
                        return Err(need(format!(
                            "{shown} did not start the script host{}",
                            said(&noise)
                        )));
                    }
                }
            }
        }
    }

    /// What `Coccilib.files ()` returns: the files being worked on.
    pub fn set_files(&mut self, files: &[String]) -> Result<(), String> {
        let mut req = Request::new("files");
        req.int(files.len());
        for f in files {
            req.field(f);
        }
        self.simple(req)
    }

    /// What `Coccilib.dir ()` returns: the directory given to sempatch.
    pub fn set_dir(&mut self, dir: &str) -> Result<(), String> {
        let mut req = Request::new("dir");
        req.field(dir);
        self.simple(req)
    }

    /// Defines the semantic patch's virtual rules and identifiers as
    /// constructors and the `iteration` class that takes them.
    pub fn define_virtuals(&mut self, rules: &[String], ids: &[String]) -> Result<(), String> {
        let src = super::iteration::ocaml_definitions(rules, ids);
        self.eval("the virtual rules and identifiers", &src)
            .map(|_| ())
    }

    /// The iterations scripts registered since the last call, in order.
    pub fn take_pending(&mut self) -> Result<Vec<super::iteration::Instance>, String> {
        let reply = self.call(Request::new("pending"))?;
        if !reply.ok {
            return Err(self.script_error("iteration", reply));
        }
        self.guarded(|ml| {
            let list = |ml: &mut Ocaml| -> Result<Vec<String>, String> {
                let n = ml.read_number()?;
                (0..n).map(|_| ml.read_text()).collect()
            };
            let n = ml.read_number()?;
            let mut out = Vec::new();
            for _ in 0..n {
                let files = if ml.read_flag()? {
                    Some(list(ml)?)
                } else {
                    None
                };
                let rules = list(ml)?;
                let flat = list(ml)?;
                let ids = flat
                    .chunks(2)
                    .filter_map(|kv| Some((kv.first()?.clone(), kv.get(1)?.clone())))
                    .collect();
                let extend = ml.read_flag()?;
                out.push(super::iteration::Instance {
                    files,
                    rules,
                    ids,
                    extend,
                });
            }
            Ok(out)
        })
    }

    fn simple(&mut self, req: Request) -> Result<(), String> {
        let reply = self.call(req)?;
        if reply.ok {
            Ok(())
        } else {
            let msg = self.guarded(Ocaml::read_text)?;
            Err(format!("the OCaml script host refused a setting: {msg}"))
        }
    }

    /// The compiled form of a rule (`outputs` given) or constraint, compiling
    /// it on first use.
    fn compiled(
        &mut self,
        title: &str,
        code: &str,
        inputs: &[(String, Value)],
        outputs: Option<&[String]>,
    ) -> Result<(u64, Vec<Kind>), String> {
        let key: Key = (
            title.to_string(),
            code.to_string(),
            inputs
                .iter()
                .map(|(n, v)| (n.clone(), matches!(v, Value::Positions(_))))
                .collect(),
            outputs.map(|o| o.to_vec()),
        );
        if let Some(done) = self.compiled.get(&key) {
            return done.clone();
        }
        for (name, _) in inputs {
            check_name(name)?;
        }
        for name in outputs.unwrap_or(&[]) {
            check_name(name)?;
        }
        let kinds: Vec<Kind> = inputs
            .iter()
            .map(|(_, v)| match v {
                Value::Positions(_) => Kind::Pos,
                Value::Text(_) => Kind::Str,
                Value::Comments(_) => Kind::Com,
            })
            .collect();
        let mut done = self.compile(title, code, inputs, &kinds, outputs);
        if done.is_err() {
            // Perhaps a list length, bound as a string: try the numbers as
            // numbers.
            let numbers: Vec<Kind> = inputs
                .iter()
                .zip(&kinds)
                .map(|((_, v), k)| match v {
                    Value::Text(t) if t.trim().parse::<i64>().is_ok() => Kind::Int,
                    _ => *k,
                })
                .collect();
            if numbers != kinds {
                if let ok @ Ok(_) = self.compile(title, code, inputs, &numbers, outputs) {
                    done = ok;
                }
            }
        }
        // A broken child is not the code's fault: do not remember that.
        if self.broken.is_none() {
            self.compiled.insert(key, done.clone());
        }
        done
    }

    fn compile(
        &mut self,
        title: &str,
        code: &str,
        inputs: &[(String, Value)],
        kinds: &[Kind],
        outputs: Option<&[String]>,
    ) -> Result<(u64, Vec<Kind>), String> {
        let id = self.next_id;
        self.next_id += 1;
        let (table, params, result) = match outputs {
            Some(_) => ("fcts", "__sempatch_args__ __sempatch_outs__", "unit"),
            None => ("bool_fcts", "__sempatch_args__", "bool"),
        };
        let mut src =
            format!("let () = Hashtbl.replace Sempatch_ocaml_host.{table} {id} (fun {params} ->\n");
        for (i, ((name, _), kind)) in inputs.iter().zip(kinds).enumerate() {
            if name.starts_with('(') && *kind == Kind::Com {
                // `(_, cs) << r.c`: Coccinelle's syntax trees of the
                // comments; their texts here, in the same triples.
                src.push_str(&format!(
                    "let {name} = (Sempatch_ocaml_host.com __sempatch_args__.({i}), \
                     Sempatch_ocaml_host.com __sempatch_args__.({i})) in\n"
                ));
                continue;
            }
            if name.starts_with('(') {
                // `(s, elems) << r.l`: the text, and a list metavariable's
                // elements as a list (their texts, which compare as the
                // elements do).
                src.push_str(&format!(
                    "let {name} = (Sempatch_ocaml_host.str __sempatch_args__.({i}), \
                     Sempatch_ocaml_host.elems __sempatch_args__.({i})) in\n"
                ));
                continue;
            }
            src.push_str(&format!(
                "let {name} = Sempatch_ocaml_host.{} __sempatch_args__.({i}) in\n",
                kind.getter()
            ));
        }
        for (i, name) in outputs.unwrap_or(&[]).iter().enumerate() {
            src.push_str(&format!("let {name} = __sempatch_outs__.({i}) in\n"));
        }
        // No parentheses around the code: the type error of a body that is
        // not a `{result}` then points at the code, not at them.
        src.push_str(&format!("let __sempatch_result__ : {result} =\n"));
        src.push_str(&directive(title, code));
        src.push_str("in __sempatch_result__);;\n");
        let what = if outputs.is_some() {
            format!("script {title}")
        } else {
            title.to_string()
        };
        self.eval(&what, &src)?;
        Ok((id, kinds.to_vec()))
    }

    /// Evaluates toplevel phrases; what they printed.
    fn eval(&mut self, what: &str, src: &str) -> Result<String, String> {
        let mut req = Request::new("eval");
        req.field(src);
        let reply = self.call(req)?;
        if reply.ok {
            Ok(reply.printed)
        } else {
            Err(self.script_error(what, reply))
        }
    }

    /// A failed call's error: the toplevel's message, and what the code
    /// printed before failing.
    fn script_error(&mut self, what: &str, reply: Reply) -> String {
        let error = match self.guarded(Ocaml::read_text) {
            Ok(e) => e,
            Err(e) => return e,
        };
        let mut msg = format!("error in {what}:\n{}", error.trim_end());
        if !reply.printed.is_empty() {
            msg.push_str("\noutput before the error:\n");
            msg.push_str(reply.printed.trim_end());
        }
        msg
    }

    /// Sends one request; reads the status and the printed text.
    fn call(&mut self, req: Request) -> Result<Reply, String> {
        if let Some(why) = &self.broken {
            return Err(why.clone());
        }
        let sent = match self.stdin.as_mut() {
            Some(stdin) => stdin.write_all(&req.bytes).and_then(|()| stdin.flush()),
            None => Err(std::io::Error::other("stdin closed")),
        };
        if let Err(e) = sent {
            return Err(self.break_off(format!("cannot write to the OCaml script host: {e}")));
        }
        self.guarded(|ml| {
            let status = ml.read_text()?;
            match status.as_str() {
                "ok" | "err" => {}
                "fatal" => {
                    let why = ml.read_text().unwrap_or_default();
                    return Err(format!("the OCaml script host gave up: {why}"));
                }
                other => {
                    return Err(format!(
                        "the OCaml script host sent {other:?} for a reply status"
                    ))
                }
            }
            let printed = ml.read_text()?;
            Ok(Reply {
                ok: status == "ok",
                printed,
            })
        })
    }

    /// Runs a reader of reply fields; any failure there leaves the
    /// conversation out of step, so the host is marked broken.
    fn guarded<T>(
        &mut self,
        read: impl FnOnce(&mut Ocaml) -> Result<T, String>,
    ) -> Result<T, String> {
        if let Some(why) = &self.broken {
            return Err(why.clone());
        }
        read(self).map_err(|e| self.break_off(e))
    }

    fn break_off(&mut self, why: String) -> String {
        if let Some(old) = &self.broken {
            return old.clone();
        }
        let why = match self.child.try_wait() {
            Ok(Some(status)) => format!("{why} (ocaml {status})"),
            _ => why,
        };
        self.broken = Some(why.clone());
        why
    }

    /// One field: its length in decimal, a newline, the bytes.
    fn read_field(&mut self) -> Result<Vec<u8>, String> {
        let mut line = Vec::new();
        match (&mut self.stdout).take(32).read_until(b'\n', &mut line) {
            Ok(0) => return Err("the OCaml script host ended unexpectedly".into()),
            Ok(_) if line.last() != Some(&b'\n') => {
                return Err("the OCaml script host sent a malformed reply".into())
            }
            Ok(_) => {}
            Err(e) => return Err(format!("cannot read from the OCaml script host: {e}")),
        }
        let len: usize = std::str::from_utf8(&line[..line.len() - 1])
            .ok()
            .and_then(|s| s.parse().ok())
            .ok_or("the OCaml script host sent a malformed reply")?;
        let mut buf = Vec::new();
        let got = (&mut self.stdout)
            .take(len as u64)
            .read_to_end(&mut buf)
            .map_err(|e| format!("cannot read from the OCaml script host: {e}"))?;
        if got != len {
            return Err("the OCaml script host ended in the middle of a reply".into());
        }
        Ok(buf)
    }

    fn read_text(&mut self) -> Result<String, String> {
        self.read_field()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    }

    fn read_flag(&mut self) -> Result<bool, String> {
        match self.read_field()?.as_slice() {
            b"1" => Ok(true),
            b"0" => Ok(false),
            _ => Err("the OCaml script host sent a malformed flag".into()),
        }
    }

    fn read_number(&mut self) -> Result<usize, String> {
        let text = self.read_text()?;
        text.parse()
            .map_err(|_| format!("the OCaml script host sent {text:?} for a number"))
    }
}

/// What the toplevel printed before it gave up, for the error message.
fn said(noise: &[u8]) -> String {
    let text = String::from_utf8_lossy(noise);
    let text = text.trim();
    if text.is_empty() {
        return String::new();
    }
    // The echo of the prelude is long; its tail holds the error.
    let tail: Vec<&str> = text.lines().rev().take(12).collect();
    let tail: Vec<&str> = tail.into_iter().rev().collect();
    format!(" (it said:\n{})", tail.join("\n"))
}

/// `# 1 "TITLE"` before the code: the toplevel's messages then name the
/// rule and count lines from the code's own first line.
fn directive(title: &str, code: &str) -> String {
    let title: String = title
        .chars()
        .map(|c| {
            if c == '"' || c == '\\' || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    format!("# 1 \"{title}\"\n{code}\n")
}

/// Names are spliced into OCaml code: only lowercase identifiers pass.
fn check_name(name: &str) -> Result<(), String> {
    // A pair `(s,elems)`: both names must pass.
    if let Some(pair) = name.strip_prefix('(').and_then(|n| n.strip_suffix(')')) {
        if let Some((a, b)) = pair.split_once(',') {
            if !a.contains(['(', ')', ',']) && !b.contains(['(', ')', ',']) {
                check_name(a)?;
                return check_name(b);
            }
        }
    }
    let mut chars = name.chars();
    let ok = matches!(chars.next(), Some('a'..='z' | '_'))
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '\'')
        && !KEYWORDS.contains(&name)
        && !name.starts_with("__sempatch");
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{name:?} cannot be the name of an OCaml script variable"
        ))
    }
}

const KEYWORDS: &[&str] = &[
    "and",
    "as",
    "assert",
    "begin",
    "class",
    "constraint",
    "do",
    "done",
    "downto",
    "else",
    "end",
    "exception",
    "external",
    "false",
    "for",
    "fun",
    "function",
    "functor",
    "if",
    "in",
    "include",
    "inherit",
    "initializer",
    "lazy",
    "let",
    "match",
    "method",
    "module",
    "mutable",
    "new",
    "nonrec",
    "object",
    "of",
    "open",
    "or",
    "private",
    "rec",
    "sig",
    "struct",
    "then",
    "to",
    "true",
    "try",
    "type",
    "val",
    "virtual",
    "when",
    "while",
    "with",
    "land",
    "lor",
    "lxor",
    "lsl",
    "lsr",
    "asr",
    "mod",
];

/// An output's fields as the server sends them.
fn made_of(fields: Vec<String>) -> Result<Option<Made>, String> {
    let mut it = fields.into_iter();
    let kind = it.next().unwrap_or_default();
    let rest: Vec<String> = it.collect();
    let one = |rest: &[String]| -> Result<String, String> {
        match rest {
            [s] => Ok(s.clone()),
            _ => Err(format!("malformed {kind} value")),
        }
    };
    let number = |s: &str| -> Result<usize, String> {
        s.parse()
            .map_err(|_| format!("{s} is not a line, column or length (negative?)"))
    };
    Ok(Some(match kind.as_str() {
        "none" => return Ok(None),
        "ident" => Made::Ident(one(&rest)?),
        "expr" => Made::Expr(one(&rest)?),
        "stmt" => Made::Stmt(one(&rest)?),
        "type" => Made::Type(one(&rest)?),
        "pragmainfo" => Made::PragmaInfo(one(&rest)?),
        "listlen" => Made::ListLen(number(&one(&rest)?)?),
        "stmt_with_env" => match rest.as_slice() {
            [env, code] => Made::StmtWithEnv {
                env: env.clone(),
                code: code.clone(),
            },
            _ => return Err("malformed stmt_with_env value".into()),
        },
        "position" => match rest.as_slice() {
            [file, current_element, line, column, line_end, column_end] => {
                Made::Position(Position {
                    file: file.clone(),
                    current_element: current_element.clone(),
                    element: None,
                    line: number(line)?,
                    column: number(column)?,
                    line_end: number(line_end)?,
                    column_end: number(column_end)?,
                })
            }
            _ => return Err("malformed position value".into()),
        },
        other => return Err(format!("unknown output kind {other:?}")),
    }))
}

/// A request being built: length-prefixed fields.
struct Request {
    bytes: Vec<u8>,
}

impl Request {
    fn new(op: &str) -> Request {
        let mut req = Request { bytes: Vec::new() };
        req.field(op);
        req
    }

    fn field(&mut self, s: &str) {
        self.bytes
            .extend_from_slice(format!("{}\n", s.len()).as_bytes());
        self.bytes.extend_from_slice(s.as_bytes());
    }

    fn int(&mut self, n: usize) {
        self.field(&n.to_string());
    }

    fn args(
        &mut self,
        kinds: &[Kind],
        values: &[(String, Value)],
        what: &str,
    ) -> Result<(), String> {
        self.int(values.len());
        for (kind, (name, value)) in kinds.iter().zip(values) {
            match (kind, value) {
                (Kind::Str, Value::Text(s)) => {
                    self.field("s");
                    self.field(s);
                }
                (Kind::Int, Value::Text(s)) => {
                    let n: i64 = s.trim().parse().map_err(|_| {
                        format!("error in {what}: {name} is an int in this code, but its value {s:?} is not a number")
                    })?;
                    self.field("i");
                    self.field(&n.to_string());
                }
                (Kind::Pos, Value::Positions(ps)) => {
                    self.field("p");
                    self.int(ps.len());
                    for p in ps {
                        self.field(&p.file);
                        self.field(&p.current_element);
                        // The current element's extent, -1 when unknown.
                        for n in p.element.map_or([-1; 4], |e| e.map(|n| n as i64)) {
                            self.field(&n.to_string());
                        }
                        self.int(p.line);
                        self.int(p.column);
                        self.int(p.line_end);
                        self.int(p.column_end);
                    }
                }
                (Kind::Com, Value::Comments(cs)) => {
                    self.field("c");
                    self.int(cs.len());
                    for part in cs.iter().flatten() {
                        self.int(part.len());
                        for c in part {
                            self.field(c);
                        }
                    }
                }
                _ => return Err(format!("error in {what}: {name} changed kind between runs")),
            }
        }
        Ok(())
    }
}

impl Drop for Ocaml {
    fn drop(&mut self) {
        // EOF on its stdin ends the server, then the toplevel (reading
        // /dev/null by then); then reap it.
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}

impl super::ScriptHost for Ocaml {
    /// Runs one script rule's code with `inputs` bound (identifiers,
    /// expressions, ... as `string`; positions as `Coccilib.pos list`) and
    /// `outputs` bound to fresh `Coccilib.metavar_binding_kind ref`s, read
    /// back after the run (None for one left unset). Messages name the code
    /// `rule RULE`.
    fn run(
        &mut self,
        rule: &str,
        code: &str,
        inputs: &[(String, Value)],
        outputs: &[String],
    ) -> Result<Ran, String> {
        let what = format!("script rule {rule}");
        let (id, kinds) = self.compiled(&format!("rule {rule}"), code, inputs, Some(outputs))?;
        let mut req = Request::new("call");
        req.int(id as usize);
        req.args(&kinds, inputs, &what)?;
        req.int(outputs.len());
        let reply = self.call(req)?;
        if !reply.ok {
            return Err(self.script_error(&what, reply));
        }
        self.guarded(|ml| {
            let include_match = ml.read_flag()?;
            let exited = ml.read_flag()?;
            let n = ml.read_number()?;
            if n != outputs.len() {
                return Err(format!(
                    "the OCaml script host returned {n} outputs for the {} asked of rule {rule}",
                    outputs.len()
                ));
            }
            let mut made = Vec::with_capacity(n);
            for _ in 0..n {
                let count = ml.read_number()?;
                let mut fields = Vec::with_capacity(count.min(8));
                for _ in 0..count {
                    fields.push(ml.read_text()?);
                }
                made.push(made_of(fields));
            }
            Ok((include_match, exited, made))
        })
        .and_then(|(include_match, exited, made)| {
            let outputs = made
                .into_iter()
                .zip(outputs)
                .map(|(m, name)| m.map_err(|e| format!("output {name} of rule {rule}: {e}")))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Ran {
                printed: reply.printed,
                include_match,
                exited,
                outputs,
            })
        })
    }

    /// `@initialize:ocaml@` / `@finalize:ocaml@`: evaluates code as toplevel
    /// phrases (definitions stay for later rules); returns what it printed.
    fn run_plain(&mut self, rule: &str, code: &str) -> Result<String, String> {
        let title = format!("rule {rule}");
        self.eval(&format!("script rule {rule}"), &directive(&title, code))
    }

    /// Here each `local` is `[var]` once per pass, evaluated before the code.
    fn run_merged(
        &mut self,
        rule: &str,
        code: &str,
        merged: &[(String, String)],
        passes: usize,
    ) -> Result<String, String> {
        let mut src = String::new();
        for (local, var) in merged {
            check_name(local).and_then(|()| check_name(var))?;
            let values = vec![var.as_str(); passes.max(1)].join("; ");
            src.push_str(&format!("let {local} = [{values}] in\n"));
        }
        src.push_str(&directive(&format!("rule {rule}"), code));
        self.eval(&format!("script rule {rule}"), &src)
    }

    /// [`super::ScriptHost::constraint`], also returning what evaluating it printed.
    fn check(&mut self, code: &str, params: &[(String, Value)]) -> Result<Checked, String> {
        let what = "script constraint";
        let (id, kinds) = self.compiled(what, code, params, None)?;
        let mut req = Request::new("check");
        req.int(id as usize);
        req.args(&kinds, params, what)?;
        let reply = self.call(req)?;
        if !reply.ok {
            return Err(self.script_error(what, reply));
        }
        let result = self.guarded(Ocaml::read_flag)?;
        Ok(Checked {
            result,
            printed: reply.printed,
        })
    }
}

/// These need `ocaml` on PATH: without it they say so loudly and pass,
/// except under CI (`CI` set), which installs it, where they fail (as the
/// tests that need spatch or the kernel tree do). The scripts are the
/// shapes of Coccinelle's own tests.
#[cfg(test)]
mod tests {
    use super::super::ScriptHost;
    use super::*;

    fn ml() -> Option<Ocaml> {
        match Ocaml::start() {
            Ok(m) => Some(m),
            Err(e) => {
                let msg = format!("\n\n!!! script:ocaml tests: NOT RUN: {e} !!!\n");
                assert!(std::env::var_os("CI").is_none(), "{msg}");
                eprintln!("{msg}");
                None
            }
        }
    }

    /// iteration.cocci: `new iteration ()` with the patch's constructors;
    /// `register` queues what the driver takes.
    #[test]
    fn iteration_registers_with_the_patch_constructors() {
        let Some(mut m) = ml() else { return };
        m.define_virtuals(&["after_start".into()], &["err_function".into()])
            .unwrap();
        m.run_plain(
            "r",
            "let it = new iteration () in\nit#set_files [\"a.c\"];\nit#add_virtual_rule After_start;\nit#add_virtual_identifier Err_function \"f\";\nit#register ()",
        )
        .unwrap();
        let got = m.take_pending().unwrap();
        assert_eq!(
            got,
            [super::super::iteration::Instance {
                files: Some(vec!["a.c".into()]),
                rules: vec!["after_start".into()],
                ids: vec![("err_function".into(), "f".into())],
                extend: false,
            }]
        );
        assert!(m.take_pending().unwrap().is_empty());
        // A patch without virtual rules still has the class.
        let mut m = ml().unwrap();
        m.define_virtuals(&[], &[]).unwrap();
        m.run_plain("r", "(new iteration ())#register ()").unwrap();
        assert_eq!(m.take_pending().unwrap().len(), 1);
    }

    fn text(name: &str, value: &str) -> (String, Value) {
        (name.to_string(), Value::Text(value.to_string()))
    }

    fn pos(file: &str, line: usize, column: usize, column_end: usize) -> Position {
        Position {
            file: file.into(),
            line,
            column,
            line_end: line,
            column_end,
            current_element: "main".into(),
            element: None,
        }
    }

    fn positions(name: &str, ps: Vec<Position>) -> (String, Value) {
        (name.to_string(), Value::Positions(ps))
    }

    fn names(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn start_and_missing_toplevel() {
        fn is_send<T: Send>() {}
        is_send::<Ocaml>();
        let Some(m) = ml() else { return };
        drop(m);
        let err = Ocaml::start_with("/nonexistent/ocaml").err().unwrap();
        assert!(
            err.starts_with(
                "script:ocaml rules need the OCaml toplevel (`ocaml`, Debian package ocaml-nox): "
            ),
            "{err}"
        );
        // A program that exits at once: refused whether it is gone before
        // the prelude is written (a broken pipe) or after.
        let err = Ocaml::start_with("true").err().unwrap();
        assert!(
            err.starts_with("script:ocaml rules need the OCaml toplevel"),
            "{err}"
        );
    }

    #[test]
    fn countcalls_state_across_rules_and_merged_finalize() {
        let Some(mut m) = ml() else { return };
        let init = "
let tbl = Hashtbl.create 101
let local = ref []

let inc f =
  match
    try Some (Hashtbl.find tbl f)
    with Not_found -> None
  with
    None -> Hashtbl.add tbl f 1
  | Some count -> Hashtbl.replace tbl f (succ count)

let merge_hashtbls op target source =
  let add_item key value =
    match
      try Some (Hashtbl.find target key)
      with Not_found -> None
    with
      None -> Hashtbl.add target key value
    | Some value' -> Hashtbl.replace target key (op value value') in
  Hashtbl.iter add_item source
";
        assert_eq!(m.run_plain("initialize", init).unwrap(), "");
        let reset = m.run("r0", "\nlocal := []\n", &[], &[]).unwrap();
        assert!(reset.include_match && !reset.exited && reset.outputs.is_empty());
        let def = "\nif not (List.mem f !local) then local := f :: !local\n";
        for f in ["main", "helper"] {
            m.run("r1", def, &[text("f", f)], &[]).unwrap();
        }
        let call = "\nif not (List.mem f !local) (*&& String.lowercase_ascii f = f*) then inc f\n";
        for f in ["printf", "helper", "printf", "malloc", "printf"] {
            m.run("r2", call, &[text("f", f)], &[]).unwrap();
        }
        let fin = "let tbl =
  match tbls with
    [] -> failwith \"Unexpected empty table list\"
  | tbl :: others ->
      List.iter (merge_hashtbls ( + ) tbl) others;
      tbl in
List.iter
  (function (v,f) -> Printf.printf \"%s: %d\\n\" f v)
  (List.rev
    (List.sort compare
      (Hashtbl.fold (fun k v r -> (v,k)::r) tbl [])))";
        let printed = m
            .run_merged("finalize", fin, &[("tbls".into(), "tbl".into())], 1)
            .unwrap();
        assert_eq!(printed, "printf: 3\nmalloc: 1\n");
    }

    #[test]
    fn positions_printing_and_files() {
        let Some(mut m) = ml() else { return };
        let code = "
Printf.printf \"%s: %s\\n\" f
  (String.concat \" \"
     (List.map (function x -> string_of_int (x.line)) p))
";
        let ran = m
            .run(
                "endpos",
                code,
                &[
                    positions("p", vec![pos("a.c", 7, 0, 1), pos("a.c", 12, 2, 3)]),
                    text("f", "main"),
                ],
                &[],
            )
            .unwrap();
        assert_eq!(ran.printed, "main: 7 12\n");
        // Every field of Coccilib.pos.
        let code = "let p = List.hd p in
Printf.printf \"%s %s %d %d %d %d %d\" p.file p.current_element p.line p.col p.line_end p.col_end
  p.current_element_line";
        let ran = m
            .run(
                "fields",
                code,
                &[positions("p", vec![pos("b.c", 3, 4, 9)])],
                &[],
            )
            .unwrap();
        assert_eq!(ran.printed, "b.c main 3 4 3 9 -1");
        // Output with newlines, stderr and Format, as the script wrote it.
        let code = "Printf.printf \"one\\n\\ntwo\\n\"; flush stdout;
Printf.eprintf \"three\\n%!\"; Format.printf \"four@.\"; print_string \"5\"";
        let ran = m.run("out", code, &[], &[]).unwrap();
        assert_eq!(ran.printed, "one\n\ntwo\nthree\nfour\n5");
        // Coccilib.files () (lfe.cocci).
        m.set_files(&names(&["linux/tools/x.c"])).unwrap();
        let code = "
let fl = List.hd (Coccilib.files()) in
let pieces = String.split_on_char '/' fl in
if List.mem \"tools\" pieces || List.mem \"scripts\" pieces
then Coccilib.exit()
";
        assert!(m.run("lfe", code, &[], &[]).unwrap().exited);
        m.set_files(&names(&["linux/drivers/x.c"])).unwrap();
        assert!(!m.run("lfe", code, &[], &[]).unwrap().exited);
        // The org-mode printers.
        let ran = m
            .run(
                "org",
                "Coccilib.print_main \"msg\" p; print_secs \"s\" p",
                &[positions("p", vec![pos("c.c", 2, 1, 4)])],
                &[],
            )
            .unwrap();
        assert_eq!(
            ran.printed,
            "* TODO [[view:c.c::face=ovl-face1::linb=2::colb=1::cole=4][msg c.c::2]]\n\
             [[view:c.c::face=ovl-face2::linb=2::colb=1::cole=4][s]]\n"
        );
    }

    #[test]
    fn include_match_exit_and_list_lengths() {
        let Some(mut m) = ml() else { return };
        let quotes = "\nif (List.hd p).line <> 4\nthen Coccilib.include_match false\n";
        let at = |line| positions("p", vec![pos("q.c", line, 0, 1)]);
        assert!(
            m.run("quotes", quotes, &[at(4)], &[])
                .unwrap()
                .include_match
        );
        assert!(
            !m.run("quotes", quotes, &[at(5)], &[])
                .unwrap()
                .include_match
        );
        // Reset on the next run.
        assert!(
            m.run("quotes", quotes, &[at(4)], &[])
                .unwrap()
                .include_match
        );
        let exitc = "\nif x = \"done\" then\n  Coccilib.exit()\n";
        assert!(
            m.run("exitc", exitc, &[text("x", "done")], &[])
                .unwrap()
                .exited
        );
        assert!(
            !m.run("exitc", exitc, &[text("x", "a")], &[])
                .unwrap()
                .exited
        );
        // slen.cocci: a list length is an int.
        let slen = "\nif not(n=5) then include_match false\n";
        assert!(
            m.run("slen", slen, &[text("n", "5")], &[])
                .unwrap()
                .include_match
        );
        assert!(
            !m.run("slen", slen, &[text("n", "3")], &[])
                .unwrap()
                .include_match
        );
        let fieldcount = "\nPrintf.printf \"%s at offset %d in %s\\n\" x n i\n";
        let ran = m
            .run(
                "fieldcount",
                fieldcount,
                &[text("n", "2"), text("x", "y"), text("i", "s")],
                &[],
            )
            .unwrap();
        assert_eq!(ran.printed, "y at offset 2 in s\n");
        // A number used as a string stays a string.
        let ran = m
            .run("e", "print_string (e ^ \"!\")", &[text("e", "42")], &[])
            .unwrap();
        assert_eq!(ran.printed, "42!");
        // Once compiled as an int, a value that is no number is an error.
        let err = m.run("slen", slen, &[text("n", "x")], &[]).unwrap_err();
        assert!(err.contains("not a number"), "{err}");
    }

    #[test]
    fn outputs() {
        let Some(mut m) = ml() else { return };
        // change_pragma.cocci
        let code = "\np2 := Coccilib.make_pragmainfo (String.concat \" \" (List.tl (String.split_on_char ' ' p)))\n";
        let ran = m
            .run("s", code, &[text("p", "omp parallel for")], &names(&["p2"]))
            .unwrap();
        assert_eq!(
            ran.outputs,
            vec![Some(Made::PragmaInfo("parallel for".into()))]
        );
        // fptr.cocci: unqualified make_ident.
        let code = "\nif t = \"int(*)(int c, int d)\"\nthen x := make_ident \"success\"\nelse x := make_ident \"failure\"\n";
        let ran = m
            .run(
                "r1",
                code,
                &[text("t", "int(*)(int c, int d)")],
                &names(&["x"]),
            )
            .unwrap();
        assert_eq!(ran.outputs, vec![Some(Made::Ident("success".into()))]);
        // inrule.cocci: Str is loaded.
        let code = "
shorter :=
   make_ident (List.hd(List.rev (Str.split (Str.regexp \"_\") ty)));
elems :=
   make_ident
    (String.concat \",\"
     (List.map (fun x -> Printf.sprintf \"\\n\\t%s\" x)
       (Str.split (Str.regexp \" , \") elements)))
";
        let ran = m
            .run(
                "t",
                code,
                &[text("ty", "hwmon_temp"), text("elements", "A , B")],
                &names(&["shorter", "elems"]),
            )
            .unwrap();
        assert_eq!(
            ran.outputs,
            vec![
                Some(Made::Ident("temp".into())),
                Some(Made::Ident("\n\tA,\n\tB".into()))
            ]
        );
        // Every maker, and an output left unset.
        let code = "e := make_expr \"a + 1\"; s := make_stmt \"return;\";
w := make_stmt_with_env \"int x;\" \"x++;\"; t := make_type \"unsigned long\";
n := make_listlen 3; q := make_position \"a.c\" \"main\" 3 4 3 9";
        let ran = m
            .run(
                "all",
                code,
                &[],
                &names(&["e", "s", "w", "t", "n", "q", "unset"]),
            )
            .unwrap();
        assert_eq!(
            ran.outputs,
            vec![
                Some(Made::Expr("a + 1".into())),
                Some(Made::Stmt("return;".into())),
                Some(Made::StmtWithEnv {
                    env: "int x;".into(),
                    code: "x++;".into()
                }),
                Some(Made::Type("unsigned long".into())),
                Some(Made::ListLen(3)),
                Some(Made::Position(Position {
                    file: "a.c".into(),
                    line: 3,
                    column: 4,
                    line_end: 3,
                    column_end: 9,
                    current_element: "main".into(),
                    element: None,
                })),
                None,
            ]
        );
        // mdeclp2.cocci: a helper from an initialize rule makes the position.
        let init = "
let py2cocci_pos p =
  let ios = int_of_string in
  match Str.split (Str.regexp \",\") p with
    [fl;fn;startl;startc;endl;endc] ->
      make_position fl fn (ios startl) (ios startc) (ios endl) (ios endc)
  | _ -> failwith \"bad position\"
";
        m.run_plain("init", init).unwrap();
        let ran = m
            .run(
                "r",
                "\np := py2cocci_pos inp\n",
                &[text("inp", "tests/mdeclp2.c,one,1,4,1,7")],
                &names(&["p"]),
            )
            .unwrap();
        assert_eq!(
            ran.outputs[0].as_ref().unwrap().text(),
            "tests/mdeclp2.c:1:4-1:7"
        );
        let err = m
            .run(
                "r",
                "\np := py2cocci_pos inp\n",
                &[text("inp", "x")],
                &names(&["p"]),
            )
            .unwrap_err();
        assert!(err.contains("bad position"), "{err}");
        let err = m
            .run(
                "neg",
                "p := make_position \"a\" \"f\" (-1) 0 0 0",
                &[],
                &names(&["p"]),
            )
            .unwrap_err();
        assert!(err.contains("output p of rule neg"), "{err}");
        assert!(m.run("ok", "()", &[], &[]).is_ok());
    }

    #[test]
    fn constraints() {
        let Some(mut m) = ml() else { return };
        // cstr.cocci
        m.run_plain("init", "\nlet check e1 e2 = e1 = e2\n")
            .unwrap();
        let c = " check e1 e2 ";
        assert!(m
            .constraint(c, &[text("e2", "x"), text("e1", "x")])
            .unwrap());
        assert!(!m
            .constraint(c, &[text("e2", "x"), text("e1", "y")])
            .unwrap());
        // idcon_ocaml.cocci
        m.run_plain(
            "init2",
            "\nlet watched_ids = [\"a\"; \"c\"]\n\nlet is_watched id =\n    List.mem id watched_ids\n",
        )
        .unwrap();
        assert!(m
            .constraint(" is_watched(id) ", &[text("id", "c")])
            .unwrap());
        assert!(!m
            .constraint(" is_watched(id) ", &[text("id", "b")])
            .unwrap());
        // comma.cocci: positions.
        let c = " not((List.hd p1).line_end = (List.hd p2).line) ";
        let ps = |a, b| {
            [
                positions("p2", vec![pos("c.c", b, 0, 1)]),
                positions("p1", vec![pos("c.c", a, 0, 1)]),
            ]
        };
        assert!(!m.constraint(c, &ps(3, 3)).unwrap());
        assert!(m.constraint(c, &ps(3, 4)).unwrap());
        // lock22.cocci: a deprecated function warns nothing.
        let checked = m
            .check("not(String.uppercase(x) = x)", &[text("x", "foo")])
            .unwrap();
        assert!(checked.result);
        assert_eq!(checked.printed, "");
        // omp.cocci, and printing in a constraint.
        m.run_plain(
            "init3",
            "let ok s =\n  List.hd(String.split_on_char ' ' s) = \"TEST\"",
        )
        .unwrap();
        let checked = m
            .check("print_string p; ok p", &[text("p", "TEST x")])
            .unwrap();
        assert_eq!(
            checked,
            Checked {
                result: true,
                printed: "TEST x".into()
            }
        );
        // Not a bool.
        let err = m
            .constraint("String.length x", &[text("x", "a")])
            .unwrap_err();
        assert!(err.starts_with("error in script constraint:\n"), "{err}");
        assert!(err.contains("bool"), "{err}");
        // Through the trait.
        let host: &mut dyn ScriptHost = &mut m;
        assert!(host.constraint("x = \"a\"", &[text("x", "a")]).unwrap());
    }

    #[test]
    fn initialize_and_finalize() {
        let Some(mut m) = ml() else { return };
        // multi_initialize_finalize.cocci
        assert_eq!(
            m.run_plain("i1", "\nlet x = 0\nlet () = print_endline \"i1\"\n")
                .unwrap(),
            "i1\n"
        );
        assert_eq!(
            m.run_plain("i3", "\nlet y = 1\nlet () = print_endline \"i3\"\n")
                .unwrap(),
            "i3\n"
        );
        assert_eq!(
            m.run_plain("f1", "assert (x = 0);\nprint_endline \"f1\"")
                .unwrap(),
            "f1\n"
        );
        let err = m
            .run_plain("f3", "assert (y = 2);\nprint_endline \"f3\"")
            .unwrap_err();
        assert!(err.starts_with("error in script rule f3:\n"), "{err}");
        assert!(err.contains("Assert_failure"), "{err}");
        // merge_vars.cocci
        m.run_plain("init", "let v1 = 1\nlet v2 = 2\nlet v3 = 3")
            .unwrap();
        let merged =
            [("l1", "v1"), ("l2", "v2"), ("l3", "v3")].map(|(a, b)| (a.to_string(), b.to_string()));
        m.run_merged(
            "fin",
            "\nassert (l1 = [1]);\nassert (l2 = [2]);\nassert (l3 = [3])",
            &merged,
            1,
        )
        .unwrap();
        // names.cocci: a script rule with no inputs sees initialize state.
        m.run_plain("init", "\nlet nm = Hashtbl.create 11\n")
            .unwrap();
        let ran = m
            .run(
                "start",
                "\nPrintf.printf \"file start: %d\\n\" (Hashtbl.length nm)\n",
                &[],
                &[],
            )
            .unwrap();
        assert_eq!(ran.printed, "file start: 0\n");
    }

    #[test]
    fn errors_name_the_rule_and_the_child_survives() {
        let Some(mut m) = ml() else { return };
        let err = m
            .run("bad", "\nlet y = 1 in\n  y + \"a\"", &[], &[])
            .unwrap_err();
        assert!(err.starts_with("error in script rule bad:\n"), "{err}");
        assert!(err.contains("File \"rule bad\", line 3"), "{err}");
        assert!(err.contains("has type string"), "{err}");
        let err = m.run("syn", "let x = in", &[], &[]).unwrap_err();
        assert!(err.contains("Syntax error"), "{err}");
        let err = m.run("unbound", "frobnicate ()", &[], &[]).unwrap_err();
        assert!(err.contains("Unbound value frobnicate"), "{err}");
        // A runtime exception, after some output.
        let err = m
            .run(
                "boom",
                "print_endline \"before\"; failwith \"boom\"",
                &[],
                &[],
            )
            .unwrap_err();
        assert!(err.contains("Failure(\"boom\")"), "{err}");
        assert!(err.contains("output before the error:\nbefore"), "{err}");
        let err = m.run_plain("init", "let x = List.hd []").unwrap_err();
        assert!(err.contains("Failure"), "{err}");
        let err = m.run_plain("init", "let x = (* unterminated").unwrap_err();
        assert!(err.starts_with("error in script rule init:\n"), "{err}");
        // Names that are not OCaml variables are refused, not spliced.
        for bad in ["(a,b,c)", "(X,y)", "X", "let", "a b", "", "x;y"] {
            let err = m.run("n", "()", &[text(bad, "v")], &[]).unwrap_err();
            assert!(err.contains("cannot be the name"), "{err}");
        }
        // A pair input: the text and a list's elements.
        m.run(
            "pair",
            "assert (s = \"a, f(b, c), \\\"x,y\\\"\" && l = [\"a\"; \"f(b, c)\"; \"\\\"x,y\\\"\"])",
            &[text("(s,l)", "a, f(b, c), \"x,y\"")],
            &[],
        )
        .unwrap();
        assert!(m.run("n", "()", &[], &names(&["in"])).is_err());
        // Protocol-like text in the output and the code changes nothing.
        let ran = m
            .run(
                "noise",
                "print_string \"3\\nok\\n2\\nsempatch-ocaml-host-ready\\n\"; print_string s",
                &[text("s", "5\nerr\n")],
                &[],
            )
            .unwrap();
        assert_eq!(ran.printed, "3\nok\n2\nsempatch-ocaml-host-ready\n5\nerr\n");
        // Reading stdin finds nothing rather than the protocol.
        let ran = m
            .run(
                "stdin",
                "print_string (try input_line stdin with End_of_file -> \"eof\")",
                &[],
                &[],
            )
            .unwrap();
        assert_eq!(ran.printed, "eof");
        // Still usable.
        let ran = m.run("ok", "print_string \"fine\"", &[], &[]).unwrap();
        assert_eq!(ran.printed, "fine");
    }
}

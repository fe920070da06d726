//! Runs SmPL `@script:python@` code (and `@initialize:python@`,
//! `@finalize:python@`, script constraints) in a python3 co-process.
//!
//! The engine knows the rules; this module only knows code, strings and
//! positions. One [`Python`] is one child `python3` running the shim in
//! `coccilib.py`, which gives the scripts what Coccinelle's embedded Python
//! gives them: one global namespace shared by every script of the run, the
//! `coccinelle` module (inputs in, outputs out), the `cocci` object and the
//! `coccilib` package. Requests and replies are JSON lines on the child's
//! stdin/stdout; whatever a script prints is captured per call and handed back,
//! so the caller can print it in file order rather than as the workers finish.
//!
//! No Python is needed to build: the child is started at run time, and only
//! when a semantic patch has script code.

use serde::{Deserialize, Serialize};
use serde_json::json;
use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

mod hosts;
pub mod iteration;
pub mod ocaml;
#[cfg(test)]
mod tests;

pub use hosts::Hosts;
pub use ocaml::Ocaml;

/// The Python side.
const SHIM: &str = include_str!("coccilib.py");

/// `python3 -c BOOT SHIM`: compiling the shim under a name of its own makes
/// its frames in a traceback read `<coccilib>` rather than `<string>`.
const BOOT: &str = "import sys; exec(compile(sys.argv[1], '<coccilib>', 'exec'))";

/// One position of a position metavariable, as Coccinelle hands it to
/// scripts: `column` and `column_end` are 0-based, lines 1-based.
/// `current_element` is the name of the enclosing function (or whatever
/// top-level element holds the position).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Position {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub line_end: usize,
    pub column_end: usize,
    pub current_element: String,
    /// Where the current element (the top-level item holding the position)
    /// starts and ends: line, column, line_end, column_end; `None` (-1 to
    /// scripts) when not known, as for a position a script made.
    #[serde(default)]
    pub element: Option<[usize; 4]>,
}

/// The value of one input of a script rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// An identifier, expression, type, ...: the code text. Scripts see a `str`.
    Text(String),
    /// A position metavariable: scripts see a tuple of location objects.
    Positions(Vec<Position>),
    /// A comments metavariable: the comments (before, in, after) the code
    /// it is attached to, one triple; scripts see a list of such triples.
    Comments(Vec<[Vec<String>; 3]>),
}

/// The value of one output (`coccinelle.NAME = ...`) and what made it, so the
/// engine knows what to parse the text as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Made {
    /// `cocci.make_ident(s)`.
    Ident(String),
    /// `cocci.make_expr(s)`.
    Expr(String),
    /// `cocci.make_stmt(s)`.
    Stmt(String),
    /// `cocci.make_stmt_with_env(env, s)`: `env` holds declarations the
    /// statement may refer to.
    StmtWithEnv { env: String, code: String },
    /// `cocci.make_type(s)`.
    Type(String),
    /// `cocci.make_pragmainfo(s)`.
    PragmaInfo(String),
    /// `cocci.make_listlen(n)`.
    ListLen(usize),
    /// `cocci.make_position(file, function, line, column, line_end, column_end)`.
    Position(Position),
    /// A plain string: Coccinelle binds it as an identifier.
    Text(String),
}

impl Made {
    /// The code text the output stands for (for a position, `FILE:L:C-LE:CE`).
    pub fn text(&self) -> String {
        match self {
            Made::Ident(s)
            | Made::Expr(s)
            | Made::Stmt(s)
            | Made::Type(s)
            | Made::PragmaInfo(s)
            | Made::Text(s) => s.clone(),
            Made::StmtWithEnv { code, .. } => code.clone(),
            Made::ListLen(n) => n.to_string(),
            Made::Position(p) => format!(
                "{}:{}:{}-{}:{}",
                p.file, p.line, p.column, p.line_end, p.column_end
            ),
        }
    }
}

/// What one run of a script rule did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ran {
    /// Everything the script printed (stdout and stderr, interleaved).
    pub printed: String,
    /// False if the script called `cocci.include_match(False)`: the
    /// environment is dropped.
    pub include_match: bool,
    /// True if the script called `cocci.exit()`.
    pub exited: bool,
    /// One per requested output name; None if the script did not set it.
    pub outputs: Vec<Option<Made>>,
}

/// What a script constraint decided, and what evaluating it printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub result: bool,
    pub printed: String,
}

/// What the engine asks of the host of one script language ([`Python`],
/// [`Ocaml`]): run a script rule, run initialize/finalize code, decide a
/// script constraint. Calls are one at a time; `Send` so a host can sit
/// behind a `Mutex` shared by worker threads.
pub trait ScriptHost: Send {
    /// A script rule's code with `inputs` bound; what it set `outputs` to.
    fn run(
        &mut self,
        rule: &str,
        code: &str,
        inputs: &[(String, Value)],
        outputs: &[String],
    ) -> Result<Ran, String>;

    /// `@initialize@` / `@finalize@` code, no inputs; what it printed.
    fn run_plain(&mut self, rule: &str, code: &str) -> Result<String, String>;

    /// `@finalize@` code with `local << merge.var` inputs: each `local` is
    /// the list of the values the global `var` had in each process that ran
    /// the rules (one here: every file runs in this one host), and each pass
    /// of an iteration; what it printed.
    fn run_merged(
        &mut self,
        rule: &str,
        code: &str,
        merged: &[(String, String)],
        passes: usize,
    ) -> Result<String, String>;

    /// A script constraint with `params` bound: its truth and what it printed.
    fn check(&mut self, code: &str, params: &[(String, Value)]) -> Result<Checked, String>;

    /// [`ScriptHost::check`] without the printed text.
    fn constraint(&mut self, code: &str, params: &[(String, Value)]) -> Result<bool, String> {
        self.check(code, params).map(|c| c.result)
    }
}

impl ScriptHost for Python {
    /// Runs one script rule's code with `inputs` bound as global variables
    /// (and as attributes of the `coccinelle` module); reads back
    /// `coccinelle.NAME` for each of `outputs`. The code is dedented first and
    /// compiled as `<rule RULE>`, the name tracebacks show.
    fn run(
        &mut self,
        rule: &str,
        code: &str,
        inputs: &[(String, Value)],
        outputs: &[String],
    ) -> Result<Ran, String> {
        let reply = self.call(json!({
            "op": "run",
            "rule": rule,
            "code": code,
            "inputs": bindings_json(inputs),
            "outputs": outputs,
        }))?;
        if !reply.ok {
            return Err(script_error(&format!("script rule {rule}"), reply));
        }
        if reply.outputs.len() != outputs.len() {
            return Err(format!(
                "the script host returned {} outputs for the {} asked of rule {rule}",
                reply.outputs.len(),
                outputs.len()
            ));
        }
        let outputs = reply
            .outputs
            .into_iter()
            .map(|o| o.map(Output::into_made).transpose())
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Ran {
            printed: reply.printed,
            include_match: reply.include_match,
            exited: reply.exited,
            outputs,
        })
    }

    /// `@initialize:python@` / `@finalize:python@`: runs code with no inputs;
    /// returns what it printed.
    fn run_plain(&mut self, rule: &str, code: &str) -> Result<String, String> {
        self.run(rule, code, &[], &[]).map(|ran| ran.printed)
    }

    fn run_merged(
        &mut self,
        rule: &str,
        code: &str,
        merged: &[(String, String)],
        passes: usize,
    ) -> Result<String, String> {
        let reply = self.call(json!({
            "op": "run",
            "rule": rule,
            "code": code,
            "inputs": [],
            "merged": merged,
            "passes": passes,
            "outputs": [],
        }))?;
        if !reply.ok {
            return Err(script_error(&format!("script rule {rule}"), reply));
        }
        Ok(reply.printed)
    }

    /// [`ScriptHost::constraint`], also returning what evaluating it printed.
    fn check(&mut self, code: &str, params: &[(String, Value)]) -> Result<Checked, String> {
        let reply = self.call(json!({
            "op": "constraint",
            "code": code,
            "params": bindings_json(params),
        }))?;
        if !reply.ok {
            return Err(script_error("script constraint", reply));
        }
        Ok(Checked {
            result: reply.result,
            printed: reply.printed,
        })
    }
}

/// A python3 child running the script host. `Send`, so it can sit behind a
/// `Mutex` shared by worker threads; calls are strictly one at a time.
pub struct Python {
    child: Child,
    /// None once closed (in Drop).
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    /// Set when the conversation can no longer be trusted (the child died, or
    /// a reply was lost half-way): later calls fail at once instead of reading
    /// someone else's reply.
    broken: Option<String>,
}

#[derive(Deserialize)]
struct Ready {
    ready: bool,
}

#[derive(Deserialize)]
struct Reply {
    ok: bool,
    #[serde(default)]
    error: String,
    #[serde(default)]
    printed: String,
    #[serde(default = "yes")]
    include_match: bool,
    #[serde(default)]
    exited: bool,
    #[serde(default)]
    outputs: Vec<Option<Output>>,
    #[serde(default)]
    result: bool,
    #[serde(default)]
    pending: Vec<PendingJson>,
}

/// A registered iteration, as the shim sends it.
#[derive(Deserialize)]
struct PendingJson {
    files: Option<Vec<String>>,
    rules: Vec<String>,
    ids: Vec<(String, String)>,
    extend: bool,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
struct Output {
    kind: String,
    text: String,
    #[serde(default)]
    env: String,
    #[serde(default)]
    n: usize,
    #[serde(default)]
    pos: Option<Position>,
}

impl Output {
    fn into_made(self) -> Result<Made, String> {
        Ok(match self.kind.as_str() {
            "ident" => Made::Ident(self.text),
            "expr" => Made::Expr(self.text),
            "stmt" => Made::Stmt(self.text),
            "stmt_with_env" => Made::StmtWithEnv {
                env: self.env,
                code: self.text,
            },
            "type" => Made::Type(self.text),
            "pragmainfo" => Made::PragmaInfo(self.text),
            "listlen" => Made::ListLen(self.n),
            "position" => Made::Position(
                self.pos
                    .ok_or("the script host sent a made position without its fields")?,
            ),
            "text" => Made::Text(self.text),
            other => {
                return Err(format!(
                    "the script host sent an unknown output kind {other:?}"
                ))
            }
        })
    }
}

fn value_json(value: &Value) -> serde_json::Value {
    match value {
        Value::Text(s) => json!({ "text": s }),
        Value::Positions(ps) => json!({ "positions": ps }),
        Value::Comments(cs) => json!({ "comments": cs }),
    }
}

fn bindings_json(bindings: &[(String, Value)]) -> serde_json::Value {
    bindings
        .iter()
        .map(|(name, value)| json!([name, value_json(value)]))
        .collect()
}

impl Python {
    /// Starts `python3` from PATH.
    pub fn start() -> Result<Python, String> {
        Python::start_with("python3")
    }

    /// Starts the given interpreter (a name looked up on PATH, or a path).
    pub fn start_with(program: impl AsRef<OsStr>) -> Result<Python, String> {
        let program = program.as_ref();
        let fail = |why: String| format!("script rules need python3 on PATH: {why}");
        let mut child = Command::new(program)
            .args(["-c", BOOT, SHIM])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            // Inherited: the interpreter's own complaints (a broken install,
            // an old version choking on the shim) reach the user directly.
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| fail(format!("cannot run {}: {e}", program.to_string_lossy())))?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(fail("no pipes to the child".into()));
        };
        let mut py = Python {
            child,
            stdin: Some(stdin),
            stdout: BufReader::new(stdout),
            broken: None,
        };
        // The shim says it is ready once its descriptors are in place; anything
        // else (EOF, noise) means this is not a python3 that can run it.
        let line = py.read_line().map_err(|e| {
            fail(format!(
                "{} did not start the script host: {e}",
                program.to_string_lossy()
            ))
        })?;
        match serde_json::from_slice::<Ready>(&line) {
            Ok(Ready { ready: true }) => Ok(py),
            _ => Err(fail(format!(
                "{} did not start the script host (it said {:?})",
                program.to_string_lossy(),
                String::from_utf8_lossy(&line)
            ))),
        }
    }

    /// Tells scripts the semantic patch's file name (`cocci.cocci_file`).
    pub fn set_cocci_file(&mut self, name: &str) -> Result<(), String> {
        self.call(json!({ "op": "set_cocci_file", "name": name }))
            .and_then(|r| if r.ok { Ok(()) } else { Err(r.error) })
    }

    /// The iterations scripts registered since the last call, in order.
    pub fn take_pending(&mut self) -> Result<Vec<iteration::Instance>, String> {
        let reply = self.call(json!({ "op": "pending" }))?;
        if !reply.ok {
            return Err(script_error("iteration", reply));
        }
        Ok(reply
            .pending
            .into_iter()
            .map(|p| iteration::Instance {
                files: p.files,
                rules: p.rules,
                ids: p.ids,
                extend: p.extend,
            })
            .collect())
    }

    /// One request, one reply.
    fn call(&mut self, request: serde_json::Value) -> Result<Reply, String> {
        if let Some(why) = &self.broken {
            return Err(why.clone());
        }
        let mut line = request.to_string().into_bytes();
        line.push(b'\n');
        let sent = match self.stdin.as_mut() {
            Some(stdin) => stdin.write_all(&line).and_then(|()| stdin.flush()),
            None => Err(std::io::Error::other("stdin closed")),
        };
        if let Err(e) = sent {
            return Err(self.break_off(format!("cannot write to the python3 script host: {e}")));
        }
        let line = match self.read_line() {
            Ok(line) => line,
            Err(e) => return Err(self.break_off(e)),
        };
        // A whole line was read, so the conversation stays in step even when
        // this reply is refused (say, printed text that is not UTF-8).
        serde_json::from_slice::<Reply>(&line)
            .map_err(|e| format!("the python3 script host sent a reply that cannot be read: {e}"))
    }

    fn break_off(&mut self, why: String) -> String {
        let why = match self.child.try_wait() {
            Ok(Some(status)) => format!("{why} (python3 {status})"),
            _ => why,
        };
        self.broken = Some(why.clone());
        why
    }

    fn read_line(&mut self) -> Result<Vec<u8>, String> {
        let mut line = Vec::new();
        match self.stdout.read_until(b'\n', &mut line) {
            Ok(0) => Err("the python3 script host ended unexpectedly".into()),
            Ok(_) if line.last() != Some(&b'\n') => {
                Err("the python3 script host ended in the middle of a reply".into())
            }
            Ok(_) => Ok(line),
            Err(e) => Err(format!("cannot read from the python3 script host: {e}")),
        }
    }
}

/// A failed call's error: the traceback, and what the code printed before
/// failing (it would otherwise be lost with the Ok value).
fn script_error(what: &str, reply: Reply) -> String {
    let mut msg = format!("error in {what}:\n{}", reply.error.trim_end());
    if !reply.printed.is_empty() {
        msg.push_str("\noutput before the error:\n");
        msg.push_str(reply.printed.trim_end());
    }
    msg
}

impl Drop for Python {
    fn drop(&mut self) {
        // EOF on its stdin is the child's signal to finish (running any atexit
        // code the scripts registered); then reap it.
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}

//! The script hosts of one run: started when a script first needs one, and
//! shared by the worker threads (calls go one at a time, so the scripts see
//! one interpreter, as in spatch, whatever `-j`).

use super::{Ocaml, Python, Ran, ScriptHost, Value};
use std::sync::Mutex;

/// Every script host a run may need, by language.
pub struct Hosts {
    cocci_file: String,
    /// The semantic patch's virtual rules and virtual identifiers, which
    /// OCaml scripts name as constructors (`it#add_virtual_rule After_start`).
    virtuals: (Vec<String>, Vec<String>),
    /// `None` until a Python script first runs; then the child, or why it
    /// could not start (said once per call that needs it).
    python: Mutex<Option<Result<Python, String>>>,
    /// The same for OCaml scripts.
    ocaml: Mutex<Option<Result<Ocaml, String>>>,
}

impl std::fmt::Debug for Hosts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hosts")
            .field("cocci_file", &self.cocci_file)
            .finish_non_exhaustive()
    }
}

impl Hosts {
    /// Hosts for the scripts of the semantic patch `cocci_file`.
    pub fn new(cocci_file: &str) -> Hosts {
        Hosts::with_virtuals(cocci_file, Vec::new(), Vec::new())
    }

    /// Hosts for a semantic patch with these virtual rules and identifiers.
    pub fn with_virtuals(cocci_file: &str, rules: Vec<String>, ids: Vec<String>) -> Hosts {
        Hosts {
            cocci_file: cocci_file.to_string(),
            virtuals: (rules, ids),
            python: Mutex::new(None),
            ocaml: Mutex::new(None),
        }
    }

    /// Runs `f` in the host of `language`, started on first use.
    fn host<R>(
        &self,
        language: &str,
        f: impl FnOnce(&mut dyn ScriptHost) -> Result<R, String>,
    ) -> Result<R, String> {
        // A worker that panicked while holding a lock left the child in
        // step (each call is one request and one reply): go on with it.
        match language {
            "python" => {
                let mut g = self.python.lock().unwrap_or_else(|e| e.into_inner());
                let host = g.get_or_insert_with(|| {
                    let mut p = Python::start()?;
                    p.set_cocci_file(&self.cocci_file)?;
                    Ok(p)
                });
                match host {
                    Ok(p) => f(p),
                    Err(e) => Err(e.clone()),
                }
            }
            "ocaml" => {
                let mut g = self.ocaml.lock().unwrap_or_else(|e| e.into_inner());
                let host = g.get_or_insert_with(|| {
                    let mut o = Ocaml::start()?;
                    o.define_virtuals(&self.virtuals.0, &self.virtuals.1)?;
                    Ok(o)
                });
                match host {
                    Ok(o) => f(o),
                    Err(e) => Err(e.clone()),
                }
            }
            other => Err(format!(
                "script:{other} rules are not supported (python and ocaml are)"
            )),
        }
    }

    /// Runs one script rule's code with `inputs` bound; reads back `outputs`.
    pub fn run(
        &self,
        language: &str,
        rule: &str,
        code: &str,
        inputs: &[(String, Value)],
        outputs: &[String],
    ) -> Result<Ran, String> {
        self.host(language, |h| h.run(rule, code, inputs, outputs))
    }

    /// Runs an `@initialize@` or `@finalize@` rule; returns what it printed.
    pub fn run_plain(&self, language: &str, rule: &str, code: &str) -> Result<String, String> {
        self.host(language, |h| h.run_plain(rule, code))
    }

    /// Runs an `@finalize@` rule with `local << merge.var` inputs, after
    /// `passes` passes over the files.
    pub fn run_merged(
        &self,
        language: &str,
        rule: &str,
        code: &str,
        merged: &[(String, String)],
        passes: usize,
    ) -> Result<String, String> {
        self.host(language, |h| h.run_merged(rule, code, merged, passes))
    }

    /// The iterations the scripts registered since the last call (of the
    /// hosts that were started), in order.
    pub fn take_pending(&self) -> Result<Vec<super::iteration::Instance>, String> {
        let mut out = Vec::new();
        let mut py = self.python.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(Ok(p)) = py.as_mut() {
            out.extend(p.take_pending()?);
        }
        let mut ml = self.ocaml.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(Ok(o)) = ml.as_mut() {
            out.extend(o.take_pending()?);
        }
        Ok(out)
    }

    /// Evaluates a script constraint with `params` bound.
    pub fn constraint(
        &self,
        language: &str,
        code: &str,
        params: &[(String, Value)],
    ) -> Result<bool, String> {
        self.host(language, |h| h.constraint(code, params))
    }
}

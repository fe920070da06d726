//! Coccinelle's iteration API: a script makes an `Iteration` (`new
//! iteration ()` in OCaml), says which files, virtual rules and virtual
//! identifiers it wants, and registers it; once the current pass over the
//! files is done, the driver runs the whole semantic patch again as each
//! registered instance says (`-D` replaced by its rules and identifiers).
//!
//! This module keeps the instances in the order spatch takes them
//! (Coccinelle's `Iteration.add_pending_instance`): first those naming
//! their files, then those for the files of the command line; the host
//! sides (`coccilib.py`, `coccilib.ml`) only collect what scripts register.

/// One registered iteration, as a script made it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instance {
    /// The files to run on; `None`: the files the run was given.
    pub files: Option<Vec<String>>,
    /// The virtual rules that hold in that run (instead of `-D`'s).
    pub rules: Vec<String>,
    /// The virtual identifiers (`-D name=value`) of that run.
    pub ids: Vec<(String, String)>,
    /// Keep the virtual identifiers of the current run that `ids` does not
    /// name (`extend_virtual_identifiers`).
    pub extend: bool,
}

/// What an instance asks of the next pass, once taken from the queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pass {
    pub files: Option<Vec<String>>,
    /// `-D` arguments: the virtual rules, then `name=value` identifiers.
    pub defines: Vec<String>,
}

/// The instances not run yet.
#[derive(Clone, Debug, Default)]
pub struct Pending {
    with_files: Vec<Instance>,
    for_all: Vec<Instance>,
}

impl Pending {
    /// Queues `it`, registered while the run had the `-D` arguments
    /// `defines` (`extend` keeps their identifiers).
    pub fn add(&mut self, mut it: Instance, defines: &[String]) {
        if it.extend {
            for d in defines {
                if let Some((k, v)) = d.split_once('=') {
                    if !it.ids.iter().any(|(i, _)| i == k) {
                        it.ids.push((k.to_string(), v.to_string()));
                    }
                }
            }
        }
        match it.files {
            // As spatch: most recent first, except that it goes after the
            // instances at the front that are for the same files.
            Some(_) => {
                let at = self
                    .with_files
                    .iter()
                    .take_while(|x| x.files == it.files)
                    .count();
                self.with_files.insert(at, it);
            }
            None => self.for_all.insert(0, it),
        }
    }

    /// The next pass to run, if any.
    pub fn take_next(&mut self) -> Option<Pass> {
        let it = if self.with_files.is_empty() {
            if self.for_all.is_empty() {
                return None;
            }
            self.for_all.remove(0)
        } else {
            self.with_files.remove(0)
        };
        let mut defines = it.rules;
        defines.extend(it.ids.into_iter().map(|(k, v)| format!("{k}={v}")));
        Some(Pass {
            files: it.files,
            defines,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.with_files.is_empty() && self.for_all.is_empty()
    }
}

/// The OCaml definitions a semantic patch's scripts see: its virtual rules
/// and identifiers as constructors (`After_start`, as Coccinelle names
/// them: the name capitalised) and the `iteration` class taking them.
pub fn ocaml_definitions(rules: &[String], ids: &[String]) -> String {
    let ctor = |n: &str| {
        let mut c = n.chars();
        c.next()
            .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
            .unwrap_or_default()
    };
    let variant = |names: &[String]| {
        if names.is_empty() {
            "|".to_string()
        } else {
            names
                .iter()
                .map(|n| ctor(n))
                .collect::<Vec<_>>()
                .join(" | ")
        }
    };
    let cases = |names: &[String]| {
        let mut s: String = names
            .iter()
            .map(|n| format!(" | {} -> {n:?}", ctor(n)))
            .collect();
        if names.is_empty() {
            s.push_str(" | _ -> assert false");
        }
        s
    };
    format!(
        "type virtual_rule = {}\n\
         type virtual_identifier = {}\n\
         class iteration () = object (self)\n\
         \x20 inherit Coccilib.iteration_base ()\n\
         \x20 method add_virtual_rule (r : virtual_rule) =\n\
         \x20   self#add_virtual_rule_name (match r with{})\n\
         \x20 method add_virtual_identifier (i : virtual_identifier) (v : string) =\n\
         \x20   self#add_virtual_identifier_name (match i with{}) v\n\
         end;;\n",
        variant(rules),
        variant(ids),
        cases(rules),
        cases(ids)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn it(files: Option<&str>, rule: &str) -> Instance {
        Instance {
            files: files.map(|f| vec![f.to_string()]),
            rules: vec![rule.to_string()],
            ids: Vec::new(),
            extend: false,
        }
    }

    #[test]
    fn file_instances_first_most_recent_first_grouped_by_file() {
        let mut p = Pending::default();
        p.add(it(None, "d1"), &[]);
        p.add(it(Some("a.c"), "a1"), &[]);
        p.add(it(Some("a.c"), "a2"), &[]);
        p.add(it(Some("b.c"), "b1"), &[]);
        p.add(it(None, "d2"), &[]);
        let order: Vec<String> = std::iter::from_fn(|| p.take_next())
            .map(|x| x.defines[0].clone())
            .collect();
        assert_eq!(order, ["b1", "a1", "a2", "d2", "d1"]);
    }

    #[test]
    fn extend_keeps_the_identifiers_not_given_again() {
        let mut p = Pending::default();
        let mut x = it(None, "r");
        x.ids = vec![("fn".into(), "g".into())];
        x.extend = true;
        p.add(x, &["r".into(), "fn=f".into(), "dev=d".into()]);
        assert_eq!(p.take_next().unwrap().defines, ["r", "fn=g", "dev=d"]);
    }
}

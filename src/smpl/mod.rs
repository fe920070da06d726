//! The semantic patch language (SmPL): parsing `.cocci` files into rules.
//!
//! Supported: `///` description lines, `virtual` lines, `#` and `//` comments,
//! rule headers `@@`, `@name@`, `@name depends on a && !b || c@`, metavariable
//! declarations (`expression`, `identifier`, `constant`, `type`, `statement`,
//! `expression list`, `identifier list`, inherited `r.x`, `=~`/`!~` regex
//! constraints), `-`/`+`/context body lines, disjunctions at column 0 and inline
//! `\( … \| … \)`, `...` in argument and parameter lists, `#include
//! "file.cocci"` at the top (its rules read first), `using "file.iso"`
//! (accepted when the file defines no isomorphism).
//!
//! Extensions, spelled so that spatch rejects them: a rule whose header
//! starts with the word `comments` and a name (`@comments name depends on
//! r@`) rewrites words inside C comments: its body is a disjunction of `- old`
//! / `+ new` identifier pairs, applied to whole words; `@name everywhere@`
//! makes a lone identifier rename every occurrence (without it, not the
//! names function declarators and parameters declare, as in spatch).

pub mod body;
pub mod fragment;
mod header;
mod include;
pub mod iso;
pub mod iso_expand;
pub mod item_words;
pub mod pattern;
mod split;

pub use crate::diag::Diagnostic;
use regex::Regex;

/// The kinds of metavariable a rule may declare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MetaKind {
    Expression,
    Identifier,
    Constant,
    Type,
    Statement,
    ExpressionList,
    IdentifierList,
    /// `position p;`: where the token it is attached to (`f@p`) matched.
    Position,
    /// `declaration d;`: one declaration (of one or more variables).
    Declaration,
    /// `fresh identifier x = "prefix" ## y;`: a name made for added code.
    Fresh,
    /// `binary operator b;` (`= {+, -}` constrains it): the operator of a
    /// binary expression.
    BinaryOp,
    /// `assignment operator a;`: the operator of an assignment.
    AssignOp,
    /// `iterator I;`: the name of an iterator macro heading a loop
    /// (`I(x, ...) { ... }`).
    Iterator,
    /// `statement list S;`: the statements of a block, or a run of them.
    StatementList,
    /// `parameter p;`: one parameter of a function definition or prototype.
    Parameter,
    /// `parameter list P;`: a run of parameters.
    ParameterList,
    /// `field f;`: one member declaration of a struct or union.
    Field,
    /// `field list F;`: a run of member declarations.
    FieldList,
    /// `initializer i;` (or `initialiser`): one element of an initialiser list.
    Initializer,
    /// `initializer list I;`: a run of them.
    InitializerList,
    /// The `n` of `expression list[n] E;`: how many elements a list took.
    Length,
    /// `format d;`: a format descriptor of a format string (`2x` of `%2x`),
    /// used as `"...%@d@..."`.
    Format,
    /// `format list d;` (`format list[n] d;`): a run of a format string's
    /// descriptors and the text between them (`n` counts descriptors).
    FormatList,
    /// `attribute a;`: one attribute (`__init`, `__aligned(8)`) where the
    /// pattern has it.
    Attribute,
    /// `comments c;`, attached as `tok@c`: the comments before, inside and
    /// after the code the token (or metavariable) matched, for scripts.
    Comments,
}

impl MetaKind {
    /// True for kinds that bind a run of list elements rather than one node.
    pub fn is_list(self) -> bool {
        matches!(
            self,
            MetaKind::ExpressionList
                | MetaKind::IdentifierList
                | MetaKind::StatementList
                | MetaKind::ParameterList
                | MetaKind::FieldList
                | MetaKind::InitializerList
        )
    }

    /// True for kinds whose elements are separated by commas.
    pub fn comma_separated(self) -> bool {
        !matches!(self, MetaKind::StatementList | MetaKind::FieldList)
    }
}

/// How many elements a list metavariable takes: `list[3]`, or `list[n]`
/// (the metavariable `n`, of kind [`MetaKind::Length`], binds or checks the count).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ListLen {
    Fixed(usize),
    Meta(String),
}

/// A constraint on what an identifier metavariable may bind.
#[derive(Clone, Debug)]
pub enum Constraint {
    Matches(Regex),
    NotMatches(Regex),
    OneOf(Vec<String>),
    /// `!= a`, `!= {a, b}`.
    NoneOf(Vec<String>),
    /// `!= r.x` (`!= {r.x, s.y}`): none of the values those metavariables of
    /// earlier rules took.
    NotBoundBy(Vec<(usize, String)>),
    /// `<= r.E` (`<= {r.E, s.F}`): a piece of code within a value one of
    /// those metavariables of earlier rules took (the value itself too).
    SubtermOf(Vec<(usize, String)>),
    /// `= {int, r.T, s.U}`: one of these names, or one of the values those
    /// metavariables of earlier rules took (in this environment when the
    /// rule inherits one of them, else in any: a rule that never matched
    /// gives none).
    Among {
        names: Vec<String>,
        from: Vec<(usize, String)>,
    },
    /// `: script:LANG (a, b) { CODE }`: the code decides, with the
    /// metavariable and the parameters (this rule's metavariables) bound.
    Script {
        language: String,
        params: Vec<String>,
        code: String,
    },
}

impl Constraint {
    /// Whether the bound text satisfies the constraint.
    pub fn accepts(&self, text: &str) -> bool {
        match self {
            Constraint::Matches(r) => r.is_match(text),
            Constraint::NotMatches(r) => !r.is_match(text),
            Constraint::OneOf(v) => v.iter().any(|s| s == text),
            Constraint::NoneOf(v) => !v.iter().any(|s| s == text),
            // Checked against the earlier rules' bindings, not text.
            Constraint::NotBoundBy(_)
            | Constraint::SubtermOf(_)
            | Constraint::Among { .. }
            | Constraint::Script { .. } => true,
        }
    }
}

/// What an expression metavariable may bind besides any expression:
/// `idexpression` (a variable), `local idexpression`, `global idexpression`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ExprForm {
    #[default]
    Any,
    Id,
    Local,
    Global,
    /// For identifiers: `function f;`: only the name a function
    /// definition declares.
    FunctionName,
    /// `local function f;`: the same in what it matches (spatch 1.1.1 takes
    /// static functions and others alike), another kind for inheritance.
    LocalFunctionName,
}

/// A word of a metavariable's declared type: a C word (`struct`, `page`,
/// `*`, `[]`) or a `type` metavariable of the rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TyWord {
    Word(Vec<u8>),
    Meta(String),
}

/// A piece of a fresh identifier's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SeedPart {
    /// Text as written (`"backport_"`).
    Text(String),
    /// What a metavariable of the rule is bound to.
    Meta(String),
    /// `= script:python(x, r.y) { expr }`: the name the script expression
    /// gives, run once for each match with the parameters bound.
    Script {
        language: String,
        params: Vec<String>,
        code: String,
    },
}

/// The width of a bit-field type in a metavariable declaration (`T:b x;`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BitWidth {
    /// A metavariable, declared by being named there, that binds the width.
    Meta(String),
    /// A width written out (`int:4 x;`).
    Fixed(String),
}

/// The type a typed metavariable's code must have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MetaType {
    /// One of these types (`int x;`, `{int, long} x;`, `T *x;`).
    OneOf(Vec<Vec<TyWord>>),
    /// Any pointer with at least this many levels (`expression *E;`).
    Pointer(usize),
}

/// One declared metavariable.
#[derive(Clone, Debug)]
pub struct Metavar {
    /// The name used in the rule body.
    pub name: String,
    pub kind: MetaKind,
    /// `Some((rule index, name there))` for `r.x` declarations.
    pub inherited: Option<(usize, String)>,
    pub constraint: Option<Constraint>,
    /// For expressions and constants: variables only (`idexpression`).
    pub form: ExprForm,
    /// For expressions and constants: the type the code must have.
    pub ty: Option<MetaType>,
    /// For fresh identifiers: the pieces the name is made of, in order.
    pub seed: Vec<SeedPart>,
    /// For `virtual.x`: the value `-D x=value` gave (`Some(None)`: none
    /// was given, and the rule does not run).
    pub fixed: Option<Option<String>>,
    /// For list kinds: `list[n]`, `list[3]`.
    pub len: Option<ListLen>,
    /// For typed expressions `T:b x;` / `int:4 x;`: the code is a bit-field
    /// of this width (a metavariable binding it, or a number).
    pub bitfield: Option<BitWidth>,
    /// Where it was declared (line, col).
    pub line: usize,
    pub col: usize,
}

impl Metavar {
    /// A metavariable of `kind` declared at (line, col), with nothing more
    /// said of it (no constraint, type, seed or length).
    pub fn plain(name: String, kind: MetaKind, line: usize, col: usize) -> Metavar {
        Metavar {
            name,
            kind,
            inherited: None,
            constraint: None,
            form: ExprForm::default(),
            ty: None,
            seed: Vec::new(),
            fixed: None,
            len: None,
            bitfield: None,
            line,
            col,
        }
    }
}

/// A boolean formula over rule names, from `depends on`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dep {
    Rule(usize),
    Not(Box<Dep>),
    And(Box<Dep>, Box<Dep>),
    Or(Box<Dep>, Box<Dep>),
    /// A virtual rule: true when named with `-D` on the command line.
    Const(bool),
}

impl Dep {
    /// True when the formula is false whatever rules match (it is false
    /// with its virtual rules as given, under every assignment of the
    /// others); a conservative test: `false` when unsure.
    pub fn never_true(&self) -> bool {
        match self {
            Dep::Const(b) => !b,
            Dep::Rule(_) => false,
            Dep::Not(d) => d.always_true(),
            Dep::And(a, b) => a.never_true() || b.never_true(),
            Dep::Or(a, b) => a.never_true() && b.never_true(),
        }
    }

    fn always_true(&self) -> bool {
        match self {
            Dep::Const(b) => *b,
            Dep::Rule(_) => false,
            Dep::Not(d) => d.never_true(),
            Dep::And(a, b) => a.always_true() && b.always_true(),
            Dep::Or(a, b) => a.always_true() || b.always_true(),
        }
    }

    /// Evaluates the formula when some rules' values are unknown (`None`):
    /// `None` when the result depends on them.
    pub fn eval_partial(&self, value: &mut dyn FnMut(usize) -> Option<bool>) -> Option<bool> {
        match self {
            Dep::Rule(i) => value(*i),
            Dep::Not(d) => d.eval_partial(value).map(|b| !b),
            Dep::And(a, b) => match (a.eval_partial(value), b.eval_partial(value)) {
                (Some(false), _) | (_, Some(false)) => Some(false),
                (Some(true), Some(true)) => Some(true),
                _ => None,
            },
            Dep::Or(a, b) => match (a.eval_partial(value), b.eval_partial(value)) {
                (Some(true), _) | (_, Some(true)) => Some(true),
                (Some(false), Some(false)) => Some(false),
                _ => None,
            },
            Dep::Const(b) => Some(*b),
        }
    }
}

/// What a rule operates on.
#[derive(Clone, Debug)]
pub enum RuleBody {
    /// Ordinary C code patterns: one compiled pattern per disjunction branch, in priority order.
    Code(Vec<pattern::Pattern>),
    /// The `comments` extension: whole-word renames inside comments.
    Comments(Vec<(String, String)>),
    /// A script rule (`@script:python@`, `@initialize:…@`, `@finalize:…@`):
    /// parsed and kept, not run yet.
    Script(Script),
}

/// When a script rule runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScriptWhen {
    /// `@script:LANG@`: once per match of the rules it reads from.
    Match,
    /// `@initialize:LANG@`: once, before any file.
    Initialize,
    /// `@finalize:LANG@`: once, after every file.
    Finalize,
}

/// The default value of a script input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputDefault {
    /// `= "text"`: the script sees this string.
    Text(String),
    /// `= []` (positions): the script sees no position.
    NoPositions,
}

impl Script {
    /// The default of input `local`, if it has one.
    pub fn default_of(&self, local: &str) -> Option<&InputDefault> {
        self.defaults
            .iter()
            .find(|(l, _)| l == local)
            .map(|(_, d)| d)
    }
}

/// A script rule as written.
#[derive(Clone, Debug)]
pub struct Script {
    /// `python` or `ocaml`.
    pub language: String,
    pub when: ScriptWhen,
    /// `name << rule.metavariable;` inputs: local name, rule index, name there.
    pub inputs: Vec<(String, usize, String)>,
    /// The inputs that have a default value (`name << r.x = "none";`): the
    /// script runs with it where `x` is not bound, even if `r` never matched.
    pub defaults: Vec<(String, InputDefault)>,
    /// `local << merge.var;` (finalize rules): `local` is the list of the
    /// values the initialize code's global `var` had in each process.
    pub merges: Vec<(String, String)>,
    /// The script's code, as written.
    pub code: String,
}

/// One rule of a semantic patch.
#[derive(Clone, Debug)]
pub struct Rule {
    /// The rule's name, or `rule@LINE` for an anonymous one (`rule@FILE:LINE`
    /// in an included file).
    pub name: String,
    /// Line of the header (in the file the rule is written in).
    pub line: usize,
    pub depends: Option<Dep>,
    pub metavars: Vec<Metavar>,
    pub body: RuleBody,
    /// True when the rule adds or removes code (not a pure context rule;
    /// `*` lines only show what they match).
    pub transforms: bool,
    /// `exists` or `forall` from the header, if it says.
    pub quantifier: Option<Quantifier>,
    /// Isomorphisms the header turns off (`disable drop_cast, braces`).
    pub disabled: Vec<String>,
    /// The rule has `*` lines (context mode): what it would remove is
    /// shown as a diff, and the text is never changed by it.
    pub context: bool,
    /// `@r everywhere@` (this project's extension): a body of one
    /// identifier renames it wherever it appears, not only as an
    /// expression (spatch rejects the word, so no file reads two ways).
    pub everywhere: bool,
    /// The names `attribute name a;` declares, in this rule and the ones
    /// before it: in matched code each must be where the pattern has it.
    pub attributes: Vec<String>,
}

/// Over which paths `...` must hold: all of them, or at least one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantifier {
    Forall,
    Exists,
}

impl Rule {
    /// The rule's quantifier over paths: as its header says, else
    /// Coccinelle's default.
    pub fn paths(&self) -> Quantifier {
        // As spatch reads a rule without `exists`/`forall`: `*` rules are
        // exists, all others (transforming or only matching) forall.
        self.quantifier.unwrap_or(if self.context {
            Quantifier::Exists
        } else {
            Quantifier::Forall
        })
    }

    /// Whether the isomorphism `name` of Coccinelle's standard set applies
    /// in this rule (not turned off with `disable`).
    pub fn iso(&self, name: &str) -> bool {
        !self.disabled.iter().any(|d| d == name || d == "all")
    }

    /// Whether this rule can run in this invocation (its `depends on` is
    /// not false whatever matches: a virtual rule not given with `-D`).
    pub fn live(&self) -> bool {
        self.depends.as_ref().is_none_or(|d| !d.never_true())
            && !self.metavars.iter().any(|m| m.fixed == Some(None))
    }

    /// Index of the metavariable named `name` in this rule.
    pub fn metavar(&self, name: &str) -> Option<usize> {
        self.metavars.iter().position(|m| m.name == name)
    }

    /// The rules this rule cannot run without a match of: those it
    /// inherits from, except a script's sources whose every input it reads
    /// has a default value, and a code rule's sources whose metavariables
    /// only some branches of its disjunction name (spatch runs the rule
    /// with those unbound, and the branches that name them match nothing).
    pub fn needs_matches_of(&self) -> Vec<usize> {
        let mut v = self.inherits_from();
        match &self.body {
            RuleBody::Script(s) => v.retain(|&src| {
                !s.inputs
                    .iter()
                    .filter(|(_, r, _)| *r == src)
                    .all(|(local, _, _)| s.default_of(local).is_some())
            }),
            RuleBody::Code(pats) => v.retain(|&src| {
                self.metavars
                    .iter()
                    .filter(|m| m.inherited.as_ref().is_some_and(|(r, _)| *r == src))
                    .any(|m| {
                        // One the code does not name (a type or a constraint
                        // uses it) is needed everywhere.
                        pats.iter().all(|p| p.names(&m.name))
                            || !pats.iter().any(|p| p.names(&m.name))
                    })
            }),
            RuleBody::Comments(_) => {}
        }
        v
    }

    /// Rules this rule inherits metavariables from.
    pub fn inherits_from(&self) -> Vec<usize> {
        let mut v: Vec<usize> = self
            .metavars
            .iter()
            .filter_map(|m| m.inherited.as_ref().map(|i| i.0))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// The identifiers every match needs, as alternatives of conjunctions.
    /// An empty conjunction means the rule may match any file.
    pub fn required_words(&self) -> Vec<Vec<String>> {
        match &self.body {
            RuleBody::Code(pats) => pats.iter().map(|p| p.words.clone()).collect(),
            RuleBody::Comments(pairs) => pairs.iter().map(|(from, _)| vec![from.clone()]).collect(),
            RuleBody::Script(_) => Vec::new(),
        }
    }
}

/// A parsed `.cocci` file.
#[derive(Clone, Debug)]
pub struct SemanticPatch {
    /// The path it was read from, as given.
    pub file: String,
    /// The `///` lines at the top, without the slashes (a changelog paragraph).
    pub description: Vec<String>,
    /// The names its `virtual` lines declare.
    pub virtuals: Vec<String>,
    pub rules: Vec<Rule>,
    /// Every alternative's words, for parsing only the items that hold them
    /// (made on first use).
    pub item_words: std::sync::OnceLock<item_words::ItemWords>,
    /// The macro hints its patterns were read with: C it is applied to is
    /// read with the same.
    pub hints: std::sync::Arc<crate::c::hints::Hints>,
    /// The struct fields of local headers read while it runs (shared by
    /// the files of a run).
    pub header_cache: std::sync::Arc<crate::c::types::HeaderCache>,
}

impl SemanticPatch {
    /// Parses semantic-patch text; `file` names it in diagnostics. Its
    /// patterns, and the C it is applied to, are read with the shipped
    /// macro hints.
    pub fn parse(file: &str, src: &str) -> Result<SemanticPatch, Diagnostic> {
        Self::parse_with(file, src, crate::c::kernel_hints())
    }

    /// [`SemanticPatch::parse`] with the macro hints `hints`.
    pub fn parse_with(
        file: &str,
        src: &str,
        hints: std::sync::Arc<crate::c::hints::Hints>,
    ) -> Result<SemanticPatch, Diagnostic> {
        Self::parse_defined(file, src, hints, &[])
    }

    /// [`SemanticPatch::parse_with`] with the virtual rules `defines` true
    /// (`-D name`); the file's other virtual rules are false.
    pub fn parse_defined(
        file: &str,
        src: &str,
        hints: std::sync::Arc<crate::c::hints::Hints>,
        defines: &[String],
    ) -> Result<SemanticPatch, Diagnostic> {
        header::parse_file(file, src, hints, defines)
    }

    /// Reads and parses a `.cocci` file (with the shipped macro hints).
    pub fn from_path(path: &std::path::Path) -> Result<SemanticPatch, Diagnostic> {
        Self::from_path_with(path, crate::c::kernel_hints())
    }

    /// [`SemanticPatch::from_path`] with the macro hints `hints`.
    pub fn from_path_with(
        path: &std::path::Path,
        hints: std::sync::Arc<crate::c::hints::Hints>,
    ) -> Result<SemanticPatch, Diagnostic> {
        Self::from_path_defined(path, hints, &[])
    }

    /// [`SemanticPatch::from_path_with`] with the virtual rules `defines`.
    pub fn from_path_defined(
        path: &std::path::Path,
        hints: std::sync::Arc<crate::c::hints::Hints>,
        defines: &[String],
    ) -> Result<SemanticPatch, Diagnostic> {
        let (name, src) =
            Diagnostic::read_text(path, "semantic patch", "semantic patch is not valid UTF-8")?;
        Self::parse_defined(&name, &src, hints, defines)
    }

    /// The names the `virtual` lines of semantic-patch text (and of the
    /// files it includes) declare, without compiling its rules (`check`
    /// skips a patch that lacks a mode).
    pub fn declared_virtuals(file: &str, src: &str) -> Result<Vec<String>, Diagnostic> {
        let mut out = Vec::new();
        for s in include::sources(file, src)? {
            let parts = split::split(&s.file, &s.text)?;
            out.extend(parts.virtuals.into_iter().map(|t| t.text));
        }
        Ok(out)
    }

    /// The names its rules read as `virtual.x` (the identifiers `-D x=v`
    /// gives), each once, in order.
    pub fn virtual_identifiers(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for m in self.rules.iter().flat_map(|r| &r.metavars) {
            if m.fixed.is_some() && !out.contains(&m.name) {
                out.push(m.name.clone());
            }
        }
        out
    }

    /// The description as one paragraph of text.
    pub fn description_text(&self) -> String {
        self.description.join("\n")
    }
}

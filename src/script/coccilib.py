# The python3 side of sempatch's script host (src/script/mod.rs).
#
# Runs as `python3 -c BOOT <this file>`, BOOT compiling it as "<coccilib>". Requests arrive as JSON lines on the
# original stdin, replies leave as JSON lines on the original stdout. Both
# descriptors are duplicated to private ones first and fds 0/1 are pointed at
# /dev/null and stderr, so nothing a script does (input(), os.write(1, ...), a
# subprocess) can eat or corrupt a protocol line.
#
# What the scripts see mimics Coccinelle's embedded Python: one shared global
# namespace for every rule of a run, a `coccinelle` module holding the inputs
# and receiving the outputs, a `cocci` object, and the `coccilib` package
# (report, org, elems, output).

import io
import json
import os
import sys
import traceback
import types
from copy import deepcopy

_proto_in = os.fdopen(os.dup(0), "rb")
_proto_out = os.fdopen(os.dup(1), "wb")
_null = os.open(os.devnull, os.O_RDONLY)
os.dup2(_null, 0)
os.close(_null)
os.dup2(2, 1)
sys.argv = ["sempatch"]


def _module(name, **attrs):
    m = types.ModuleType(name)
    for k, v in attrs.items():
        setattr(m, k, v)
    # Functions defined here carry this shim's globals; make them report the
    # module they are exposed from, as Coccinelle's do.
    for v in attrs.values():
        if isinstance(v, (types.FunctionType, type)):
            try:
                v.__module__ = name
            except (AttributeError, TypeError):
                pass
    sys.modules[name] = m
    return m


# ---------------------------------------------------------------- coccilib.elems


class Comment:
    """The comments around the code a comments metavariable is attached to,
    as Coccinelle gives them to Python: before, inside (middle) and after
    it, each part's comments one a line."""

    def __init__(self, before, middle, after):
        self.before = "\n".join(before)
        self.middle = "\n".join(middle)
        self.after = "\n".join(after)


class Location:
    """One position of a position metavariable. As in Coccinelle, every
    number is a string (scripts write int(p[0].line)) and columns are 0-based;
    the current element's own extent is "-1" when unknown."""

    def __init__(self, file, current_element, ce_line, ce_column,
                 ce_line_end, ce_column_end, line, column, line_end,
                 column_end):
        self.file = file
        self.current_element = current_element
        self.current_element_line = ce_line
        self.current_element_column = ce_column
        self.current_element_line_end = ce_line_end
        self.current_element_column_end = ce_column_end
        self.line = line
        self.column = column
        self.line_end = line_end
        self.column_end = column_end

    def __repr__(self):
        return "Location(%s:%s:%s-%s:%s)" % (
            self.file, self.line, self.column, self.line_end, self.column_end)


class ElemBase:
    pass


class TermList(ElemBase):
    def __init__(self, expr, elements):
        self.expr = expr
        self.elements = elements

    def __getitem__(self, n):
        return self.elements[n]

    def __str__(self):
        return self.expr


# ------------------------------------------------------------------ coccilib.org


def _link(p, msg, color):
    return "[[view:%s::face=%s::linb=%s::colb=%s::cole=%s][%s]]" % (
        p.file, color, p.line, p.column, p.column_end, msg)


def _default_msg(p, msg):
    return "%s::%s" % (p.file, p.line) if msg == "" else msg


def print_todo(p, msg="", color="ovl-face1"):
    print("* TODO %s" % _link(p, _default_msg(p, msg), color))


def print_link(p, msg="", color="ovl-face1"):
    print(_link(p, _default_msg(p, msg), color))


def _org_safe(msg):
    # org-mode links end at "]": Coccinelle swaps brackets for "@(" and ")".
    return msg.replace("[", "@(").replace("]", ")")


def print_safe_todo(p, msg="", color="ovl-face1"):
    print_todo(p, _org_safe(msg), color)


def print_safe_link(p, msg="", color="ovl-face1"):
    print_link(p, _org_safe(msg), color)


def print_main(msg, p, color="ovl-face1"):
    first = p[0]
    where = "%s::%s" % (first.file, first.line)
    print_todo(first, where if msg == "" else "%s %s" % (msg, where), color)


def print_sec(msg, p, color="ovl-face2"):
    print_link(p[0], msg, color)


def print_secs(msg, ps, color="ovl-face2"):
    for p in ps:
        print_link(p, msg, color)


# --------------------------------------------------------------- coccilib.report


def build_report(p, msg):
    return "%s:%s:%s-%s: %s" % (p.file, p.line, p.column, p.column_end, msg)


def print_report(p, msg="ERROR"):
    print(build_report(p, msg))


# --------------------------------------------------------------------- cocci


class Made:
    """What cocci.make_* returns: the text to parse later and what to parse it
    as. The host parses nothing; the engine does, on the Rust side."""

    def __init__(self, kind, text, **extra):
        self.kind = kind
        self.text = text
        self.extra = extra

    def __str__(self):
        return self.text

    def __repr__(self):
        return "cocci.make_%s(%r)" % (self.kind, self.text)


def _int_arg(what, v):
    if isinstance(v, bool) or not isinstance(v, int):
        try:
            v = int(v)
        except (TypeError, ValueError):
            raise TypeError("%s must be an integer, not %r" % (what, v))
    if v < 0:
        raise ValueError("%s must not be negative, got %d" % (what, v))
    return v


def _str_arg(what, v):
    if not isinstance(v, str):
        raise TypeError("%s must be a string, not %s" % (what, type(v).__name__))
    return str(v)


class Output:
    """Base class of Coccinelle's output objects (coccilib.output.Output)."""

    def include_match(self, b):
        pass

    def register_match(self, include, messages):
        pass

    def combine(self, meta_variable, locations):
        nmv = deepcopy(meta_variable)
        nloc = [deepcopy(loc) for loc in locations]
        nmv.location = nloc[0]
        nmv.locations = nloc
        return nmv

    def finalise(self):
        pass

    def print_main(self, *args):
        print_main(*args)

    def print_sec(self, *args):
        print_sec(*args)

    def print_secs(self, *args):
        print_secs(*args)


class Console(Output):
    def register_match(self, include, messages):
        self.include_match(include)
        if include:
            for variable, message in messages:
                loc = variable.location
                print("%s:%s:%s: %s - %s" % (
                    loc.file, loc.line, loc.column, message, variable))


_pending = []  # registered iterations, for the driver (iteration.rs)


class Iteration:
    """Coccinelle's iteration API: run the semantic patch again, once this
    pass is done, on these files with these virtual rules and identifiers."""

    def __init__(self):
        self._files = None
        self._rules = []
        self._ids = {}
        self._extend = False

    def set_files(self, files):
        self._files = [_str_arg("Iteration.set_files's file", f)
                       for f in files]

    def add_virtual_rule(self, rule):
        rule = _str_arg("Iteration.add_virtual_rule's argument", rule)
        if rule not in self._rules:
            self._rules.append(rule)

    def add_virtual_identifier(self, ident, value):
        ident = _str_arg("Iteration.add_virtual_identifier's name", ident)
        value = _str_arg("Iteration.add_virtual_identifier's value", value)
        if ident in self._ids and self._ids[ident] != value:
            raise ValueError("multiple values specified for %s" % ident)
        self._ids[ident] = value

    def set_extend_virtual_ids(self, value):
        self._extend = bool(value)

    def register(self):
        Cocci().add_pending_instance(self._files, self._rules,
                                     list(self._ids.items()), self._extend)


class Cocci(Output):
    cocci_file = ""

    def add_pending_instance(self, files, rules, ids, extend=False):
        _pending.append({
            "files": None if files is None else list(files),
            "rules": list(rules),
            "ids": [[k, v] for k, v in ids],
            "extend": bool(extend),
        })

    def __init__(self):
        self.reset()

    def reset(self):
        self.included = True
        self.exited = False

    def include_match(self, b):
        self.included = bool(b)

    def exit(self):
        self.exited = True

    def make_ident(self, s):
        return Made("ident", _str_arg("make_ident's argument", s))

    def make_expr(self, s):
        return Made("expr", _str_arg("make_expr's argument", s))

    def make_stmt(self, s):
        return Made("stmt", _str_arg("make_stmt's argument", s))

    def make_stmt_with_env(self, env, s):
        return Made("stmt_with_env", _str_arg("make_stmt_with_env's code", s),
                    env=_str_arg("make_stmt_with_env's environment", env))

    def make_type(self, s):
        return Made("type", _str_arg("make_type's argument", s))

    def make_pragmainfo(self, s):
        return Made("pragmainfo", _str_arg("make_pragmainfo's argument", s))

    def make_listlen(self, n):
        n = _int_arg("make_listlen's argument", n)
        return Made("listlen", str(n), n=n)

    def make_position(self, fl, fn, startl, startc, endl, endc):
        pos = {
            "file": _str_arg("make_position's file", fl),
            "current_element": _str_arg("make_position's function", fn),
            "line": _int_arg("make_position's start line", startl),
            "column": _int_arg("make_position's start column", startc),
            "line_end": _int_arg("make_position's end line", endl),
            "column_end": _int_arg("make_position's end column", endc),
        }
        text = "%s:%d:%d-%d:%d" % (fl, pos["line"], pos["column"],
                                   pos["line_end"], pos["column_end"])
        return Made("position", text, pos=pos)


# ------------------------------------------------------------ modules, namespace

_coccilib = _module("coccilib")
_coccilib.__path__ = []  # a package, so `import coccilib.report` resolves
_submodules = {
    "elems": _module("coccilib.elems", Location=Location, ElemBase=ElemBase,
                     TermList=TermList),
    "org": _module("coccilib.org", build_link=_link, print_todo=print_todo,
                   print_link=print_link, print_safe_todo=print_safe_todo,
                   print_safe_link=print_safe_link, print_main=print_main,
                   print_sec=print_sec, print_secs=print_secs),
    "report": _module("coccilib.report", build_report=build_report,
                      print_report=print_report),
    "output": _module("coccilib.output", Output=Output, Console=Console),
}
for _name, _mod in _submodules.items():
    setattr(_coccilib, _name, _mod)

_coccinelle = _module("coccinelle", Cocci=Cocci, Iteration=Iteration)
_coccinelle_base = set(vars(_coccinelle))
_cocci = Cocci()

# The scripts' namespace is a fresh __main__ module, so the shim's own names
# stay out of it and functions the scripts define pickle as usual.
_main = types.ModuleType("__main__")
sys.modules["__main__"] = _main
_globals = vars(_main)
_globals["__builtins__"] = __builtins__


def _prepare(inputs):
    # Coccinelle's script prologue: imports coccinelle and coccilib, binds cocci,
    # and (from coccinelle import *) makes the inputs globals.
    for name in list(vars(_coccinelle)):
        if name not in _coccinelle_base:
            delattr(_coccinelle, name)
    _cocci.reset()
    _globals["coccinelle"] = _coccinelle
    _globals["coccilib"] = _coccilib
    _globals["cocci"] = _cocci
    _globals["Cocci"] = Cocci
    _globals["Iteration"] = Iteration
    for name, value in inputs:
        if "comments" in value:
            value = tuple(Comment(*t) for t in value["comments"])
        elif "positions" in value:
            value = tuple(
                Location(p["file"], p["current_element"],
                         *[str(n) for n in (p.get("element") or [-1] * 4)],
                         str(p["line"]), str(p["column"]),
                         str(p["line_end"]), str(p["column_end"]))
                for p in value["positions"])
        else:
            value = value["text"]
        setattr(_coccinelle, name, value)
        _globals[name] = value


def _dedent(code):
    """textwrap.dedent, except that comment lines do not count: a script body
    indented as a whole may still have a comment at column 0, and Python does
    not care where a comment starts."""
    margin = None
    for line in code.splitlines():
        stripped = line.lstrip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = line[:len(line) - len(stripped)]
        if margin is None:
            margin = indent
        else:
            common = 0
            for a, b in zip(margin, indent):
                if a != b:
                    break
                common += 1
            margin = margin[:common]
    if not margin:
        return code
    return "".join(line[len(margin):] if line.startswith(margin) else line
                   for line in code.splitlines(True))


_compiled = {}


def _compile(source, filename, mode):
    key = (source, filename, mode)
    code = _compiled.get(key)
    if code is None:
        code = compile(source, filename, mode, dont_inherit=True)
        _compiled[key] = code
    return code


class _Capture(io.StringIO):
    """sys.stdout and sys.stderr for the whole life of the child: one object,
    emptied per request, so a script keeping a reference to sys.stdout (from
    sys import stdout) still writes where the next call collects."""

    def isatty(self):
        return False

    def take(self):
        text = self.getvalue()
        self.seek(0)
        self.truncate(0)
        return text


_capture = _Capture()
sys.stdout = _capture
sys.stderr = _capture


def _user_traceback(exc):
    # Drop the leading frames of the -c bootstrap ("<string>") and of this
    # shim; the rule's own frames (and anything it called) remain.
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename in ("<string>",
                                                                "<coccilib>"):
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(exc), exc, tb))


def _output(name):
    if not hasattr(_coccinelle, name):
        return None
    v = getattr(_coccinelle, name)
    if isinstance(v, Made):
        out = {"kind": v.kind, "text": v.text}
        out.update(v.extra)
        return out
    if isinstance(v, str):
        return {"kind": "text", "text": str(v)}
    raise TypeError(
        "coccinelle.%s is a %s; a script output must be a string or a value "
        "made by cocci.make_*" % (name, type(v).__name__))


def _handle(req):
    op = req["op"]
    if op == "set_cocci_file":
        Cocci.cocci_file = req["name"]
        return {"ok": True}
    if op == "run":
        _prepare(req["inputs"])
        # `local << merge.var`: the values var had in each process and pass
        # (one process here, so the same object once per pass).
        for local, var in req.get("merged", []):
            if var not in _globals:
                raise NameError("merge.%s: no global %s" % (var, var))
            value = [_globals[var]] * req.get("passes", 1)
            setattr(_coccinelle, local, value)
            _globals[local] = value
        filename = "<rule %s>" % req["rule"]
        exec(_compile(_dedent(req["code"]), filename, "exec"),
             _globals)
        return {
            "ok": True,
            "include_match": _cocci.included,
            "exited": _cocci.exited,
            "outputs": [_output(name) for name in req["outputs"]],
        }
    if op == "pending":
        taken = list(_pending)
        del _pending[:]
        return {"ok": True, "pending": taken}
    if op == "constraint":
        _prepare(req["params"])
        # Parenthesised as Coccinelle does, so the expression may span lines;
        # the newline keeps a trailing comment from swallowing the ")".
        code = _compile("(" + req["code"] + "\n)", "<script constraint>",
                        "eval")
        return {"ok": True, "result": bool(eval(code, _globals))}
    raise ValueError("unknown request %r" % (op,))


def _reply(obj):
    _proto_out.write(json.dumps(obj).encode("ascii") + b"\n")
    _proto_out.flush()


def _serve():
    _reply({"ready": True, "version": sys.version.split()[0]})
    while True:
        try:
            line = _proto_in.readline()
        except KeyboardInterrupt:
            return
        if not line:
            return
        _capture.take()
        try:
            reply = _handle(json.loads(line))
        except BaseException as exc:  # SystemExit and Ctrl-C included: the host keeps serving
            reply = {"ok": False, "error": _user_traceback(exc)}
        reply["printed"] = _capture.take()
        try:
            try:
                _reply(reply)
            except (TypeError, ValueError) as exc:
                _reply({"ok": False, "printed": "",
                        "error": "reply could not be encoded: %s" % exc})
        except OSError:
            return  # the host went away: nobody to answer


_serve()

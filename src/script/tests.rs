//! These need python3 on PATH and fail (not skip) without it: a build that
//! cannot run script rules should not pass as one that can.

use super::*;

fn py() -> Python {
    Python::start().unwrap_or_else(|e| panic!("these tests need python3: {e}"))
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

fn names(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

#[test]
fn start_and_missing_interpreter() {
    drop(py());
    let err = Python::start_with("/nonexistent/python3").err().unwrap();
    assert!(
        err.starts_with("script rules need python3 on PATH: "),
        "{err}"
    );
    // An interpreter that exits without speaking the protocol.
    let err = Python::start_with("true").err().unwrap();
    assert!(err.contains("did not start the script host"), "{err}");
}

#[test]
fn inputs_and_outputs() {
    let mut p = py();
    let code = "\
coccinelle.f = cocci.make_ident(f + \"_new\")
coccinelle.e = cocci.make_expr(\"(%s + 1)\" % e)
coccinelle.s = cocci.make_stmt(\"return;\")
coccinelle.w = cocci.make_stmt_with_env(\"int x;\", \"x++;\")
coccinelle.t = cocci.make_type(\"unsigned long\")
coccinelle.g = \"plain\"
coccinelle.n = cocci.make_listlen(3)
coccinelle.q = cocci.make_position(\"a.c\", \"main\", 3, 4, 3, 9)
";
    let ran = p
        .run(
            "r",
            code,
            &[text("f", "foo"), text("e", "a * b")],
            &names(&["f", "e", "s", "w", "t", "g", "n", "q", "unset"]),
        )
        .unwrap();
    assert!(ran.include_match);
    assert!(!ran.exited);
    assert_eq!(ran.printed, "");
    assert_eq!(
        ran.outputs,
        vec![
            Some(Made::Ident("foo_new".into())),
            Some(Made::Expr("(a * b + 1)".into())),
            Some(Made::Stmt("return;".into())),
            Some(Made::StmtWithEnv {
                env: "int x;".into(),
                code: "x++;".into()
            }),
            Some(Made::Type("unsigned long".into())),
            Some(Made::Text("plain".into())),
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
    // Outputs do not leak into the next run.
    let ran = p.run("r2", "pass", &[], &names(&["f"])).unwrap();
    assert_eq!(ran.outputs, vec![None]);
}

#[test]
fn output_of_the_wrong_type_is_an_error() {
    let mut p = py();
    let err = p
        .run("r", "coccinelle.x = 3", &[], &names(&["x"]))
        .unwrap_err();
    assert!(err.contains("coccinelle.x is a int"), "{err}");
    assert!(p
        .run("r", "coccinelle.x = 'y'", &[], &names(&["x"]))
        .is_ok());
}

#[test]
fn globals_are_shared_across_rules() {
    let mut p = py();
    let printed = p
        .run_plain(
            "initialize",
            "count = 0\ndef bump():\n    global count\n    count += 1\n",
        )
        .unwrap();
    assert_eq!(printed, "");
    for _ in 0..3 {
        p.run("r", "bump()", &[], &[]).unwrap();
    }
    assert_eq!(p.run_plain("finalize", "print(count)").unwrap(), "3\n");
    assert!(p.constraint("count == 3", &[]).unwrap());
}

#[test]
fn include_match_and_exit() {
    let mut p = py();
    let ran = p.run("r", "cocci.include_match(False)", &[], &[]).unwrap();
    assert!(!ran.include_match);
    // Reset for every run.
    let ran = p.run("r", "pass", &[], &[]).unwrap();
    assert!(ran.include_match);
    let ran = p.run("r", "cocci.exit()", &[], &[]).unwrap();
    assert!(ran.exited);
    assert!(!p.run("r", "pass", &[], &[]).unwrap().exited);
}

#[test]
fn positions_are_tuples_of_strings() {
    let mut p = py();
    let code = "
assert isinstance(p, tuple), type(p)
for a in ('line', 'column', 'line_end', 'column_end',
          'current_element_line', 'current_element_column'):
    assert isinstance(getattr(p[0], a), str), a
print(p[0].file, int(p[0].line) + 1, p[0].column, p[1].column_end, p[0].current_element)
print(p[0].current_element_line, len(p))
";
    let ran = p
        .run(
            "r",
            code,
            &[(
                "p".into(),
                Value::Positions(vec![pos("a.c", 7, 0, 3), pos("b.c", 1, 2, 5)]),
            )],
            &[],
        )
        .unwrap();
    assert_eq!(ran.printed, "a.c 8 0 5 main\n-1 2\n");
}

#[test]
fn printing_is_captured_in_coccinelle_formats() {
    let mut p = py();
    let ps = Value::Positions(vec![pos("x.c", 12, 4, 9), pos("x.c", 20, 1, 2)]);
    let code = "
import coccilib.report
from coccilib.org import print_todo
import sys
coccilib.report.print_report(p[0], \"bad call\")
coccilib.report.print_report(p[0])
print_todo(p[0], \"msg\")
print_todo(p[0])
coccilib.org.print_safe_todo(p[0], \"a[i]\")
coccilib.org.print_link(p[1], \"see\", \"ovl-face2\")
cocci.print_main(\"main\", p)
cocci.print_sec(\"sec\", p)
cocci.print_secs(\"secs\", p)
sys.stderr.write(\"err\\n\")
";
    let ran = p.run("r", code, &[("p".into(), ps)], &[]).unwrap();
    let expected = "\
x.c:12:4-9: bad call
x.c:12:4-9: ERROR
* TODO [[view:x.c::face=ovl-face1::linb=12::colb=4::cole=9][msg]]
* TODO [[view:x.c::face=ovl-face1::linb=12::colb=4::cole=9][x.c::12]]
* TODO [[view:x.c::face=ovl-face1::linb=12::colb=4::cole=9][a@(i)]]
[[view:x.c::face=ovl-face2::linb=20::colb=1::cole=2][see]]
* TODO [[view:x.c::face=ovl-face1::linb=12::colb=4::cole=9][main x.c::12]]
[[view:x.c::face=ovl-face2::linb=12::colb=4::cole=9][sec]]
[[view:x.c::face=ovl-face2::linb=12::colb=4::cole=9][secs]]
[[view:x.c::face=ovl-face2::linb=20::colb=1::cole=2][secs]]
err
";
    assert_eq!(ran.printed, expected);
    // Star imports, and output written straight to the descriptors stays out
    // of the protocol.
    let ran = p
        .run(
            "r",
            "from coccilib.report import *\nimport os\nos.write(1, b'noise\\n')\nprint_report(p[0], 'x')",
            &[("p".into(), Value::Positions(vec![pos("y.c", 1, 0, 1)]))],
            &[],
        )
        .unwrap();
    assert_eq!(ran.printed, "y.c:1:0-1: x\n");
}

#[test]
fn exception_names_the_rule_and_host_survives() {
    let mut p = py();
    let err = p
        .run(
            "bad_rule",
            "print('before')\nx = {}\nx['missing']\n",
            &[],
            &[],
        )
        .unwrap_err();
    assert!(err.contains("<rule bad_rule>"), "{err}");
    assert!(err.contains("KeyError: 'missing'"), "{err}");
    assert!(err.contains("Traceback"), "{err}");
    assert!(err.contains("before"), "{err}");
    // A syntax error and sys.exit() are errors too, not the end of the child.
    let err = p.run("syn", "def (:", &[], &[]).unwrap_err();
    assert!(err.contains("SyntaxError"), "{err}");
    let err = p
        .run("quit", "import sys\nsys.exit(3)", &[], &[])
        .unwrap_err();
    assert!(err.contains("SystemExit"), "{err}");
    assert_eq!(
        p.run_plain("ok", "print('still here')").unwrap(),
        "still here\n"
    );
}

#[test]
fn constraints() {
    let mut p = py();
    p.run_plain("init", "import re\nbad = re.compile('^kz?alloc$')")
        .unwrap();
    assert!(p
        .constraint("bad.match(f)", &[text("f", "kzalloc")])
        .unwrap());
    assert!(!p.constraint("bad.match(f)", &[text("f", "kfree")]).unwrap());
    // Spanning lines, ending in a comment.
    let multi = "f.startswith('k') and\n   len(f) > 3 # long enough";
    assert!(p.constraint(multi, &[text("f", "kmalloc")]).unwrap());
    let checked = p.check("print(f) or True", &[text("f", "g")]).unwrap();
    assert_eq!(
        checked,
        Checked {
            result: true,
            printed: "g\n".into()
        }
    );
    let err = p.constraint("undefined_name", &[]).unwrap_err();
    assert!(err.contains("NameError"), "{err}");
    assert!(err.contains("<script constraint>"), "{err}");
}

#[test]
fn indented_code_is_dedented() {
    let mut p = py();
    let code = "\n    if True:\n# a comment at column 0\n        print('in')\n\n    coccinelle.y = cocci.make_expr('0')\n";
    let ran = p.run("r", code, &[], &names(&["y"])).unwrap();
    assert_eq!(ran.printed, "in\n");
    assert_eq!(ran.outputs, vec![Some(Made::Expr("0".into()))]);
}

#[test]
fn odd_text_is_an_error_not_a_panic() {
    let mut p = py();
    // A lone surrogate cannot travel as UTF-8: the call fails, the host goes on.
    let err = p.run("r", "print('\\udce9')", &[], &[]).unwrap_err();
    assert!(err.contains("cannot be read"), "{err}");
    assert_eq!(p.run_plain("r", "print('é')").unwrap(), "é\n");
}

#[test]
fn usable_behind_a_mutex() {
    fn send<T: Send>() {}
    send::<Python>();
    let shared = std::sync::Mutex::new(py());
    std::thread::scope(|s| {
        for i in 0..4 {
            let shared = &shared;
            s.spawn(move || {
                let mut p = shared.lock().unwrap();
                let ran = p.run("r", "print(n)", &[text("n", &i.to_string())], &[]);
                assert_eq!(ran.unwrap().printed, format!("{i}\n"));
            });
        }
    });
}

#[test]
fn cocci_file_and_coccilib_modules() {
    let mut p = py();
    p.set_cocci_file("x.cocci").unwrap();
    let code = "
import coccinelle, coccilib.elems, coccilib.output
print(cocci.cocci_file)
print(coccilib.elems.Location.__name__, isinstance(cocci, coccilib.output.Output))
print(str(cocci.make_ident('i')))
";
    let ran = p.run("r", code, &[], &[]).unwrap();
    assert_eq!(ran.printed, "x.cocci\nLocation True\ni\n");
}

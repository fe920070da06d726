//! `sempatch review` in a real pseudo-terminal, typing keys.

mod common;

use rexpect::session::spawn_command;
use std::process::Command;

const RULE: &str = "@@\n@@\n- put_user_page\n+ unpin_user_page\n";

fn setup() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(d.join("r.cocci"), RULE).unwrap();
    std::fs::write(
        d.join("x.c"),
        "void a(void)\n{\n\tput_user_page(p);\n}\n\nvoid b(void)\n{\n\tput_user_page(q);\n}\n",
    )
    .unwrap();
    std::fs::write(d.join("y.c"), "void c(void)\n{\n\tput_user_page(r);\n}\n").unwrap();
    tmp
}

fn review_cmd(dir: &std::path::Path) -> Command {
    let mut c = Command::new(common::sempatch());
    c.args(["review", "r.cocci", "."])
        .current_dir(dir)
        .env("NO_COLOR", "1");
    // The `e` answer runs the editor on the hunk's new lines; this one edits them.
    c.env("EDITOR", "sed -i 's/(q)/(q, 0)/'")
        .env_remove("VISUAL");
    c
}

#[test]
fn yes_edit_no_then_a_rerun_asks_nothing() {
    let tmp = setup();
    let d = tmp.path();
    let mut p = spawn_command(review_cmd(d), Some(20_000)).unwrap();
    p.exp_string("x.c: a (rule").unwrap();
    p.exp_string("+\tunpin_user_page(p);").unwrap();
    p.exp_string("Apply this hunk [y,n,a,q,e,?]? ").unwrap();
    p.send_line("?").unwrap();
    p.exp_string("e - edit the new lines").unwrap();
    p.exp_string("Apply this hunk [y,n,a,q,e,?]? ").unwrap();
    p.send_line("y").unwrap();
    p.exp_string("x.c: b (rule").unwrap();
    p.exp_string("Apply this hunk [y,n,a,q,e,?]? ").unwrap();
    p.send_line("e").unwrap();
    p.exp_string("y.c: c (rule").unwrap();
    p.exp_string("Apply this hunk [y,n,a,q,e,?]? ").unwrap();
    p.send_line("n").unwrap();
    p.exp_string("1 accepted, 1 rejected, 1 edited; 1 file written")
        .unwrap();
    p.exp_eof().unwrap();
    assert_eq!(
        std::fs::read_to_string(d.join("x.c")).unwrap(),
        "void a(void)\n{\n\tunpin_user_page(p);\n}\n\nvoid b(void)\n{\n\tunpin_user_page(q, 0);\n}\n"
    );
    assert_eq!(
        std::fs::read_to_string(d.join("y.c")).unwrap(),
        "void c(void)\n{\n\tput_user_page(r);\n}\n"
    );
    let remembered = std::fs::read_to_string(d.join(".sempatch-review")).unwrap();
    assert!(
        remembered
            .lines()
            .any(|l| l.starts_with("reject ") && l.ends_with(" y.c")),
        "{remembered}"
    );

    // The rejected hunk is remembered: nothing is asked again.
    let mut p = spawn_command(review_cmd(d), Some(20_000)).unwrap();
    p.exp_string("0 accepted, 1 rejected, 0 edited; 0 files written")
        .unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn all_and_quit() {
    let tmp = setup();
    let d = tmp.path();
    let mut p = spawn_command(review_cmd(d), Some(20_000)).unwrap();
    p.exp_string("Apply this hunk [y,n,a,q,e,?]? ").unwrap();
    p.send_line("q").unwrap();
    p.exp_string("0 accepted, 3 rejected, 0 edited; 0 files written")
        .unwrap();
    p.exp_eof().unwrap();
    // Quitting remembers nothing: the next run asks again, and `a` takes everything.
    let mut p = spawn_command(review_cmd(d), Some(20_000)).unwrap();
    p.exp_string("Apply this hunk [y,n,a,q,e,?]? ").unwrap();
    p.send_line("a").unwrap();
    p.exp_string("3 accepted, 0 rejected, 0 edited; 2 files written")
        .unwrap();
    p.exp_eof().unwrap();
    assert!(std::fs::read_to_string(d.join("y.c"))
        .unwrap()
        .contains("unpin_user_page(r)"));
}

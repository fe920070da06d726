//! Prints the syntax tree sempatch's C front end (dialect layer included)
//! makes of a file or of `-e CODE`: for maintainers chasing a misparse.
//!
//! usage: cargo run --example cst -- FILE | -e 'C CODE'

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let text = match args.as_slice() {
        [flag, code] if flag == "-e" => code.clone().into_bytes(),
        [file] => std::fs::read(file).unwrap_or_else(|e| {
            eprintln!("cst: {file}: {e}");
            std::process::exit(2)
        }),
        _ => {
            eprintln!("usage: cst FILE | -e 'C CODE'");
            std::process::exit(2)
        }
    };
    let tree = sempatch::c::parse(&text);
    print_node(tree.root_node(), &text, 0, None);
}

fn print_node(n: tree_sitter::Node, text: &[u8], depth: usize, field: Option<&str>) {
    let mut line = format!(
        "{}{}",
        "  ".repeat(depth),
        field.map_or(String::new(), |f| format!("{f}: "))
    );
    line.push_str(n.kind());
    if n.child_count() == 0 {
        line.push_str(&format!(
            " {:?}",
            String::from_utf8_lossy(&text[n.byte_range()])
        ));
    }
    if n.is_error() || n.is_missing() {
        line.push_str("  <-- ERROR");
    }
    println!("{line}");
    let mut cur = n.walk();
    if cur.goto_first_child() {
        loop {
            print_node(cur.node(), text, depth + 1, cur.field_name());
            if !cur.goto_next_sibling() {
                break;
            }
        }
    }
}

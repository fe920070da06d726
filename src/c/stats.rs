//! Parse statistics: how many function definitions parse without an error node.

use tree_sitter::Node;

/// Counts for one or more files.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParseStats {
    pub files: usize,
    pub functions: usize,
    pub clean: usize,
    /// `(line, name)` of each function definition with a parse error.
    pub unclean: Vec<(usize, String)>,
}

impl ParseStats {
    /// Adds another file's counts.
    pub fn add(&mut self, other: ParseStats) {
        self.files += other.files;
        self.functions += other.functions;
        self.clean += other.clean;
    }

    /// Percentage of clean functions (100 when there are none).
    pub fn percent(&self) -> f64 {
        if self.functions == 0 {
            100.0
        } else {
            self.clean as f64 * 100.0 / self.functions as f64
        }
    }
}

/// Parses `text` and counts its function definitions.
pub fn file_stats(text: &[u8]) -> ParseStats {
    let tree = super::parse(text);
    let mut st = ParseStats {
        files: 1,
        ..Default::default()
    };
    let mut stack: Vec<Node> = vec![tree.root_node()];
    while let Some(n) = stack.pop() {
        if n.kind() == "function_definition" {
            st.functions += 1;
            if n.has_error() {
                let name = super::function_name(n, text).unwrap_or_else(|| "?".into());
                st.unclean.push((n.start_position().row + 1, name));
            } else {
                st.clean += 1;
            }
            continue;
        }
        if !n.has_error()
            && n.kind() != "translation_unit"
            && n.kind() != "ERROR"
            && !n.kind().starts_with("preproc")
        {
            continue;
        }
        let mut cur = n.walk();
        stack.extend(n.children(&mut cur));
    }
    st.unclean.sort();
    st
}

// Removing a statement removes what a nest inside it matched too: the
// nest's own removals are part of the larger one (they overlapped it, and
// the match was applied half: `if (...) {` went, its body and `}` stayed).
@@
expression E;
expression list args;
@@
- if (E) { <+... pr_debug(args); ...+> }

// Blank lines around removed lines, as spatch 1.1.1 leaves them (same
// output): in a block, a blank line before removed lines stays unless a
// closing brace follows, and of two blank lines around them one stays;
// declarations removed from the top of a block take the blank lines up to
// the brace; a removed top-level item takes the white space before it and
// leaves its line end, so one that opens the file leaves an empty line.
@@
@@
- b();

@@
identifier a;
@@
- int a;

@@
@@
- drop(...) { ... }

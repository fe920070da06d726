// A nest whose statement ends in a statement metavariable (`if (x == NULL)
// S`, which needs no `;`) is that one statement: the closing `...>` read
// as an empty statement after it made the nest look for two statements
// in a row, so iterators/itnull's patch found nothing. spatch 1.1.1
// removes the same test.
@@
iterator I;
expression x;
statement S;
@@
I(x,...) { <...
- if (x == NULL) S
  ...> }

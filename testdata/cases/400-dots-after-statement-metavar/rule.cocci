// `...` right after a statement metavariable, on one line, are dots
// among statements (the metavariable's statement ends before them).
@@
identifier fn;
expression ret;
statement S;
@@
- fn(...) { S ... return ret; }

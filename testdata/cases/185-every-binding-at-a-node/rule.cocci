// f(..., E, ...) binds E to every argument in turn: the enclosing call
// decides which one (spatch 1.1.1 gives the same diff).
@@
expression E;
@@
- g(f(..., E, ...), E);
+ h(E);

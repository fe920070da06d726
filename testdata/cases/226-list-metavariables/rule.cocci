// List metavariables of the other kinds: `parameter list[n]` binds the
// parameters before `int flags` and counts them, and the call sites drop
// the argument at that index; `statement list` takes a whole body and
// moves it into another function; `parameter p` is one parameter.
@def@
identifier fn;
parameter list[n] P;
identifier flags;
@@
fn(P
-  , int flags
   ) { ... }

@call@
identifier def.fn;
expression list[def.n] Es;
expression F;
@@
fn(Es
-  , F
   )

@body@
statement list ss;
@@
void legacy_init(void) {
- ss
+ modern_init();
}

@@
statement list body.ss;
@@
void modern_init(void) {
+ ss
  ...
}

@@
identifier f;
parameter p;
@@
- f(p) { return 0; }

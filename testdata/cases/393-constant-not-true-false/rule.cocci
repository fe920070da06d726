// `true` and `false` are identifiers to spatch, not constants: a
// `constant` metavariable does not bind them.
@@
type T;
constant C;
identifier ret;
@@
- T ret = C;
... when != ret
    when strict
return
- ret
+ C
;

// Code inside macro bodies: an expression or statements match where the
// body reads as C (a `do { … } while (0)` body too), edits keep the line
// continuations; a macro parameter is a local name. A body with `#` or
// `##` is not looked into (`--verbose` says so). spatch differs twice:
// it also rewrites STR's body (sempatch does not read a body with
// stringification or token pasting: it cannot tell what C it makes), and
// here it takes W and x for global names, where its own test
// localmacroparams takes a macro parameter for a local one (as sempatch).
@@
expression E;
@@
- sizeof(E)/sizeof(E[0])
+ ARRAY_SIZE(E)

@@
global idexpression x;
@@
- f(x)
+ isglobal(x)

@@
local idexpression x;
@@
- f(x)
+ islocal(x)

/// `<... when != S ...>` with S a statement metavariable: the nest may span
/// no statement, so a label followed by code stays (its gotos need it).
@@
identifier l,l1;
expression e;
statement S;
@@

-l:
<... when != S
l1:
...>
return e;

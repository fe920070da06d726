// A disjunction after `...` is decided at each node the dots reach: its
// first branch where it matches, a later one only where the first does
// not. From one `kfree(buf)`, the path through the `if` stops at the
// assignment (first branch, nothing shown), the path around it goes on to
// `return buf;` (second branch, shown). Before, the first branch matching
// anywhere after the same `kfree()` hid the second everywhere. In
// `*buf = 0;` two branches could match (`*E` and its `E`): one node, the
// earlier branch wins and nothing is shown. spatch 1.1.1 marks the same lines.
@r exists@
expression E, E2;
@@
kfree(E);
...
(
 E = E2
|
 *E
|
* E
)

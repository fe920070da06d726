// A braced initialiser alone is an initialiser-list pattern: it matches
// any list holding `.mode = E` (among other designators, in any order).
// The last element's missing comma stays missing: the comma before it
// is not taken. (spatch 1.1.1 also breaks the line before the third
// list's `}`; the tokens are the same.)
@@
expression E;
@@
{
- .mode = E,
+ MODE_INIT(E),
}

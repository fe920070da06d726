// `disable` of a name no isomorphism has is an error at the name, as in
// spatch ("invalid iso name"): a typo must not leave the isomorphism on.
@ disable is_nul @
expression x;
@@
- x == NULL
+ !x

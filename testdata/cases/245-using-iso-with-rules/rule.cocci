// An isomorphism file that defines isomorphisms is refused, naming the
// first one: sempatch applies only its built-in isomorphisms, and must
// not silently ignore others. spatch reads the file and applies it
// (rewriting both calls, as it also does without the file).
@r using "cast.iso"@
expression E;
@@
- free((void *)E);
+ kfree(E);

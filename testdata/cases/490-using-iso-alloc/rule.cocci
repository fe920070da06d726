// `using` a file whose entry is an Expression isomorphism: the rule's
// `kzalloc(E, F)` also matches `kmalloc(E, F | __GFP_ZERO)`, which is
// removed whole (the added call takes E and F as bound there). A call
// without the flag is left alone. spatch 1.1.1 gives the same diff.
@ using "alloc.iso" @
expression E, F;
@@
- kzalloc(E, F)
+ kvzalloc(E, F)

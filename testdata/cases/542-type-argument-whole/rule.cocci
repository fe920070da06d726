// A type metavariable given a macro's argument that is a type of several
// words (`struct mtd_info`, `typeof(*dev)`, `unsigned long`) binds all of
// it, as spatch 1.1.1 does, and the added code writes it back whole.
@@
type T;
identifier p;
expression m;
@@
- list_entry(p, T, m)
+ list_first_entry(p, T, m)

// A declarer with an attribute before its `;` (`DEFINE_STATS(a, b)
// __cold_attr;`, the attribute made one by `#define ... MACROANNOTATION`)
// is read as the declarer it is, and a rule that removes the attribute
// finds it there. spatch 1.1.1 gives the same.
@@
declarer name DEFINE_STATS;
attribute name __cold_attr;
@@
DEFINE_STATS(...)
- __cold_attr
;

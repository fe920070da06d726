// `using "file.iso"` (at the top, or in a rule header, several names
// separated by commas) is accepted when the file defines no isomorphism:
// it adds nothing, and the built-in isomorphisms still apply (`x == NULL`
// matches `!p`). spatch agrees.
using "none.iso"

@r using "none.iso", "none.iso"@
expression x;
@@
- check(x == NULL);
+ check_null(x);

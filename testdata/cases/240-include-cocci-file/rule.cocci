// `#include "file.cocci"` at the top reads that file's rules (and virtual
// lines) first, as if written there; the name is relative to this file's
// directory (then to the current directory). The rule below inherits
// from a rule of the included file. spatch agrees (run from this
// directory: spatch looks the name up in the current directory and its
// -I directories, not beside the including file).
#include "defs.cocci"

@depends on getter@
identifier getter.f;
@@
- old_call(f);
+ new_call(f);

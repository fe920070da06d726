// An error inside an included file names that file and its line. spatch
// refuses the file too (with its own parse error).
#include "bad.cocci"

@@
@@
- bar();

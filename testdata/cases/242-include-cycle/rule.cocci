// An include cycle is an error at the `#include` that closes it. spatch
// recurses until it runs out of file handles ("Too many open files").
#include "loop.cocci"

@@
@@
- bar();

// A missing included file is an error at its `#include`. spatch agrees
// ("File nowhere.cocci does not exist").
#include "nowhere.cocci"

@@
@@
- bar();

#include "rule.cocci"

@@
@@
- foo();

/// Only plain local variables: the argument must be an identifier.
@@
identifier p;
@@
- put_user_page(p)
+ unpin_user_page(p)

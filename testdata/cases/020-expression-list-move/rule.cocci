/// The mm argument moves from the front to the back of the list.
@@
expression MM;
expression list rest;
@@
- old_gup_remote(MM, rest)
+ new_gup_remote(rest, MM)

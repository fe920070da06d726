/// Whatever follows the mm, the locked variant becomes the unlocked one.
@@
expression MM;
@@
- get_user_pages_locked(MM, ...)
+ get_user_pages_unlocked(MM, ...)

/// The helper is gone: drop its prototype, whatever its parameters.
@@
type T;
@@
- T put_user_pages_dirty(...);

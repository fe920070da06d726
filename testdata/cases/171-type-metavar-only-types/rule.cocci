/// A type metavariable binds types only: a typedef of the file, a known
/// kernel type, `struct x` with its pointers; never a parameter, a local,
/// a name the file does not declare, or the type inside `offsetof()`.
@@
type T;
@@
- g_malloc0(sizeof(T))
+ g_new0(T, 1)

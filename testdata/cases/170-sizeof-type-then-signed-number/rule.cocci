/// Coccinelle's "double sizeof" rule: `sizeof(T)+2` is `sizeof(T) + 2` in C,
/// never `sizeof((T)+2)`; only a real `sizeof(sizeof(T))` changes.
@@
type T;
@@
- sizeof (
  sizeof (T)
- )

/// The "double sizeof" rule's expression twin: `sizeof(sizeof(int)+2)` and
/// `sizeof(struct resp)+2+len` hold no doubled sizeof and stay as they are.
@@
expression E;
@@
- sizeof (
  sizeof (E)
- )

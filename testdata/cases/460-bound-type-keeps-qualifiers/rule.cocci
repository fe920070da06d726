// A type metavariable bound by the cast is compared whole with the type
// of the value: `(struct buf *)p` is redundant only where `p` is no
// `const struct buf *`, also through a field of a const object.
// (`struct buf *E` written out would match both, as spatch does.)
@ disable drop_cast @
type T;
T E;
@@
- (T)
  E

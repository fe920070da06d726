// Added code after a nest may name what the nest bound: where the nest's
// matches agree that is their binding; where they do not, nothing is
// changed, with a note (the metavariable's name was written into the code).
// spatch 1.1.1 stops on this file ("already tagged token") and changes
// neither function.
@@
expression E;
@@
  lock(d);
  <...
  submit(E);
  ...>
- unlock(d);
+ unlock_flush(d, E);

// A nest after a removed statement: the nest's matches carried the
// enclosing match's ranges, so their edits ran from the removed statement
// over everything up to each nested match (and only conflicts kept them out).
@@
identifier buf;
expression E;
@@
- char *buf;
  ...
- legacy_init(buf);
  <...
- buf = E;
  ...>

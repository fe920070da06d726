// A comments metavariable attached to a token (`;@c`) binds the comments
// before, inside and after what the token matched (after: up to the next
// code, over line breaks); a Python script reads them as a tuple of
// objects with `before`, `middle` and `after` (each a string, one comment
// a line). Calls followed by a comment stay (one after a blank line
// too). spatch 1.1.1 prints the four `after` strings and removes the one
// `wmb();` without a comment after it.
@r@
comments c;
position p;
@@

wmb@p();@c

@script:python@
c << r.c;
p << r.p;
@@
print(repr(c[0].after))
if c[0].after:
    cocci.include_match(False)

@@
position r.p;
@@

- wmb@p();

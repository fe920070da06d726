// `tok@x` with `x` not a position binds `x` to the smallest code of its
// kind holding the token: `get_count(...)@E` the call (typed: only an
// unsigned one), `<@C` the comparison, `c@i` the name of a constant
// (spatch agrees).
@r@
unsigned int E;
expression C, v;
@@
  v = get_count(...)@E;
  ...
- v <@C 0
+ false

@@
constant c;
identifier i;
@@
- FLAGS_OF(c@i)
+ FLAGS_OF_NAMED(i)

// A test against NULL (`x == NULL`, `x != NULL`) also matches `!x` and
// `x` as a truth value (is_null, isnt_null1), but not where the file types
// x as an integer: `if (!i) continue;` in an iterator body that walks
// irq numbers skips irq 0 on purpose. spatch 1.1.1 removes it (as it did
// in kernel/irq/spurious.c with the kernel's iterators/itnull.cocci);
// sempatch removes only the pointer's test.
@@
iterator I;
expression x;
statement S;
@@
I(x, ...) { <...
(
- if (x == NULL) S
|
- if (x != NULL)
  S
)
...> }

// A counting loop over a bitmap becomes `for_each_set_bit`: the loop's
// head is replaced, its `{`, the `if` head inside and its `}` removed.
// The kept body goes where the removed `if` began (one level up), on a
// line of its own. spatch 1.1.1 prints the same.
@@
expression map, size;
identifier bit;
statement S;
iterator name for_each_set_bit;
@@
- for (bit = 0; bit < size; bit++)
+ for_each_set_bit(bit, map, size)
- {
-   if (test_bit(bit, map))
      S
- }

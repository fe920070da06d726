// `unsigned T` matches an unsigned type of several words, T binding the
// words after `unsigned` (`long long`, `long int`, `char`); a plain
// `unsigned` or a signed type is not such a type.
@@
type T;
identifier x;
@@

- unsigned T x;
+ T x;

// Where conditional compilation cuts through a statement of a function
// (`#ifdef` in the middle of `x = y ... ;`), spatch 1.1.1 reads the
// function's directives as comments: statements on either side of an
// `#endif` are then in a row, and removing both keeps the directives.
// In a function without such a cut, an `#endif` parts them.
@@
@@
- lock_hw();
- flush_hw();

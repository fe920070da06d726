/// A name a declaration declares is not an expression: the lone `x` (an
/// expression written without `;`) is not found in `struct page *x, *z;`,
/// only in `&x` (iterators/use_after_iter.cocci reported mm/hugetlb.c's
/// `struct page *page, *next;` as a use of `page`). spatch 1.1.1 gives the
/// same diff.
@exists@
@@
* x
...
mydev_sync();

// `...` among an initialiser's elements stands for elements; `static`
// and `const` the pattern leaves out are optional (optional_storage,
// optional_qualifier), and removing a whole definition removes them too
// (after spatch's api/simple_open.cocci; spatch agrees but for a blank
// line it leaves where the function was).
@open@
identifier open_f != simple_open;
identifier i, f;
@@
-int open_f(struct inode *i, struct file *f)
-{
-return 0;
-}

@depends on open@
identifier fops;
identifier open.open_f;
@@
struct file_operations fops = {
...,
-.open = open_f,
+.open = simple_open,
...
};

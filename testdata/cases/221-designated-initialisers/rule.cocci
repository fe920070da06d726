// The fields of a designated initialiser match in any order, among any
// others; `{ }` stands for any designated initialiser (spatch agrees;
// after the kernel's api/stream_open.cocci).
@fops@
identifier fops, openfunc, writefunc;
@@
  struct file_operations fops = {
      .write = writefunc,
      .open = openfunc,
  };

@any@
identifier f;
@@
  struct platform_driver f = { };

@depends on any@
identifier fops.openfunc;
@@
  openfunc(...) {
    <...
-   nonseekable_open
+   stream_open
    ...>
  }

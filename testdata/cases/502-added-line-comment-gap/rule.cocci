// A `//` comment after added code keeps the white space written before
// it in the semantic patch (a tab here), on a directive line too; a block
// comment goes against the code before it. spatch 1.1.1 prints the same.
@@
@@
  #include <linux/io.h>
+ #define PROBE_RETRIES	// how often probe tries again
+ static int retries;
@@
expression E;
@@
+ reset(E);		// start from a known state
+ clear(E);   /* and a clean slate */
  setup(E);

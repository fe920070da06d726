// A statement added after (or before) the unbraced body of an if, else or
// loop makes it a block: it landed outside the branch, and between if and
// else it did not compile.
@@
expression E;
@@
  E = request_irq(...);
+ irq_log(E);
  ... when != irq_log(E)

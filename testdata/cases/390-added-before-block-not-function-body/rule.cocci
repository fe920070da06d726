// Code added before a block's `{` cannot go before a function's body
// (it would land between the header and the `{`): function bodies are
// not matched, only block statements.
@@
expression E;
@@
+ prepare();
  {
  ...
  consume(E);
  ...
  }
// spatch 1.1.1 puts the added code inside the braces instead (at the
// start of the function's body, and of the `if`'s block): it attaches
// code added before `{` to the statements after it. Here the block of
// the `if` gets the code before it, wrapped in braces with it.

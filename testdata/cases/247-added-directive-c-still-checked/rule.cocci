// Added preprocessor lines are not read as C, but the C around them still
// is: the error is the call's missing `)`. spatch refuses the rule too.
@@
@@
  foo();
+ #ifdef DEBUG
+ trace(1;
+ #endif

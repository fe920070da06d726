/// Two matches that change the same code differently (`B(x)` would get
/// `F` = 1 and 2): neither is applied, never half of them; spatch stops
/// with "already tagged token".
@@
expression E, F;
@@
- A(F);
+ D(F);
  ... when any
- B(E);
+ C(E, F);

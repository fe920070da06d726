// The constant `0` also matches the character `'\0'`, one value as in
// spatch, but no other character (spatch agrees).
@@
expression E1, E2;
@@
- memset(E1, 0, E2);
+ memzero_explicit(E1, E2);

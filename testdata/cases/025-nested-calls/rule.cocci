@@
expression E1, E2;
@@
- ALIGN(E1, E2)
+ round_up(E1, E2)

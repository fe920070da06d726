// Constraints on expression metavariables: `!= {0, 1}` on the code's
// text, `=~` a regular expression over it (spatch agrees).
@@
expression E != {0, 1};
expression S =~ "^\"";
@@
- pr_info(S, E);
+ pr_debug(S, E);

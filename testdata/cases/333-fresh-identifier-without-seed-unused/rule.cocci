// A fresh identifier without a seed is accepted while the rule does not add
// it (spatch would ask for its name on the terminal when it does).
@@
statement S;
fresh identifier A;
@@
- if (unlikely(0)) S
+ S

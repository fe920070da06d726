// Tokens a - line and its + line share are removed and added back by
// spatch, printed anew: the kept commas get their space, a line break
// between kept tokens goes, and an expression list bound over several
// lines comes out on one line (broken again only where too long).
@@
expression a, b, c;
@@
- min(min(a, b), c)
+ min3(a, b, c)

@@
expression a;
expression list args;
@@
- foo_dbg(a,args);
+ dev_dbg(foo_to_dev(a),args);

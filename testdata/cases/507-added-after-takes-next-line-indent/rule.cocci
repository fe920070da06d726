// Lines added after a statement are indented as the next line of code is
// when that is as deep (eight spaces, or two spaces and a tab, after a
// tab) and follows directly, or when code is added before the statement
// too; else (past a blank line, before a `}`) as the statement. spatch
// 1.1.1 prints the same.
@@
expression T;
@@
+ lock_nodes(T);
  sort_nodes(T);
+ check_nodes(T);

@@
expression T;
@@
  flush_nodes(T);
+ check_nodes(T);

// A position bound inside a nest is kept for later rules, every one the
// nest found: here they keep error-code returns out of the second rule
// (the shape of Linux's scripts/coccinelle/misc/minmax.cocci). When nest
// bindings were dropped, the second rule changed every return.
@errcode@
position p;
identifier func;
expression x;
binary operator cmp = {<, <=};
@@
func(...)
{
	<...
	return ((x) cmp@p 0 ? (x) : 0);
	...>
}

@@
identifier func;
expression x, y;
binary operator cmp = {<, <=};
position p != errcode.p;
@@
func(...)
{
	<...
-	((x) cmp@p (y) ? (x) : (y))
+	min(x, y)
	...>
}

// Nothing marks the end of a case, so the statements a pattern gives a
// case are the first ones of its body (a `break;` may follow); and the
// declarations before a switch's first case are not on the way to its
// cases unless the pattern has some there (spatch).
@@
expression E;
statement S;
@@
switch (E) {
case CMD_RESET:
-	reset_hw();
+	reset_hw_locked();
case CMD_STOP:
	S
}

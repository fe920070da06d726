// `@p` on a line of its own attaches to the token the line before ends
// with, as the kernel's misc/of_table.cocci writes it (`}` then `@p1`,
// which was refused; indented, since `@` in column 0 opens a rule): here
// the `)` of the call. Same as spatch.
@r@
position p;
expression E;
@@
kfree(E)
	@p
;

@script:python@
p << r.p;
e << r.E;
@@
print("kfree(%s) ends at %s:%s" % (e, p[0].line, p[0].column))

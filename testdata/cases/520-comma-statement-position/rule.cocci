// `,@S@p`: `S` binds the statement holding the comma and `p`, after it,
// the position of that statement (a position after another metavariable
// applies to that metavariable's code). The second rule's expression,
// written without `;`, matches at each of the statement's commas, so both
// become `;`. spatch 1.1.1 turns both commas of the chain into `;`.
@r@
expression e1, e2;
statement S;
position p;
@@

e1 ,@S@p e2;

@@
expression e1, e2;
statement S;
position r.p;
@@

e1
-,@S@p
+;
e2
... when any

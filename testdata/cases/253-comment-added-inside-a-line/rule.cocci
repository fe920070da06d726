// A comment on a `+` line of its own, added inside a line of the source
// (before the `;`): on a line of its own, indented twice as deep as the
// line, and the `;` after a `//` comment on the next line. Same as spatch
// 1.3.1 (Coccinelle's test addcomm); spatch 1.1.1 indents the block
// comment once and puts the `;` after the `//` comment, in it.
@@
@@
 foo()
+ // something
 ;

@@
@@
 xxx()
+ /* something */
 ;

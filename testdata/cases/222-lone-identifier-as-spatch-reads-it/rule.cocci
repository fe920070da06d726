// A rule whose code is one identifier changes it where spatch does: uses,
// initialisers, EXPORT_SYMBOL() arguments (and variables' declarations,
// macro bodies and type names, as in Coccinelle's own tests), but not the
// name a function declarator or a parameter declares. `@r everywhere@`
// (this project's extension, a header spatch rejects) renames every
// occurrence instead (cases 001-009).
@@
@@
- put_user_page
+ unpin_user_page

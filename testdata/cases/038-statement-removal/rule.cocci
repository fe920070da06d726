/// Remove the leftover page dumps from the debug build.
@@
expression P, MSG;
@@
- dump_page(P, MSG);

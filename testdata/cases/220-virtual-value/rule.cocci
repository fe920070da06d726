// `identifier virtual.ns` is the value of `-D ns=...`: the case runs with
// none, so the rule reading it does not run and nothing changes, as in
// spatch (the CLI tests give it a value).
virtual nsdeps

@depends on nsdeps@
declarer name MODULE_LICENSE;
expression license;
identifier virtual.ns;
@@
MODULE_LICENSE(license);
+ MODULE_IMPORT_NS(ns);

// A script constraint runs even when the semantic patch has no script
// rule of its own (it used to match nothing, for want of a host).
@@
identifier f : script:python() { f.startswith("legacy_") };
expression E;
@@
- f(E)
+ modern_call(E)

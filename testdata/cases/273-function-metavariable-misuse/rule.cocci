// A `function` metavariable in matched code names a function definition
// and nothing else: spatch 1.1.1 stops with "MetaFunc, need more semantic
// info about id" on a call such as this one; sempatch rejects the rule.
@@
function f;
@@
- f(...);

// `Ps@Es`, a parameter list with an expression list attached: `Es` binds
// the names the parameters declare, an argument list for them (the
// manual's example). spatch 1.1.1 adds `trace_call(dev, len, flags);`
// and `trace_call(hw);`.
@@
identifier fn;
parameter list Ps;
expression list Es;
@@

fn(Ps@Es) {
+ trace_call(Es);
  ...
}

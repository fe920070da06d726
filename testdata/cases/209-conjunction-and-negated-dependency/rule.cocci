// A test repeated in one condition (`a || ... || a`) is flagged unless
// the repeated expression has a side effect. `( A & B )` in column 0 is a
// conjunction: the code A matched must match B too. `depends on !bad`
// is decided per environment: `bad` matched for `x++`, which keeps that
// match out, not the other ones. `*` shows whole lines, as spatch does.
@r@
expression E;
position p;
@@
(
 E@p || ... || E
|
 E@p && ... && E
)

@bad@
expression r.E, e1, fn;
position r.p;
@@
(
 E@p
&
 <+... \(fn(...)\|e1++\|e1--\) ...+>
)

@depends on !bad@
expression r.E;
position r.p;
@@
* E@p

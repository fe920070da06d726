// A nest followed by an operator is an operand, though it starts the
// rule (spatch needs the `expression` hint to read it so).
@expression@
@@
  <+... readl(...) ...+>
- +
+ |
  <+... FLAG ...+>

// A rule inheriting from a rule that did not match still runs when only
// some branches of its disjunction name the inherited metavariables:
// those branches match nothing, the others match as usual (spatch).
// Here `legacy` never matches, so only the second branch can match
// (with a legacy_flush() in the file, the first would remove it).
@legacy@
position p;
@@
legacy_flush@p();

@@
position legacy.p;
identifier f;
@@
(
- f@p();
|
- flush_cache();
+ flush_all();
)

// Scripts see the extent of a position's current element (the top-level
// item holding it): current_element_line, _column, _line_end, _column_end.
// (spatch 1.1.1 prints the same two lines, rx_open's first.)
@r@
identifier fn;
position p;
@@
fn@p(...);

@script:python@
fn << r.fn;
p << r.p;
@@
print("%s %s %s:%s-%s:%s" % (fn, p[0].current_element, p[0].current_element_line,
      p[0].current_element_column, p[0].current_element_line_end,
      p[0].current_element_column_end))

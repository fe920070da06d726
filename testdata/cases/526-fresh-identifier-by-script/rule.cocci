// A fresh identifier whose name a script makes (`= script:python(x, r.y)
// { ... }`): the script runs once per match, in declaration order, with
// its parameters bound (an inherited `r.y` among them), and the name is
// the same wherever the added code uses it. spatch 1.1.1 gives
// `tmp_len1` and `tmp_len_buf2` in the first function and `tmp_count3`
// and `tmp_count_buf4` in the second.
@initialize:python@
@@
seq = 0

def make_name(*parts):
    global seq
    seq += 1
    return "tmp_" + "_".join(parts) + str(seq)

@r@
identifier buf;
@@
  fill(buf, ...);

@@
identifier n;
fresh identifier t = script:python(n) { make_name(n) };
fresh identifier u = script:python(n, r.buf) { make_name(n, buf) };
@@
- consume(n);
+ int t = n, u = 0;
+ consume(t + u);

@r@
identifier fn =~ "^put_user_page";
@@
 fn(...)

@@
identifier r.fn;
fresh identifier nfn;
@@
- fn
+ nfn

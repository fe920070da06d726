@@
expression P, SZ, GFP;
@@
- P = kmalloc(SZ, GFP);
- memset(P, 0, SZ);
+ P = kzalloc(SZ, GFP);

// A `field` metavariable between dots stands for one whole member
// declaration, its `;` included. spatch 1.1.1 removes `struct list_head
// node;` from `struct item` (the script keeps only fields named `node`).
@r@
field f;
identifier s;
position p;
@@

struct s { ...
  f@p
  ...
};

@script:python@
f << r.f;
@@
if "node" not in f:
    cocci.include_match(False)

@@
field r.f;
identifier r.s;
position r.p;
@@

struct s { ...
- f@p
  ...
};

// A bare type pattern replaces uses of a typedef name, not the name the
// typedef itself declares; `typedef T1 { ... } T2;` binds T1 to the
// struct's own `struct tag`. A rule that `extends` another may declare
// typed metavariables with its types (`T *s;`).
@r@
type T1, T2;
@@

typedef T1 { ... } T2;

@@
type r.T1, r.T2;
@@

- T2
+ T1

@pool@
type T;
@@

T { ...
    int users;
    ...
};

@t extends pool@
T *s;
@@

- s->users++;
+ atomic_inc(&s->uses);

// `T { ... };` binds T to the struct a definition of its own names
// (`struct tag`) or to the one name a typedef gives it; a struct that
// declares variables, or sits in another, is not such a definition.
// Without its `;` (rule `tagged`), any definition with a tag matches, T
// binding `struct tag`.
@r@
type T;
identifier lock;
@@

T { ...
    struct mutex lock;
    ...
};

@@
type r.T;
identifier r.lock;
T *x;
@@

- mutex_lock(&x->lock);
+ guard_lock(&x->lock);

@tagged@
type T;
@@

T { ...
    spinlock_t slock;
    ...
}

@@
type tagged.T;
T *x;
@@

- spin_lock(&x->slock);
+ guard_spin(&x->slock);

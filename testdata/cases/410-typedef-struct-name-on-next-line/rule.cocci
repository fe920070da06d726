// A typedef'd struct whose name follows its `}` on a later line; and a
// name declared with `typedef` in one rule is a type in the rules after
// it too (spatch's declaration lasts).
@@
@@
typedef struct {
  ...
- int legacy_mode;
  ...
}
- dev_cfg_t
+ dev_config
  ;

@@
typedef dev_cfg_t;
@@
- sizeof(dev_cfg_t)
+ sizeof(dev_config)

@@
dev_cfg_t *c;
@@
- c->legacy_mode
+ 0

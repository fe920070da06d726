// A macro whose body is a base type (`#define REGTYPE unsigned int`) names
// that type: a variable declared with it has it, as spatch reads it.
@@
unsigned int v;
expression addr;
@@
- raw_write(v, addr);
+ raw_write32(v, addr);

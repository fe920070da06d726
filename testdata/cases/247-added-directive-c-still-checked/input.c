void f(void) { foo(); }

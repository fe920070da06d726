void f(void) { bar(); }

void f(void) {
  volatile const int i;
  const volatile int j;
  int volatile const k;
  const int volatile l;
  static volatile const int m;
}

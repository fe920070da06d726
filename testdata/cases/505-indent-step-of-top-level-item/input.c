typedef unsigned long flags_t;

static int setup(int x) {
  if (x) {
    start(x);
  }
  return 0;
}

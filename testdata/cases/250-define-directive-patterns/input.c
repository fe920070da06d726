#define foo (3 + 4)
#define chip_t pmac_t
#define chip_u 3
#define p a->b + 1
#define p (c)

static int f(pmac_t *chip);

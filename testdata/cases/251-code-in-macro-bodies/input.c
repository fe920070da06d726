#define N (sizeof(tab)/sizeof(tab[0]))
#define LOOP(W)                                          \
do {                                                     \
	for (i = 0; i < sizeof(t)/sizeof(t[0]); i++)     \
		f(W);                                    \
} while (0)
#define CALL(x) f(x)
#define GLOBAL(x) f(y)
#define STR(a) #a, sizeof(a)/sizeof(a[0])

typedef struct snd_x snd_x_t;
#define chip_t snd_x_t
#define other counter
#define third unsigned int
int counter;

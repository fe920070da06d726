#define __cold_attr MACROANNOTATION

DEFINE_STATS(rx_stats, 16) __cold_attr;
DEFINE_STATS(tx_stats, 16);

#include "internal.h"
#include <linux/module.h>

static int count;

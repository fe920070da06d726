#include <linux/module.h>
#include <linux/device.h>
#ifdef CONFIG_FOO_DEBUG
#include <linux/debugfs.h>
#endif
#include <asm/old_io.h>
#include "foo.h"

static int foo_count;

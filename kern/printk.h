#ifndef KERN_PRINTK_H
#define KERN_PRINTK_H

#include "kern/arch.h"

/* Kernel log (the serial console, or the runner's log file). */
__attribute__((format(printf, 1, 2))) void kprintf(const char *fmt, ...);
/* Formatted output to any channel. */
__attribute__((format(printf, 2, 3))) void cprintf(enum console_channel ch, const char *fmt, ...);

#endif

#ifndef KERN_CMDLINE_H
#define KERN_CMDLINE_H
#include <stddef.h>
/* The value of name=value in the kernel command line, copied into buf; NULL if absent. */
const char *cmdline_get(const char *cmdline, const char *name, char *buf, size_t size);
#endif

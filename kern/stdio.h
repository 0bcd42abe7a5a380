/*
 * The first process's standard streams.  There is no file system yet: fd 0
 * reads the runner's stdin file from the initramfs (or is empty), fds 1 and
 * 2 go to the console channels.  Each stream reports the kind of file the
 * host had there (terminal, /dev/null, pipe or regular file), so buffering
 * and fstat() agree with running the program natively.
 */
#ifndef KERN_STDIO_H
#define KERN_STDIO_H

#include <stdbool.h>
#include <stddef.h>

enum stdio_kind { SK_TTY, SK_NULL, SK_PIPE, SK_FILE };

void stdio_configure(const char *cmdline, const void *stdin_data, size_t stdin_len);

#endif

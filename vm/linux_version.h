/*
 * Which Linux Faultline follows.  Linux is the specification of everything
 * a program can see, and Linux changes between versions: where the versions
 * the project is tested against behave differently, Faultline does what the
 * chosen one does.  The runner chooses with fl.linux=MAJOR.MINOR on the
 * kernel command line (the differential tests pass the oracle's version:
 * the host's kernel on x86-64, Debian 12's 6.1 on arm64).
 *
 * Two behaviours are modelled, each site naming what differs: Linux 6.1
 * (LINUX_6_1) and current Linux (6.18, the default).  Versions in between
 * count as current when 6.17 or later (multi-region mremap arrived in
 * 6.17), else as 6.1: the project has no oracle for them to check against.
 */
#ifndef VM_LINUX_VERSION_H
#define VM_LINUX_VERSION_H

#include <stdbool.h>

#define LINUX_6_1	601
#define LINUX_CURRENT	618

extern unsigned linux_version;		/* LINUX_6_1 or LINUX_CURRENT */

/* Set from "MAJOR.MINOR[...]"; false (nothing changed) if it does not parse. */
bool linux_version_set(const char *text);
/* The Linux 6.1 behaviour applies. */
static inline bool linux_6_1(void) { return linux_version == LINUX_6_1; }

#endif

#ifndef ARCH_X86_64_FPU_H
#define ARCH_X86_64_FPU_H

#include <stdbool.h>
#include <stdint.h>

#define FPU_AREA_MAX 4096	/* XSAVE areas are at most this big for the features we enable */

extern bool fpu_have_xsave;
extern uint32_t fpu_size;	/* bytes of state */
extern uint64_t fpu_mask;	/* XCR0 */

void fpu_setup(void);
void fpu_save(void *area);		/* area 64-byte aligned, fpu_size bytes */
void fpu_restore(const void *area);	/* area must be sanitized if it came from user space */
void fpu_sanitize(void *area);		/* make an image safe to load (no #GP in the kernel) */
void fpu_init_state(void *area);	/* the state a new program starts with */

#endif

/*
 * User FPU/SSE/AVX state.  The kernel itself never touches these registers
 * (it is built with -mgeneral-regs-only), so they hold the current process's
 * state from its entry into the kernel until it is switched out or a signal
 * frame is built: then XSAVE (or FXSAVE) saves them.
 */
#include <machine/cpufunc.h>
#include "arch/x86_64/fpu.h"
#include "lib/string.h"

bool fpu_have_xsave;
uint32_t fpu_size = 512;
uint64_t fpu_mask;
static uint32_t mxcsr_mask = 0xffbf;

void fpu_setup(void)
{
	uint32_t r[4];
	uint8_t area[512] __attribute__((aligned(64)));

	cpuid(1, 0, r);
	fpu_have_xsave = r[2] & (1u << 26);
	if (fpu_have_xsave) {
		uint32_t lo, hi;
		__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
		fpu_mask = (uint64_t)hi << 32 | lo;
		cpuid(0xd, 0, r);
		fpu_size = r[1];		/* for the features enabled in XCR0 */
	}
	memset(area, 0, sizeof(area));
	__asm__ volatile("fxsave64 %0" : "=m"(area));
	memcpy(&mxcsr_mask, area + 28, 4);
	if (!mxcsr_mask)
		mxcsr_mask = 0xffbf;
}

void fpu_save(void *area)
{
	if (fpu_have_xsave)
		__asm__ volatile("xsave64 (%0)" :: "r"(area), "a"((uint32_t)fpu_mask),
				 "d"((uint32_t)(fpu_mask >> 32)) : "memory");
	else
		__asm__ volatile("fxsave64 (%0)" :: "r"(area) : "memory");
}

void fpu_restore(const void *area)
{
	if (fpu_have_xsave)
		__asm__ volatile("xrstor64 (%0)" :: "r"(area), "a"((uint32_t)fpu_mask),
				 "d"((uint32_t)(fpu_mask >> 32)) : "memory");
	else
		__asm__ volatile("fxrstor64 (%0)" :: "r"(area) : "memory");
}

void fpu_sanitize(void *buf)
{
	uint8_t *area = buf;
	uint32_t mxcsr;

	memcpy(&mxcsr, area + 24, 4);
	mxcsr &= mxcsr_mask;
	memcpy(area + 24, &mxcsr, 4);
	if (fpu_have_xsave) {
		uint64_t xstate_bv;
		memcpy(&xstate_bv, area + 512, 8);
		xstate_bv &= fpu_mask;
		memset(area + 512, 0, 64);	/* header: standard form, reserved zero */
		memcpy(area + 512, &xstate_bv, 8);
	}
}

void fpu_init_state(void *buf)
{
	uint8_t *area = buf;
	uint16_t fcw = 0x37f;
	uint32_t mxcsr = 0x1f80;

	memset(area, 0, fpu_size);		/* XSTATE_BV 0: every component in its initial state */
	memcpy(area, &fcw, 2);
	memcpy(area + 24, &mxcsr, 4);
}

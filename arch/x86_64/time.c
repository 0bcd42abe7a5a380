/*
 * Time from the TSC, calibrated once against the PIT; wall-clock time from
 * the CMOS real-time clock read at boot.
 */
#include <machine/cpufunc.h>
#include "arch/x86_64/x86.h"
#include "kern/arch.h"

static uint64_t tsc_boot, tsc_khz, realtime_boot_ns;

/* Count TSC ticks over 10 ms of PIT channel 2 (gate through port 0x61). */
static uint64_t measure_tsc_khz(void)
{
	const uint16_t count = 11932;		/* 1193182 Hz * 10 ms */
	uint64_t t0, t1;

	outb(0x61, (inb(0x61) & ~0x02) | 0x01);	/* gate on, speaker off */
	outb(0x43, 0xb0);			/* channel 2, lobyte/hibyte, mode 0 */
	outb(0x42, count & 0xff);
	outb(0x42, count >> 8);
	t0 = rdtsc();
	while (!(inb(0x61) & 0x20))
		;
	t1 = rdtsc();
	return (t1 - t0) / 10;
}

static uint8_t cmos(uint8_t reg)
{
	outb(0x70, reg);
	return inb(0x71);
}

static unsigned bcd(uint8_t v, bool binary) { return binary ? v : (v >> 4) * 10 + (v & 0xf); }

static uint64_t days_from_civil(int y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (uint64_t)(era * 146097 + (int)doe - 719468);
}

static uint64_t read_rtc_ns(void)
{
	while (cmos(0x0a) & 0x80)		/* update in progress */
		;
	bool binary = cmos(0x0b) & 0x04;
	unsigned s = bcd(cmos(0x00), binary), mi = bcd(cmos(0x02), binary), h = bcd(cmos(0x04), binary);
	unsigned d = bcd(cmos(0x07), binary), mo = bcd(cmos(0x08), binary), y = bcd(cmos(0x09), binary);
	uint64_t days = days_from_civil(2000 + (int)y, mo, d);
	return ((days * 24 + h) * 60 + mi) * 60 + s;
}

void tsc_calibrate(void)
{
	tsc_khz = measure_tsc_khz();
	if (tsc_khz == 0)
		tsc_khz = 1000000;
	realtime_boot_ns = read_rtc_ns() * 1000000000ull;
	tsc_boot = rdtsc();
}

uint64_t arch_time_ns(void)
{
	uint64_t ticks = rdtsc() - tsc_boot;
	return ticks / tsc_khz * 1000000 + ticks % tsc_khz * 1000000 / tsc_khz;
}

uint64_t arch_realtime_boot_ns(void) { return realtime_boot_ns; }
uint64_t arch_cycles(void) { return rdtsc(); }

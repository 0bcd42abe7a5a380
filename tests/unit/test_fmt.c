/*
 * Unit tests for lib/fmt.c: every result is compared with the host glibc's
 * vsnprintf, both for hand-picked cases and for random specs.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "lib/fmt.h"

#define BUF 512

/*
 * ASan's printf interceptor complains (once) about specs like "%5%" that
 * glibc accepts. It only checks glibc's side of each comparison; fmt.c is
 * instrumented itself, so nothing is lost by turning it off.
 */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "check_printf=0";
}

static uint64_t rng_state;

static uint64_t rnd64(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static unsigned rnd(unsigned n)
{
	return (unsigned)((rnd64() >> 11) % n);
}

/*
 * Format with glibc and with fmt_vsnprintf and insist on the same return
 * value and the same bytes (compared as memory: %c may produce a NUL), with
 * bytes after the terminator left alone. size may be less than the output
 * to test truncation.
 */
static void vcompare(const char *file, int line, size_t size, const char *fmt, va_list ap)
{
	char want[BUF], got[BUF];
	va_list ap2;
	int wn, gn;

	memset(want, 0x5a, sizeof(want));
	memset(got, 0x5a, sizeof(got));
	va_copy(ap2, ap);
	wn = vsnprintf(want, size, fmt, ap);
	gn = fmt_vsnprintf(got, size, fmt, ap2);
	va_end(ap2);
	if (wn != gn || memcmp(want, got, sizeof(want)) != 0) {
		print_error("%s:%d: format \"%s\" size %zu: glibc %d \"%.*s\", fmt %d \"%.*s\"\n",
			    file, line, fmt, size, wn, (int)sizeof(want), want,
			    gn, (int)sizeof(got), got);
		fail();
	}
}

/* Checked by the compiler like printf, so test arguments cannot be the wrong type. */
__attribute__((format(printf, 3, 4)))
static void compare(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vcompare(file, line, BUF, fmt, ap);
	va_end(ap);
}

/* Not format-checked: for flag combinations GCC rightly calls odd but glibc defines. */
static void compare_odd(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vcompare(file, line, BUF, fmt, ap);
	va_end(ap);
}

static void compare_sized(const char *file, int line, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vcompare(file, line, size, fmt, ap);
	va_end(ap);
}

#define CHECK(...)	compare(__FILE__, __LINE__, __VA_ARGS__)
#define CHECK_ODD(...)	compare_odd(__FILE__, __LINE__, __VA_ARGS__)

/* Hidden from the optimiser so GCC does not warn about a known NULL %s. */
static const char *volatile null_str;
static void *volatile null_ptr;

static void test_plain(void **state)
{
	(void)state;
	CHECK_ODD("");
	CHECK("hello, world\n");
	CHECK("100%%");
	CHECK("%%%%%%");
	CHECK("a%cb", 'x');
	CHECK("%s|%s|%s", "one", "", "three");
}

static void test_signed(void **state)
{
	(void)state;
	CHECK("%d %i %d %d", 0, 42, -42, INT_MAX);
	CHECK("%d", INT_MIN);
	CHECK("%ld %ld", LONG_MAX, LONG_MIN);
	CHECK("%lld %lld", LLONG_MAX, LLONG_MIN);
	CHECK("%jd %jd", INTMAX_MAX, INTMAX_MIN);
	CHECK("%zd %zd", (ptrdiff_t)-5, (ptrdiff_t)PTRDIFF_MAX);
	CHECK("%td %td", (ptrdiff_t)-1, (ptrdiff_t)PTRDIFF_MIN);
	CHECK("%hd %hd %hd", 32767, -32768, 70000);
	CHECK("%hhd %hhd %hhd %hhd", 127, -128, 300, 200);
	CHECK("%+d %+d %+d", 5, -5, 0);
	CHECK("% d % d % d", 5, -5, 0);
	CHECK_ODD("%+ d % +d", 5, 5);
	CHECK_ODD("[%5d] [%-5d] [%05d] [%-05d]", 42, 42, 42, 42);
	CHECK("[%5d] [%-5d] [%05d] [%+05d] [% 05d]", -42, -42, -42, 42, 42);
	CHECK("[%.3d] [%.3d] [%.0d] [%.0d] [%5.0d] [%-5.0d]", 7, -7, 0, 1, 0, 0);
	CHECK_ODD("[%8.3d] [%-8.3d] [%08.3d] [%+.3d]", -7, -7, -7, 7);
	CHECK("[%1d] [%2d]", 123, -123);
}

static void test_unsigned(void **state)
{
	(void)state;
	CHECK("%u %u %u", 0u, 42u, UINT_MAX);
	CHECK("%lu %llu %zu %ju", ULONG_MAX, ULLONG_MAX, SIZE_MAX, UINTMAX_MAX);
	CHECK("%tu", (size_t)PTRDIFF_MAX);
	CHECK("%hu %hhu %hhu", 70000, 300, 255);
	CHECK("%x %X %x %X", 0xdeadbeefu, 0xdeadbeefu, 0u, 255u);
	CHECK("%o %o %o", 0u, 8u, 0777u);
	CHECK("%lx %llX %lo", ULONG_MAX, ULLONG_MAX, ULONG_MAX);
	CHECK("%hx %hhx %hho", 0x12345, 0x1ff, 0x1ff);
	CHECK("[%#x] [%#X] [%#x] [%#o] [%#o]", 255u, 255u, 0u, 8u, 0u);
	CHECK("[%#.0x] [%#.0o] [%.0o] [%#5.0o] [%#.3o] [%#.3o]", 0u, 0u, 0u, 0u, 8u, 0777u);
	CHECK_ODD("[%#08x] [%#-8x] [%#8x] [%08x] [%#010.4x]", 0x12u, 0x12u, 0x12u, 0x12u, 0x12u);
	CHECK("[%#lx] [%#llo]", 0x8000000000000000ul, 0x8000000000000000ull);
	CHECK("[%10u] [%-10u] [%010u] [%.10u]", 123u, 123u, 123u, 123u);
}

static void test_star(void **state)
{
	(void)state;
	CHECK("[%*d]", 6, 42);
	CHECK("[%*d]", -6, 42);
	CHECK("[%-*d]", -6, 42);
	CHECK("[%.*d]", 4, 42);
	CHECK("[%.*d]", -4, 42);
	CHECK("[%.*d]", 0, 0);
	CHECK("[%0*d]", 6, -42);
	CHECK_ODD("[%0*.*d]", 8, -1, 42);
	CHECK("[%*.*s]", 8, 3, "abcdef");
	CHECK("[%-*.*s]", 8, 3, "abcdef");
	CHECK("[%*c]", -3, 'z');
}

static void test_char_string(void **state)
{
	(void)state;
	CHECK("[%c] [%3c] [%-3c]", 'a', 'b', 'c');
	CHECK("[%c]", 0x141);		/* converted to unsigned char */
	CHECK("[%c] [%c]", 0, 0xff);
	CHECK("[%s] [%8s] [%-8s] [%.2s] [%8.2s] [%.0s] [%.10s]",
	      "abc", "abc", "abc", "abc", "abc", "abc", "abc");
	CHECK("[%s]", null_str);
	CHECK("[%10s] [%-10s]", null_str, null_str);
	/* glibc prints nothing for a NULL %s whose precision cannot fit "(null)". */
	CHECK("[%.5s] [%.6s] [%.7s] [%10.3s] [%.0s]", null_str, null_str, null_str, null_str, null_str);
	CHECK("[%.*s]", 3, "a");	/* precision beyond the string is fine */
	CHECK_ODD("[%05s] [%05c] [%+s] [% s] [%#s]", "ab", 'x', "ab", "ab", "ab");
	CHECK_ODD("[%05s]", null_str);
}

static void test_pointer(void **state)
{
	void *p = (void *)(uintptr_t)0x1234;
	void *hi = (void *)(uintptr_t)0xffff800000001000ull;

	(void)state;
	CHECK("%p %p %p", p, hi, null_ptr);
	CHECK("[%20p] [%-20p] [%20p] [%-20p]", p, p, null_ptr, null_ptr);
	CHECK_ODD("[%.8p] [%.3p] [%.0p] [%.0p]", p, null_ptr, p, null_ptr);
	CHECK_ODD("[%020p] [%020p] [%+p] [% p] [%#p] [%+p]", p, null_ptr, p, p, p, null_ptr);
	CHECK_ODD("[%+020p] [% 20p] [%-+20p] [%08.6p]", p, p, p, p);
}

/* glibc's choices where the spec ends oddly or makes no sense. */
static void test_odd_specs(void **state)
{
	(void)state;
	CHECK_ODD("[%5%] [%-5%] [%05%] [%ll%] [%.3%]");
	CHECK_ODD("[%#d] [%#i]", 5, -5);
	CHECK_ODD("[%+u] [% u] [%+x] [% o] [%+#x]", 5u, 5u, 5u, 5u, 255u);
}

/*
 * A spec cut off by the end of the string: glibc fails with -1 (EINVAL),
 * which is no use to a kernel, so fmt prints what came before and stops,
 * without reading past the terminator (ASan would see that).
 */
static void test_unterminated_spec(void **state)
{
	static const char *const fmts[] = { "abc%", "abc%-5", "abc%.*", "abc%ll" };
	char buf[16];

	(void)state;
	for (size_t i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		size_t n = strlen(fmts[i]) + 1;
		char *f = test_malloc(n);	/* exact size, so over-reading is caught */
		const char *volatile fv = f;

		memcpy(f, fmts[i], n);
		assert_int_equal(fmt_snprintf(buf, sizeof(buf), fv, 3), 3);
		assert_string_equal(buf, "abc");
		test_free(f);
	}
}

/* Output longer than the buffer: the return value is the full length, the buffer is cut and terminated. */
static void test_truncation(void **state)
{
	(void)state;
	for (size_t size = 0; size < 24; size++) {
		compare_sized(__FILE__, __LINE__, size, "%s-%d-%#x", "truncate", -12345, 0xabcu);
		compare_sized(__FILE__, __LINE__, size, "%10s|%-6d|", "ab", 7);
	}
	/* size 0 must not touch the buffer; NULL makes ASan prove it. */
	assert_int_equal(fmt_snprintf(NULL, 0, "%d", 12345), 5);
}

struct sink {
	char buf[64];
	int n;
};

static void sink_emit(char c, void *arg)
{
	struct sink *s = arg;

	if (s->n < (int)sizeof(s->buf))
		s->buf[s->n] = c;
	s->n++;
}

static int sink_format(struct sink *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vformat(sink_emit, s, fmt, ap);
	va_end(ap);
	return n;
}

static void test_vformat(void **state)
{
	struct sink s = { .n = 0 };
	int n;

	(void)state;
	n = sink_format(&s, "x=%d %s%c", 12, "ok", '\0');
	/* The NUL from %c is a character like any other; no terminator is added. */
	assert_int_equal(n, 8);
	assert_int_equal(s.n, 8);
	assert_memory_equal(s.buf, "x=12 ok\0", 8);
}

/* -------- randomized comparison -------- */

enum argkind {
	A_INT, A_UINT, A_LONG, A_ULONG, A_LLONG, A_ULLONG,
	A_SSIZE, A_SIZE, A_PTRDIFF, A_INTMAX, A_UINTMAX, A_STR, A_PTR, A_NONE,
};

static const char *const str_pool[] = {
	"", "a", "hello", "hello, world", "0123456789abcdefghijklmnopqrstuvwxyz", "tab\there",
};

/* Mostly numbers near interesting boundaries, sometimes anything. */
static uint64_t random_value(void)
{
	static const uint64_t special[] = {
		0, 1, 7, 8, 9, 10, 15, 16, 255, 256, 0x7f, 0x80, 0x7fff, 0x8000, 0xffff,
		0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull,
		0x7fffffffffffffffull, 0x8000000000000000ull, UINT64_MAX,
	};

	switch (rnd(4)) {
	case 0:
		return special[rnd(sizeof(special) / sizeof(special[0]))];
	case 1:
		return -special[rnd(sizeof(special) / sizeof(special[0]))];
	case 2:
		return rnd64() >> rnd(64);	/* any magnitude */
	default:
		return rnd64();
	}
}

static void append(char **p, const char *s)
{
	while (*s)
		*(*p)++ = *s++;
}

static void append_num(char **p, unsigned v)
{
	char tmp[16];

	snprintf(tmp, sizeof(tmp), "%u", v);
	append(p, tmp);
}

/* Call compare_odd with the star arguments the spec asked for, then the value. */
#define RUN_WITH(...)							\
	do {								\
		if (wstar && pstar)					\
			compare_odd(__FILE__, __LINE__, fmt, w, pr, __VA_ARGS__); \
		else if (wstar)						\
			compare_odd(__FILE__, __LINE__, fmt, w, __VA_ARGS__); \
		else if (pstar)						\
			compare_odd(__FILE__, __LINE__, fmt, pr, __VA_ARGS__); \
		else							\
			compare_odd(__FILE__, __LINE__, fmt, __VA_ARGS__); \
	} while (0)

static void random_case(void)
{
	static const char convs[] = "diuxXocsp%";
	static const char *const lens[] = { "", "hh", "h", "l", "ll", "z", "t", "j" };
	char fmt[64], *p = fmt;
	char conv = convs[rnd(sizeof(convs) - 1)];
	bool numeric = strchr("diuxXo", conv) != NULL;
	bool wstar = false, pstar = false;
	int w = 0, pr = 0;
	unsigned li = numeric ? rnd(8) : 0;
	enum argkind kind;
	uint64_t v = random_value();

	if (rnd(2))
		append(&p, "<");
	*p++ = '%';
	for (unsigned nflags = rnd(4); nflags; nflags--)
		*p++ = "-0+ #"[rnd(5)];
	switch (rnd(3)) {
	case 0:
		break;
	case 1:
		append_num(&p, 1 + rnd(25));
		break;
	default:
		/* glibc's handling of '*' with %% is its own business. */
		if (conv != '%') {
			*p++ = '*';
			wstar = true;
			w = (int)rnd(51) - 25;
		}
		break;
	}
	switch (rnd(4)) {
	case 0:
		break;
	case 1:
		*p++ = '.';
		break;
	case 2:
		*p++ = '.';
		append_num(&p, rnd(26));
		break;
	default:
		if (conv != '%') {
			append(&p, ".*");
			pstar = true;
			pr = (int)rnd(31) - 5;
		}
		break;
	}
	append(&p, lens[li]);
	*p++ = conv;
	if (rnd(2))
		append(&p, ">");
	*p = '\0';

	switch (conv) {
	case 'd':
	case 'i': {
		static const enum argkind k[] = {
			A_INT, A_INT, A_INT, A_LONG, A_LLONG, A_SSIZE, A_PTRDIFF, A_INTMAX,
		};
		kind = k[li];
		break;
	}
	case 'c':
		kind = A_INT;
		break;
	case 's':
		kind = A_STR;
		break;
	case 'p':
		kind = A_PTR;
		break;
	case '%':
		kind = A_NONE;
		break;
	default: {
		static const enum argkind k[] = {
			A_UINT, A_UINT, A_UINT, A_ULONG, A_ULLONG, A_SIZE, A_SIZE, A_UINTMAX,
		};
		kind = k[li];
		break;
	}
	}

	switch (kind) {
	case A_INT:	RUN_WITH((int)v); break;
	case A_UINT:	RUN_WITH((unsigned)v); break;
	case A_LONG:	RUN_WITH((long)v); break;
	case A_ULONG:	RUN_WITH((unsigned long)v); break;
	case A_LLONG:	RUN_WITH((long long)v); break;
	case A_ULLONG:	RUN_WITH((unsigned long long)v); break;
	case A_SSIZE:	RUN_WITH((ptrdiff_t)v); break;
	case A_SIZE:	RUN_WITH((size_t)v); break;
	case A_PTRDIFF:	RUN_WITH((ptrdiff_t)v); break;
	case A_INTMAX:	RUN_WITH((intmax_t)v); break;
	case A_UINTMAX:	RUN_WITH((uintmax_t)v); break;
	case A_STR: {
		unsigned i = rnd(sizeof(str_pool) / sizeof(str_pool[0]) + 1);
		const char *s = i == 0 ? null_str : str_pool[i - 1];

		RUN_WITH(s);
		break;
	}
	case A_PTR: {
		void *ptr = rnd(5) == 0 ? null_ptr : (void *)(uintptr_t)v;

		RUN_WITH(ptr);
		break;
	}
	case A_NONE:
		compare_odd(__FILE__, __LINE__, fmt);
		break;
	}
}

static void test_random(void **state)
{
	static const uint64_t seeds[] = { 1, 0x5eed, 0xfeedfacecafebeefull, 987654321 };

	(void)state;
	for (size_t s = 0; s < sizeof(seeds) / sizeof(seeds[0]); s++) {
		rng_state = seeds[s];
		for (int i = 0; i < 50000; i++)
			random_case();
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_signed),
		cmocka_unit_test(test_unsigned),
		cmocka_unit_test(test_star),
		cmocka_unit_test(test_char_string),
		cmocka_unit_test(test_pointer),
		cmocka_unit_test(test_odd_specs),
		cmocka_unit_test(test_unterminated_spec),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_vformat),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

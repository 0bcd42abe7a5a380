/*
 * Unit tests for lib/string.c (built as lib_* with LIB_HOST_TEST), compared
 * against the host C library where it has the same function.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "lib/string.h"

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

static uint64_t rng_state = 0x243f6a8885a308d3ull;

static uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 16);
}

static void fill_pattern(unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(seed + i * 7);
}

/* All small lengths and misalignments, with guard bytes around the copy. */
static void test_memcpy(void **state)
{
	unsigned char src[80], dst[80], want[80];

	(void)state;
	for (size_t soff = 0; soff < 8; soff++) {
		for (size_t doff = 0; doff < 8; doff++) {
			for (size_t n = 0; n <= 40; n++) {
				fill_pattern(src, sizeof(src), 3);
				memset(dst, 0xa5, sizeof(dst));
				memset(want, 0xa5, sizeof(want));
				memcpy(want + doff, src + soff, n);
				assert_ptr_equal(lib_memcpy(dst + doff, src + soff, n), dst + doff);
				assert_memory_equal(dst, want, sizeof(dst));
			}
		}
	}
}

static void test_memmove(void **state)
{
	unsigned char buf[64], want[64];

	(void)state;
	/* Every overlap, in both directions. */
	for (size_t from = 0; from < 24; from++) {
		for (size_t to = 0; to < 24; to++) {
			for (size_t n = 0; n <= 40; n++) {
				fill_pattern(buf, sizeof(buf), 11);
				fill_pattern(want, sizeof(want), 11);
				memmove(want + to, want + from, n);
				assert_ptr_equal(lib_memmove(buf + to, buf + from, n), buf + to);
				assert_memory_equal(buf, want, sizeof(buf));
			}
		}
	}
}

static void test_memset(void **state)
{
	unsigned char buf[64], want[64];

	(void)state;
	for (size_t off = 0; off < 8; off++) {
		for (size_t n = 0; n <= 48; n++) {
			memset(buf, 0x11, sizeof(buf));
			memset(want, 0x11, sizeof(want));
			memset(want + off, 0x1ff, n);	/* only the low byte counts */
			assert_ptr_equal(lib_memset(buf + off, 0x1ff, n), buf + off);
			assert_memory_equal(buf, want, sizeof(buf));
		}
	}
}

static void test_memcmp(void **state)
{
	unsigned char a[32] = { 0 }, b[32] = { 0 };

	(void)state;
	assert_int_equal(lib_memcmp(a, b, 0), 0);
	for (int i = 0; i < 5000; i++) {
		size_t n = rnd() % 32;

		for (size_t j = 0; j < sizeof(a); j++)
			a[j] = b[j] = (unsigned char)rnd();
		/* Usually differ in one byte, sometimes not at all; include bytes >= 0x80. */
		if (n && rnd() % 4)
			b[rnd() % n] = (unsigned char)rnd();
		assert_int_equal(sign(lib_memcmp(a, b, n)), sign(memcmp(a, b, n)));
	}
	/* Unsigned comparison: 0x80 is greater than 0x01. */
	a[0] = 0x80;
	b[0] = 0x01;
	assert_true(lib_memcmp(a, b, 1) > 0);
}

static void test_strlen(void **state)
{
	char buf[40];

	(void)state;
	assert_int_equal(lib_strlen(""), 0);
	assert_int_equal(lib_strlen("hello"), 5);
	for (size_t n = 0; n < 32; n++) {
		memset(buf, 'x', n);
		buf[n] = '\0';
		assert_int_equal(lib_strlen(buf), n);
		for (size_t max = 0; max < 36; max++)
			assert_int_equal(lib_strnlen(buf, max), strnlen(buf, max));
	}
}

/* strnlen must not read past max: use an unterminated heap buffer so ASan would notice. */
static void test_strnlen_bounded(void **state)
{
	char *p = test_malloc(4);

	(void)state;
	memcpy(p, "abcd", 4);
	assert_int_equal(lib_strnlen(p, 4), 4);
	assert_int_equal(lib_strnlen(p, 2), 2);
	test_free(p);
}

static void test_strcmp(void **state)
{
	static const char *const strs[] = {
		"", "a", "b", "ab", "abc", "abd", "abcd", "ABC", "\x80", "\x7f", "a\xff", "a\x01",
	};
	const size_t n = sizeof(strs) / sizeof(strs[0]);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < n; j++) {
			assert_int_equal(sign(lib_strcmp(strs[i], strs[j])),
					 sign(strcmp(strs[i], strs[j])));
			for (size_t k = 0; k < 6; k++)
				assert_int_equal(sign(lib_strncmp(strs[i], strs[j], k)),
						 sign(strncmp(strs[i], strs[j], k)));
		}
	}
}

/* strncmp stops at the NUL even if n is larger than both buffers. */
static void test_strncmp_stops(void **state)
{
	char *a = test_malloc(3), *b = test_malloc(3);

	(void)state;
	memcpy(a, "ab", 3);
	memcpy(b, "ab", 3);
	assert_int_equal(lib_strncmp(a, b, 100), 0);
	b[1] = 'c';
	assert_true(lib_strncmp(a, b, 100) < 0);
	test_free(a);
	test_free(b);
}

static void test_strchr(void **state)
{
	const char *s = "hello, world";
	const char hi[] = "a\xe9" "b\xe9";

	(void)state;
	for (int c = 0; c < 256; c++) {
		assert_ptr_equal(lib_strchr(s, c), strchr(s, c));
		assert_ptr_equal(lib_strrchr(s, c), strrchr(s, c));
		assert_ptr_equal(lib_strchr(hi, c), strchr(hi, c));
		assert_ptr_equal(lib_strrchr(hi, c), strrchr(hi, c));
	}
	/* The terminator is part of the string. */
	assert_ptr_equal(lib_strchr(s, '\0'), s + strlen(s));
	assert_ptr_equal(lib_strrchr(s, '\0'), s + strlen(s));
	assert_ptr_equal(lib_strchr(s, 'o'), s + 4);
	assert_ptr_equal(lib_strrchr(s, 'o'), s + 8);
	assert_null(lib_strchr(s, 'z'));
	assert_null(lib_strrchr("", 'a'));
	/* c is converted to char: 0x100 + 'h' finds 'h'. */
	assert_ptr_equal(lib_strchr(s, 0x100 + 'h'), s);
	/* A negative int matches the same char as its unsigned-char value. */
	assert_ptr_equal(lib_strchr(hi, (signed char)0xe9), hi + 1);
}

static void test_strlcpy(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(lib_strlcpy(buf, "abc", sizeof(buf)), 3);
	assert_string_equal(buf, "abc");

	memset(buf, 'x', sizeof(buf));
	assert_int_equal(lib_strlcpy(buf, "abcdefghij", sizeof(buf)), 10);
	assert_string_equal(buf, "abcdefg");

	memset(buf, 'x', sizeof(buf));
	assert_int_equal(lib_strlcpy(buf, "abcdefg", sizeof(buf)), 7);
	assert_string_equal(buf, "abcdefg");

	memset(buf, 'x', sizeof(buf));
	assert_int_equal(lib_strlcpy(buf, "abc", 1), 3);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(buf[1], 'x');

	/* size 0: dst is not touched at all (NULL would fault under ASan). */
	assert_int_equal(lib_strlcpy(NULL, "abc", 0), 3);

	memset(buf, 'x', sizeof(buf));
	assert_int_equal(lib_strlcpy(buf, "", sizeof(buf)), 0);
	assert_string_equal(buf, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memcpy),
		cmocka_unit_test(test_memmove),
		cmocka_unit_test(test_memset),
		cmocka_unit_test(test_memcmp),
		cmocka_unit_test(test_strlen),
		cmocka_unit_test(test_strnlen_bounded),
		cmocka_unit_test(test_strcmp),
		cmocka_unit_test(test_strncmp_stops),
		cmocka_unit_test(test_strchr),
		cmocka_unit_test(test_strlcpy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

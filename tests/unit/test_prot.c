/* Unit tests for vm/prot.c: the sixteen-entry protection table and its names. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "vm/prot.h"

#define R VM_PROT_READ
#define W VM_PROT_WRITE
#define X VM_PROT_EXEC

/* Private regions: a write right never reaches the table (copy-on-write). */
static void test_private_entries(void **state)
{
	(void)state;
	assert_int_equal(prot_table[0x0], VM_PROT_NONE);
	assert_int_equal(prot_table[0x1], R);
	assert_int_equal(prot_table[0x2], R);
	assert_int_equal(prot_table[0x3], R);
	assert_int_equal(prot_table[0x4], X);
	assert_int_equal(prot_table[0x5], R | X);
	assert_int_equal(prot_table[0x6], R | X);
	assert_int_equal(prot_table[0x7], R | X);
}

static void test_shared_entries(void **state)
{
	(void)state;
	assert_int_equal(prot_table[0x8], VM_PROT_NONE);
	assert_int_equal(prot_table[0x9], R);
	assert_int_equal(prot_table[0xa], R | W);
	assert_int_equal(prot_table[0xb], R | W);
	assert_int_equal(prot_table[0xc], X);
	assert_int_equal(prot_table[0xd], R | X);
	assert_int_equal(prot_table[0xe], R | W | X);
	assert_int_equal(prot_table[0xf], R | W | X);
}

/* The rules the entries above follow, over every entry. */
static void test_table_rules(void **state)
{
	(void)state;
	for (unsigned rprot = 0; rprot <= RPROT_MASK; rprot++) {
		vm_prot_t priv = prot_for_region(rprot, false), shared = prot_for_region(rprot, true);

		assert_false(priv & W);
		assert_int_equal(!!(shared & W), !!(rprot & RPROT_WRITE));
		assert_int_equal(!!(priv & X), !!(rprot & RPROT_EXEC));
		assert_int_equal(!!(shared & X), !!(rprot & RPROT_EXEC));
		/* Readable iff the region allows read or write (write-only maps readable). */
		assert_int_equal(!!(priv & R), !!(rprot & (RPROT_READ | RPROT_WRITE)));
		assert_int_equal(!!(shared & R), !!(rprot & (RPROT_READ | RPROT_WRITE)));
		assert_int_equal(priv == VM_PROT_NONE, rprot == 0);
		assert_int_equal(shared == VM_PROT_NONE, rprot == 0);
	}
}

static void test_prot_index(void **state)
{
	(void)state;
	assert_int_equal(prot_index(0, false), 0);
	assert_int_equal(prot_index(RPROT_READ | RPROT_EXEC, false), 0x5);
	assert_int_equal(prot_index(RPROT_WRITE, true), 0xa);
	/* Bits outside RPROT_MASK do not leak into the index. */
	assert_int_equal(prot_index(0x8 | RPROT_READ, false), 0x1);
	assert_int_equal(prot_index(~0u, true), 0xf);
	assert_int_equal(prot_for_region(RPROT_READ | RPROT_WRITE, false), R);
	assert_int_equal(prot_for_region(RPROT_READ | RPROT_WRITE, true), R | W);
}

static void test_names(void **state)
{
	static const char *const want[16] = {
		"__P000", "__P001", "__P010", "__P011", "__P100", "__P101", "__P110", "__P111",
		"__S000", "__S001", "__S010", "__S011", "__S100", "__S101", "__S110", "__S111",
	};

	(void)state;
	for (unsigned i = 0; i < 16; i++)
		assert_string_equal(prot_table_name(i), want[i]);
	/* Linux's names read exec, write, read from the left. */
	assert_string_equal(prot_table_name(prot_index(RPROT_EXEC, true)), "__S100");
	assert_string_equal(prot_table_name(prot_index(RPROT_READ, false)), "__P001");
}

static void test_name_out_of_range(void **state)
{
	(void)state;
	assert_string_equal(prot_table_name(16), "?");
	assert_string_equal(prot_table_name(~0u), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_private_entries),
		cmocka_unit_test(test_shared_entries),
		cmocka_unit_test(test_table_rules),
		cmocka_unit_test(test_prot_index),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_name_out_of_range),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests for lib/avl.c, checked against a trivial model (a presence array). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "lib/avl.h"

struct item {
	long key;
	struct avl_node node;
	bool in_tree;
};

static int item_cmp(const struct avl_node *a, const struct avl_node *b)
{
	long x = avl_entry(a, struct item, node)->key;
	long y = avl_entry(b, struct item, node)->key;

	return (x > y) - (x < y);
}

static long key_of(const struct avl_node *n)
{
	return avl_entry(n, struct item, node)->key;
}

static bool key_ge(const struct avl_node *n, const void *key)
{
	return key_of(n) >= *(const long *)key;
}

static bool key_le(const struct avl_node *n, const void *key)
{
	return key_of(n) <= *(const long *)key;
}

static int count_nodes(const struct avl_root *root)
{
	int n = 0;

	for (struct avl_node *p = avl_first(root); p; p = avl_next(p))
		n++;
	return n;
}

/* Small deterministic PRNG so every run of a seed is the same. */
static uint64_t rng_state;

static uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 16);
}

static void test_empty(void **state)
{
	struct avl_root root = AVL_ROOT_INIT;
	long k = 0;

	(void)state;
	assert_null(avl_first(&root));
	assert_null(avl_last(&root));
	assert_null(avl_search_first(&root, &k, key_ge));
	assert_null(avl_search_last(&root, &k, key_le));
	assert_true(avl_check(&root, item_cmp));
}

static void test_single(void **state)
{
	struct avl_root root = AVL_ROOT_INIT;
	struct item it = { .key = 7 };

	(void)state;
	avl_insert(&root, &it.node, item_cmp);
	assert_true(avl_check(&root, item_cmp));
	assert_ptr_equal(avl_first(&root), &it.node);
	assert_ptr_equal(avl_last(&root), &it.node);
	assert_null(avl_next(&it.node));
	assert_null(avl_prev(&it.node));
	assert_int_equal(it.node.height, 1);
	avl_erase(&root, &it.node);
	assert_null(root.node);
	assert_true(avl_check(&root, item_cmp));
}

static void expect_keys(const struct avl_root *root, const long *keys, int n)
{
	struct avl_node *p = avl_first(root);

	for (int i = 0; i < n; i++, p = avl_next(p)) {
		assert_non_null(p);
		assert_int_equal(key_of(p), keys[i]);
	}
	assert_null(p);
	p = avl_last(root);
	for (int i = n - 1; i >= 0; i--, p = avl_prev(p)) {
		assert_non_null(p);
		assert_int_equal(key_of(p), keys[i]);
	}
	assert_null(p);
}

static void test_small_insert_erase(void **state)
{
	struct avl_root root = AVL_ROOT_INIT;
	struct item items[7];
	const long order[7] = { 40, 20, 60, 10, 30, 50, 70 };

	(void)state;
	for (int i = 0; i < 7; i++) {
		items[i].key = order[i];
		avl_insert(&root, &items[i].node, item_cmp);
		assert_true(avl_check(&root, item_cmp));
	}
	/* A perfect tree of 7. */
	assert_int_equal(root.node->height, 3);
	assert_int_equal(key_of(root.node), 40);
	expect_keys(&root, (const long[]){ 10, 20, 30, 40, 50, 60, 70 }, 7);

	/* Root with two children: successor 50 is not the root's direct child. */
	avl_erase(&root, &items[0].node);
	assert_true(avl_check(&root, item_cmp));
	expect_keys(&root, (const long[]){ 10, 20, 30, 50, 60, 70 }, 6);

	/* Leaf. */
	avl_erase(&root, &items[3].node);
	assert_true(avl_check(&root, item_cmp));
	expect_keys(&root, (const long[]){ 20, 30, 50, 60, 70 }, 5);

	/* Node with one child (20 now only has 30). */
	avl_erase(&root, &items[1].node);
	assert_true(avl_check(&root, item_cmp));
	expect_keys(&root, (const long[]){ 30, 50, 60, 70 }, 4);

	/* Root 50 has children 30 and 60; its successor 60 is the direct right child. */
	assert_int_equal(key_of(root.node), 50);
	avl_erase(&root, &items[5].node);
	assert_true(avl_check(&root, item_cmp));
	expect_keys(&root, (const long[]){ 30, 60, 70 }, 3);

	avl_erase(&root, &items[4].node);
	avl_erase(&root, &items[6].node);
	avl_erase(&root, &items[2].node);
	assert_null(root.node);
}

/* Every single and double rotation case on insert. */
static void test_rotations(void **state)
{
	static const long cases[4][3] = {
		{ 1, 2, 3 }, { 3, 2, 1 }, { 1, 3, 2 }, { 3, 1, 2 },
	};

	(void)state;
	for (int c = 0; c < 4; c++) {
		struct avl_root root = AVL_ROOT_INIT;
		struct item items[3];

		for (int i = 0; i < 3; i++) {
			items[i].key = cases[c][i];
			avl_insert(&root, &items[i].node, item_cmp);
			assert_true(avl_check(&root, item_cmp));
		}
		assert_int_equal(key_of(root.node), 2);
		assert_int_equal(root.node->height, 2);
		expect_keys(&root, (const long[]){ 1, 2, 3 }, 3);
	}
}

/* Sorted input is the worst case for an unbalanced tree; the AVL bound is ~1.44 log2 n. */
static void test_sequential_height(void **state)
{
	enum { N = 4095 };
	static struct item items[N];
	struct avl_root up = AVL_ROOT_INIT, down = AVL_ROOT_INIT;
	static struct item ditems[N];

	(void)state;
	for (int i = 0; i < N; i++) {
		items[i].key = i;
		avl_insert(&up, &items[i].node, item_cmp);
		ditems[i].key = N - i;
		avl_insert(&down, &ditems[i].node, item_cmp);
	}
	assert_true(avl_check(&up, item_cmp));
	assert_true(avl_check(&down, item_cmp));
	/* 1.44 * log2(4097) ~ 17.3 */
	assert_in_range(up.node->height, 12, 17);
	assert_in_range(down.node->height, 12, 17);
	assert_int_equal(count_nodes(&up), N);

	/* Erase in order from the front, which keeps rebalancing the left edge. */
	for (int i = 0; i < N; i++) {
		avl_erase(&up, &items[i].node);
		if (i % 97 == 0)
			assert_true(avl_check(&up, item_cmp));
	}
	assert_null(up.node);
}

static void test_search(void **state)
{
	enum { N = 50 };
	struct item items[N];
	struct avl_root root = AVL_ROOT_INIT;

	(void)state;
	/* Keys 0, 2, ..., 98 so that odd keys fall between nodes. */
	for (int i = 0; i < N; i++) {
		items[i].key = 2 * ((i * 17) % N);
		avl_insert(&root, &items[i].node, item_cmp);
	}
	assert_true(avl_check(&root, item_cmp));
	for (long k = -3; k <= 102; k++) {
		struct avl_node *ge = avl_search_first(&root, &k, key_ge);
		struct avl_node *le = avl_search_last(&root, &k, key_le);
		long want_ge = k <= 0 ? 0 : (k + 1) / 2 * 2;
		long want_le = k >= 98 ? 98 : (k < 0 ? -1 : k / 2 * 2);

		if (want_ge > 98)
			assert_null(ge);
		else
			assert_int_equal(key_of(ge), want_ge);
		if (want_le < 0)
			assert_null(le);
		else
			assert_int_equal(key_of(le), want_le);
	}
}

/* avl_check must notice each kind of damage (and not loop on it). */
static void test_check_detects(void **state)
{
	enum { N = 15 };
	struct item items[N];
	struct avl_root root = AVL_ROOT_INIT;
	struct avl_node *n, *saved;

	(void)state;
	for (int i = 0; i < N; i++) {
		items[i].key = i;
		avl_insert(&root, &items[i].node, item_cmp);
	}
	assert_true(avl_check(&root, item_cmp));

	items[3].node.height++;
	assert_false(avl_check(&root, item_cmp));
	items[3].node.height--;

	n = root.node->left;
	saved = n->parent;
	n->parent = NULL;
	assert_false(avl_check(&root, item_cmp));
	n->parent = saved;

	root.node->parent = root.node->left;
	assert_false(avl_check(&root, item_cmp));
	root.node->parent = NULL;

	items[5].key = 100;
	assert_false(avl_check(&root, item_cmp));
	items[5].key = 5;

	/* A cycle: a leaf pointing back at the root. */
	n = avl_first(&root);
	n->left = root.node;
	assert_false(avl_check(&root, item_cmp));
	n->left = NULL;

	assert_true(avl_check(&root, item_cmp));
}

/* Compare the tree against the presence array, in both directions. */
static void check_model(const struct avl_root *root, const bool *present, int nkeys, int count)
{
	struct avl_node *p = avl_first(root);
	int seen = 0;

	assert_true(avl_check(root, item_cmp));
	for (int k = 0; k < nkeys; k++) {
		if (!present[k])
			continue;
		assert_non_null(p);
		assert_int_equal(key_of(p), k);
		p = avl_next(p);
		seen++;
	}
	assert_null(p);
	assert_int_equal(seen, count);

	p = avl_last(root);
	for (int k = nkeys - 1; k >= 0; k--) {
		if (!present[k])
			continue;
		assert_non_null(p);
		assert_int_equal(key_of(p), k);
		p = avl_prev(p);
	}
	assert_null(p);
}

static void check_model_search(const struct avl_root *root, const bool *present, int nkeys)
{
	long k = (long)(rnd() % (unsigned)(nkeys + 2)) - 1;
	long want_ge = -1, want_le = -1;
	struct avl_node *ge = avl_search_first(root, &k, key_ge);
	struct avl_node *le = avl_search_last(root, &k, key_le);

	for (long i = k < 0 ? 0 : k; i < nkeys; i++) {
		if (present[i]) {
			want_ge = i;
			break;
		}
	}
	for (long i = k >= nkeys ? nkeys - 1 : k; i >= 0; i--) {
		if (present[i]) {
			want_le = i;
			break;
		}
	}
	if (want_ge < 0)
		assert_null(ge);
	else
		assert_int_equal(key_of(ge), want_ge);
	if (want_le < 0)
		assert_null(le);
	else
		assert_int_equal(key_of(le), want_le);
}

static void random_run(uint64_t seed, int nkeys, int steps)
{
	struct item *items = test_calloc((size_t)nkeys, sizeof(*items));
	bool *present = test_calloc((size_t)nkeys, sizeof(*present));
	struct avl_root root = AVL_ROOT_INIT;
	int count = 0;

	rng_state = seed;
	for (int i = 0; i < nkeys; i++)
		items[i].key = i;
	for (int step = 0; step < steps; step++) {
		int k = (int)(rnd() % (unsigned)nkeys);
		/* Drift between fuller and emptier phases so both get exercised. */
		bool grow = (step / 1000) % 2 == 0;
		bool do_insert = (rnd() % 4 != 0) == grow;

		if (do_insert && !present[k]) {
			avl_insert(&root, &items[k].node, item_cmp);
			present[k] = true;
			count++;
		} else if (!do_insert && present[k]) {
			avl_erase(&root, &items[k].node);
			present[k] = false;
			count--;
		}
		check_model(&root, present, nkeys, count);
		check_model_search(&root, present, nkeys);
	}
	/* Empty it completely, in random order. */
	while (count > 0) {
		int k = (int)(rnd() % (unsigned)nkeys);

		if (present[k]) {
			avl_erase(&root, &items[k].node);
			present[k] = false;
			count--;
			check_model(&root, present, nkeys, count);
		}
	}
	assert_null(root.node);
	test_free(items);
	test_free(present);
}

static void test_random_model(void **state)
{
	static const uint64_t seeds[] = {
		0x9e3779b97f4a7c15ull, 1, 42, 0xdeadbeefcafef00dull, 123456789,
	};

	(void)state;
	for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
		random_run(seeds[i], 300, 5000);
		random_run(seeds[i] + 7, 16, 2000);	/* tiny tree: lots of root changes */
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_single),
		cmocka_unit_test(test_small_insert_erase),
		cmocka_unit_test(test_rotations),
		cmocka_unit_test(test_sequential_height),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_check_detects),
		cmocka_unit_test(test_random_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

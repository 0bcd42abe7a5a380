/*
 * Intrusive AVL tree with parent pointers.
 *
 * The tree never allocates: callers embed a struct avl_node in their own
 * objects and recover them with avl_entry(). Ordering is supplied per call by
 * a comparison function (for insertion) or a monotone predicate (for lookup),
 * so the same code serves any key type.
 */
#ifndef LIB_AVL_H
#define LIB_AVL_H

#include <stdbool.h>
#include <stddef.h>

#include "compiler.h"

struct avl_node {
	struct avl_node *left, *right, *parent;
	int height;		/* of the subtree rooted here; a leaf has 1 */
};

struct avl_root {
	struct avl_node *node;
};

#define AVL_ROOT_INIT { 0 }

typedef int (*avl_cmp_fn)(const struct avl_node *a, const struct avl_node *b);

/* Insert n (fields of n are initialised here). The caller guarantees no node compares equal to n. */
void avl_insert(struct avl_root *root, struct avl_node *n, avl_cmp_fn cmp);
/* Remove n, which must be in the tree. O(log n), uses parent pointers, no comparisons. */
void avl_erase(struct avl_root *root, struct avl_node *n);

struct avl_node *avl_first(const struct avl_root *root);   /* smallest, or NULL */
struct avl_node *avl_last(const struct avl_root *root);    /* largest, or NULL */
struct avl_node *avl_next(const struct avl_node *n);       /* in-order successor or NULL */
struct avl_node *avl_prev(const struct avl_node *n);

/* The smallest node for which pred(node, key) is true, given pred is monotone over the in-order
 * sequence (false ... false true ... true); NULL when pred is false everywhere. O(log n). */
struct avl_node *avl_search_first(const struct avl_root *root, const void *key,
				  bool (*pred)(const struct avl_node *n, const void *key));
/* The largest node for which pred is true, pred monotone true...true false...false; or NULL. */
struct avl_node *avl_search_last(const struct avl_root *root, const void *key,
				 bool (*pred)(const struct avl_node *n, const void *key));

/* Check every invariant (ordering with cmp, heights, balance, parent links); false if broken. For tests and debug. */
bool avl_check(const struct avl_root *root, avl_cmp_fn cmp);

#define avl_entry(ptr, type, member) container_of(ptr, type, member)

#endif /* LIB_AVL_H */

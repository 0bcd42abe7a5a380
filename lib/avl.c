/*
 * Intrusive AVL tree with parent pointers.
 *
 * Everything here is iterative: the kernel calls it on small stacks, and the
 * parent pointers make walking back up the tree cheap, so no recursion is
 * needed for insertion, erasure, iteration or checking.
 */
#include "avl.h"

static inline int height(const struct avl_node *n)
{
	return n ? n->height : 0;
}

static inline void update_height(struct avl_node *n)
{
	int l = height(n->left), r = height(n->right);

	n->height = 1 + (l > r ? l : r);
}

/* Make whatever pointed at old (its parent's child link, or the root) point at new. */
static void replace_child(struct avl_root *root, struct avl_node *parent,
			  struct avl_node *old, struct avl_node *new)
{
	if (!parent)
		root->node = new;
	else if (parent->left == old)
		parent->left = new;
	else
		parent->right = new;
}

/*
 *     x              y
 *    / \            / \
 *   a   y    =>    x   c
 *      / \        / \
 *     b   c      a   b
 */
static struct avl_node *rotate_left(struct avl_root *root, struct avl_node *x)
{
	struct avl_node *y = x->right;

	x->right = y->left;
	if (y->left)
		y->left->parent = x;
	y->parent = x->parent;
	replace_child(root, x->parent, x, y);
	y->left = x;
	x->parent = y;
	/* x is now below y, so its height must be right before y's is computed. */
	update_height(x);
	update_height(y);
	return y;
}

/* Mirror image of rotate_left. */
static struct avl_node *rotate_right(struct avl_root *root, struct avl_node *x)
{
	struct avl_node *y = x->left;

	x->left = y->right;
	if (y->right)
		y->right->parent = x;
	y->parent = x->parent;
	replace_child(root, x->parent, x, y);
	y->right = x;
	x->parent = y;
	update_height(x);
	update_height(y);
	return y;
}

/*
 * Restore the AVL property at n, whose children are balanced but may differ
 * in height by two. Returns the node now at n's old position, with its
 * height up to date.
 */
static struct avl_node *balance(struct avl_root *root, struct avl_node *n)
{
	int bf = height(n->left) - height(n->right);

	if (bf > 1) {
		/* Left-right case: first turn it into left-left. */
		if (height(n->left->left) < height(n->left->right))
			rotate_left(root, n->left);
		return rotate_right(root, n);
	}
	if (bf < -1) {
		if (height(n->right->right) < height(n->right->left))
			rotate_right(root, n->right);
		return rotate_left(root, n);
	}
	update_height(n);
	return n;
}

/*
 * Walk from n to the root, rebalancing. n's stored height is still its value
 * from before the change below it; once a subtree ends up with the height it
 * had before, nothing above it can have changed (ancestors only depend on
 * their children's heights), so the walk stops early.
 */
static void rebalance_up(struct avl_root *root, struct avl_node *n)
{
	while (n) {
		int old = n->height;

		n = balance(root, n);
		if (n->height == old)
			break;
		n = n->parent;
	}
}

void avl_insert(struct avl_root *root, struct avl_node *n, avl_cmp_fn cmp)
{
	struct avl_node **link = &root->node, *parent = NULL;

	while (*link) {
		parent = *link;
		link = cmp(n, parent) < 0 ? &parent->left : &parent->right;
	}
	n->left = n->right = NULL;
	n->parent = parent;
	n->height = 1;
	*link = n;
	rebalance_up(root, parent);
}

static struct avl_node *leftmost(struct avl_node *n)
{
	while (n->left)
		n = n->left;
	return n;
}

static struct avl_node *rightmost(struct avl_node *n)
{
	while (n->right)
		n = n->right;
	return n;
}

void avl_erase(struct avl_root *root, struct avl_node *n)
{
	struct avl_node *parent = n->parent, *child, *start;

	if (!n->left || !n->right) {
		/* At most one child: splice n out. */
		child = n->left ? n->left : n->right;
		if (child)
			child->parent = parent;
		replace_child(root, parent, n, child);
		start = parent;
	} else {
		/*
		 * Two children: the successor s (leftmost of the right
		 * subtree, so it has no left child) takes n's place, and the
		 * tree loses a node where s used to be.
		 */
		struct avl_node *s = leftmost(n->right);

		if (s->parent == n) {
			/* s keeps its right subtree; the loss is below s itself. */
			start = s;
		} else {
			start = s->parent;
			start->left = s->right;
			if (s->right)
				s->right->parent = start;
			s->right = n->right;
			n->right->parent = s;
		}
		s->left = n->left;
		n->left->parent = s;
		s->parent = parent;
		replace_child(root, parent, n, s);
		/* Pretend s was always there: its old height is n's. */
		s->height = n->height;
	}
	rebalance_up(root, start);
}

struct avl_node *avl_first(const struct avl_root *root)
{
	return root->node ? leftmost(root->node) : NULL;
}

struct avl_node *avl_last(const struct avl_root *root)
{
	return root->node ? rightmost(root->node) : NULL;
}

struct avl_node *avl_next(const struct avl_node *n)
{
	if (n->right)
		return leftmost(n->right);
	/* Climb while we are a right child: those ancestors come before n. */
	while (n->parent && n == n->parent->right)
		n = n->parent;
	return n->parent;
}

struct avl_node *avl_prev(const struct avl_node *n)
{
	if (n->left)
		return rightmost(n->left);
	while (n->parent && n == n->parent->left)
		n = n->parent;
	return n->parent;
}

struct avl_node *avl_search_first(const struct avl_root *root, const void *key,
				  bool (*pred)(const struct avl_node *n, const void *key))
{
	struct avl_node *n = root->node, *found = NULL;

	/* A true node is a candidate; anything smaller can only be further left. */
	while (n) {
		if (pred(n, key)) {
			found = n;
			n = n->left;
		} else {
			n = n->right;
		}
	}
	return found;
}

struct avl_node *avl_search_last(const struct avl_root *root, const void *key,
				 bool (*pred)(const struct avl_node *n, const void *key))
{
	struct avl_node *n = root->node, *found = NULL;

	while (n) {
		if (pred(n, key)) {
			found = n;
			n = n->right;
		} else {
			n = n->left;
		}
	}
	return found;
}

/*
 * Invariants local to one node. Checking them before the traversal steps
 * below n is what keeps avl_check itself from looping on a corrupt tree:
 * heights must strictly decrease along every child link we follow, and
 * parent links we climb were already verified from above.
 */
static bool check_node(const struct avl_node *n)
{
	int l = height(n->left), r = height(n->right);

	if (n->left && n->left == n->right)
		return false;
	if (n->left && n->left->parent != n)
		return false;
	if (n->right && n->right->parent != n)
		return false;
	if ((n->left && l < 1) || (n->right && r < 1))
		return false;
	if (n->height != 1 + (l > r ? l : r))
		return false;
	return l - r >= -1 && l - r <= 1;
}

/* Go down-left from n checking each node on the way; NULL if one is broken. */
static const struct avl_node *check_leftmost(const struct avl_node *n)
{
	for (;;) {
		if (!check_node(n))
			return NULL;
		if (!n->left)
			return n;
		n = n->left;
	}
}

bool avl_check(const struct avl_root *root, avl_cmp_fn cmp)
{
	const struct avl_node *n = root->node, *prev = NULL;

	if (!n)
		return true;
	if (n->parent)
		return false;
	n = check_leftmost(n);
	if (!n)
		return false;
	while (n) {
		/* In-order neighbours must be strictly increasing. */
		if (prev && cmp(prev, n) >= 0)
			return false;
		prev = n;
		if (n->right) {
			n = check_leftmost(n->right);
			if (!n)
				return false;
		} else {
			while (n->parent && n == n->parent->right)
				n = n->parent;
			n = n->parent;
		}
	}
	return true;
}

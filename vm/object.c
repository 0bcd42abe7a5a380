#include "vm/object.h"
#include "vm/kmem.h"
#include "vm/page.h"
#include "lib/assert.h"

static int page_index_cmp(const struct avl_node *a, const struct avl_node *b)
{
	uint64_t x = avl_entry(a, struct page, objnode)->index;
	uint64_t y = avl_entry(b, struct page, objnode)->index;
	return x < y ? -1 : x > y;
}

static bool index_at_or_above(const struct avl_node *n, const void *key)
{
	return avl_entry(n, struct page, objnode)->index >= *(const uint64_t *)key;
}

struct vm_object *object_create_shared_anon(uint64_t npages)
{
	struct vm_object *obj = kzalloc(sizeof(*obj));

	if (!obj)
		return NULL;
	lock_init(&obj->lock, "object");
	obj->kind = OBJ_SHARED_ANON;
	obj->refs = 1;
	obj->size = npages;
	return obj;
}

void object_ref(struct vm_object *obj)
{
	lock_acquire(&obj->lock);
	obj->refs++;
	lock_release(&obj->lock);
}

static struct page *lookup_locked(struct vm_object *obj, uint64_t index)
{
	struct avl_node *n = avl_search_first(&obj->pages, &index, index_at_or_above);
	struct page *pg = n ? avl_entry(n, struct page, objnode) : NULL;

	return pg && pg->index == index ? pg : NULL;
}

struct page *object_find_page(struct vm_object *obj, uint64_t index)
{
	struct page *pg;

	lock_acquire(&obj->lock);
	pg = lookup_locked(obj, index);
	lock_release(&obj->lock);
	return pg;
}

struct page *object_get_page(struct vm_object *obj, uint64_t index, bool *past_end)
{
	struct page *pg;

	*past_end = index >= obj->size;
	if (*past_end)
		return NULL;		/* a mapping grown by mremap past the object: SIGBUS */
	lock_acquire(&obj->lock);
	pg = lookup_locked(obj, index);
	if (!pg) {
		pg = page_zalloc(PG_SHARED);	/* its first reference is the object's */
		if (!pg)
			goto out;
		pg->obj = obj;
		pg->index = index;
		avl_insert(&obj->pages, &pg->objnode, page_index_cmp);
		obj->npages++;
	}
	page_ref(pg);				/* the caller's mapping */
out:
	lock_release(&obj->lock);
	return pg;
}

void object_truncate(struct vm_object *obj, uint64_t first, uint64_t last)
{
	lock_acquire(&obj->lock);
	for (;;) {
		struct avl_node *n = avl_search_first(&obj->pages, &first, index_at_or_above);
		struct page *pg = n ? avl_entry(n, struct page, objnode) : NULL;

		if (!pg || pg->index >= last)
			break;
		avl_erase(&obj->pages, n);
		obj->npages--;
		pg->obj = NULL;
		page_unref(pg);
	}
	lock_release(&obj->lock);
}

void object_unref(struct vm_object *obj)
{
	lock_acquire(&obj->lock);
	ASSERT(obj->refs > 0);
	bool last = --obj->refs == 0;
	lock_release(&obj->lock);
	if (!last)
		return;
	object_truncate(obj, 0, UINT64_MAX);
	kfree(obj);
}

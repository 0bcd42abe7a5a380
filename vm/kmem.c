#include "vm/kmem.h"
#include "vm/page.h"
#include "lib/assert.h"
#include "lib/lock.h"
#include "lib/string.h"

#define KMEM_MIN_SHIFT 5			/* 32 bytes */
#define KMEM_CLASSES 8				/* 32 .. 4096 */

struct free_obj { struct free_obj *next; };

static struct free_obj *free_objs[KMEM_CLASSES];
static struct lock kmem_lock = LOCK_INIT("kmem");

static unsigned size_class(size_t size)
{
	unsigned c = 0;

	while ((1ul << (c + KMEM_MIN_SHIFT)) < size)
		c++;
	return c;
}

/* Cut a fresh page into objects of class c. */
static bool refill(unsigned c)
{
	struct page *pg = page_alloc(PG_KMEM);
	size_t sz = 1ul << (c + KMEM_MIN_SHIFT);
	char *base;

	if (!pg)
		return false;
	pg->kmem_class = (uint16_t)c;
	base = page_kva(pg);
	for (size_t off = 0; off + sz <= PAGE_SIZE; off += sz) {
		struct free_obj *o = (struct free_obj *)(base + off);
		o->next = free_objs[c];
		free_objs[c] = o;
	}
	return true;
}

void *kmalloc(size_t size)
{
	struct free_obj *o = NULL;
	unsigned c;

	if (size > KMEM_MAX)
		return NULL;
	c = size_class(size ? size : 1);
	lock_acquire(&kmem_lock);
	if (free_objs[c] || refill(c)) {
		o = free_objs[c];
		free_objs[c] = o->next;
	}
	lock_release(&kmem_lock);
	return o;
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void kfree(void *p)
{
	struct free_obj *o = p;
	struct page *pg;

	if (!p)
		return;
	pg = kva_to_page(p);
	ASSERT(pg->owner == PG_KMEM);
	lock_acquire(&kmem_lock);
	o->next = free_objs[pg->kmem_class];
	free_objs[pg->kmem_class] = o;
	lock_release(&kmem_lock);
}

/*
 * Memory objects: what backs a region when its pages must be found by more
 * than one page table.  Today that is shared anonymous memory
 * (MAP_SHARED|MAP_ANONYMOUS); file objects join later.  Private anonymous
 * regions have no object: their pages are found through the page table.
 */
#ifndef VM_OBJECT_H
#define VM_OBJECT_H

#include <stdbool.h>
#include <stdint.h>
#include "lib/avl.h"
#include "lib/lock.h"

struct page;

enum object_kind { OBJ_SHARED_ANON };

struct vm_object {
	struct lock lock;
	enum object_kind kind;
	unsigned refs;			/* regions referring to it */
	uint64_t size;			/* in pages: fixed at creation, as a shmem file's size */
	uint64_t npages;		/* resident pages */
	struct avl_root pages;		/* (lock) struct page by index */
};

struct vm_object *object_create_shared_anon(uint64_t npages);
void object_ref(struct vm_object *obj);
void object_unref(struct vm_object *obj);	/* frees its pages at the last reference */

/* The page at index, creating a zeroed one if absent; NULL when out of memory
 * or past the object's end (*past_end says which).  The returned page carries
 * a new reference for the caller's mapping. */
struct page *object_get_page(struct vm_object *obj, uint64_t index, bool *past_end);
/* The page at index if it is resident, else NULL; no reference taken. */
struct page *object_find_page(struct vm_object *obj, uint64_t index);
/* Drop the object's pages with index in [first, last) (for a shrinking mremap later). */
void object_truncate(struct vm_object *obj, uint64_t first, uint64_t last);

#endif

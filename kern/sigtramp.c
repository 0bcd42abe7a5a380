/* The signal-return trampoline page (see sigtramp.h). */
#include <stddef.h>
#include "kern/arch.h"
#include "kern/sigtramp.h"
#include "vm/map.h"
#include "vm/object.h"
#include "vm/page.h"
#include "vm/prot.h"
#include "lib/errno.h"
#include "lib/string.h"

static struct vm_object *tramp_obj;

/* The object holding the code, made at the first exec. */
static struct vm_object *tramp_object(void)
{
	size_t len;
	const void *code = arch_sigtramp(&len);
	struct page *pg;
	bool past_end;

	if (tramp_obj || !code)
		return tramp_obj;
	tramp_obj = object_create_shared_anon(1);
	if (!tramp_obj)
		return NULL;
	pg = object_get_page(tramp_obj, 0, &past_end);
	if (!pg) {
		object_unref(tramp_obj);
		tramp_obj = NULL;
		return NULL;
	}
	memcpy(page_kva(pg), code, len);
	page_unref(pg);			/* the object keeps its own reference */
	return tramp_obj;
}

int sigtramp_map(struct vm_map *map)
{
	size_t len;
	struct vm_object *obj;
	uintptr_t at;
	int err;

	map->sigtramp = 0;
	if (!arch_sigtramp(&len))
		return 0;
	if (!(obj = tramp_object()))
		return -ENOMEM;
	lock_acquire(&map->lock);
	at = vm_map_find_space(map, PAGE_SIZE, 0);
	err = at ? 0 : -ENOMEM;
	if (!err) {
		object_ref(obj);	/* the region's reference */
		err = vm_map_insert(map, at, at + PAGE_SIZE, RPROT_READ | RPROT_EXEC, VR_SHARED, obj, 0);
		if (err)
			object_unref(obj);
	}
	lock_release(&map->lock);
	if (!err)
		map->sigtramp = at;
	return err;
}

void sigtramp_exit(void)
{
	if (tramp_obj)
		object_unref(tramp_obj);
	tramp_obj = NULL;
}

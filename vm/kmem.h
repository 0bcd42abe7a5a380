/* The kernel heap: small objects in power-of-two size classes carved from
 * whole pages; larger requests are refused (use pages directly). */
#ifndef VM_KMEM_H
#define VM_KMEM_H

#include <stddef.h>

#define KMEM_MAX 4096

void *kmalloc(size_t size);	/* NULL when out of memory or size > KMEM_MAX */
void *kzalloc(size_t size);
void kfree(void *p);

#endif

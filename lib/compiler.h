/* Small compiler helpers shared by the kernel and its host unit tests. */
#ifndef LIB_COMPILER_H
#define LIB_COMPILER_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/* Recover the enclosing object from a pointer to one of its members. */
#define container_of(ptr, type, member) \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)

#define ARRAY_SIZE(arr)	(sizeof(arr) / sizeof((arr)[0]))

/*
 * a must be a power of two. The mask is built in the type of x so that a
 * 64-bit address is not truncated by an int alignment like 4096.
 */
#define ALIGN_DOWN(x, a)	((x) & ~((__typeof__(x))(a) - 1))
#define ALIGN_UP(x, a)		ALIGN_DOWN((x) + ((__typeof__(x))(a) - 1), (a))

/*
 * Arguments are evaluated once, so MIN(i++, j) behaves. Being statement
 * expressions, these cannot appear in constant expressions (array sizes,
 * static initialisers).
 */
#define MIN(a, b) ({ __typeof__(a) _min_a = (a); __typeof__(b) _min_b = (b); \
	_min_a < _min_b ? _min_a : _min_b; })
#define MAX(a, b) ({ __typeof__(a) _max_a = (a); __typeof__(b) _max_b = (b); \
	_max_a > _max_b ? _max_a : _max_b; })

#endif /* LIB_COMPILER_H */

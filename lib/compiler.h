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
 * static initialisers). The temporaries get names unique to each use
 * (__COUNTER__), so that MIN(MIN(a, b), c) shadows nothing (-Wshadow).
 */
#define LIB_CAT_(a, b) a##b
#define LIB_CAT(a, b) LIB_CAT_(a, b)
#define LIB_MIN_(a, b, x, y) ({ __typeof__(a) x = (a); __typeof__(b) y = (b); x < y ? x : y; })
#define LIB_MAX_(a, b, x, y) ({ __typeof__(a) x = (a); __typeof__(b) y = (b); x > y ? x : y; })
#define MIN(a, b) LIB_MIN_(a, b, LIB_CAT(_min_a, __COUNTER__), LIB_CAT(_min_b, __COUNTER__))
#define MAX(a, b) LIB_MAX_(a, b, LIB_CAT(_max_a, __COUNTER__), LIB_CAT(_max_b, __COUNTER__))

#endif /* LIB_COMPILER_H */

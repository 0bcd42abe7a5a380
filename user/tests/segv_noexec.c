// diff-exit: 139
/*
 * segv_noexec - calling into a readable, writable but not executable page
 * is an instruction fetch against the protection (NX on x86-64): SIGSEGV.
 */
#include "common.h"

#if defined(__x86_64__)
static const unsigned char ret0[] = { 0x31, 0xc0, 0xc3 }; /* xor eax; ret */
#elif defined(__aarch64__)
static const unsigned char ret0[] = { 0x00, 0x00, 0x80, 0x52,   /* mov w0, 0 */
				      0xc0, 0x03, 0x5f, 0xd6 }; /* ret */
#else
#error "add the bytes of 'return 0' for this architecture"
#endif

int main(void)
{
	size_t ps = page_size();
	unsigned char *p = map_anon(ps, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	int (*fn)(void);

	memcpy(p, ret0, sizeof(ret0));
	memcpy(&fn, &p, sizeof(fn));
	say(2, "about to call code in a non-executable page\n");
	fn();
	say(2, "survived the call\n");
	return 0;
}

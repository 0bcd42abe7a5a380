// diff-exit: 139
/*
 * A fault while delivering a signal: the alternate stack is not writable,
 * so the kernel cannot build the handler's frame; the process dies of
 * SIGSEGV (128 + 11 as a shell reports it).
 */
#include "common.h"

static void handler(int sig) { (void)sig; say(1, "handler ran (it should not)\n"); }

int main(void)
{
	size_t P = page_size();
	void *stack = map_anon(4 * P, PROT_READ, MAP_PRIVATE);
	stack_t ss = { .ss_sp = stack, .ss_size = 4 * P };
	struct sigaction sa = { .sa_handler = handler, .sa_flags = SA_ONSTACK };

	sigaltstack(&ss, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	say(1, "raising SIGUSR1 with a read-only alternate stack\n");
	raise(SIGUSR1);
	say(1, "survived (it should not)\n");
	return 0;
}

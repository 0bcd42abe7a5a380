/*
 * The scheduler: one CPU, a round-robin run queue, preemption from the
 * timer when it interrupts user mode (the kernel itself is not preempted),
 * and sleeping on a channel until a wakeup, as in xv6.
 */
#ifndef KERN_SCHED_H
#define KERN_SCHED_H

#include <stdbool.h>
#include <stdint.h>

struct proc;

#define HZ 100

extern uint64_t ticks;

void sched_add(struct proc *p);			/* make p runnable */
void sched_yield(void);				/* let the others run */
/* Sleep until wakeup(chan), a signal, or (if deadline_ns) that time.  Returns
 * false when a signal cut the sleep short. */
bool sched_sleep(const void *chan, uint64_t deadline_ns);
/* The same, deaf to signals (a vfork parent waiting for its child). */
void sched_sleep_nosig(const void *chan);
void sched_wakeup(const void *chan);
void sched_wake_for_signal(struct proc *p);
__attribute__((noreturn)) void sched_exit(void);	/* the current process is a zombie now */
void sched_timer_tick(bool from_user);

#endif

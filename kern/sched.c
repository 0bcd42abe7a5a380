#include "kern/arch.h"
#include "kern/proc.h"
#include "kern/sched.h"
#include "lib/assert.h"
#include "lib/list.h"

uint64_t ticks;
static struct list_head runq = LIST_HEAD_INIT(runq);

void sched_add(struct proc *p)
{
	bool on = arch_irq_save();

	p->state = P_RUNNABLE;
	list_add_tail(&runq, &p->runq);
	arch_irq_restore(on);
}

/* Run the next runnable process; the caller has set curproc's state.  With
 * nothing runnable, wait for an interrupt (the timer wakes timed sleepers). */
static void switch_to_next(void)
{
	struct proc *prev = curproc, *next;

	while (list_empty(&runq))
		arch_idle();
	next = list_entry(runq.next, struct proc, runq);
	list_del(&next->runq);
	next->state = P_RUNNING;
	if (next == prev)
		return;
	curproc = next;
	arch_switch(prev, next);
}

void sched_yield(void)
{
	bool on = arch_irq_save();

	if (!list_empty(&runq)) {
		curproc->state = P_RUNNABLE;
		list_add_tail(&runq, &curproc->runq);
		switch_to_next();
	}
	arch_irq_restore(on);
}

bool sched_sleep(const void *chan, uint64_t deadline_ns)
{
	struct proc *p = curproc;
	bool on = arch_irq_save();

	if (!proc_signal_pending(p)) {
		p->state = P_SLEEPING;
		p->chan = chan;
		p->wake_at = deadline_ns;
		switch_to_next();
		p->chan = NULL;
		p->wake_at = 0;
	}
	arch_irq_restore(on);
	return !proc_signal_pending(p);
}

void sched_sleep_nosig(const void *chan)
{
	struct proc *p = curproc;
	bool on = arch_irq_save();

	p->state = P_SLEEPING;
	p->chan = chan;
	switch_to_next();
	p->chan = NULL;
	arch_irq_restore(on);
}

void sched_wakeup(const void *chan)
{
	bool on = arch_irq_save();

	for (int i = 0; i < NPROC; i++) {
		struct proc *p = proc_table[i];
		if (p && p->state == P_SLEEPING && p->chan == chan)
			sched_add(p);
	}
	arch_irq_restore(on);
}

void sched_wake_for_signal(struct proc *p)
{
	bool on = arch_irq_save();

	if (p->state == P_SLEEPING)
		sched_add(p);
	arch_irq_restore(on);
}

void sched_exit(void)
{
	arch_irq_save();
	curproc->state = P_ZOMBIE;
	switch_to_next();
	panic("a zombie ran again");
}

void sched_timer_tick(bool from_user)
{
	uint64_t now = arch_time_ns();

	ticks++;
	for (int i = 0; i < NPROC; i++) {
		struct proc *p = proc_table[i];
		if (p && p->state == P_SLEEPING && p->wake_at && p->wake_at <= now)
			sched_add(p);
	}
	if (from_user)
		sched_yield();		/* preemption: a spinning process does not keep the CPU */
}

/* Declarations shared inside arch/x86_64 only. */
#ifndef ARCH_X86_64_X86_H
#define ARCH_X86_64_X86_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <machine/frame.h>
#include <machine/param.h>

extern uint64_t boot_pml4[512];

/* Per-CPU data, reached through %gs in the kernel (offsets in frame.h). */
struct pcpu {
	struct pcpu *self;
	uint64_t kstack_top;
	uint64_t user_rsp;
};
extern struct pcpu cpu0;

void pmap_bootstrap(paddr_t phys_end, paddr_t (*alloc_page)(void), bool have_nx);
void *pmap_map_device(paddr_t pa);
void gdt_init(void);
void tss_set_kstack(uint64_t top);
void idt_init(void);
void pic_disable(void);
void lapic_map(void);
void timer_start(void);
void timer_eoi(void);
void syscall_init(void);
void serial_init(void);
void console_set_split(bool on);
void tsc_calibrate(void);
void trap(struct trapframe *tf);
void syscall_trap(struct trapframe *tf);
void backtrace_from(uint64_t rip, uint64_t rbp);
__attribute__((noreturn)) void enter_user(struct trapframe *tf);
extern void syscall_entry(void);
extern const uint64_t trap_vector_table[48];

#endif

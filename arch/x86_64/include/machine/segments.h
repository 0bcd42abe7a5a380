/* GDT layout.  The order user-data-then-user-code is what sysret requires. */
#ifndef MACHINE_SEGMENTS_H
#define MACHINE_SEGMENTS_H

#define GDT_KCODE	0x08
#define GDT_KDATA	0x10
#define GDT_UDATA	0x18
#define GDT_UCODE	0x20
#define GDT_TSS		0x28
#define SEL_KCODE	GDT_KCODE
#define SEL_KDATA	GDT_KDATA
#define SEL_UDATA	(GDT_UDATA | 3)
#define SEL_UCODE	(GDT_UCODE | 3)

#endif

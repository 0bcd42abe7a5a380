/* XNU's <mach/mach_vm.h>: the calls live in mach.h here. */
#include <mach/mach.h>

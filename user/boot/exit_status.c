/*
 * exit_status - exit with the status given as argv[1] (default 0), without
 * printing anything: the boot tests check that the status arrives intact.
 */
#include <stdlib.h>

int main(int argc, char **argv)
{
	return argc > 1 ? atoi(argv[1]) : 0;
}

/* hello - one line of output through stdio; built as a static PIE by the
 * boot tests. */
#include <stdio.h>

int main(void)
{
	printf("hello from a static PIE\n");
	return 0;
}

/*
 * stdin_eof - stdin is empty (/dev/null natively): read(2) returns 0 and
 * stdio reports end of file.
 */
#include "common.h"

int main(void)
{
	char buf[64];

	SHOW("read(0, buf, 64)", read(0, buf, sizeof(buf)));
	SHOW("read(0, buf, 0)", read(0, buf, 0));
	check("fgets returns NULL", fgets(buf, sizeof(buf), stdin) == NULL);
	check("feof(stdin)", feof(stdin) != 0);
	check("ferror(stdin)", ferror(stdin) != 0);
	check("getchar() == EOF", getchar() == EOF);
	return 0;
}

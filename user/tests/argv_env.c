// diff-args: one "two words" '' 'single $quoted' back\ slash "say \"hi\"" --flag=x
/*
 * argv_env - the initial stack: argc, argv and envp as the kernel laid them
 * out.  argv[0] is only printed as its last path component, since its full
 * form is a host path.  The runner clears the environment and passes exactly
 * FAULTLINE_TEST=1 and LANG=C, in that order.
 */
#include "common.h"

extern char **environ;

int main(int argc, char **argv, char **envp)
{
	const char *slash = strrchr(argv[0], '/');
	int envc = 0;

	printf("argc = %d\n", argc);
	printf("argv[0] basename = [%s]\n", slash ? slash + 1 : argv[0]);
	for (int i = 1; i < argc; i++)
		printf("argv[%d] = [%s] (%zu bytes)\n", i, argv[i],
		       strlen(argv[i]));
	check("argv[argc] is NULL", argv[argc] == NULL);

	for (char **e = envp; *e != NULL; e++)
		printf("envp[%d] = [%s]\n", envc++, *e);
	printf("envc = %d\n", envc);

	/* The ABI puts envp right after argv's NULL terminator. */
	check("envp == argv + argc + 1", envp == argv + argc + 1);
	check("environ == envp", environ == envp);

	const char *t = getenv("FAULTLINE_TEST");
	printf("getenv(FAULTLINE_TEST) = %s\n", t ? t : "(null)");
	check("getenv(PATH) is NULL", getenv("PATH") == NULL);
	check("getenv(HOME) is NULL", getenv("HOME") == NULL);

	/* The strings are writable, like any stack memory. */
	if (argc > 1 && argv[1][0] != '\0') {
		argv[1][0] = 'O';
		printf("modified argv[1] = [%s]\n", argv[1]);
	}
	return 0;
}

/*
 * linux-arm64-init.c - the /init of the arm64 oracle boot (tests/diff/linux-arm64).
 *
 * Runs every case of a batch under Debian's arm64 Linux the way
 * tests/diff/run's run_native runs a program on the host: an environment of
 * only FAULTLINE_TEST=1 LANG=C, stdin /dev/null, stdout a pipe (the host
 * pipes it through cat), stderr a regular file, no core dumps, a time limit
 * (status 124, the process group killed with SIGKILL), the status as a shell
 * reports it (128+N for signal N).  Then it powers the machine off.
 *
 * Input, /.oracle/cases: per case TIMEOUT, ARGC and ARGV[0..ARGC-1], each ending in
 * a NUL byte.  ARGV[0] is also the program's path, relative to /, the current
 * directory: the runner put the binary at the path the host uses relative to
 * the repository root, so the program sees the same argv[0].
 *
 * Output, lines on the console that the runner picks out of whatever else the
 * console shows (I is the case's index, S is o for stdout or e for stderr):
 *   @@fl-d I S BASE64    57 bytes of the stream a line
 *   @@fl-s I S CRC LEN   the stream's POSIX checksum, as cksum(1) prints it
 *   @@fl-k I TEXT        a kernel message (warning or worse) logged meanwhile
 *   @@fl-t I MS          how long the case ran, in milliseconds
 *   @@fl-x I STATUS      the exit status, the case's last line
 *   @@fl-end N           after the last of N cases
 * The console log level is lowered to 1 so that the kernel does not print
 * into the middle of a line; its messages come back as @@fl-k instead.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ERR_FILE "/.oracle/stderr"

static int kmsg = -1;

/* Write all of BUF to the console (fd 1). */
static void out(const void *buf, size_t n)
{
	const char *p = buf;

	while (n > 0) {
		ssize_t w = write(1, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

static void outf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void outf(const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(line) - 1)
		n = sizeof(line) - 1;
	out(line, (size_t)n);
}

/* The CRC of POSIX cksum: polynomial 0x04c11db7, MSB first, then the length. */
static unsigned cksum(const unsigned char *p, size_t n)
{
	unsigned crc = 0;
	size_t len = n;

	for (;;) {
		unsigned char c;
		if (n > 0) {
			c = *p++;
			n--;
		} else if (len > 0) {
			c = (unsigned char)len;
			len >>= 8;
		} else {
			break;
		}
		crc ^= (unsigned)c << 24;
		for (int b = 0; b < 8; b++)
			crc = crc & 0x80000000u ? (crc << 1) ^ 0x04c11db7u : crc << 1;
	}
	return ~crc;
}

/* Send stream S of case I: base64 lines, then the checksum line. */
static void send_stream(int i, char s, const unsigned char *p, size_t n)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char line[128];

	for (size_t at = 0; at < n; at += 57) {
		size_t k = n - at < 57 ? n - at : 57, j = 0;
		int len = snprintf(line, sizeof(line), "@@fl-d %d %c ", i, s);
		for (; j + 3 <= k; j += 3) {
			unsigned v = p[at + j] << 16 | p[at + j + 1] << 8 | p[at + j + 2];
			line[len++] = b64[v >> 18];
			line[len++] = b64[v >> 12 & 63];
			line[len++] = b64[v >> 6 & 63];
			line[len++] = b64[v & 63];
		}
		if (j < k) {
			unsigned v = p[at + j] << 16 | (j + 1 < k ? p[at + j + 1] << 8 : 0);
			line[len++] = b64[v >> 18];
			line[len++] = b64[v >> 12 & 63];
			line[len++] = j + 1 < k ? b64[v >> 6 & 63] : '=';
			line[len++] = '=';
		}
		line[len++] = '\n';
		out(line, (size_t)len);
	}
	outf("@@fl-s %d %c %u %zu\n", i, s, cksum(p, n), n);
}

/* Pass on the kernel's messages of level warning or worse since the last call. */
static void send_kmsg(int i)
{
	char rec[2048];
	ssize_t n;

	if (kmsg < 0)
		return;
	while ((n = read(kmsg, rec, sizeof(rec) - 1)) != 0) {
		if (n < 0) {
			if (errno == EPIPE || errno == EINTR)
				continue;	/* records overwritten meanwhile */
			break;			/* EAGAIN: nothing more */
		}
		rec[n] = 0;
		char *text = strchr(rec, ';');
		if (!text || (atoi(rec) & 7) > 4)
			continue;
		text++;
		text[strcspn(text, "\n")] = 0;
		outf("@@fl-k %d %s\n", i, text);
	}
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Read all of a file into a malloc'd buffer; *N gets its length. */
static unsigned char *slurp(const char *path, size_t *n)
{
	size_t cap = 4096, len = 0;
	unsigned char *buf = malloc(cap);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t r;

	if (fd < 0 || !buf) {
		if (fd >= 0)
			close(fd);
		*n = 0;
		return buf;
	}
	while ((r = read(fd, buf + len, cap - len)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		len += (size_t)r;
		if (len == cap && !(buf = realloc(buf, cap *= 2)))
			break;
	}
	close(fd);
	*n = buf ? len : 0;
	return buf;
}

static void write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd >= 0) {
		if (write(fd, s, strlen(s)) < 0) {
			/* nothing to do: the setting stays as it was */
		}
		close(fd);
	}
}

/* The child: becomes the program, as `timeout env -i ... </dev/null 2>FILE | cat` would. */
static void child(char **argv, int outfd, int errfd)
{
	static char *envp[] = { "FAULTLINE_TEST=1", "LANG=C", NULL };
	struct rlimit nocore = { 0, 0 };
	sigset_t none;
	int in = open("/dev/null", O_RDONLY);

	setpgid(0, 0);	/* one process group to kill on timeout */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	setrlimit(RLIMIT_CORE, &nocore);
	if (in < 0 || dup2(in, 0) < 0 || dup2(outfd, 1) < 0 || dup2(errfd, 2) < 0)
		_exit(125);
	for (int fd = 3; fd < 64; fd++)
		close(fd);
	execve(argv[0], argv, envp);
	int e = errno;
	dprintf(2, "linux-arm64-init: cannot run '%s': %s\n", argv[0], strerror(e));
	_exit(e == ENOENT ? 127 : 126);
}

/* Case I could not even start: empty streams, status 125. */
static void setup_failed(int i)
{
	send_stream(i, 'o', NULL, 0);
	send_stream(i, 'e', NULL, 0);
	outf("@@fl-x %d 125\n", i);
}

/* Run case I; send its results. */
static void run_case(int i, int timeout, char **argv)
{
	size_t cap = 65536, len = 0;
	unsigned char *buf = malloc(cap);
	int p[2], errfd, status = 0, exited = 0, eof = 0, shown = -1;
	long long start = now_ms(), deadline = start + timeout * 1000LL;
	pid_t pid;

	errfd = open(ERR_FILE, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (!buf || errfd < 0 || pipe2(p, O_CLOEXEC) < 0) {
		setup_failed(i);
		exit(1);	/* init out of memory or files: the runner reports the rest missing */
	}
	pid = fork();
	if (pid == 0)
		child(argv, p[1], errfd);
	if (pid > 0)
		setpgid(pid, pid);	/* as the child does: whichever runs first */
	close(p[1]);
	close(errfd);
	/* A pidfd becomes readable when the child ends: one poll waits for
	 * output, the end, and the time limit. */
	int pidfd = pid > 0 ? (int)syscall(SYS_pidfd_open, pid, 0) : -1;
	if (pid < 0 || pidfd < 0) {
		if (pid > 0) {
			kill(-pid, SIGKILL);
			waitpid(pid, NULL, 0);
		}
		close(p[0]);
		free(buf);
		setup_failed(i);
		return;
	}
	while (!eof || !exited) {
		struct pollfd fds[2] = {
			{ .fd = eof ? -1 : p[0], .events = POLLIN },
			{ .fd = exited ? -1 : pidfd, .events = POLLIN },
		};
		long long left = deadline - now_ms();
		if (left <= 0)
			break;
		if (poll(fds, 2, (int)(left > 1000000 ? 1000000 : left)) < 0)
			continue;
		if (fds[0].revents) {
			if (len == cap && !(buf = realloc(buf, cap *= 2)))
				break;
			ssize_t r = read(p[0], buf + len, cap - len);
			if (r > 0)
				len += (size_t)r;
			else if (r == 0 || errno != EINTR)
				eof = 1;
		}
		if (fds[1].revents && waitpid(pid, &status, 0) == pid)
			exited = 1;
	}
	/* The time limit (or the end): nothing of the group may outlive its case. */
	kill(-pid, SIGKILL);
	if (!exited) {
		waitpid(pid, &status, 0);
		shown = 124;
	}
	while (!eof && buf) {	/* what was written before the kill */
		struct pollfd fd = { .fd = p[0], .events = POLLIN };
		if (len == cap && !(buf = realloc(buf, cap *= 2)))
			break;
		if (poll(&fd, 1, 1000) <= 0)
			break;
		ssize_t r = read(p[0], buf + len, cap - len);
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	close(p[0]);
	close(pidfd);
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;	/* orphans of the case, now children of init */
	if (shown < 0)
		shown = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
	long long took = now_ms() - start;

	size_t elen;
	unsigned char *ebuf = slurp(ERR_FILE, &elen);
	send_stream(i, 'o', buf, buf ? len : 0);
	send_stream(i, 'e', ebuf, ebuf ? elen : 0);
	send_kmsg(i);
	outf("@@fl-t %d %lld\n", i, took);
	outf("@@fl-x %d %d\n", i, shown);
	free(buf);
	free(ebuf);
}

/* Make sure fd WANT is open, on PATH if it was not. */
static void own_fd(int want, const char *path, int flags)
{
	int fd;

	if (fcntl(want, F_GETFD) >= 0)
		return;
	fd = open(path, flags);
	if (fd >= 0 && fd != want) {
		dup2(fd, want);
		close(fd);
	}
}

int main(void)
{
	/* The kernel starts /init without fds 0-2 when the archive has no
	 * /dev/console: devtmpfs provides the console and /dev/null.  0-2 are
	 * taken first so that no later descriptor lands there. */
	mkdir("/dev", 0755);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	own_fd(0, "/dev/null", O_RDONLY);
	own_fd(1, "/dev/console", O_WRONLY);
	own_fd(2, "/dev/console", O_WRONLY);
	mkdir("/proc", 0555);
	mkdir("/sys", 0555);
	mkdir("/tmp", 01777);
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	/* Transparent huge pages change fault counts. */
	write_file("/sys/kernel/mm/transparent_hugepage/enabled", "never");
	write_file("/proc/sys/kernel/printk", "1");
	kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (kmsg >= 0)
		lseek(kmsg, 0, SEEK_END);	/* only what the cases cause */
	chdir("/");
	umask(022);

	size_t n;
	char *cases = (char *)slurp("/.oracle/cases", &n), *p = cases, *end = cases + n;
	int count = 0;

	outf("\n@@fl-start\n");
	while (p && p < end) {
		int timeout = atoi(p);
		p += strlen(p) + 1;
		if (p >= end)
			break;
		int argc = atoi(p);
		p += strlen(p) + 1;
		char **argv = calloc((size_t)argc + 1, sizeof(*argv));
		for (int a = 0; a < argc && p < end; a++) {
			argv[a] = p;
			p += strlen(p) + 1;
		}
		if (argc < 1 || !argv[argc - 1])
			break;
		run_case(count++, timeout > 0 ? timeout : 30, argv);
		free(argv);
	}
	outf("@@fl-end %d\n", count);
	sync();
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}

/*
 * printf-style formatter. No floating point and no libc: the kernel links
 * this before it has anything else, and the host unit test compares every
 * result against glibc's snprintf.
 */
#include <stdbool.h>
#include <stdint.h>

#include "fmt.h"

/* %zd reads the signed type matching size_t; on our ABIs that is ptrdiff_t. */
_Static_assert(sizeof(ptrdiff_t) == sizeof(size_t), "ptrdiff_t and size_t differ in size");

enum {
	F_MINUS = 1 << 0,	/* left-justify */
	F_ZERO	= 1 << 1,	/* pad numbers with zeros */
	F_PLUS	= 1 << 2,	/* always print a sign */
	F_SPACE = 1 << 3,	/* space where a '+' would go */
	F_ALT	= 1 << 4,	/* '#': 0x prefix, leading octal 0 */
};

enum length { L_NONE, L_HH, L_H, L_L, L_LL, L_Z, L_T, L_J };

struct spec {
	unsigned flags;
	int width;
	int prec;		/* -1 when not given */
	enum length len;
};

struct out {
	fmt_emit_fn emit;
	void *arg;
	int count;
};

static void put(struct out *o, char c)
{
	o->emit(c, o->arg);
	o->count++;
}

static void put_n(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Parse a decimal field, saturating instead of overflowing (signed overflow is UB). */
static int parse_num(const char **p)
{
	int v = 0;

	while (is_digit(**p)) {
		int d = *(*p)++ - '0';

		v = v > (__INT_MAX__ - d) / 10 ? __INT_MAX__ : v * 10 + d;
	}
	return v;
}

/*
 * Fetch an integer argument. Narrow types arrive promoted to int, so they
 * are read as int and truncated back, which is what makes %hhu of 300 print 44.
 */
static uintmax_t arg_unsigned(enum length len, va_list *ap)
{
	switch (len) {
	case L_HH:	return (unsigned char)va_arg(*ap, unsigned int);
	case L_H:	return (unsigned short)va_arg(*ap, unsigned int);
	case L_L:	return va_arg(*ap, unsigned long);
	case L_LL:	return va_arg(*ap, unsigned long long);
	case L_Z:	return va_arg(*ap, size_t);
	case L_T:	return va_arg(*ap, size_t);	/* unsigned ptrdiff_t */
	case L_J:	return va_arg(*ap, uintmax_t);
	default:	return va_arg(*ap, unsigned int);
	}
}

static intmax_t arg_signed(enum length len, va_list *ap)
{
	switch (len) {
	case L_HH:	return (signed char)va_arg(*ap, int);
	case L_H:	return (short)va_arg(*ap, int);
	case L_L:	return va_arg(*ap, long);
	case L_LL:	return va_arg(*ap, long long);
	case L_Z:	return va_arg(*ap, ptrdiff_t);	/* signed size_t */
	case L_T:	return va_arg(*ap, ptrdiff_t);
	case L_J:	return va_arg(*ap, intmax_t);
	default:	return va_arg(*ap, int);
	}
}

/* Emit len characters of s padded to the width; '0' does not apply (glibc pads strings with spaces). */
static void emit_str(struct out *o, const struct spec *sp, const char *s, int len)
{
	int pad = sp->width > len ? sp->width - len : 0;

	if (!(sp->flags & F_MINUS))
		put_n(o, ' ', pad);
	while (len-- > 0)
		put(o, *s++);
	if (sp->flags & F_MINUS)
		put_n(o, ' ', pad);
}

/*
 * Emit a number as [spaces][sign][0x][zeros][digits][spaces].
 * sign is 0 for none; prefix is "0x"/"0X" or NULL.
 */
static void emit_num(struct out *o, const struct spec *sp, uintmax_t v,
		     unsigned base, bool upper, char sign, const char *prefix)
{
	const char *digit_chars = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char digits[3 * sizeof(uintmax_t)];	/* enough for octal */
	int nd = 0, zeros, len, pad;
	/* With an explicit precision the '0' flag is ignored, as C requires. */
	bool zero_pad = (sp->flags & F_ZERO) && !(sp->flags & F_MINUS) && sp->prec < 0;

	/* C: zero with precision 0 produces no digits at all. */
	if (v != 0 || sp->prec != 0) {
		do {
			digits[nd++] = digit_chars[v % base];
			v /= base;
		} while (v);
	}
	zeros = sp->prec > nd ? sp->prec - nd : 0;
	/* '#' with o: the first digit must be a 0, adding one only if it is not already. */
	if (base == 8 && (sp->flags & F_ALT) && zeros == 0 && (nd == 0 || digits[nd - 1] != '0'))
		zeros = 1;

	len = (sign ? 1 : 0) + (prefix ? 2 : 0) + zeros + nd;
	pad = sp->width > len ? sp->width - len : 0;

	if (!zero_pad && !(sp->flags & F_MINUS))
		put_n(o, ' ', pad);
	if (sign)
		put(o, sign);
	if (prefix) {
		put(o, prefix[0]);
		put(o, prefix[1]);
	}
	if (zero_pad)
		put_n(o, '0', pad);
	put_n(o, '0', zeros);
	while (nd > 0)
		put(o, digits[--nd]);
	if (sp->flags & F_MINUS)
		put_n(o, ' ', pad);
}

static char sign_char(const struct spec *sp, bool negative)
{
	if (negative)
		return '-';
	if (sp->flags & F_PLUS)
		return '+';
	if (sp->flags & F_SPACE)
		return ' ';
	return 0;
}

static int bounded_len(const char *s, int max)
{
	int n = 0;

	while ((max < 0 || n < max) && s[n])
		n++;
	return n;
}

/* Parse flags, width, precision and length after a '%'; *p is left on the conversion character. */
static void parse_spec(const char **p, struct spec *sp, va_list *ap)
{
	const char *f = *p;

	sp->flags = 0;
	for (;; f++) {
		if (*f == '-')
			sp->flags |= F_MINUS;
		else if (*f == '0')
			sp->flags |= F_ZERO;
		else if (*f == '+')
			sp->flags |= F_PLUS;
		else if (*f == ' ')
			sp->flags |= F_SPACE;
		else if (*f == '#')
			sp->flags |= F_ALT;
		else
			break;
	}

	sp->width = 0;
	if (*f == '*') {
		int w = va_arg(*ap, int);

		f++;
		/* A negative '*' width means left-justify. */
		if (w < 0) {
			sp->flags |= F_MINUS;
			w = w < -__INT_MAX__ ? __INT_MAX__ : -w;
		}
		sp->width = w;
	} else {
		sp->width = parse_num(&f);
	}

	sp->prec = -1;
	if (*f == '.') {
		f++;
		if (*f == '*') {
			f++;
			/* A negative '*' precision counts as none given. */
			sp->prec = va_arg(*ap, int);
			if (sp->prec < 0)
				sp->prec = -1;
		} else {
			sp->prec = parse_num(&f);
		}
	}

	sp->len = L_NONE;
	switch (*f) {
	case 'h':
		f++;
		sp->len = L_H;
		if (*f == 'h') {
			f++;
			sp->len = L_HH;
		}
		break;
	case 'l':
		f++;
		sp->len = L_L;
		if (*f == 'l') {
			f++;
			sp->len = L_LL;
		}
		break;
	case 'z': f++; sp->len = L_Z; break;
	case 't': f++; sp->len = L_T; break;
	case 'j': f++; sp->len = L_J; break;
	default: break;
	}
	*p = f;
}

/* Format one conversion; returns false for an unknown conversion character. */
static bool convert(struct out *o, char conv, struct spec *sp, va_list *ap)
{
	switch (conv) {
	case 'd':
	case 'i': {
		intmax_t v = arg_signed(sp->len, ap);
		/* Negate in unsigned arithmetic so INTMAX_MIN does not overflow. */
		uintmax_t mag = v < 0 ? -(uintmax_t)v : (uintmax_t)v;

		emit_num(o, sp, mag, 10, false, sign_char(sp, v < 0), NULL);
		return true;
	}
	case 'u':
	case 'o':
	case 'x':
	case 'X': {
		uintmax_t v = arg_unsigned(sp->len, ap);
		unsigned base = conv == 'u' ? 10 : conv == 'o' ? 8 : 16;
		const char *prefix = NULL;

		/* '#' adds 0x only to nonzero values. */
		if (base == 16 && (sp->flags & F_ALT) && v != 0)
			prefix = conv == 'X' ? "0X" : "0x";
		/* '+' and ' ' mean nothing for unsigned conversions. */
		emit_num(o, sp, v, base, conv == 'X', 0, prefix);
		return true;
	}
	case 'c': {
		char c = (char)va_arg(*ap, int);

		emit_str(o, sp, &c, 1);
		return true;
	}
	case 's': {
		const char *s = va_arg(*ap, const char *);

		/* glibc prints "(null)" only if it fits the precision; otherwise nothing. */
		if (!s)
			s = sp->prec < 0 || sp->prec >= 6 ? "(null)" : "";
		emit_str(o, sp, s, bounded_len(s, sp->prec));
		return true;
	}
	case 'p': {
		void *ptr = va_arg(*ap, void *);

		/* glibc: NULL is the string "(nil)", always whole; otherwise
		 * %#lx that, unlike %x, still honours '+' and ' '. */
		if (!ptr)
			emit_str(o, sp, "(nil)", 5);
		else
			emit_num(o, sp, (uintptr_t)ptr, 16, false, sign_char(sp, false), "0x");
		return true;
	}
	case '%':
		/* glibc ignores flags and width on %%. */
		put(o, '%');
		return true;
	default:
		return false;
	}
}

int fmt_vformat(fmt_emit_fn emit, void *arg, const char *fmt, va_list ap)
{
	struct out o = { .emit = emit, .arg = arg, .count = 0 };
	va_list args;

	/*
	 * The helpers take a va_list pointer so that va_arg in them advances
	 * ours. &ap would be wrong where va_list is an array type (x86-64): a
	 * parameter of array type decays to a pointer, so use a local copy.
	 */
	va_copy(args, ap);
	while (*fmt) {
		const char *start = fmt;
		struct spec sp;

		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt++;
		parse_spec(&fmt, &sp, &args);
		/* A spec cut short by the end of the string prints nothing (as glibc). */
		if (!*fmt)
			break;
		if (!convert(&o, *fmt, &sp, &args)) {
			/* Unknown conversion: show the spec as written, like glibc. */
			while (start <= fmt)
				put(&o, *start++);
		}
		fmt++;
	}
	va_end(args);
	return o.count;
}

struct sbuf {
	char *buf;
	size_t size;
	size_t pos;
};

/* Keep the last byte for the NUL; characters past the end are only counted. */
static void sbuf_emit(char c, void *arg)
{
	struct sbuf *sb = arg;

	if (sb->pos + 1 < sb->size)
		sb->buf[sb->pos] = c;
	sb->pos++;
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sbuf sb = { .buf = buf, .size = size, .pos = 0 };
	int n = fmt_vformat(sbuf_emit, &sb, fmt, ap);

	if (size > 0)
		buf[sb.pos < size ? sb.pos : size - 1] = '\0';
	return n;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

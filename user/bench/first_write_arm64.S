/* first_write.S for arm64: the first instructions write "!\n" and exit. */
	.globl _start
_start:
	mov x8, #64		/* write */
	mov x0, #1
	adr x1, msg
	mov x2, #2
	svc #0
	mov x8, #93		/* exit */
	mov x0, #0
	svc #0
msg:	.ascii "!\n"

# tools/bench/report.awk: the table of tools/bench/run (icount mode).
# Input: Faultline's result lines, then Linux's (two files, in that order).
# Variables: fl_boot linux_boot (ms), fl_tsc linux_tsc, linux_name, pages,
# rounds, csv and sweepdat (output files); for arm64 also machine (the QEMU
# machine, default x86-64's), clock (what the guest clock is, default
# rdtsc) and timer_note (a line on the timing method).

function commas(n,   s, neg, r) {
	if (n == "" || n == "NA") return "-"
	n = sprintf("%.0f", n)
	neg = n < 0; if (neg) n = -n
	s = n ""; r = ""
	while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) }
	return (neg ? "-" : "") s r
}
function ratio(a, b) { return (a == "" || b == "" || b + 0 == 0) ? "-" : sprintf("%.2f", a / b) }
function spread(k, r) { return has[k, r] ? "(" commas(v[k, r, "min"]) "-" commas(v[k, r, "max"]) ")" : "" }
function total(k, r) { return na[k, r] ? "n/a" : has[k, r] ? commas(v[k, r, "per_op"]) : "-" }

{
	k = FILENAME ~ /faultline[^\/]*$/ ? "faultline" : "linux"
	kind = $1
	if (kind == "faultbench") {
		for (i = 2; i <= NF; i++) {
			split($i, kv, "=")
			if (kv[1] == "linux_clear" && k == "linux") lclear = kv[2]
			if (kv[1] == "linux_copy" && k == "linux") lcopy = kv[2]
			if (kv[1] == "cpu") cpu = kv[2]
			if (kv[1] == "hwcap") hwcap[k] = kv[2]
		}
		next
	}
	if (kind != "bench" && kind != "sweep") next
	name = $2; param = ""
	delete f
	for (i = 3; i <= NF; i++) {
		if ($i == "n/a") { f["na"] = 1; continue }
		n = index($i, "=")
		if (n) f[substr($i, 1, n - 1)] = substr($i, n + 1)
	}
	if ("resident_mib" in f) param = "resident_mib=" f["resident_mib"]
	else if ("pages" in f) param = "pages=" f["pages"]
	else if ("ops" in f) param = "ops=" f["ops"]
	if (kind == "sweep") {
		mib = f["bytes"] / 1048576
		if (!(mib in seen_size)) { seen_size[mib] = 1; sizes[++nsizes] = mib }
		sw[k, name, mib] = f["per_op"]
		swmean[k, name, mib] = f["mean"]
		next
	}
	row = name ("resident_mib" in f ? "@" f["resident_mib"] : "")
	if (!(row in known)) { known[row] = 1; param_of[row] = param }
	if ("na" in f) { na[k, row] = 1; reason[k, row] = f["reason"]; next }
	has[k, row] = 1
	for (x in f) v[k, row, x] = f[x]
}

END {
	if (lclear == "") lclear = "rep_stosb_4k"
	if (lcopy == "") lcopy = "rep_movsq_4k"
	if (machine == "") machine = "qemu-system-x86_64 -accel tcg -cpu max -m 2G -smp 1"
	if (clock == "") clock = "rdtsc"
	fclear = "fl_memset_4k"; fcopy = "fl_memcpy_4k"
	# Which page primitive each fault runs, if any.
	work["write_fault"] = "clear"; work["write_after_read"] = "clear"
	work["mmap_touch_munmap"] = "clear"; work["cow_fault"] = "copy"

	norder = split("write_fault read_fault write_after_read cow_fault munmap_resident mmap_munmap " \
		"mmap_touch_munmap getppid fork_exit_wait@0 fork_exit_wait@64 fork_exit_wait@256 " \
		"memset_4k memcpy_4k rep_stosb_4k rep_stosq_4k rep_movsq_4k copy_page_regs_4k " \
		"clear_page_4k clear_page_stnp_4k copy_page_4k " \
		"fl_memset_4k fl_memcpy_4k", order, " ")
	label["write_fault"] = "write fault (first touch)"
	label["read_fault"] = "read fault (zero page)"
	label["write_after_read"] = "write after read"
	label["cow_fault"] = "copy-on-write fault after fork"
	label["munmap_resident"] = "munmap, per resident page"
	label["mmap_munmap"] = "mmap + munmap, 1 page"
	label["mmap_touch_munmap"] = "mmap + touch + munmap, 1 page"
	label["getppid"] = "getppid (entry + exit)"
	label["fork_exit_wait@0"] = "fork+exit+wait, 0 MiB resident"
	label["fork_exit_wait@64"] = "fork+exit+wait, 64 MiB resident"
	label["fork_exit_wait@256"] = "fork+exit+wait, 256 MiB resident"
	label["memset_4k"] = "floor: glibc memset 4 KiB"
	label["memcpy_4k"] = "floor: glibc memcpy 4 KiB"
	label["rep_stosb_4k"] = "rep stosb 4 KiB (clear_page_erms)"
	label["rep_stosq_4k"] = "rep stosq 4 KiB (clear_page_rep)"
	label["rep_movsq_4k"] = "rep movsq 4 KiB (copy_page, REP_GOOD)"
	label["copy_page_regs_4k"] = "copy_page_regs 4 KiB (no REP_GOOD)"
	label["clear_page_4k"] = "clear_page 4 KiB (arm64, DC ZVA)"
	label["clear_page_stnp_4k"] = "stnp loop 4 KiB (clear_page, no ZVA)"
	label["copy_page_4k"] = "copy_page 4 KiB (arm64, ldp/stnp)"
	label["fl_memset_4k"] = "Faultline's memset 4 KiB (page_clear)"
	label["fl_memcpy_4k"] = "Faultline's memcpy 4 KiB (page_copy)"

	printf "\nFaultline vs Linux %s: guest instructions per operation\n", linux_name
	printf "(%s -icount shift=0,sleep=off; %s pages = %d MiB a region, %s rounds;\n", machine, pages, pages / 256, rounds
	if (timer_note != "") {
		printf " value = median over rounds of each round's median, (min-max) of the round medians;\n"
		printf "%s\n\n", timer_note
	} else
		printf " value = median over rounds of each round's median, (min-max) of the round medians)\n\n"
	fmt = "%-38s %12s %-19s %12s %-19s %8s\n"
	printf fmt, "benchmark", "Faultline", "(min-max)", "Linux", "(min-max)", "FL/Linux"
	printf fmt, "---------", "---------", "", "-----", "", "--------"
	print "kernel,benchmark,param,per_op,min,max,mean,rounds,page_work,page_work_cost,overhead,status" > csv
	for (i = 1; i <= norder; i++) {
		r = order[i]
		if (!(r in known)) continue
		if (r == "memset_4k") printf "\nthe work itself, timed in user space (the same instructions on both kernels):\n"
		fv = v["faultline", r, "per_op"]; lv = v["linux", r, "per_op"]
		printf fmt, label[r], total("faultline", r), spread("faultline", r), total("linux", r), spread("linux", r),
			(has["faultline", r] && has["linux", r]) ? ratio(fv, lv) : "-"
		if (r in work && has["faultline", r] && has["linux", r]) {
			fp = work[r] == "clear" ? fclear : fcopy
			lp = work[r] == "clear" ? lclear : lcopy
			fw = v["faultline", fp, "per_op"]; lw = v["linux", lp, "per_op"]
			floorp = work[r] == "clear" ? "memset_4k" : "memcpy_4k"
			ffl = v["faultline", floorp, "per_op"]; lfl = v["linux", floorp, "per_op"]
			lpname = lp == "rep_stosb_4k" ? "rep stosb" : lp == "rep_movsq_4k" ? "rep movsq" : lp
			if (lp == "clear_page_4k") lpname = "DC ZVA"
			if (lp == "copy_page_4k") lpname = "ldp/stnp"
			printf fmt, "  - page " work[r] " (the kernel's own)", commas(fw), work[r] == "clear" ? "its memset" : "its memcpy",
				commas(lw), lpname, ""
			fo = fw != "" ? fv - fw : ""; lo_ = lw != "" ? lv - lw : ""
			printf fmt, "  = overhead (fault path)", commas(fo), "", commas(lo_), "", ratio(fo, lo_)
			printf fmt, "  vs floor: total - " (work[r] == "clear" ? "memset" : "memcpy") " 4 KiB", commas(fv - ffl), "", commas(lv - lfl), "", ratio(fv - ffl, lv - lfl)
		}
		for (j = 1; j <= 2; j++) {
			k = j == 1 ? "faultline" : "linux"
			if (na[k, r]) {
				printf "%s,%s,%s,,,,,,,,,n/a %s\n", k, r, param_of[r], reason[k, r] > csv
				continue
			}
			if (!has[k, r]) continue
			pw = pwc = ov = ""
			if (r in work) {
				pw = work[r] == "clear" ? (k == "faultline" ? fclear : lclear) : (k == "faultline" ? fcopy : lcopy)
				pwc = v[k, pw, "per_op"]; ov = pwc != "" ? v[k, r, "per_op"] - pwc : ""
			}
			name = r; sub(/@.*/, "", name)
			printf "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,ok\n", k, name, param_of[r], v[k, r, "per_op"], v[k, r, "min"],
				v[k, r, "max"], v[k, r, "mean"], v[k, r, "rounds"], pw, pwc, ov > csv
		}
	}
	for (j = 1; j <= 2; j++) {
		k = j == 1 ? "faultline" : "linux"
		for (r in known) if (na[k, r]) printf "note: %s: %s n/a (%s)\n", k, r, reason[k, r]
	}
	# The same binary can run different library code on the two kernels:
	# glibc picks memset/memcpy by AT_HWCAP (on arm64 Linux offers SVE and
	# glibc takes its SVE memcpy; Faultline does not offer SVE).
	for (q = 1; q <= 2; q++) {
		r = q == 1 ? "memset_4k" : "memcpy_4k"
		if (has["faultline", r] && has["linux", r] && v["faultline", r, "per_op"] != v["linux", r, "per_op"])
			printf "note: %s differs between the kernels: glibc chose its %s by AT_HWCAP (Faultline %s, Linux %s)\n",
				r, substr(r, 1, 6), hwcap["faultline"] != "" ? hwcap["faultline"] : "?", hwcap["linux"] != "" ? hwcap["linux"] : "?"
	}

	# The sweep: per-fault cost against region size.
	if (nsizes) {
		printf "\nper-fault cost against region size (median; mean in brackets: it carries the page-table pages and timer ticks)\n"
		sfmt = "%10s %22s %22s %20s %20s\n"
		printf sfmt, "region", "Faultline write", "Linux write", "Faultline read", "Linux read"
		# sort the sizes
		for (i = 1; i <= nsizes; i++) for (j = i + 1; j <= nsizes; j++) if (sizes[j] < sizes[i]) { t = sizes[i]; sizes[i] = sizes[j]; sizes[j] = t }
		fw = v["faultline", fclear, "per_op"]; lw = v["linux", lclear, "per_op"]
		for (i = 1; i <= nsizes; i++) {
			s = sizes[i]
			printf sfmt, (s >= 1024 ? s / 1024 " GiB" : s " MiB"),
				commas(sw["faultline", "write_fault", s]) " [" commas(swmean["faultline", "write_fault", s]) "]",
				commas(sw["linux", "write_fault", s]) " [" commas(swmean["linux", "write_fault", s]) "]",
				commas(sw["faultline", "read_fault", s]) " [" commas(swmean["faultline", "read_fault", s]) "]",
				commas(sw["linux", "read_fault", s]) " [" commas(swmean["linux", "read_fault", s]) "]"
			# columns: MiB, write (FL, Linux), read (FL, Linux), write less the
			# kernel's page clear (FL, Linux), write mean (FL, Linux)
			printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s, sw["faultline", "write_fault", s], sw["linux", "write_fault", s],
				sw["faultline", "read_fault", s], sw["linux", "read_fault", s],
				(sw["faultline", "write_fault", s] != "" && fw != "") ? sw["faultline", "write_fault", s] - fw : "",
				(sw["linux", "write_fault", s] != "" && lw != "") ? sw["linux", "write_fault", s] - lw : "",
				swmean["faultline", "write_fault", s], swmean["linux", "write_fault", s] > sweepdat
			for (j = 1; j <= 2; j++) {
				k = j == 1 ? "faultline" : "linux"
				for (q = 1; q <= 2; q++) {
					b = q == 1 ? "write_fault" : "read_fault"
					if (sw[k, b, s] != "")
						printf "%s,sweep_%s,bytes=%d,%s,,,%s,,,,,ok\n", k, b, s * 1048576, sw[k, b, s], swmean[k, b, s] > csv
				}
			}
		}
	}

	printf "\nboot, QEMU start to the benchmark's first line, host wall clock, with -icount shift=0,sleep=off\n"
	printf "(median of %d boot(s) of each with nothing to run, one at a time):\n", boots
	printf "  Faultline %8s ms   guest clock at /init %s ns\n", commas(fl_boot), commas(fl_tsc)
	printf "  Linux     %8s ms   guest clock at /init %s ns\n", commas(linux_boot), commas(linux_tsc)
	printf "  (guest clock = %s: instructions executed plus the idle time sleep=off skips; without icount: run --wall)\n", clock
	printf "faultline,boot_ms,,%s,,,,,,,,ok\nlinux,boot_ms,,%s,,,,,,,,ok\n", fl_boot, linux_boot > csv
	printf "faultline,boot_guest_ns,,%s,,,,,,,,ok\nlinux,boot_guest_ns,,%s,,,,,,,,ok\n", fl_tsc, linux_tsc > csv
}

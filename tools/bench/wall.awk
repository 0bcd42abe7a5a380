# tools/bench/wall.awk: the table of `tools/bench/run --wall`.
# Input: the result files wall-faultline-N.txt and wall-linux-N.txt, N = 1..reps.
# Variables: reps, pages, linux_name, boots (a file of "faultline_ms linux_ms"
# lines), csv (output); unit (what the numbers are, default x86-64's).

function med(a, n,   i, j, t, b) {
	for (i = 1; i <= n; i++) b[i] = a[i]
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (b[j] < b[i]) { t = b[i]; b[i] = b[j]; b[j] = t }
	return n ? b[int((n + 1) / 2)] : ""
}
function lo(a, n,   i, m) { m = a[1]; for (i = 2; i <= n; i++) if (a[i] < m) m = a[i]; return m }
function hi(a, n,   i, m) { m = a[1]; for (i = 2; i <= n; i++) if (a[i] > m) m = a[i]; return m }

FNR == 1 {	# wall-KERNEL-REP.txt
	k = FILENAME ~ /wall-faultline-[0-9]+\.txt$/ ? "faultline" : "linux"
	rep = FILENAME; sub(/\.txt$/, "", rep); sub(/.*-/, "", rep); rep += 0
}
$1 == "bench" {
	row = $2
	for (i = 3; i <= NF; i++) {
		if ($i ~ /^resident_mib=/) { split($i, kv, "="); row = row "@" kv[2] }
		if ($i ~ /^per_op=/) { split($i, kv, "="); val[k, row, rep] = kv[2] }
	}
	if (!(row in known)) { known[row] = 1; order[++n] = row }
}

END {
	if (unit == "") unit = "host time-stamp-counter cycles per operation"
	printf "\nFaultline vs Linux %s without icount: %s\n", linux_name, unit
	printf "(TCG, %d pages a region; %d alternating boots of each; ratio = median over the pairs, (min-max) over the pairs)\n\n", pages, reps
	fmt = "%-26s %14s %14s %9s %16s\n"
	printf fmt, "benchmark", "Faultline", "Linux", "FL/Linux", "(min-max)"
	print "benchmark,faultline_median,linux_median,ratio_median,ratio_min,ratio_max,pairs" > csv
	for (i = 1; i <= n; i++) {
		r = order[i]
		nf = nl = np = 0
		delete a; delete b; delete q
		for (j = 1; j <= reps; j++) {
			if ((("faultline", r, j) in val)) a[++nf] = val["faultline", r, j]
			if ((("linux", r, j) in val)) b[++nl] = val["linux", r, j]
			if ((("faultline", r, j) in val) && (("linux", r, j) in val) && val["linux", r, j] > 0)
				q[++np] = val["faultline", r, j] / val["linux", r, j]
		}
		printf fmt, r, nf ? med(a, nf) : "n/a", nl ? med(b, nl) : "n/a",
			np ? sprintf("%.2f", med(q, np)) : "-", np ? sprintf("(%.2f-%.2f)", lo(q, np), hi(q, np)) : ""
		printf "%s,%s,%s,%s,%s,%s,%d\n", r, nf ? med(a, nf) : "", nl ? med(b, nl) : "", np ? med(q, np) : "",
			np ? lo(q, np) : "", np ? hi(q, np) : "", np > csv
	}
	nb = 0
	while ((getline line < boots) > 0) {
		split(line, t, " ")
		if (t[1] != "NA") fb[++nfb] = t[1]
		if (t[2] != "NA") lb[++nlb] = t[2]
	}
	printf "\nboot without icount, QEMU start to the benchmark's first line, host wall clock (median, min-max of %d):\n", reps
	if (nfb) printf "  Faultline %s ms (%s-%s)\n", med(fb, nfb), lo(fb, nfb), hi(fb, nfb)
	if (nlb) printf "  Linux     %s ms (%s-%s)\n", med(lb, nlb), lo(lb, nlb), hi(lb, nlb)
	printf "boot_ms,%s,%s,,,,%d\n", nfb ? med(fb, nfb) : "", nlb ? med(lb, nlb) : "", reps > csv
}

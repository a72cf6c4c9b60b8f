# The table of tracker-bench.sh, from its results.tsv (awk -F'\t' -f summary.awk results.tsv). One line per
# measurement, tab-separated:
#   1 section  2 tracker  3 load (http|udp|http-rate|udp-rate)  4 round  5 announces/s  6 p50 us  7 p99 us
#   8 errors  9 CPU s per 100k announces  10 1-minute load average  11 late %  12 responses  13 target rate
#   14 answers without any peer
# One table row per (section, tracker, load): medians over the rounds with the (min-max) spread, errors
# summed, and the ratios to opentracker paired per round (the median of tracker / opentracker in the same
# section, round and load), so that load drifting between rounds cancels out as far as it can.

function sort_values(a, n,    i, j, v) {
    for (i = 2; i <= n; i++) {
        v = a[i]
        for (j = i - 1; j >= 1 && a[j] + 0 > v + 0; j--) a[j + 1] = a[j]
        a[j + 1] = v
    }
}

# median (and spread into MIN, MAX) of column c of row key k, "-" when there is none
function stat(k, c,    n, i, v) {
    n = 0
    for (i = 1; i <= count[k]; i++) {
        v = cell[k, i, c]
        if (v != "-" && v != "") v_[++n] = v
    }
    if (n == 0) { MIN = "-"; MAX = "-"; return "-" }
    sort_values(v_, n)
    MIN = v_[1]; MAX = v_[n]
    return n % 2 ? v_[(n + 1) / 2] : (v_[n / 2] + v_[n / 2 + 1]) / 2
}

function paired(k, c,    s, t, l, n, i, r, b, v) {
    split(k, parts, SUBSEP); s = parts[1]; l = parts[3]
    n = 0
    for (i = 1; i <= count[k]; i++) {
        r = cell[k, i, 4]
        b = base[s, l, r, c]
        v = cell[k, i, c]
        if (b != "" && b != "-" && b + 0 > 0 && v != "-" && v != "") p_[++n] = v / b
    }
    if (n == 0) return "-"
    sort_values(p_, n)
    return sprintf("%.2f", n % 2 ? p_[(n + 1) / 2] : (p_[n / 2] + p_[n / 2 + 1]) / 2)
}

function num(v, fmt) { return v == "-" ? "-" : sprintf(fmt, v) }
function ms(v) { return v == "-" ? "-" : sprintf("%.2f", v / 1000) }
function spread(fmt, scale) {
    if (MIN == "-" || MIN == MAX) return ""
    return sprintf(" (" fmt "-" fmt ")", MIN / scale, MAX / scale)
}

{
    k = $1 SUBSEP $2 SUBSEP $3
    if (!(k in count)) count[k] = 0
    n = ++count[k]
    for (c = 1; c <= NF; c++) cell[k, n, c] = $c
    if (!($1 in seen_section)) { seen_section[$1] = 1; sections[++nsections] = $1 }
    if ($2 == "opentracker") { base[$1, $3, $4, 5] = $5; base[$1, $3, $4, 9] = $9 }
    target[k] = $13
}

END {
    nloads = split("http udp http-rate udp-rate", loads, " ")
    ntrackers = split("opentracker memory redis memory+log redis+log", trackers, " ")
    printf "%-9s %-11s %-14s %-22s %5s %7s %-20s %6s %9s %10s %7s %5s %s\n", "section", "tracker", "load",
        "announces/s", "x OT", "p50 ms", "p99 ms", "errors", "no peer%", "CPU s/100k", "CPU xOT", "late%", "load avg"
    for (si = 1; si <= nsections; si++) {
        for (li = 1; li <= nloads; li++) {
            for (ti = 1; ti <= ntrackers; ti++) {
                k = sections[si] SUBSEP trackers[ti] SUBSEP loads[li]
                if (!(k in count)) continue
                l = loads[li]
                label = l == "http" ? "HTTP max" : l == "udp" ? "UDP max" \
                    : (l == "http-rate" ? "HTTP" : "UDP") " @ " target[k] "/s"
                rate = stat(k, 5); rate_s = num(rate, "%.0f") spread("%.0f", 1)
                p50 = ms(stat(k, 6))
                p99 = stat(k, 7); p99_s = ms(p99) spread("%.2f", 1000)
                errors = 0; empty = 0; answered = 0
                for (i = 1; i <= count[k]; i++) {
                    errors += cell[k, i, 8]; empty += cell[k, i, 14]; answered += cell[k, i, 12]
                }
                empty_s = answered > 0 ? sprintf("%.1f", 100 * empty / answered) : "-"
                cpu = num(stat(k, 9), "%.2f")
                late = stat(k, 11); late_s = late == "-" ? "-" : sprintf("%.0f", late)
                stat(k, 10); load_s = MIN == MAX ? MIN : MIN "-" MAX
                ratio = l ~ /-rate$/ || trackers[ti] == "opentracker" ? (trackers[ti] == "opentracker" && l !~ /-rate$/ ? "1.00" : "-") : paired(k, 5)
                cpu_ratio = trackers[ti] == "opentracker" ? "1.00" : paired(k, 9)
                printf "%-9s %-11s %-14s %-22s %5s %7s %-20s %6d %9s %10s %7s %5s %s\n", sections[si], trackers[ti], label,
                    rate_s, ratio, p50, p99_s, errors, empty_s, cpu, cpu_ratio, late_s, load_s
            }
        }
    }
    print "+log: the same tracker-service with the access log on (-Dbitquark.tracker.access-log=true)"
}

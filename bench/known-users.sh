#!/usr/bin/env bash
# What learning successful logins (known users, issue 15) costs: saslfail's LoginLearner over a generated,
# realistic 1,000,000-line mail log (parsing alone, then the daemon's first read into a real SQLite store,
# then the steady state), beside fail2ban-regex with the saslfail-postfix filter on the same file (the work
# fail2ban's strike-1 jail already does on every line of that log).
#   bench/known-users.sh [LINES]    (default 1000000; writes under bench/out/, which git ignores)
# BENCH_F2B=0 skips the fail2ban-regex run.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
LINES=${1:-1000000}
OUT=bench/out/known-users
mkdir -p "$OUT"
jar=saslfail-cli/target/saslfail.jar
[[ -f $jar ]] || scripts/build.sh
echo "# $(date -u +%FT%TZ) $(uname -n) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
LOG=$OUT/mail-$LINES.log
python3 - "$LINES" "$LOG" <<'PY'
import random, sys
n, path = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(20261130)
def ip4(): return "%d.%d.%d.%d" % (rnd.choice([45, 80, 91, 141, 185, 193, 203]), rnd.randrange(256), rnd.randrange(256), rnd.randrange(1, 255))
def ip6(): return "2001:db8:%x:%x::%x" % (rnd.randrange(65536), rnd.randrange(65536), rnd.randrange(1, 65536))
home = [ip4() for _ in range(300)] + [ip6() for _ in range(60)]          # where real users log in from
users = ["alice", "bob", "carol", "dave", "erin", "frank", "info", "sales"]
def qid(): return "%011X" % rnd.randrange(16 ** 11)
t = 0
with open(path, "w") as f:
    for i in range(n):
        t += rnd.randrange(0, 3) if i % 7 else 1
        s = t % 86400; d = 1 + (t // 86400) % 28
        ts = "Nov %2d %02d:%02d:%02d mail " % (d, s // 3600, s // 60 % 60, s % 60)
        pid = rnd.randrange(1000, 60000)
        r = rnd.random()
        ip = ip6() if rnd.random() < 0.1 else ip4()
        if r < 0.02:
            line = "postfix/smtpd[%d]: warning: unknown[%s]: SASL LOGIN authentication failed: (reason unavailable), sasl_username=%s@example.org" % (pid, ip, rnd.choice(users))
        elif r < 0.03:   # successful SMTP AUTH
            line = "postfix/submission/smtpd[%d]: %s: client=home.example.net[%s], sasl_method=PLAIN, sasl_username=%s@example.org" % (pid, qid(), rnd.choice(home), rnd.choice(users))
        elif r < 0.05:   # successful IMAP logins
            line = "dovecot: imap-login: Login: user=<%s@example.org>, method=PLAIN, rip=%s, lip=192.0.2.1, mpid=%d, TLS, session=<%x>" % (rnd.choice(users), rnd.choice(home), pid, rnd.randrange(1 << 60))
        elif r < 0.25:
            line = "postfix/smtpd[%d]: connect from unknown[%s]" % (pid, ip)
        elif r < 0.45:
            line = "postfix/smtpd[%d]: disconnect from unknown[%s] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5" % (pid, ip)
        elif r < 0.55:
            line = "postfix/smtpd[%d]: %s: client=mail%d.example.net[%s]" % (pid, qid(), rnd.randrange(1000), ip)
        elif r < 0.70:
            line = "postfix/qmgr[%d]: %s: from=<%s@example.com>, size=%d, nrcpt=1 (queue active)" % (pid, qid(), rnd.choice(users), rnd.randrange(800, 90000))
        elif r < 0.85:
            line = "postfix/local[%d]: %s: to=<%s@example.org>, relay=local, delay=0.1, delays=0.02/0.01/0/0.05, dsn=2.0.0, status=sent (delivered to mailbox)" % (pid, qid(), rnd.choice(users))
        elif r < 0.95:
            line = "postfix/smtpd[%d]: NOQUEUE: reject: RCPT from unknown[%s]: 554 5.7.1 <x@example.com>: Relay access denied; from=<spam@example.biz> to=<x@example.com> proto=ESMTP helo=<x>" % (pid, ip)
        else:
            line = "dovecot: imap-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<%s>, method=PLAIN, rip=%s, lip=192.0.2.1, TLS" % (rnd.choice(users), ip)
        f.write(ts + line + "\n")
PY
echo "log: $LOG ($(wc -l <"$LOG") lines, $(du -h "$LOG" | cut -f1)), successful logins: $(grep -c 'sasl_method=\|Login: user=<' "$LOG")"
rm -rf "$OUT/store"
java -XX:+UseSerialGC -Xmx64m -cp "$jar" bench/known-users/LoginLearning.java "$LOG" "$OUT/store"
if [[ ${BENCH_F2B:-1} != 0 ]] && command -v fail2ban-regex >/dev/null; then
  # the steady-state step appended 20,000 lines: compare on a fresh copy of the same size
  head -n "$LINES" "$LOG" > "$OUT/peer.log"
  TIMEFORMAT='%R %U %S'
  t=$( { time fail2ban-regex --print-no-missed "$OUT/peer.log" saslfail-fail2ban/src/main/resources/fail2ban/filter.d/saslfail-postfix.conf >"$OUT/f2b.txt" 2>&1; } 2>&1 )
  read -r wall user sys <<<"$t"
  printf 'peer: fail2ban-regex saslfail-postfix over the same %s lines: wall %.1f s, CPU %.1f s (%s)\n' "$LINES" "$wall" \
    "$(awk "BEGIN{print $user + $sys}")" "$(grep -m1 '^Lines:' "$OUT/f2b.txt")"
fi

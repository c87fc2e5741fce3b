#!/usr/bin/env bash
# Benchmark of the strike-1 filters: fail2ban-regex over a generated, realistic 1,000,000-line mail log with
# the saslfail filters and with fail2ban's stock postfix[mode=auth] and dovecot filters, on the same file;
# then every hostile line of the hostile-input test, one process each, with both filter families.
#   bench/filters.sh [LINES]     (default 1000000; writes under bench/out/, which git ignores)
# Each fail2ban-regex run over the log is bounded by BENCH_TIMEOUT seconds (default 900), each hostile-line
# run by HOSTILE_TIMEOUT (default 60; a run that hits it is reported as killed); BENCH_HOSTILE=0 skips the
# hostile lines. Prints the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
LINES=${1:-1000000}
TIMEOUT=${BENCH_TIMEOUT:-900}
HOSTILE_TIMEOUT=${HOSTILE_TIMEOUT:-60}
OUT=bench/out/filters
FILTERS=saslfail-fail2ban/src/main/resources/fail2ban/filter.d
mkdir -p "$OUT"
command -v fail2ban-regex >/dev/null || { echo "fail2ban-regex not installed" >&2; exit 1; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "fail2ban: $(fail2ban-regex -V 2>/dev/null | head -1), python: $(python3 -V 2>&1 | cut -d' ' -f2), java: $(java -version 2>&1 | head -1)"

LOG=$OUT/mail-$LINES.log
if [[ ! -s $LOG ]]; then
  python3 - "$LINES" "$LOG" <<'PY'
import random, sys
n, path = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(20261128)
months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
def ip4(): return "%d.%d.%d.%d" % (rnd.choice([45, 80, 91, 141, 185, 193, 203]), rnd.randrange(256), rnd.randrange(256), rnd.randrange(1, 255))
def ip6(): return "2001:db8:%x:%x::%x" % (rnd.randrange(65536), rnd.randrange(65536), rnd.randrange(1, 65536))
def client(): return ("unknown" if rnd.random() < 0.6 else "mail%d.example.net" % rnd.randrange(1000)), (ip6() if rnd.random() < 0.1 else ip4())
def qid(): return "%011X" % rnd.randrange(16 ** 11)
users = ["alice", "bob", "info", "admin", "test", "sales", "support", "postmaster"]
t = 0
with open(path, "w") as f:
    for i in range(n):
        t += rnd.randrange(0, 3) if i % 7 else 1
        s = t % 86400; d = 1 + (t // 86400) % 28
        ts = "%s %2d %02d:%02d:%02d mail " % (months[10], d, s // 3600, s // 60 % 60, s % 60)
        pid = rnd.randrange(1000, 60000)
        r = rnd.random()
        name, ip = client()
        if r < 0.02:     # SASL failures, the thing the filter exists for
            mech = rnd.choice(["LOGIN", "LOGIN", "PLAIN", "CRAM-MD5"])
            svc = rnd.choice(["postfix/smtpd", "postfix/submission/smtpd", "postfix/smtps/smtpd"])
            reason = rnd.choice(["(reason unavailable), sasl_username=%s@example.org" % rnd.choice(users), "UGFzc3dvcmQ6", "authentication failure"])
            line = "%s[%d]: warning: %s[%s]: SASL %s authentication failed: %s" % (svc, pid, name, ip, mech, reason)
        elif r < 0.03:
            line = "postfix/smtpd[%d]: disconnect from %s[%s] ehlo=1 auth=0/1 quit=1 commands=2/3" % (pid, name, ip)
        elif r < 0.20:
            line = "postfix/smtpd[%d]: connect from %s[%s]" % (pid, name, ip)
        elif r < 0.36:
            line = "postfix/smtpd[%d]: disconnect from %s[%s] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5" % (pid, name, ip)
        elif r < 0.46:
            line = "postfix/smtpd[%d]: %s: client=%s[%s]" % (pid, qid(), name, ip)
        elif r < 0.54:
            line = "postfix/cleanup[%d]: %s: message-id=<%x@%s>" % (pid, qid(), rnd.randrange(1 << 40), name)
        elif r < 0.64:
            line = "postfix/qmgr[%d]: %s: from=<%s@example.com>, size=%d, nrcpt=1 (queue active)" % (pid, qid(), rnd.choice(users), rnd.randrange(800, 90000))
        elif r < 0.74:
            line = "postfix/local[%d]: %s: to=<%s@example.org>, relay=local, delay=%.2f, delays=0.02/0.01/0/0.05, dsn=2.0.0, status=sent (delivered to mailbox)" % (pid, qid(), rnd.choice(users), rnd.random())
        elif r < 0.80:
            line = "postfix/smtp[%d]: %s: to=<%s@example.net>, relay=mx.example.net[%s]:25, delay=1.1, delays=0.1/0/0.4/0.6, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued)" % (pid, qid(), rnd.choice(users), ip4())
        elif r < 0.86:
            line = "postfix/smtpd[%d]: NOQUEUE: reject: RCPT from %s[%s]: 554 5.7.1 <x@example.com>: Relay access denied; from=<spam@example.biz> to=<x@example.com> proto=ESMTP helo=<%s>" % (pid, name, ip, name)
        elif r < 0.88:
            line = "postfix/smtpd[%d]: lost connection after AUTH from %s[%s]" % (pid, name, ip)
        elif r < 0.90:
            line = "postfix/qmgr[%d]: %s: removed" % (pid, qid())
        elif r < 0.94:   # dovecot: logins, some failures, auth-process lines
            line = "dovecot: imap-login: Login: user=<%s>, method=PLAIN, rip=%s, lip=192.0.2.1, mpid=%d, TLS, session=<%x>" % (rnd.choice(users), ip, pid, rnd.randrange(1 << 60))
        elif r < 0.96:
            line = "dovecot: imap(%s)<%d><%x>: Logged out in=%d out=%d" % (rnd.choice(users), pid, rnd.randrange(1 << 60), rnd.randrange(1000), rnd.randrange(100000))
        elif r < 0.975:
            line = "dovecot: imap-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<%s>, method=PLAIN, rip=%s, lip=192.0.2.1, TLS, session=<%x>" % (rnd.choice(users), ip, rnd.randrange(1 << 60))
        elif r < 0.985:
            line = "dovecot: auth: passwd-file(%s,%s): unknown user" % (rnd.choice(users), ip)
        else:
            line = "dovecot: pop3-login: Disconnected (no auth attempts in 0 secs): user=<>, rip=%s, lip=192.0.2.1, TLS handshaking: Connection closed" % ip
        f.write(ts + line + "\n")
PY
fi
echo "log: $LOG ($(wc -l <"$LOG") lines, $(du -h "$LOG" | cut -f1)), SASL failure lines: $(grep -c 'authentication failed:' "$LOG")"

# wall time and CPU time (user+sys of fail2ban-regex): on a busy machine only the CPU time compares runs
TIMEFORMAT='%R %U %S'
run() { # label, filter argument
  local t status
  t=$( { time { timeout "$TIMEOUT" fail2ban-regex --print-no-missed "$LOG" "$2" >"$OUT/run.txt" 2>&1; echo $? >"$OUT/rc"; }; } 2>&1 )
  read -r wall user sys <<<"$t"
  status=$(<"$OUT/rc")
  printf '%-26s wall %7.1f s  cpu %7.1f s  %s%s\n' "$1" "$wall" "$(awk "BEGIN{print $user + $sys}")" \
    "$(grep -m1 '^Lines:' "$OUT/run.txt")" "$( ((status)) && echo "  (exit $status)")"
}
echo
echo "== $LINES-line log, one fail2ban-regex run each"
run saslfail-postfix "$FILTERS/saslfail-postfix.conf"
run 'stock postfix[mode=auth]' 'postfix[mode=auth]'
run saslfail-dovecot "$FILTERS/saslfail-dovecot.conf"
run 'stock dovecot' 'dovecot'

[[ ${BENCH_HOSTILE:-1} == 0 ]] && exit 0
echo
echo "== hostile lines, one fail2ban-regex process per line, wall/cpu (start-up included; killed after ${HOSTILE_TIMEOUT}s)"
python3 - "$OUT/hostile" <<'PY'
import os, sys
d = sys.argv[1]; os.makedirs(d, exist_ok=True)
K = 64 * 1024
def fill(u): return (u * (K // len(u) + 1))[:K]
PF = "Nov 28 16:20:00 mail postfix/smtpd[4000]: "
DC = "Nov 28 16:20:00 mail dovecot: "
U = "u" * 10000
cases = {
 "01-a-colon-postfix": PF + fill("a: "),
 "02-a-colon-dovecot": DC + "imap-login: Disconnected: " + fill("a: "),
 "03-a-colon-alone": fill("a: "),
 "04-bracket-postfix": PF + "warning: unknown" + fill("["),
 "05-bracket-dovecot": DC + "imap-login: " + fill("["),
 "06-bracket-alone": fill("["),
 "07-10k-sasl-username": PF + "warning: unknown[192.0.2.200]: SASL LOGIN authentication failed: (reason unavailable), sasl_username=" + U,
 "08-10k-login-username": DC + "imap-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<" + U + ">, method=PLAIN, rip=192.0.2.201, lip=192.0.2.1",
 "09-10k-auth-username": DC + "auth: passwd-file(" + U + ",192.0.2.202): unknown user",
 "10-comma-ip-prefix": DC + "auth: passwd-file(" + fill(",192.0.2.9"),
 "11-marker-repeat": DC + "imap-login: Disconnected " + fill("(auth failed, 1 attempts"),
 "12-rip-in-username": DC + "imap-login: Disconnected (auth failed, 1 attempts): user=<" + fill(">, rip=1"),
}
for k, v in cases.items():
    open(os.path.join(d, k + ".log"), "w").write(v + "\n")
PY
for f in "$OUT"/hostile/*.log; do
  row="$(basename "$f" .log)"
  for pair in "saslfail-postfix|$FILTERS/saslfail-postfix.conf" "postfix[mode=auth]|postfix[mode=auth]" \
              "saslfail-dovecot|$FILTERS/saslfail-dovecot.conf" "dovecot|dovecot"; do
    t=$( { time { timeout "$HOSTILE_TIMEOUT" fail2ban-regex "$f" "${pair#*|}" >/dev/null 2>&1; echo $? >"$OUT/rc"; }; } 2>&1 )
    read -r wall user sys <<<"$t"
    status=$(<"$OUT/rc")
    if ((status == 124)); then
      row+=$(printf '  %s >%ss(killed)' "${pair%%|*}" "$HOSTILE_TIMEOUT")
    else
      row+=$(printf '  %s %.2fs/cpu %.2fs%s' "${pair%%|*}" "$wall" "$(awk "BEGIN{print $user + $sys}")" "$( ((status)) && echo "(exit $status)")")
    fi
  done
  echo "$row"
done

#!/usr/bin/env python3
"""Writes examples/sample/fail2ban.log: a month of a busy mail server's fail2ban log with saslfail
running. Deterministic (fixed seed), so the Quick start shows the same figures everywhere.

What is in it: first-time offenders (most of them), repeat offenders coming back after their ban
(some up to strike 3 and beyond), a botnet burst, bans in the Dovecot jail during a running Postfix
ban (repeats while banned), a fail2ban restart with "Restore Ban" lines, IPv6 offenders sharing /64s,
LAN addresses that saslfail ignores, and fail2ban's other chatter (Found lines, start-up lines).
All public addresses are from documentation ranges (RFC 5737 / RFC 3849)."""
import datetime as dt
import random

random.seed(20260301)
START = dt.datetime(2026, 3, 1, 0, 0, 0)
DAYS = 31
LADDER = [dt.timedelta(hours=48), dt.timedelta(days=8), dt.timedelta(days=32)]
PID = 812
lines = []  # (time, text)


def emit(t, logger, level, msg):
    ms = random.randint(0, 999)
    lines.append((t, f"{t:%Y-%m-%d %H:%M:%S},{ms:03d} fail2ban.{logger:<16}[{PID}]: {level:<7} {msg}"))


nets4 = ["192.0.2", "198.51.100", "203.0.113"]
pool4 = [f"{random.choice(nets4)}.{random.randint(1, 254)}" for _ in range(260)]
pool4 = list(dict.fromkeys(pool4))
pool6 = [f"2001:db8:{a:x}:{b:x}::{c:x}" for a, b, c in
         [(0xa, 1, 0x10), (0xa, 1, 0x22), (0xb, 7, 1), (0xc, 3, 0x99), (0xc, 3, 0x1234), (0xd, 0, 5)]]
lan = ["192.168.1.50", "10.0.0.12"]

# who attacks when: most once, some come back, a few are persistent
plan = []
for ip in pool4:
    r = random.random()
    visits = 1 if r < 0.70 else 2 if r < 0.88 else 3 if r < 0.96 else 5
    first = random.uniform(0, DAYS - 1)
    t = first
    for _ in range(visits):
        plan.append((START + dt.timedelta(days=t), ip))
        t += random.uniform(2.5, 14)
for ip in pool6:
    plan.append((START + dt.timedelta(days=random.uniform(0, DAYS - 1)), ip))
plan.append((START + dt.timedelta(days=4.2), pool6[1]))  # second address of an offending /64, later
for ip in lan:
    plan.append((START + dt.timedelta(days=random.uniform(0, DAYS - 1)), ip))
# a botnet burst: 40 new addresses within ten minutes on day 17
burst = START + dt.timedelta(days=17, hours=3)
for i in range(40):
    plan.append((burst + dt.timedelta(seconds=15 * i), f"198.51.100.{200 + i % 55}" if i < 20 else f"192.0.2.{150 + i}"))
plan = sorted((t, ip) for t, ip in plan if t < START + dt.timedelta(days=DAYS))

offenses = {}    # offender -> list of offense times
banned_until = {}  # offender -> (until, jail)
restart = START + dt.timedelta(days=20, hours=4, minutes=12)
restarted = False


def offender(ip):
    if ":" in ip:
        return ":".join(ip.split(":")[:4])
    return ip


emit(START, "server", "INFO", "Starting Fail2ban v1.0.2")
for t, ip in plan:
    if not restarted and t > restart:
        restarted = True
        emit(restart, "server", "INFO", "Shutdown in progress...")
        emit(restart + dt.timedelta(seconds=3), "server", "INFO", "Starting Fail2ban v1.0.2")
        for off, (until, jail, ips) in list(banned_until.items()):
            if until > restart and jail in ("saslfail-postfix", "saslfail-dovecot"):
                emit(restart + dt.timedelta(seconds=4), "actions", "NOTICE", f"[{jail}] Restore Ban {ips}")
    jail = "saslfail-dovecot" if random.random() < 0.25 else "saslfail-postfix"
    emit(t - dt.timedelta(seconds=1), "filter", "INFO", f"[{jail}] Found {ip} - {t - dt.timedelta(seconds=1):%Y-%m-%d %H:%M:%S}")
    if ip in lan:
        emit(t, "filter", "INFO", f"[{jail}] Ignore {ip} by ip")
        continue
    off = offender(ip)
    cur = banned_until.get(off)
    if cur and cur[0] > t and cur[1] in ("saslfail-postfix", "saslfail-dovecot") and cur[1] != jail:
        # the other service's jail bans it during the running strike-1 ban: one burst, one offense
        emit(t, "actions", "NOTICE", f"[{jail}] Ban {ip}")
        emit(t + LADDER[0], "actions", "NOTICE", f"[{jail}] Unban {ip}")
        continue
    if cur and cur[0] > t:
        emit(t, "actions", "NOTICE", f"[{jail}] {ip} already banned")
        continue
    emit(t, "actions", "NOTICE", f"[{jail}] Ban {ip}")
    past = [x for x in offenses.get(off, []) if t - x < dt.timedelta(days=365)]
    strike = min(len(past) + 1, len(LADDER))
    offenses.setdefault(off, []).append(t)
    length = LADDER[strike - 1]
    if strike == 1:
        banned_until[off] = (t + length, jail, ip)
        emit(t + length, "actions", "NOTICE", f"[{jail}] Unban {ip}")
        if random.random() < 0.08:
            # banned on the SMTP ports, it carries on against IMAP/POP3 (or the reverse): the other
            # service's jail bans it too while its first ban runs -- a repeat, not a new offense
            other = "saslfail-dovecot" if jail == "saslfail-postfix" else "saslfail-postfix"
            later = t + dt.timedelta(minutes=random.randint(2, 30))
            emit(later, "actions", "NOTICE", f"[{other}] Ban {ip}")
            emit(later + LADDER[0], "actions", "NOTICE", f"[{other}] Unban {ip}")
    else:
        tier = f"saslfail-strike{strike}"
        target = ip if ":" not in ip else off + "::/64"
        emit(t + dt.timedelta(milliseconds=300), "actions", "NOTICE", f"[{tier}] Ban {target}")
        emit(t + dt.timedelta(milliseconds=400), "actions", "NOTICE", f"[{jail}] Unban {ip}")
        banned_until[off] = (t + length, tier, ip)
        emit(t + length, "actions", "NOTICE", f"[{tier}] Unban {target}")

end = START + dt.timedelta(days=DAYS)
with open("examples/sample/fail2ban.log", "w") as f:
    for t, text in sorted(lines, key=lambda x: x[0]):
        if t < end:
            f.write(text + "\n")

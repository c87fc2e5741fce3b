#!/usr/bin/env python3
"""Runs a command on a pseudo-terminal and types answers at its prompts.

usage: pty-drive.py TIMEOUT PROMPT ANSWER [PROMPT ANSWER ...] -- COMMAND...
Waits for each PROMPT (a substring of the output so far, after the previous one), then types
ANSWER and Enter. Prints the whole transcript and exits with the command's exit code
(124 when a prompt did not come within TIMEOUT seconds).
"""
import os
import pty
import select
import sys
import time

def main():
    args = sys.argv[1:]
    timeout = float(args.pop(0))
    sep = args.index("--")
    pairs = list(zip(args[:sep:2], args[1:sep:2]))
    command = args[sep + 1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)
    transcript = b""
    seen = 0
    def read(deadline):
        nonlocal transcript
        while time.time() < deadline:
            r, _, _ = select.select([fd], [], [], 0.2)
            if r:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:
                    return False
                if not chunk:
                    return False
                transcript += chunk
                return True
        return True
    for prompt, answer in pairs:
        deadline = time.time() + timeout
        while prompt.encode() not in transcript[seen:]:
            if time.time() > deadline or not read(deadline):
                sys.stdout.write(transcript.decode(errors="replace"))
                sys.stdout.write("\n[pty-drive] no prompt %r\n" % prompt)
                os.kill(pid, 9)
                sys.exit(124)
        seen = transcript.index(prompt.encode(), seen) + len(prompt)
        os.write(fd, answer.encode() + b"\r")
    deadline = time.time() + timeout * 4
    while read(deadline):
        if time.time() > deadline:
            break
    _, status = os.waitpid(pid, 0)
    sys.stdout.write(transcript.decode(errors="replace"))
    sys.exit(os.waitstatus_to_exitcode(status))

main()

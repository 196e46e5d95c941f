"""Runs a command on a real pseudo-terminal (tests only): types each answer when its prompt appears,
prints everything the terminal showed, and exits with the command's status.
Usage: python3 pty-run.py PROMPT ANSWER [PROMPT ANSWER ...] -- COMMAND [ARGS ...]"""
import os, pty, select, sys, time

sep = sys.argv.index('--')
pairs = sys.argv[1:sep]
answers = list(zip(pairs[0::2], pairs[1::2]))
cmd = sys.argv[sep + 1:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(cmd[0], cmd)
seen = b''
deadline = time.time() + 120
while time.time() < deadline:
    r, _, _ = select.select([fd], [], [], 0.2)
    if r:
        try:
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        seen += data
    if answers and answers[0][0].encode() in seen.split(b'\x00')[-1]:
        prompt, answer = answers.pop(0)
        seen += b'\x00'  # later prompts must appear after this answer
        time.sleep(0.2)
        os.write(fd, answer.encode() + b'\r')
_, status = os.waitpid(pid, 0)
sys.stdout.write(seen.replace(b'\x00', b'').decode('utf8', 'replace'))
sys.exit(os.waitstatus_to_exitcode(status))

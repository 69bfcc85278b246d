"""`make run` stopped with Ctrl-C ends cleanly: the exec wrapper answers 0 and
says what stopped, instead of passing on the 130 make reports as an error."""

import os
import signal
import subprocess
import sys
import time

CHILD = (
    "import signal, sys, time\n"
    "print('ready', flush=True)\n"
    "try:\n"
    "    time.sleep(60)\n"
    "except KeyboardInterrupt:\n"
    "    sys.exit(130)\n"
)


def _default_sigint():
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _run_and_interrupt(command):
    proc = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own group: Ctrl-C is sent to the group
        # As from a terminal: a shell that starts a job in the background (as a
        # CI runner may start `make test`) sets SIGINT to "ignore", which every
        # process below it would inherit; Ctrl-C in a terminal is never ignored.
        preexec_fn=_default_sigint,
    )
    assert proc.stdout.readline().strip() == "ready"
    time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGINT)  # what the terminal does on Ctrl-C
    out, _ = proc.communicate(timeout=60)
    return proc.returncode, out


def test_ctrl_c_ends_exec_with_0_and_a_message():
    # The suite's engines are up already (embedded under `make test`, or
    # DATABASE_URL/REDIS_URL): the wrapper starts none, so it stops none.
    code, out = _run_and_interrupt(
        [sys.executable, "-m", "casemgr.embedded", "exec", "--foreground", "--",
         sys.executable, "-c", CHILD]
    )  # fmt: skip
    assert code == 0, out
    assert "Stopped by Ctrl-C" in out


def test_a_failing_command_still_fails():
    result = subprocess.run(
        [sys.executable, "-m", "casemgr.embedded", "exec", "--", sys.executable, "-c",
         "raise SystemExit(3)"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 3


def test_the_makefile_runs_the_stack_in_the_foreground_group():
    from pathlib import Path

    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    assert "exec --always-stop --foreground -- $(PY) manage.py runstack" in makefile

"""`make test` checks the Debian packages in .ci/debian-packages (.ci/system-deps):
nothing to do when all are there, apt-get for the missing ones when it can, and a
message naming them when it cannot."""

import os
import subprocess

from casemgr.settings import BASE_DIR

SCRIPT = BASE_DIR / ".ci" / "system-deps"


def _run(tmp_path, packages: str, **env):
    listing = tmp_path / "packages"
    listing.write_text(packages)
    return subprocess.run(
        [str(SCRIPT)],
        env={**os.environ, "DEBIAN_PACKAGES_FILE": str(listing), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_project_list_names_what_the_suite_needs():
    lines = (BASE_DIR / ".ci" / "debian-packages").read_text().splitlines()
    packages = {line.split()[0] for line in lines if line.strip() and not line.startswith("#")}
    assert {"chromium", "fonts-dejavu-core", "python3.11", "python3.11-venv"} <= packages
    assert "docker-compose" not in packages  # docker-compose.yml is checked in Python


def test_nothing_happens_when_every_package_is_there(tmp_path):
    result = _run(tmp_path, "# a comment\ncoreutils  command -v ls\n", APT_GET="/nonexistent")
    assert result.returncode == 0, result.stderr
    assert result.stdout == result.stderr == ""


def test_a_missing_package_that_cannot_be_installed_is_named_with_the_command(tmp_path):
    result = _run(
        tmp_path, "casemgr-no-such-package  false\n", APT_GET=str(tmp_path / "no-apt-get")
    )
    assert result.returncode == 1
    assert "missing: casemgr-no-such-package" in result.stderr
    assert "sudo apt-get install casemgr-no-such-package" in result.stderr


def test_as_root_the_missing_packages_are_installed_with_apt_get(tmp_path):
    log = tmp_path / "apt.log"
    fake_apt = tmp_path / "apt-get"
    fake_apt.write_text(f'#!/bin/sh\necho "$@" >> {log}\n')
    fake_apt.chmod(0o755)
    result = _run(
        tmp_path,
        f"coreutils  true\ncasemgr-one  test -e {tmp_path}/x\ncasemgr-two  false\n",
        APT_GET=str(fake_apt),
    )
    if os.geteuid() == 0:
        assert result.returncode == 0, result.stderr
        assert "Installing the Debian packages make test needs: casemgr-one casemgr-two" in (
            result.stdout
        )
        assert log.read_text().splitlines() == [
            "update -qq",
            "install -y -qq casemgr-one casemgr-two",
        ]
    else:  # not root and (in a test) no passwordless sudo: named, not installed
        assert result.returncode == 1
        assert "missing: casemgr-one casemgr-two" in result.stderr

"""pyproject.toml: the licence in the SPDX form (no deprecation screens from pip)
with a pinned setuptools that understands it (PEP 639: setuptools 77 and later)."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_licence_is_an_spdx_string_with_a_setuptools_that_reads_it():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert config["project"]["license"] == "AGPL-3.0-or-later"
    (requirement,) = config["build-system"]["requires"]
    name, _, version = requirement.partition("==")
    assert name == "setuptools", "pinned exactly"
    assert tuple(int(p) for p in version.split(".")) >= (77, 0, 0)
    classifiers = config["project"].get("classifiers", [])
    assert not [c for c in classifiers if c.startswith("License ::")]

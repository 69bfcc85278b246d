"""The Content-Security-Policy allows no inline script or style: none is left in the
templates (event-handler attributes, <script> without src, <style>, style=)."""

import re
from pathlib import Path

from django.conf import settings

INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle\s*=|\son[a-z]+\s*=|javascript:",
    re.IGNORECASE,
)


def _templates():
    roots = [Path(settings.BASE_DIR) / "templates"]
    roots += [Path(settings.BASE_DIR) / app / "templates" for app in ("accounts", "cases")]
    for root in roots:
        if root.exists():
            yield from (
                # E-mails and PDFs (rendered by WeasyPrint with their print CSS) are
                # never served to a browser, so the page CSP does not apply.
                p
                for p in root.rglob("*.html")
                if "emails" not in p.parts and "pdf" not in p.parts
            )


def test_no_template_carries_inline_script_or_style():
    found = [
        f"{path.relative_to(settings.BASE_DIR)}: {match.group(0)}"
        for path in _templates()
        for match in INLINE.finditer(path.read_text())
    ]
    assert found == []


def test_the_scan_would_notice_inline_code():
    for sample in ("<script>alert(1)</script>", '<p style="color:red">', '<a onclick="x()">'):
        assert INLINE.search(sample)
    assert not INLINE.search('<script src="/static/js/app.js" defer></script>')

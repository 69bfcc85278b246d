"""What a file is, judged from its bytes, and whether casemgr accepts it.

The client's file name and declared content type are never trusted: the type
is sniffed from the content (magic numbers through the ``filetype`` library;
ZIP-based Office and OpenDocument files by their members, checked for a zip
bomb from the central directory before anything is decompressed; OLE files
(.doc, .msg) by their streams; text, RTF and email by their first bytes)
and checked against an allow-list. A name whose extension claims another type
is refused too: a "contract.pdf" that is really an HTML page is not a PDF.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO

import filetype
import olefile
from django.core.exceptions import ValidationError

HEAD_BYTES = 8192
# A ZIP whose members would decompress to more than this, or one member at a
# ratio above MAX_RATIO (XML compresses 5-30x; a bomb 1000x), is refused.
MAX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024
MAX_RATIO = 200
MAX_ZIP_MEMBERS = 20_000
MAX_FILENAME = 200


@dataclass(frozen=True)
class FileKind:
    key: str
    label: str
    mime: str
    extensions: tuple[str, ...]  # the first is used for the stored name

    @property
    def extension(self) -> str:
        return self.extensions[0]


KINDS: dict[str, FileKind] = {
    k.key: k
    for k in [
        FileKind("pdf", "PDF", "application/pdf", ("pdf",)),
        FileKind(
            "docx",
            "Word document",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ("docx", "docm", "dotx"),
        ),
        FileKind("doc", "Word 97-2003 document", "application/msword", ("doc", "dot")),
        FileKind(
            "xlsx",
            "Excel workbook",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ("xlsx", "xlsm"),
        ),
        FileKind("odt", "OpenDocument text", "application/vnd.oasis.opendocument.text", ("odt",)),
        FileKind("rtf", "Rich text", "application/rtf", ("rtf",)),
        FileKind("txt", "Plain text", "text/plain", ("txt", "text", "csv", "md", "log")),
        FileKind("eml", "Email", "message/rfc822", ("eml",)),
        FileKind("msg", "Outlook email", "application/vnd.ms-outlook", ("msg",)),
        FileKind("png", "PNG image", "image/png", ("png",)),
        FileKind("jpeg", "JPEG image", "image/jpeg", ("jpg", "jpeg")),
        FileKind("tiff", "TIFF image", "image/tiff", ("tif", "tiff")),
    ]
}
ACCEPTED = "PDF, Word (DOCX, DOC), Excel (XLSX), OpenDocument text, RTF, plain text, email (EML, MSG), PNG, JPEG or TIFF"
KNOWN_EXTENSIONS = {ext for kind in KINDS.values() for ext in kind.extensions}

_EMAIL_HEADER = re.compile(
    rb"^(from|to|cc|subject|date|received|return-path|message-id|mime-version|delivered-to|"
    rb"x-[a-z0-9-]+|reply-to|sender|in-reply-to|references|content-type|dkim-signature|"
    rb"arc-[a-z-]+|authentication-results|thread-[a-z]+):",
    re.IGNORECASE,
)
_MARKUP = re.compile(
    rb"^\s*(<!doctype\s+html|<html|<head|<body|<script|<svg|<\?xml|<iframe|<!--)", re.IGNORECASE
)
_SCRIPT = re.compile(rb"<\s*(script|iframe|object|embed)\b", re.IGNORECASE)


def refuse(message: str) -> ValidationError:
    return ValidationError({"file": message})


# --- File names ----------------------------------------------------------------------


def clean_filename(name: str) -> str:
    """The client's file name, fit for display: refused if it carries a path or
    control characters (a browser never sends either), otherwise normalised and
    shortened. Used only for display and the download's name, never for storage."""
    if not name or not name.strip():
        raise refuse("The file has no name.")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in name):
        raise refuse("The file name contains control characters.")
    if "/" in name or "\\" in name or name.strip() in (".", ".."):
        raise refuse("The file name may not contain folders (“/”, “\\” or “..”).")
    name = unicodedata.normalize("NFC", " ".join(name.split())).lstrip(". ")
    if not name:
        raise refuse("The file name is empty once leading dots and spaces are removed.")
    if len(name) > MAX_FILENAME:
        path = PurePosixPath(name)
        suffix = path.suffix[:20]
        name = path.stem[: MAX_FILENAME - len(suffix)] + suffix
    return name


def extension_of(name: str) -> str:
    return PurePosixPath(name).suffix.lower().lstrip(".")


# --- Sniffing ------------------------------------------------------------------------


def sniff(fileobj: IO[bytes], *, filename: str) -> FileKind:
    """The kind of this file from its bytes; a ValidationError (on "file") if
    it is not one casemgr accepts or its name claims another type. Leaves the
    file positioned at its start."""
    fileobj.seek(0)
    head = fileobj.read(HEAD_BYTES)
    fileobj.seek(0)
    if not head:
        raise refuse("The file is empty.")
    kind = _kind_of(fileobj, head)
    fileobj.seek(0)
    ext = extension_of(filename)
    if ext in KNOWN_EXTENSIONS and ext not in kind.extensions:
        raise refuse(
            f"The file is named “.{ext}” but its content is {_article(kind.label)}. "
            "Rename it or upload the right file."
        )
    return kind


def _article(label: str) -> str:
    return ("an " if label[0].lower() in "aeiou" else "a ") + label


def _kind_of(fileobj: IO[bytes], head: bytes) -> FileKind:
    if head.startswith(b"%PDF-"):
        return KINDS["pdf"]
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(fileobj)
    if head.startswith(olefile.MAGIC):
        return _ole_kind(fileobj)
    if head.startswith(b"{\\rtf"):
        return KINDS["rtf"]
    guessed = filetype.guess(head)
    if guessed is not None:
        by_mime = {"image/png": "png", "image/jpeg": "jpeg", "image/tiff": "tiff"}
        if guessed.mime in by_mime:
            return KINDS[by_mime[guessed.mime]]
        if guessed.extension in ("exe", "elf", "dll", "dmg", "deb", "rpm", "macho", "msi"):
            raise refuse("The file is an executable program; casemgr does not accept programs.")
        raise refuse(
            f"The file's content is {guessed.mime}, which casemgr does not accept. "
            f"Accepted: {ACCEPTED}."
        )
    return _text_kind(head)


def _zip_kind(fileobj: IO[bytes]) -> FileKind:
    try:
        archive = zipfile.ZipFile(fileobj)
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise refuse("The file looks like a ZIP-based document but is damaged.") from None
    # The central directory alone: sizes as declared, nothing decompressed yet.
    if len(members) > MAX_ZIP_MEMBERS:
        raise refuse("The file holds too many parts to be a document.")
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED_BYTES or any(
        m.file_size > 1024 * 1024 and m.file_size > MAX_RATIO * max(m.compress_size, 1)
        for m in members
    ):
        raise refuse(
            "The file expands to far more than its size (a “zip bomb”); it was not opened."
        )
    names = {m.filename for m in members}
    if "[Content_Types].xml" in names:
        if "word/document.xml" in names:
            return KINDS["docx"]
        if "xl/workbook.xml" in names:
            return KINDS["xlsx"]
    if "mimetype" in names:
        info = archive.getinfo("mimetype")
        if info.file_size <= 100:
            mimetype = archive.read(info).strip()
            if mimetype == KINDS["odt"].mime.encode():
                return KINDS["odt"]
    raise refuse(f"The file is a ZIP archive, not a document casemgr accepts ({ACCEPTED}).")


def _ole_kind(fileobj: IO[bytes]) -> FileKind:
    try:
        ole = olefile.OleFileIO(fileobj)
        streams = {"/".join(path) for path in ole.listdir(streams=True, storages=True)}
    except (OSError, ValueError, IndexError, KeyError, TypeError):
        raise refuse("The file looks like an Office document but is damaged.") from None
    if "__properties_version1.0" in streams or any(s.startswith("__substg1.0_") for s in streams):
        return KINDS["msg"]
    if "WordDocument" in streams:
        return KINDS["doc"]
    raise refuse(
        f"The file is an Office file that is neither a Word document nor an Outlook email "
        f"(accepted: {ACCEPTED})."
    )


def _text_kind(head: bytes) -> FileKind:
    sample = head.removeprefix(b"\xef\xbb\xbf")
    if b"\x00" in sample:
        raise refuse(f"The file is binary data of a type casemgr does not accept ({ACCEPTED}).")
    if _MARKUP.match(sample) or _SCRIPT.search(sample):
        raise refuse("The file is a web page (HTML or script); casemgr does not accept those.")
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(sample) - 4:  # not just a character cut at the sample's end
            try:
                text = sample.decode("cp1252")
            except UnicodeDecodeError:
                raise refuse("The file is neither text nor a type casemgr accepts.") from None
        else:
            text = sample[: error.start].decode("utf-8")
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\r\n\t\f")
    if controls > max(2, len(text) // 100):
        raise refuse(f"The file is binary data of a type casemgr does not accept ({ACCEPTED}).")
    lines = [line for line in sample.lstrip().splitlines()[:4] if line.strip()]
    headers = [line for line in lines if _EMAIL_HEADER.match(line)]
    if lines and _EMAIL_HEADER.match(lines[0]) and len(headers) >= 2:
        return KINDS["eml"]
    return KINDS["txt"]

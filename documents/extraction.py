"""Text out of a stored file, by its sniffed kind: PDF (pypdf, and Tesseract OCR
through pypdfium2's page images when a page has no text layer), DOCX/XLSX/ODT
(the XML read from the ZIP), RTF (striprtf), plain text, EML (the standard
email package) and MSG (extract-msg); images are OCR'd. Emails give their
headers and their attachments as well. Runs on a worker, never in a request.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import html
import io
import re
import subprocess
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO

from django.conf import settings


class ExtractionError(Exception):
    """The file cannot be read: recorded on the version as the failure's reason."""


@dataclass
class EmailFields:
    sender: str = ""
    to: str = ""
    cc: str = ""
    date: datetime | None = None
    subject: str = ""


@dataclass
class Extracted:
    text: str
    method: str = "text"  # "text" or "ocr"
    email: EmailFields | None = None
    attachments: list[tuple[str, bytes]] = field(default_factory=list)


# Text layers shorter than this per page are taken for a scan and OCR'd.
MIN_CHARS_PER_PAGE = 25
OCR_DPI = 200
MAX_OCR_PAGES = 200
MAX_MEMBER_BYTES = 200 * 1024 * 1024


def extract(kind: str, fileobj: IO[bytes]) -> Extracted:
    reader = _READERS.get(kind)
    if reader is None:
        raise ExtractionError(f"Text is not extracted from {kind.upper()} files.")
    try:
        result = reader(fileobj)
    except ExtractionError:
        raise
    except Exception as error:  # every parser has its own exceptions for a broken file
        raise ExtractionError(
            f"The file could not be read: {type(error).__name__}: {error}"[:480]
        ) from error
    result.text = _tidy(result.text)
    return result


def _tidy(text: str) -> str:
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    text = re.sub(r"\n\s*\n\s*\n+", "\n\n", text)
    return text.strip()


# --- OCR ------------------------------------------------------------------------------


def ocr_image(data: bytes) -> str:
    """Tesseract (Debian's tesseract-ocr) on one image, read from stdin."""
    binary = getattr(settings, "TESSERACT_BINARY", "tesseract")
    try:
        done = subprocess.run(
            [binary, "stdin", "stdout", "-l", getattr(settings, "OCR_LANGUAGES", "eng")],
            input=data,
            capture_output=True,
            timeout=getattr(settings, "OCR_TIMEOUT_SECONDS", 120),
            check=False,
        )
    except FileNotFoundError:
        raise ExtractionError(
            "OCR is not available: Tesseract is not installed (Debian package tesseract-ocr)."
        ) from None
    except subprocess.TimeoutExpired:
        raise ExtractionError("OCR took too long and was stopped.") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ExtractionError(f"OCR failed: {message[-1] if message else done.returncode}")
    return done.stdout.decode("utf-8", "replace")


def _image(fileobj: IO[bytes]) -> Extracted:
    return Extracted(ocr_image(fileobj.read()), method="ocr")


# --- PDF ------------------------------------------------------------------------------


def _pdf(fileobj: IO[bytes]) -> Extracted:
    from pypdf import PdfReader

    data = fileobj.read()
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        try:
            reader.decrypt("")
        except Exception:  # noqa: BLE001 -- pypdf raises several kinds
            raise ExtractionError("The PDF is password-protected.") from None
    pages = [page.extract_text() or "" for page in reader.pages]
    scanned = [i for i, text in enumerate(pages) if len(text.strip()) < MIN_CHARS_PER_PAGE]
    if not scanned:
        return Extracted("\n\n".join(pages))
    ocr = _ocr_pdf_pages(data, scanned[:MAX_OCR_PAGES])
    for index, text in ocr.items():
        if len(text.strip()) > len(pages[index].strip()):
            pages[index] = text
    return Extracted("\n\n".join(pages), method="ocr" if ocr else "text")


def _ocr_pdf_pages(data: bytes, indexes: list[int]) -> dict[int, str]:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        out = {}
        for index in indexes:
            page = pdf[index]
            bitmap = page.render(scale=OCR_DPI / 72, grayscale=True)
            buffer = io.BytesIO()
            bitmap.to_pil().save(buffer, format="PNG")
            out[index] = ocr_image(buffer.getvalue())
            bitmap.close()
            page.close()
        return out
    finally:
        pdf.close()


# --- ZIP-based office files -----------------------------------------------------------


def _member(archive: zipfile.ZipFile, name: str) -> str:
    info = archive.getinfo(name)
    if info.file_size > MAX_MEMBER_BYTES:
        raise ExtractionError(f"{name} is too large to read.")
    return archive.read(info).decode("utf-8", "replace")


def _xml_text(xml: str, *, paragraph: str, tab: str, space: str | None = None) -> str:
    # The text of the document is the character data; paragraphs end in newlines.
    xml = re.sub(rf"</{paragraph}>", "\n", xml)
    xml = re.sub(rf"<{tab}\s*/>", "\t", xml)
    xml = re.sub(r"<w:br\s*/>|<text:line-break\s*/>", "\n", xml)
    if space:
        xml = re.sub(rf"<{space}(\s[^>]*)?/>", " ", xml)
    return html.unescape(re.sub(r"<[^>]*>", "", xml))


def _docx(fileobj: IO[bytes]) -> Extracted:
    with zipfile.ZipFile(fileobj) as archive:
        names = archive.namelist()
        parts = ["word/document.xml"]
        parts += sorted(n for n in names if re.fullmatch(r"word/(header|footer)\d*\.xml", n))
        parts += [n for n in ("word/footnotes.xml", "word/endnotes.xml") if n in names]
        texts = [_xml_text(_member(archive, p), paragraph="w:p", tab="w:tab") for p in parts]
    return Extracted("\n".join(texts))


def _odt(fileobj: IO[bytes]) -> Extracted:
    with zipfile.ZipFile(fileobj) as archive:
        xml = _member(archive, "content.xml")
    xml = re.sub(r"</text:h>", "\n", xml)
    return Extracted(_xml_text(xml, paragraph="text:p", tab="text:tab", space="text:s"))


def _xlsx(fileobj: IO[bytes]) -> Extracted:
    with zipfile.ZipFile(fileobj) as archive:
        names = archive.namelist()
        texts = []
        if "xl/sharedStrings.xml" in names:
            texts.append(
                _xml_text(_member(archive, "xl/sharedStrings.xml"), paragraph="si", tab="x:tab")
            )
        for name in sorted(n for n in names if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)):
            inline = re.findall(r"<is>(.*?)</is>", _member(archive, name), flags=re.S)
            texts.extend(html.unescape(re.sub(r"<[^>]*>", "", s)) for s in inline)
    return Extracted("\n".join(texts))


# --- Text formats ---------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _txt(fileobj: IO[bytes]) -> Extracted:
    return Extracted(decode_text(fileobj.read()))


def _rtf(fileobj: IO[bytes]) -> Extracted:
    from striprtf.striprtf import rtf_to_text

    return Extracted(rtf_to_text(decode_text(fileobj.read()), errors="ignore"))


# --- Email ----------------------------------------------------------------------------


def _html_to_text(markup: str) -> str:
    markup = re.sub(r"(?is)<(script|style)\b.*?</\1>", "", markup)
    markup = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</tr>|</h\d>|</li>", "\n", markup)
    return html.unescape(re.sub(r"<[^>]*>", "", markup))


def _header_block(fields: EmailFields) -> str:
    lines = [
        f"From: {fields.sender}",
        f"To: {fields.to}",
        f"Cc: {fields.cc}" if fields.cc else "",
        f"Date: {fields.date.isoformat() if fields.date else ''}",
        f"Subject: {fields.subject}",
    ]
    return "\n".join(line for line in lines if line)


def _eml(fileobj: IO[bytes]) -> Extracted:
    message = email.message_from_bytes(fileobj.read(), policy=email.policy.default)
    try:
        date = email.utils.parsedate_to_datetime(str(message["Date"])) if message["Date"] else None
    except (TypeError, ValueError, IndexError):
        date = None
    if date is not None and date.tzinfo is None:
        date = None  # an address without a zone cannot be placed in time
    fields = EmailFields(
        sender=str(message.get("From", "")),
        to=str(message.get("To", "")),
        cc=str(message.get("Cc", "")),
        date=date,
        subject=str(message.get("Subject", "")),
    )
    body_part = message.get_body(preferencelist=("plain", "html"))
    body = ""
    if body_part is not None:
        content = body_part.get_content()
        if isinstance(content, bytes):
            content = decode_text(content)
        body = _html_to_text(content) if body_part.get_content_subtype() == "html" else content
    attachments = []
    for part in message.iter_attachments():
        payload = part.get_payload(decode=True)
        if payload:
            attachments.append((part.get_filename() or "attachment", payload))
    return Extracted(_header_block(fields) + "\n\n" + body, email=fields, attachments=attachments)


def _msg(fileobj: IO[bytes]) -> Extracted:
    import extract_msg

    message = extract_msg.openMsg(fileobj.read())
    try:
        date = message.date
        if isinstance(date, datetime) and date.tzinfo is None:
            date = None
        fields = EmailFields(
            sender=message.sender or "",
            to=message.to or "",
            cc=message.cc or "",
            date=date if isinstance(date, datetime) else None,
            subject=message.subject or "",
        )
        body = message.body or ""
        if not body.strip() and message.htmlBody:
            body = _html_to_text(decode_text(message.htmlBody))
        attachments = []
        for attachment in message.attachments:
            data = getattr(attachment, "data", None)
            if isinstance(data, bytes) and data:
                name = attachment.longFilename or attachment.shortFilename or "attachment"
                attachments.append((name, data))
    finally:
        message.close()
    return Extracted(_header_block(fields) + "\n\n" + body, email=fields, attachments=attachments)


_READERS = {
    "pdf": _pdf,
    "docx": _docx,
    "odt": _odt,
    "xlsx": _xlsx,
    "rtf": _rtf,
    "txt": _txt,
    "eml": _eml,
    "msg": _msg,
    "png": _image,
    "jpeg": _image,
    "tiff": _image,
}

"""Real files built by the tests: PDFs (with a text layer, and scanned), DOCX,
EML and MSG, and the hostile ones an upload must refuse."""

from __future__ import annotations

import io
import struct
import zipfile
from email.message import EmailMessage

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def text_pdf(*paragraphs: str) -> bytes:
    from weasyprint import HTML

    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def scanned_image(*lines: str, size: tuple[int, int] = (1700, 700)) -> Image.Image:
    """A page as a scanner gives it: pixels only, no text layer."""
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 48)
    for i, line in enumerate(lines):
        draw.text((80, 80 + i * 90), line, fill=0, font=font)
    return image


def scanned_pdf(*lines: str) -> bytes:
    buffer = io.BytesIO()
    scanned_image(*lines).convert("RGB").save(buffer, format="PDF", resolution=200)
    return buffer.getvalue()


def png(*lines: str) -> bytes:
    buffer = io.BytesIO()
    scanned_image(*lines).save(buffer, format="PNG")
    return buffer.getvalue()


def docx(*paragraphs: str) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            f'wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>',
        )
    return buffer.getvalue()


def zip_bomb_docx(megabytes: int = 50) -> bytes:
    """A DOCX-shaped archive whose document.xml decompresses ~1000 times its size."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(megabytes):
                member.write(chunk)
    return buffer.getvalue()


def eml(*, subject: str, body: str, attachments: list[tuple[str, bytes, str]] = ()) -> bytes:
    message = EmailMessage()
    message["From"] = "Olga Counsel <olga@opposing.test>"
    message["To"] = "Alice Moreno <alice@firm.test>, Bob Lindqvist <bob@firm.test>"
    message["Cc"] = "clerk@court.test"
    message["Date"] = "Tue, 03 Mar 2026 14:05:00 -0800"
    message["Subject"] = subject
    message.set_content(body)
    for name, data, mime in attachments:
        maintype, subtype = mime.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


def executable() -> bytes:
    """The start of a Windows program (an MZ header and a PE signature)."""
    header = bytearray(b"MZ" + b"\x90\x00" * 29 + b"\x00" * 2)
    header[0x3C:0x40] = struct.pack("<I", 0x80)
    header = bytes(header).ljust(0x80, b"\0") + b"PE\0\0" + b"\x4c\x01" + b"\0" * 200
    return header


HTML_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>Invoice</title></head>"
    b"<body><script>fetch('/steal?c='+document.cookie)</script></body></html>"
)

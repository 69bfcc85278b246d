"""Real files built by the tests: PDFs (with a text layer, and scanned), DOCX,
EML and MSG (an OLE compound file written with extract-msg's OleWriter), and
the hostile ones an upload must refuse."""

from __future__ import annotations

import datetime
import io
import struct
import zipfile
from email.message import EmailMessage

from extract_msg.ole_writer import OleWriter
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


# --- Outlook .msg ---------------------------------------------------------------------
# An .msg file is an OLE compound file (MS-CFB) whose streams are the message's MAPI
# properties (MS-OXMSG). extract-msg (already a runtime dependency) ships a compound-file
# *writer*, OleWriter; olefile can only read. What goes into the file is spelled out here:
#
# - "__substg1.0_XXXXTTTT" streams hold variable-length properties: XXXX is the property
#   id, TTTT its type (001F: UTF-16LE string, 0102: binary).
# - "__properties_version1.0" holds the fixed-length ones: a header (32 bytes for the
#   message itself, 8 for a recipient or attachment storage), then 16-byte entries of
#   tag (id << 16 | type), flags, and an 8-byte value.
# - each recipient is a storage "__recip_version1.0_#0000000N", each attachment a
#   storage "__attach_version1.0_#0000000N", each with its own properties stream.
# - "__nameid_version1.0" (the named-property map) must exist, even empty.

_PROP_READABLE_WRITABLE = 0x06
_FILETIME_EPOCH = datetime.datetime(1601, 1, 1, tzinfo=datetime.UTC)
PR_STORE_SUPPORT_MASK = 0x340D0003  # bit 0x40000: strings are Unicode (001F streams)
PR_MESSAGE_FLAGS = 0x0E070003  # 1 = read; without bit 8 ("unsent") the message was sent
PR_CLIENT_SUBMIT_TIME = 0x00390040  # FILETIME: 100 ns ticks since 1601-01-01 UTC
PR_RECIPIENT_TYPE = 0x0C150003  # 1 = To, 2 = Cc
PR_ATTACH_METHOD = 0x37050003  # 1 = the bytes are in the attachment's data stream


def _fixed_property(tag: int, value: int, *, wide: bool = False) -> bytes:
    return struct.pack("<II", tag, _PROP_READABLE_WRITABLE) + struct.pack(
        "<Q" if wide else "<I4x", value
    )


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


def msg(
    *,
    subject: str,
    body: str,
    sender: tuple[str, str] = ("Olga Counsel", "olga@opposing.test"),
    to: list[tuple[str, str]] = (("Alice Moreno", "alice@firm.test"),),
    cc: list[tuple[str, str]] = (("Court Clerk", "clerk@court.test"),),
    sent: datetime.datetime = datetime.datetime(2026, 3, 3, 22, 5, tzinfo=datetime.UTC),
    attachments: list[tuple[str, bytes]] = (),
) -> bytes:
    """A sent Outlook email as a real .msg file, readable by Outlook and extract-msg."""
    recipients = [(*who, 1) for who in to] + [(*who, 2) for who in cc]
    writer = OleWriter()
    ticks = int((sent - _FILETIME_EPOCH).total_seconds()) * 10_000_000
    header = bytes(8) + struct.pack(
        "<IIII", len(recipients), len(attachments), len(recipients), len(attachments)
    ) + bytes(8)  # fmt: skip
    writer.addEntry(
        "__properties_version1.0",
        header
        + _fixed_property(PR_STORE_SUPPORT_MASK, 0x40000)
        + _fixed_property(PR_MESSAGE_FLAGS, 1)
        + _fixed_property(PR_CLIENT_SUBMIT_TIME, ticks, wide=True),
    )
    writer.addEntry("__nameid_version1.0", storage=True)
    for stream in ("00020102", "00030102", "00040102"):  # GUIDs, entries, names: none
        writer.addEntry(["__nameid_version1.0", f"__substg1.0_{stream}"], b"")
    for tag, text in [
        ("001A001F", "IPM.Note"),  # message class: an email
        ("0037001F", subject),
        ("1000001F", body),
        ("0C1A001F", sender[0]),  # sender's name
        ("5D01001F", sender[1]),  # sender's SMTP address
    ]:
        writer.addEntry(f"__substg1.0_{tag}", _utf16(text))
    for index, (name, address, kind) in enumerate(recipients):
        storage = f"__recip_version1.0_#{index:08X}"
        writer.addEntry(storage, storage=True)
        writer.addEntry(
            [storage, "__properties_version1.0"],
            bytes(8) + _fixed_property(PR_RECIPIENT_TYPE, kind),
        )
        writer.addEntry([storage, "__substg1.0_3001001F"], _utf16(name))  # display name
        writer.addEntry([storage, "__substg1.0_39FE001F"], _utf16(address))  # SMTP address
    for index, (name, data) in enumerate(attachments):
        storage = f"__attach_version1.0_#{index:08X}"
        writer.addEntry(storage, storage=True)
        writer.addEntry(
            [storage, "__properties_version1.0"], bytes(8) + _fixed_property(PR_ATTACH_METHOD, 1)
        )
        writer.addEntry([storage, "__substg1.0_3707001F"], _utf16(name))  # long file name
        writer.addEntry([storage, "__substg1.0_37010102"], data)  # the attachment's bytes
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


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

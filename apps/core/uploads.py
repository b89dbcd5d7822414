"""The one guard for uploaded office files (.xlsx, .docx), run before a library parses them.

`check_document` and `check_scan` at the end are the one check of every attachment people
keep (evidence, materials, signed scans): its type, its size, and the guard for office files.

An office file is a zip of XML parts. Before openpyxl or python-docx touches one, the guard
checks its size, that it is a zip at all, the unpacked size of its parts (a zip bomb expands a
few kilobytes into gigabytes), and that no XML part declares a DTD or entities (XXE, "billion
laughs"): Word and Excel never write one. The caller counts the rows it reads and asks
`check_rows` after each, so that a huge table stops early.

Each import keeps its own limits and may word a refusal its own way (`messages`); a refusal
raises the caller's exception class (`error`), so its views and commands catch what they
caught before.
"""

import codecs
import re
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import NoReturn

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MB = 1024 * 1024
OFFICE_FORMATS = {".docx": "Word (.docx)", ".xlsx": "Excel (.xlsx)"}

# In any case: parsers differ in what they forgive.
XML_DECLARATION = re.compile(r"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
XML_ENCODING = re.compile(rb"""^<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
# Byte order marks and the first bytes of "<?" in the encodings XML parsers detect themselves.
XML_STARTS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (b"<\0\0\0", "utf-32-le"),
    (b"\0\0\0<", "utf-32-be"),
    (b"<\0", "utf-16-le"),
    (b"\0<", "utf-16-be"),
    (b"\x4c\x6f\xa7\x94", "cp037"),  # EBCDIC, which libxml2 reads too
]
CHUNK = 1024 * 1024


class Refusal(StrEnum):
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    NOT_OFFICE_FILE = "not_office_file"
    UNPACKS_TOO_MUCH = "unpacks_too_much"
    XML_DECLARATIONS = "xml_declarations"
    TOO_MANY_ROWS = "too_many_rows"


# Formatted with %(limit)s (MB for sizes, rows for rows), %(name)s and %(format)s.
DEFAULT_MESSAGES = {
    Refusal.EMPTY: _("The file is empty."),
    Refusal.TOO_LARGE: _("The file is larger than the limit of %(limit)d MB."),
    Refusal.NOT_OFFICE_FILE: _(
        "The file «%(name)s» could not be opened: it is damaged or is not a real %(format)s file."
    ),
    Refusal.UNPACKS_TOO_MUCH: _("The file unpacks to more than %(limit)d MB of data."),
    Refusal.XML_DECLARATIONS: _(
        "The file holds XML declarations (a DTD or entities) that Word and Excel never write, "
        "so it is refused for safety. Save it again in Word or Excel and upload it."
    ),
    Refusal.TOO_MANY_ROWS: _("The file has more than %(limit)d rows. Split it into several files."),
}


class UploadRefused(Exception):
    """The file as a whole cannot be read; str(error) says why, to the person who uploaded it."""

    def __init__(self, message: str = "", *, reason: Refusal | None = None):
        super().__init__(message)
        self.reason = reason


class _UnreadablePart(Exception):
    """A part the guard cannot check, so no parser may read it."""


class _Limit(int):
    """A limit in a message: %(limit)d prints 20000, %(limit)s prints 20,000."""

    def __str__(self) -> str:
        return f"{int(self):,}"


@dataclass(frozen=True)
class OfficeFileGuard:
    max_bytes: int
    max_unpacked_bytes: int
    max_rows: int
    required_part: str | None = None  # e.g. "xl/workbook.xml": a zip without it is no such file
    messages: Mapping[Refusal, str] = field(default_factory=dict)  # the caller's wording
    error: type[UploadRefused] = UploadRefused  # what a refusal raises

    def check(self, file, *, name: str = "", size: int | None = None) -> None:
        """Refuse a file that must not be parsed; leaves `file` at its start."""
        if size is None:
            file.seek(0, 2)
            size = file.tell()
        if size == 0:
            self.refuse(Refusal.EMPTY)
        if size > self.max_bytes:
            self.refuse(Refusal.TOO_LARGE, limit=self.max_bytes // MB)
        file.seek(0)
        try:
            if not zipfile.is_zipfile(file):
                self.refuse(Refusal.NOT_OFFICE_FILE, name=name)
            file.seek(0)
            with zipfile.ZipFile(file) as archive:
                self._check_archive(archive, name)
        except (
            _UnreadablePart,
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            OSError,
            RuntimeError,
            NotImplementedError,
        ) as error:
            # a damaged or encrypted part, an unknown compression or XML encoding
            self.refuse(Refusal.NOT_OFFICE_FILE, name=name, cause=error)
        finally:
            file.seek(0)

    def check_rows(self, count: int) -> None:
        """The caller's hook: call it with the number of rows read so far."""
        if count > self.max_rows:
            self.refuse(Refusal.TOO_MANY_ROWS, limit=self.max_rows)

    def refuse(self, reason: Refusal, *, limit: int = 0, name: str = "", cause=None) -> NoReturn:
        """Raise the caller's error in the caller's wording; readers call it too when their
        library cannot open a file the guard let through (NOT_OFFICE_FILE)."""
        message = self.messages.get(reason) or DEFAULT_MESSAGES[reason]
        params = {
            "limit": _Limit(limit),
            "name": name,
            "format": OFFICE_FORMATS.get(Path(name).suffix.lower(), "Word (.docx) / Excel (.xlsx)"),
        }
        raise self.error(str(message) % params, reason=reason) from cause

    def _check_archive(self, archive: zipfile.ZipFile, name: str) -> None:
        parts = archive.infolist()
        # The sizes the zip declares bound what zipfile unpacks (it stops there and checks the CRC).
        if sum(part.file_size for part in parts) > self.max_unpacked_bytes:
            self.refuse(Refusal.UNPACKS_TOO_MUCH, limit=self.max_unpacked_bytes // MB)
        if self.required_part and self.required_part not in {part.filename for part in parts}:
            self.refuse(Refusal.NOT_OFFICE_FILE, name=name)
        for part in parts:
            if not part.is_dir() and _declares_dtd(archive, part):
                self.refuse(Refusal.XML_DECLARATIONS, name=name)


def _declares_dtd(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> bool:
    """Whether an XML part holds a DTD or entity declaration; parts that are no XML are skipped.
    Every part is read whatever its name: a workbook may name its sheets as it likes."""
    with archive.open(part) as stream:
        head = stream.read(CHUNK)
        decoder = codecs.getincrementaldecoder(_xml_encoding(head))(errors="replace")
        text, tail = decoder.decode(head), ""
        if not text.lstrip().startswith("<"):
            return False  # a picture or another binary part
        while True:
            if XML_DECLARATION.search(tail + text):
                return True
            tail = text[-16:]
            chunk = stream.read(CHUNK)
            if not chunk:
                return False
            text = decoder.decode(chunk)


def _xml_encoding(head: bytes) -> str:
    """The encoding an XML parser would read these bytes in: a byte order mark or the first
    bytes, then the XML declaration. A declared encoding Python does not know is refused."""
    for start, encoding in XML_STARTS:
        if head.startswith(start):
            return encoding
    declared = XML_ENCODING.match(head.lstrip())
    if declared is None:
        return "utf-8"
    try:
        return codecs.lookup(declared.group(1).decode("ascii")).name
    except LookupError as error:
        raise _UnreadablePart(f"unknown XML encoding {declared.group(1)!r}") from error


# What people keep as evidence, attachments and materials: documents and images. A program or
# a web page (.exe, .html, .svg, .js) is never stored: a colleague would open it from the portal.
DOCUMENT_SUFFIXES = frozenset(
    {
        ".pdf",
        ".doc",
        ".docx",
        ".rtf",
        ".odt",
        ".txt",
        ".xls",
        ".xlsx",
        ".ods",
        ".csv",
        ".ppt",
        ".pptx",
        ".odp",
        ".jpg",
        ".jpeg",
        ".png",
    }
)
OFFICE_ZIP_SUFFIXES = frozenset({".docx", ".xlsx", ".pptx"})
# A signed paper copy is a scan: PDF, JPEG or PNG, by its name and by its first bytes.
SCAN_SUFFIXES = frozenset({".pdf", ".jpg", ".jpeg", ".png"})
SCAN_SIGNATURES = (b"%PDF-", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")


def _check_size(upload, max_bytes: int) -> None:
    if upload.size > max_bytes:
        raise ValidationError(_("The file is larger than %(limit)d MB.") % {"limit": max_bytes // MB})


def check_document(upload, *, max_bytes: int) -> None:
    """An attachment of a document's or an image's type, at most `max_bytes`, an office file
    whole (not damaged, no zip bomb: the guard above). Refusals are ValidationErrors worded
    for the person who uploads."""
    suffix = Path(upload.name).suffix.lower()
    if suffix not in DOCUMENT_SUFFIXES:
        raise ValidationError(
            _(
                "Files of this type are not accepted. Upload PDF, Word, Excel, "
                "PowerPoint, OpenDocument, text or an image."
            )
        )
    _check_size(upload, max_bytes)
    if suffix in OFFICE_ZIP_SUFFIXES:
        guard = OfficeFileGuard(max_bytes=max_bytes, max_unpacked_bytes=10 * max_bytes, max_rows=0)
        try:
            guard.check(upload, name=upload.name, size=upload.size)
        except UploadRefused as error:
            raise ValidationError(str(error)) from error


def check_scan(upload, *, max_bytes: int) -> None:
    """A scan of a signed paper: PDF, JPEG or PNG by name and first bytes, at most `max_bytes`."""
    if Path(upload.name).suffix.lower() not in SCAN_SUFFIXES:
        raise ValidationError(_("Upload the scan as PDF, JPEG or PNG."))
    _check_size(upload, max_bytes)
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(SCAN_SIGNATURES):
        raise ValidationError(_("The file is not a real PDF, JPEG or PNG scan."))

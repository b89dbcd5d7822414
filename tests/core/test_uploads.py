"""The upload guard of apps/core/uploads.py: what it refuses before a parser sees a file."""

import zipfile
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from docx import Document
from openpyxl import Workbook

from apps.core.uploads import MB, OfficeFileGuard, Refusal, UploadRefused, check_document, check_scan

GUARD = OfficeFileGuard(max_bytes=1 * MB, max_unpacked_bytes=2 * MB, max_rows=100)
BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
)
XXE = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def workbook_bytes() -> bytes:
    workbook = Workbook()
    workbook.active.append(["Фамилия", "Имя"])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def document_bytes() -> bytes:
    document = Document()
    document.add_paragraph("Дорожная карта")
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def with_part(content: bytes, name: str, replace) -> bytes:
    """A copy of a zip whose part `name` is replace(its bytes) (or added when missing)."""
    out = BytesIO()
    with (
        zipfile.ZipFile(BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        names = source.namelist()
        for item in names:
            data = source.read(item)
            target.writestr(item, replace(data) if item == name else data)
        if name not in names:
            target.writestr(name, replace(b""))
    return out.getvalue()


def with_dtd(content: bytes, name: str, dtd: str, encoding="utf-8") -> bytes:
    """The part `name` with `dtd` after its XML declaration, all in `encoding`."""

    def insert(xml: bytes) -> bytes:
        declaration = f'<?xml version="1.0" encoding="{encoding}"?>'
        body = (xml or b"<Relationships/>").decode("utf-8").split("?>", 1)[-1]
        if encoding == "utf-16":
            return (declaration + dtd + body).encode(encoding)
        return declaration.encode("ascii") + dtd.encode("ascii") + body.encode(encoding)

    return with_part(content, name, insert)


def refusal(content: bytes, *, name="file.xlsx", guard=GUARD) -> UploadRefused:
    with translation.override("en"), pytest.raises(UploadRefused) as caught:
        guard.check(BytesIO(content), name=name)
    return caught.value


def test_a_workbook_and_a_document_pass_and_are_left_at_their_start():
    for content in (workbook_bytes(), document_bytes()):
        file = BytesIO(content)
        file.read(10)
        GUARD.check(file, name="file")
        assert file.tell() == 0


@pytest.mark.parametrize(
    ("content", "reason", "message"),
    [
        (b"", Refusal.EMPTY, "The file is empty."),
        (b"0" * (MB + 1), Refusal.TOO_LARGE, "The file is larger than the limit of 1 MB."),
        (b"plain text", Refusal.NOT_OFFICE_FILE, "«file.xlsx» could not be opened"),
        (b"PK\x03\x04 broken zip", Refusal.NOT_OFFICE_FILE, "is not a real Excel (.xlsx) file"),
    ],
    ids=["empty", "oversize", "not-a-zip", "broken-zip"],
)
def test_files_that_are_no_office_file_are_refused(content, reason, message):
    refused = refusal(content)
    assert refused.reason == reason
    assert message in str(refused)


def test_the_size_given_by_the_caller_is_the_one_checked():
    with pytest.raises(UploadRefused) as caught:
        GUARD.check(BytesIO(workbook_bytes()), size=MB + 1)
    assert caught.value.reason == Refusal.TOO_LARGE


def test_a_zip_bomb_is_refused_by_its_unpacked_size():
    bomb = with_part(workbook_bytes(), "xl/media/padding.bin", lambda _data: bytes(3 * MB))
    assert len(bomb) < 100_000
    refused = refusal(bomb)
    assert refused.reason == Refusal.UNPACKS_TOO_MUCH
    assert str(refused) == "The file unpacks to more than 2 MB of data."


def test_a_part_that_unpacks_to_more_than_it_declares_is_refused():
    content = with_part(workbook_bytes(), "xl/extra.xml", lambda _data: b"<a>" + b" " * 500_000 + b"</a>")
    # Make the part declare 1,000 bytes, in its local header and in the central directory:
    # both hold the same run of fields from its flags to its sizes.
    local = zipfile.ZipFile(BytesIO(content)).getinfo("xl/extra.xml").header_offset
    data = bytearray(content)
    central = data.rindex(data[local + 6 : local + 26]) - 8
    data[local + 22 : local + 26] = data[central + 24 : central + 28] = (1000).to_bytes(4, "little")
    assert refusal(bytes(data)).reason == Refusal.NOT_OFFICE_FILE


def test_a_part_the_workbook_needs_may_be_required():
    guard = OfficeFileGuard(
        max_bytes=MB, max_unpacked_bytes=2 * MB, max_rows=10, required_part="xl/workbook.xml"
    )
    assert refusal(document_bytes(), guard=guard).reason == Refusal.NOT_OFFICE_FILE
    guard.check(BytesIO(workbook_bytes()))


@pytest.mark.parametrize(
    ("make", "part", "dtd", "encoding"),
    [
        (workbook_bytes, "xl/worksheets/sheet1.xml", BILLION_LAUGHS, "utf-8"),
        (workbook_bytes, "xl/worksheets/sheet1.xml", XXE, "utf-8"),
        (workbook_bytes, "xl/sharedStrings.xml", XXE.lower(), "utf-8"),
        (workbook_bytes, "xl/worksheets/sheet1.xml", BILLION_LAUGHS, "utf-16"),
        (workbook_bytes, "[Content_Types].xml", XXE, "utf-8"),
        (workbook_bytes, "xl/worksheets/_rels/sheet1.xml.rels", XXE, "utf-8"),
        (document_bytes, "word/document.xml", BILLION_LAUGHS, "utf-8"),
        # UTF-7 can spell «<!» without those bytes; libxml2 reads it, so does the guard.
        (document_bytes, "word/document.xml", XXE.replace("<", "+ADw-").replace("!", "+ACE-"), "utf-7"),
    ],
    ids=["sheet", "xxe", "lower-case", "utf-16", "content-types", "rels", "docx", "utf-7"],
)
def test_xml_with_a_dtd_or_entities_is_refused(make, part, dtd, encoding):
    refused = refusal(with_dtd(make(), part, dtd, encoding), name="file.docx")
    assert refused.reason == Refusal.XML_DECLARATIONS
    assert "DTD or entities" in str(refused)


def test_a_dtd_deep_inside_a_large_part_is_found():
    def padded(xml: bytes) -> bytes:
        return xml.replace(b"<sheetData>", b"<sheetData>" + b" " * (3 * 1024 * 1024 // 2) + XXE.encode())

    guard = OfficeFileGuard(max_bytes=MB, max_unpacked_bytes=4 * MB, max_rows=10)
    assert refusal(with_part(workbook_bytes(), "xl/worksheets/sheet1.xml", padded), guard=guard).reason == (
        Refusal.XML_DECLARATIONS
    )


def test_xml_in_an_encoding_the_guard_cannot_read_is_refused():
    content = with_part(
        workbook_bytes(),
        "xl/worksheets/sheet1.xml",
        lambda _xml: b'<?xml version="1.0" encoding="x-unknown"?><a/>',
    )
    assert refusal(content).reason == Refusal.NOT_OFFICE_FILE


def test_rows_are_counted_by_the_caller():
    GUARD.check_rows(100)
    with translation.override("en"), pytest.raises(UploadRefused) as caught:
        GUARD.check_rows(101)
    assert caught.value.reason == Refusal.TOO_MANY_ROWS
    assert str(caught.value) == "The file has more than 100 rows. Split it into several files."


class TableError(UploadRefused):
    pass


def test_the_caller_words_a_refusal_and_chooses_what_it_raises():
    guard = OfficeFileGuard(
        max_bytes=MB,
        max_unpacked_bytes=MB,
        max_rows=2_000,
        messages={Refusal.TOO_MANY_ROWS: "more than %(limit)s rows (%(limit)d)"},
        error=TableError,
    )
    with pytest.raises(TableError) as caught:
        guard.check_rows(2_001)
    assert str(caught.value) == "more than 2,000 rows (2000)"
    with pytest.raises(TableError):
        guard.check(BytesIO(b""))


def test_refusals_are_translated():
    with translation.override("ru"), pytest.raises(UploadRefused) as caught:
        GUARD.check(BytesIO(with_dtd(workbook_bytes(), "xl/workbook.xml", XXE)), name="file.xlsx")
    assert "DTD" in str(caught.value)
    assert "Сохраните" in str(caught.value)


# The one check of attachments people keep: evidence, materials, signed scans.


@pytest.mark.parametrize("name", ["setup.exe", "page.html", "drawing.svg", "script.js", "no_suffix"])
def test_a_program_or_a_web_page_is_no_document(name):
    with translation.override("en"), pytest.raises(ValidationError, match="not accepted"):
        check_document(SimpleUploadedFile(name, b"MZ"), max_bytes=MB)


@translation.override("en")
def test_documents_of_real_schools_pass_and_a_broken_word_file_does_not():
    for name in ("Протокол.PDF", "Отчёт 2019.doc", "план.xls", "фото.JPG", "справка.rtf", "список.csv"):
        check_document(SimpleUploadedFile(name, b"content"), max_bytes=MB)
    with pytest.raises(ValidationError, match="larger than 1 MB"):
        check_document(SimpleUploadedFile("big.pdf", b"0" * (MB + 1)), max_bytes=MB)
    with pytest.raises(ValidationError):
        check_document(SimpleUploadedFile("протокол.docx", b"not a zip"), max_bytes=MB)


@translation.override("en")
def test_a_scan_is_a_pdf_jpeg_or_png_by_its_first_bytes_too():
    check_scan(SimpleUploadedFile("согласие.pdf", b"%PDF-1.7 scan"), max_bytes=MB)
    check_scan(SimpleUploadedFile("согласие.jpg", b"\xff\xd8\xff\xe0 jpeg"), max_bytes=MB)
    with pytest.raises(ValidationError, match="PDF, JPEG or PNG"):
        check_scan(SimpleUploadedFile("согласие.docx", b"PK"), max_bytes=MB)
    with pytest.raises(ValidationError, match="not a real"):
        check_scan(SimpleUploadedFile("согласие.pdf", b"MZ renamed program"), max_bytes=MB)

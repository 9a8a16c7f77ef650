"""Reading uploaded files, in a process of their own: the code that board/platform/uploads.py runs under limits.

A hostile file can make a parser work for a long time on little input: a 300 KB PDF whose
object streams each inflate to 40 MB kept pypdf busy for 39 s of CPU and 380 MB; an XLSX
can hide a huge sheet behind a small zip. So nothing here runs in a web worker: the board
starts `python -I board/platform/filecheck.py KIND CPU_SECONDS MEMORY_MB`, this script limits its
own CPU time and address space before it reads anything, reads the file from stdin and
writes one JSON object to stdout, and the worker kills it after a wall-clock limit.

The answer is {"ok": {...}} or {"refused": REASON}; the board turns reasons into the
person's language (board/domain/resumes.py, board/domain/roster.py). This file imports nothing from the
board (importing the board costs a second and more of CPU per upload), only the standard
library, pypdf and openpyxl, each only when its kind of file comes.
"""
import codecs
import csv
import io
import json
import resource
import sys
import warnings
import zipfile
import zlib
from datetime import date, datetime

# A cohort has 180 trainees; a file ten times that is the wrong file, not a roster.
MAX_ROWS = 1000
MAX_COLUMNS = 30
# zipfile inflates no more than the declared sizes; a real roster unpacks to well under 1 MB, a zip bomb to gigabytes.
MAX_XLSX_UNPACKED = 20 * 1024 * 1024
# Rows read, blank ones included: a sheet of a million empty rows is not a roster either.
MAX_SHEET_ROWS = 20_000

# A resume's objects and pages need kilobytes; pypdf's own limits (75 MB a stream) are for any PDF.
PDF_STREAM_BYTES = 8 * 1024 * 1024
PDF_MAX_PAGES = 1_000
# Larger than a full A4 page scanned at 600 dpi (35 megapixels): an image no resume needs, which
# would stall the committee's PDF viewer instead.
PDF_MAX_IMAGE_PIXELS = 100_000_000


class Refused(Exception):
    """The file is not acceptable; reason is a word the board translates (see the module docstring)."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


# -- PDF ------------------------------------------------------------------------------------------------

def check_pdf(content):
    """{"pages": n} for a PDF pypdf can read without a password; Refused otherwise."""
    from pypdf import PasswordType, PdfReader, overwrite_configuration
    from pypdf.errors import LimitReachedError

    overwrite_configuration(zlib_maximum_output_length=PDF_STREAM_BYTES,
                            maximum_declared_stream_length=PDF_STREAM_BYTES,
                            page_tree_maximum_entries=PDF_MAX_PAGES * 10,
                            page_tree_maximum_page_entries=PDF_MAX_PAGES * 10)
    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise Refused("encrypted")
        pages = len(reader.pages)
        if pages > PDF_MAX_PAGES:
            raise Refused("too_complex")
        for page in reader.pages:
            _check_images(page)
    except Refused:
        raise
    except (LimitReachedError, RecursionError, MemoryError):
        raise Refused("too_complex") from None
    except Exception:  # noqa: BLE001 - hostile or broken files make pypdf raise many kinds of error
        raise Refused("unreadable") from None
    if pages < 1:
        raise Refused("no_pages")
    return {"pages": pages}


def _check_images(page):
    """Refuse an image whose declared size no viewer could open; nothing is decoded to find out."""
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else None
    xobjects = resources.get("/XObject") if resources is not None else None
    if xobjects is None:
        return
    for reference in xobjects.get_object().values():
        image = reference.get_object()
        if image.get("/Subtype") != "/Image":
            continue
        width, height = image.get("/Width", 0), image.get("/Height", 0)
        if not isinstance(width, int) or not isinstance(height, int) or width * height > PDF_MAX_IMAGE_PIXELS:
            raise Refused("too_complex")


# -- rosters (CSV and XLSX) ---------------------------------------------------------------------------------

def roster_table(kind, content):
    """{"table": [[row number, cells], ...]} of the non-blank rows of a CSV or XLSX roster; Refused otherwise."""
    return {"table": _xlsx_table(content) if kind == "xlsx" else _csv_table(content)}


def _decode(content):
    """Text of a CSV file: UTF-8 (with or without BOM) as Excel and most tools write it, else EUC-KR/CP949 from older Korean Excel."""
    encodings = ("utf-16",) if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else ("utf-8-sig", "cp949")
    for encoding in encodings:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
        break  # NUL bytes: a binary file that happened to decode
    raise Refused("not_text")


def _csv_table(content):
    text = _decode(content)
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    # Excel writes ";" in some locales and tabs for "Unicode text"; the header line tells which.
    delimiter = max(",\t;", key=first_line.count)
    try:
        return _limited(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise Refused("not_csv") from None


XLSX_ERRORS = (zipfile.BadZipFile, zlib.error, KeyError, ValueError, TypeError, IndexError, AttributeError,
               EOFError, OSError, SyntaxError)


def _xlsx_table(content):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_XLSX_UNPACKED:
                raise Refused("not_xlsx")
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it skips; a roster needs neither.
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            try:
                sheet = workbook.worksheets[0]
                return _limited([_cell_text(value) for value in row]
                                for row in sheet.iter_rows(max_row=MAX_SHEET_ROWS, max_col=MAX_COLUMNS, values_only=True))
            finally:
                workbook.close()
    except (*XLSX_ERRORS, InvalidFileException):
        raise Refused("not_xlsx") from None


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores the class 3 as 3.0
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _limited(rows):
    """[[row number, cells]] of the non-blank rows; stops reading as soon as the file is too long."""
    table = []
    for number, cells in enumerate(rows, start=1):
        cells = [str(c).strip() for c in cells[:MAX_COLUMNS]]
        if not any(cells):
            continue
        table.append([number, cells])
        if len(table) > MAX_ROWS + 1:  # the header row does not count
            raise Refused("too_many_rows")
    return table


# -- the process ----------------------------------------------------------------------------------------------

CHECKS = {
    "pdf": check_pdf,
    "csv": lambda content: roster_table("csv", content),
    "xlsx": lambda content: roster_table("xlsx", content),
}


def check(kind, content):
    """The answer for one file, as the process writes it."""
    try:
        return {"ok": CHECKS[kind](content)}
    except Refused as refused:
        return {"refused": refused.reason}


def _limit(cpu_seconds, memory_mb):
    # At the soft CPU limit the kernel sends SIGXCPU, which ends the process; the hard one a second later is SIGKILL.
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    # Nothing here writes a file.
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))


def main(argv):
    kind, cpu_seconds, memory_mb = argv[1], int(argv[2]), int(argv[3])
    _limit(cpu_seconds, memory_mb)
    content = sys.stdin.buffer.read()
    answer = check(kind, content)
    sys.stdout.buffer.write(json.dumps(answer).encode("ascii"))
    sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv)

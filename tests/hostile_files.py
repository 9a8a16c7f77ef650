"""Hostile upload files built in code: small files that make a careless parser work for a long time.

Each is a few hundred kilobytes at most, well under the upload limits, so only a bounded
check (board/platform/uploads.py) stops them.
"""
import functools
import io
import zipfile
import zlib


@functools.cache
def _deflated_spaces(count):
    """count spaces as a final raw deflate block, compressed once and reused by every stream that pads with them."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(b" " * count) + compressor.flush()


def _flate(data, padding):
    """zlib data of data + padding spaces; the spaces' part is shared, so a hundred 7 MB streams cost one compression."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)
    checksum = zlib.adler32(b" " * padding, zlib.adler32(data))
    return b"\x78\xda" + head + _deflated_spaces(padding) + checksum.to_bytes(4, "big")


class PdfBuilder:
    """A PDF written object by object, with a cross-reference stream so objects may live in object streams."""

    def __init__(self):
        self.out = io.BytesIO()
        self.out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        self.offsets = {}
        self.in_stream = {}

    def direct(self, number, body):
        self.offsets[number] = self.out.tell()
        self.out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")

    def stream(self, number, dictionary, data):
        self.direct(number, b"<< %s /Length %d >>\nstream\n" % (dictionary, len(data)) + data + b"\nendstream")

    def object_stream(self, number, members, padding=0):
        """An object stream holding members {number: body}, inflating padding spaces more than it needs."""
        header, body = b"", b""
        for member, text in members.items():
            header += b"%d %d " % (member, len(body))
            body += text + b" "
            self.in_stream[member] = number
        self.stream(number, b"/Type /ObjStm /N %d /First %d /Filter /FlateDecode" % (len(members), len(header)),
                    _flate(header + body, padding))

    def finish(self, root=1):
        xref = max([*self.offsets, *self.in_stream]) + 1
        self.offsets[xref] = self.out.tell()
        rows = b""
        for n in range(xref + 1):
            if n in self.offsets:
                rows += b"\x01" + self.offsets[n].to_bytes(4, "big") + b"\x00\x00"
            elif n in self.in_stream:
                rows += b"\x02" + self.in_stream[n].to_bytes(4, "big") + b"\x00\x00"
            else:
                rows += b"\x00" + b"\x00" * 4 + b"\xff\xff"
        self.out.write(b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root %d 0 R /Length %d >>\nstream\n"
                       % (xref, xref + 1, root, len(rows)) + rows + b"\nendstream\nendobj\n")
        self.out.write(b"startxref\n%d\n%%%%EOF\n" % self.offsets[xref])
        return self.out.getvalue()


def object_stream_bomb(streams=8, inflate=40_000_000):
    """The page tree spread over object streams that each inflate to tens of megabytes (~300 KB; 39 s of pypdf's CPU)."""
    pdf = PdfBuilder()
    pdf.direct(1, b"<< /Type /Catalog /Pages 10 0 R >>")
    for k in range(streams):
        number = 10 + k
        node = (b"<< /Type /Page /MediaBox [0 0 200 200] >>" if k == streams - 1
                else b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (number + 1))
        pdf.object_stream(100 + k, {number: node}, padding=inflate)
    return pdf.finish()


def many_object_streams(streams=200, inflate=7_000_000):
    """Many object streams, each under any per-stream limit, together inflating to gigabytes."""
    return object_stream_bomb(streams, inflate)


def page_tree_fan_out(levels=40):
    """A page tree whose every node lists the next node twice: 2**levels pages from 40 small objects."""
    pdf = PdfBuilder()
    pdf.direct(1, b"<< /Type /Catalog /Pages 10 0 R >>")
    for k in range(levels):
        pdf.direct(10 + k, b"<< /Type /Pages /Kids [%d 0 R %d 0 R] /Count %d >>" % (11 + k, 11 + k, 2 ** (levels - k)))
    pdf.direct(10 + levels, b"<< /Type /Page /MediaBox [0 0 200 200] >>")
    return pdf.finish()


def deep_page_tree(depth=50_000):
    """A page tree 50,000 levels deep, one Pages node inside the next (3.5 MB)."""
    pdf = PdfBuilder()
    pdf.direct(1, b"<< /Type /Catalog /Pages 10 0 R >>")
    for k in range(depth):
        pdf.direct(10 + k, b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (11 + k))
    pdf.direct(10 + depth, b"<< /Type /Page /MediaBox [0 0 200 200] >>")
    return pdf.finish()


def deep_nesting(depth=200_000):
    """A page whose dictionary holds an array nested 200,000 deep."""
    pdf = PdfBuilder()
    pdf.direct(1, b"<< /Type /Catalog /Pages 2 0 R >>")
    pdf.direct(2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    pdf.direct(3, b"<< /Type /Page /MediaBox [0 0 200 200] /Deep " + b"[" * depth + b"]" * depth + b" >>")
    return pdf.finish()


def huge_image():
    """A one-page PDF showing an image declared 200,000 by 200,000 pixels (40 gigapixels), from a few bytes."""
    pdf = PdfBuilder()
    pdf.direct(1, b"<< /Type /Catalog /Pages 2 0 R >>")
    pdf.direct(2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    pdf.direct(3, b"<< /Type /Page /MediaBox [0 0 200 200] /Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>")
    pdf.stream(4, b"/Type /XObject /Subtype /Image /Width 200000 /Height 200000 /ColorSpace /DeviceRGB "
               b"/BitsPerComponent 8 /Filter /FlateDecode", zlib.compress(b"\x00" * 1_000_000, 9))
    pdf.stream(5, b"", b"q 200 0 0 200 0 0 cm /Im1 Do Q")
    return pdf.finish()


def xlsx_shared_strings_bomb(strings=2_000_000):
    """An XLSX whose shared-strings part declares two million strings in under 20 MB unpacked."""
    items = b"<si><t>x</t></si>" * strings
    sheet = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b'<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>')
    shared = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
              b'count="%d" uniqueCount="%d">' % (strings, strings) + items + b"</sst>")
    return _xlsx({"xl/worksheets/sheet1.xml": sheet, "xl/sharedStrings.xml": shared})


def _xlsx(parts):
    content_types = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     b'<Default Extension="xml" ContentType="application/xml"/>'
                     b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                     b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                     b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                     b'</Types>')
    rels = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            b'</Relationships>')
    workbook = (b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
                b'<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
    workbook_rels = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                     b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                     b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                     b'</Relationships>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()

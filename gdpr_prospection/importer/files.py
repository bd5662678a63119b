"""Reading a prospect file: the rows of a CSV file (sniffed delimiter; UTF-8,
UTF-8 with BOM, UTF-16 with BOM, Windows-1252 or Latin-1) or of the first
sheet of an XLSX file, streamed."""

import codecs
import csv
import io
import re

# A cell longer than this is not a prospect list at all (Excel's own cell
# limit): the whole file is refused.
MAX_CELL_CHARS = 32767

CSV_DELIMITERS = (";", ",", "\t", "|")
SNIFF_CHARS = 65536


class ProspectFileError(ValueError):
    """The file cannot be read as a prospect list. ``code`` names the
    problem, ``params`` details it (``line``: 1-based line number)."""

    def __init__(self, code, **params):
        super().__init__(code, params)
        self.code = code
        self.params = params


def is_xlsx(data):
    return data[:4] == b"PK\x03\x04"


def detect_encoding(data):
    """Encoding of a CSV file: the BOM's when it has one, UTF-8 when the
    bytes are valid UTF-8, else Windows-1252 (Excel's "CSV" on Windows, a
    superset of Latin-1's printable characters), else Latin-1."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in ("utf-8", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for start in range(0, len(data), SNIFF_CHARS):
                decoder.decode(data[start : start + SNIFF_CHARS])
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    return "latin-1"


def sniff_delimiter(text):
    """The delimiter of a CSV text: the candidate that occurs most often,
    outside quotes, in its first non-blank line (the header)."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    header = re.sub(r'"[^"]*"', "", header)
    counts = {delimiter: header.count(delimiter) for delimiter in CSV_DELIMITERS}
    best = max(CSV_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _check_cell_sizes(line, cells):
    if any(len(cell) > MAX_CELL_CHARS for cell in cells):
        raise ProspectFileError("cell_too_large", line=line, max=MAX_CELL_CHARS)


def _csv_rows(data):
    encoding = detect_encoding(data)
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
    delimiter = sniff_delimiter(stream.read(SNIFF_CHARS))
    stream.seek(0)
    reader = csv.reader(stream, delimiter=delimiter)
    line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                raise ProspectFileError("cell_too_large", line=reader.line_num, max=MAX_CELL_CHARS)
            raise ProspectFileError("unreadable", line=reader.line_num, detail=str(error))
        except UnicodeDecodeError:
            raise ProspectFileError("unreadable", line=reader.line_num + 1, detail=encoding)
        if any(cell.strip() for cell in cells):
            _check_cell_sizes(line, cells)
            yield line, cells
        line = reader.line_num + 1


def _xlsx_cell(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _xlsx_rows(data):
    import openpyxl  # noqa: PLC0415 (a dependency of Odoo itself, only needed here)

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 (any damage to the zip or XML)
        raise ProspectFileError("unreadable", line=0, detail=str(error))
    try:
        sheet = book.worksheets[0]
        for line, row in enumerate(sheet.iter_rows(values_only=True), 1):
            cells = [_xlsx_cell(value) for value in row]
            if any(cell.strip() for cell in cells):
                _check_cell_sizes(line, cells)
                yield line, cells
    finally:
        book.close()


def read_rows(data, file_name=None):
    """Yield ``(line number, cells)`` for each non-blank row of a CSV or XLSX
    file, the header first, without loading all the rows in memory.

    :raises ProspectFileError: empty, unreadable or absurd file (a cell of
        more than MAX_CELL_CHARS characters)
    """
    if not data or not data.strip():
        raise ProspectFileError("empty")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ProspectFileError("old_excel")
    if is_xlsx(data) or (file_name or "").lower().endswith(".xlsx"):
        return _xlsx_rows(data)
    return _csv_rows(data)


def read_header(data, file_name=None):
    """The cells of the first non-blank row; the rest of the file is not read.

    :raises ProspectFileError: as read_rows, and ``empty`` for a file with
        no row at all
    """
    rows = read_rows(data, file_name)
    try:
        header = next(rows, None)
    finally:
        rows.close()
    if header is None:
        raise ProspectFileError("empty")
    return header[1]


def data_rows(data, file_name=None):
    """The rows of the file after its header, as read_rows yields them."""
    rows = read_rows(data, file_name)
    next(rows, None)
    return rows

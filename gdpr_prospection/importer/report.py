"""The report of an import: one line per row that was not imported as it
stood (rejected, suppressed, skipped or updated), as a CSV file."""

import csv
import io


def report_csv(header, entries):
    """The import report as CSV bytes (UTF-8 with BOM, which spreadsheets
    open correctly): ``header`` then one line per entry."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(entries)
    return buffer.getvalue().encode("utf-8-sig")

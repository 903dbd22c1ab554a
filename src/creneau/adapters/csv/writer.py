"""Writes exported tables as CSV files (the :class:`~creneau.services.ports.TableWriter` port).

Adapter layer, standard library only. Two dialects:

- the default, RFC 4180 CSV: ``,`` between cells, a decimal point (``1234.50``), UTF-8
  without a byte-order mark, CRLF line ends, cells quoted only when needed;
- ``excel_fr``: what French Excel opens directly with a double click: ``;`` between cells,
  a decimal comma (``1234,50``), UTF-8 *with* a byte-order mark (without it, Excel reads
  the file as Windows-1252 and garbles the accents), CRLF line ends.

Numbers are written without thousands separators, so that a spreadsheet reads them as
numbers; dates are ISO 8601 (``2026-11-30``), which both read as dates. The footer (the
VAT-exemption mention) is a last row of one cell.

The file is written at once: into a temporary file in the same folder, flushed to disk,
then renamed over the target (:func:`os.replace`, atomic on POSIX and Windows), so that a
failure never leaves half a file.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from creneau.adapters.files import write_atomically
from creneau.services.ports import Cell, ExportTable

__all__ = ["CsvTableWriter", "encode_table"]

UTF8_BOM = b"\xef\xbb\xbf"


def _cell(value: Cell, decimal_mark: str) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", decimal_mark)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def encode_table(table: ExportTable, *, excel_fr: bool = False) -> bytes:
    """The bytes of ``table`` as a CSV file (see the module docstring for the dialects).

    Args:
        table: the header, rows and footer.
        excel_fr: French Excel's dialect instead of RFC 4180 CSV.

    Returns:
        The whole file, encoded.
    """
    delimiter, mark = (";", ",") if excel_fr else (",", ".")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(table.header)
    for row in table.rows:
        writer.writerow([_cell(value, mark) for value in row])
    if table.footer:
        writer.writerow([table.footer])
    data = buffer.getvalue().encode("utf-8")
    return UTF8_BOM + data if excel_fr else data


class CsvTableWriter:
    """Writes :class:`~creneau.services.ports.ExportTable` values as CSV files, atomically.

    Implements :class:`creneau.services.ports.TableWriter`. Stateless.
    """

    def write(self, path: str, table: ExportTable, *, excel_fr: bool = False) -> None:
        """Write ``table`` to ``path`` (created or replaced as a whole).

        Args:
            path: the file to write.
            table: what to write.
            excel_fr: French Excel's dialect (``;``, decimal comma, UTF-8 with BOM).

        Raises:
            InputError: with field ``--csv``, when the folder does not exist, the path is a
                folder, or the file cannot be written.
        """
        write_atomically(path, encode_table(table, excel_fr=excel_fr), field="--csv")

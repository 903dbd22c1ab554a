"""The CSV files written for a spreadsheet: the exact bytes of both dialects, and a file
written whole or not at all."""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from creneau.adapters.csv.writer import CsvTableWriter, encode_table
from creneau.domain.errors import InputError
from creneau.services.ports import ExportTable

TABLE = ExportTable(
    header=("Mois", "Client", "Heures", "Montant (€)"),
    rows=(
        ("2026-11", "Éditions du Marais", Decimal("3.33"), Decimal("1234.50")),
        ("2026-11", 'Atelier "Carré; Bleu", Angers', Decimal("1.00"), None),
        ("2026-11", "Total", 4, date(2026, 11, 30)),
    ),
    footer="TVA non applicable, art. 293 B du CGI",
)


def test_rfc4180_csv_bytes() -> None:
    expected = (
        "Mois,Client,Heures,Montant (€)\r\n"
        "2026-11,Éditions du Marais,3.33,1234.50\r\n"
        '2026-11,"Atelier ""Carré; Bleu"", Angers",1.00,\r\n'
        "2026-11,Total,4,2026-11-30\r\n"
        '"TVA non applicable, art. 293 B du CGI"\r\n'
    ).encode()
    assert encode_table(TABLE) == expected
    assert not encode_table(TABLE).startswith(b"\xef\xbb\xbf")


def test_french_excel_bytes() -> None:
    expected = (
        b"\xef\xbb\xbf"  # UTF-8 byte-order mark
        b"Mois;Client;Heures;Montant (\xe2\x82\xac)\r\n"  # the euro sign in UTF-8
        b"2026-11;\xc3\x89ditions du Marais;3,33;1234,50\r\n"  # decimal comma, no grouping
        b'2026-11;"Atelier ""Carr\xc3\xa9; Bleu"", Angers";1,00;\r\n'  # ; quoted
        b"2026-11;Total;4;2026-11-30\r\n"
        b"TVA non applicable, art. 293 B du CGI\r\n"  # a comma needs no quotes here
    )
    assert encode_table(TABLE, excel_fr=True) == expected


def test_no_footer_line_when_the_mention_is_empty() -> None:
    table = ExportTable(("a",), ((Decimal("1.5"),),), "")
    assert encode_table(table) == b"a\r\n1.5\r\n"


def test_rows_must_match_the_header() -> None:
    with pytest.raises(ValueError, match="row 1 has 1 cells for 2 columns"):
        ExportTable(("a", "b"), (("x",),))


def test_write_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "rapport.csv"
    target.write_bytes(b"old")
    CsvTableWriter().write(str(target), TABLE, excel_fr=True)
    assert target.read_bytes() == encode_table(TABLE, excel_fr=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rapport.csv"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "rapport.csv"
    target.write_bytes(b"old")

    def refuse(_source: str, _target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(InputError, match="No space left on device") as caught:
        CsvTableWriter().write(str(target), TABLE)
    assert caught.value.field == "--csv"
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rapport.csv"]


def test_a_missing_folder_or_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no folder") as caught:
        CsvTableWriter().write(str(tmp_path / "nope" / "r.csv"), TABLE)
    assert caught.value.field == "--csv"
    with pytest.raises(InputError, match="is a folder"):
        CsvTableWriter().write(str(tmp_path), TABLE)

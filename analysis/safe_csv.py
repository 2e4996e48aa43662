"""CSV that a spreadsheet cannot run: text cells starting like a formula are neutralised as OWASP recommends."""

from __future__ import annotations

import csv
import io
import re
import secrets
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

# A spreadsheet treats a cell starting with one of these as a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def is_formula_like(value: Any) -> bool:
    """True for text a spreadsheet would run; numbers (a negative one included) never are."""
    return isinstance(value, str) and value.startswith(FORMULA_START) and not NUMBER.fullmatch(value)


def neutralised(value: str) -> str:
    """The field as written to the file: a single quote before the text, and the whole field quoted."""
    text = "'" + value
    return '"' + text.replace('"', '""') + '"'


class _Tokens:
    """Stand-ins for formula-like cells while a CSV writer runs, swapped for their neutralised form after."""

    def __init__(self) -> None:
        self.prefix = f"SAFECSV{secrets.token_hex(8)}N"
        self.fields: dict[str, str] = {}

    def __call__(self, value: Any) -> Any:
        if not is_formula_like(value):
            return value
        token = f"{self.prefix}{len(self.fields)}Z"
        self.fields[token] = neutralised(value)
        return token

    def restore(self, text: str) -> str:
        if not self.fields:
            return text
        return re.sub(re.escape(self.prefix) + r"\d+Z", lambda m: self.fields[m.group()], text)


def frame_to_csv(frame: pd.DataFrame, **options: Any) -> str:
    """``frame.to_csv(**options)`` as text, formula-like text cells neutralised; every other byte unchanged."""
    from pandas.api.types import is_object_dtype, is_string_dtype

    tokens = _Tokens()
    safe = frame.copy()
    for column in safe.columns:
        textual = is_object_dtype(safe[column]) or is_string_dtype(safe[column])
        if textual and safe[column].map(is_formula_like).any():
            safe[column] = safe[column].astype(object).map(tokens)
    return tokens.restore(safe.to_csv(index=False, **options))


def records_to_csv(header: list[str], records: Iterable[Mapping[str, Any]], lineterminator: str = "\n") -> str:
    """Dict rows as CSV text (csv.DictWriter, extra keys ignored), formula-like text cells neutralised."""
    tokens = _Tokens()
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator=lineterminator, extrasaction="ignore")
    writer.writeheader()
    writer.writerows({k: tokens(v) for k, v in record.items()} for record in records)
    return tokens.restore(buffer.getvalue())

"""Schema errors in words an author can act on: what is wrong, and what to write instead.

`jsonschema` explains failures in terms of the schema ("'STD-010' is not of type 'array'");
these messages say it in terms of the front matter ("write a list: related: [STD-010]"),
with the actual count for lengths, one message per bad date, and a suggestion only when a
value is close to an allowed one.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
from typing import TYPE_CHECKING, Any

from mkdocs_pmo.core.issues import Issue, IssueCode
from mkdocs_pmo.core.model import DEFAULT_LINK_TYPES

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

    from mkdocs_pmo.core.issues import SourceLocation

RELATION_FIELDS = frozenset(lt.name for lt in DEFAULT_LINK_TYPES)
#: How close a misspelt value must be to an allowed one to be suggested (`difflib` ratio):
#: `actve` → `active` (0.91) is suggested, `approved` → `proposed` (0.62) is not.
SUGGEST_CUTOFF = 0.75
#: Longest value quoted back in a message; longer ones are cut with an ellipsis.
MAX_QUOTED = 60

_NUMERIC_DATE = re.compile(r"^(\d{1,4})-(\d{1,2})-(\d{1,2})$")
_DATE_AND_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d")
_LENGTH_HINTS = {"summary": "shorten it to one sentence"}


def preferred(error: ValidationError) -> ValidationError:
    """For a `oneOf`/`anyOf` alternative: the alternative whose type the value has.

    `best_match` may pick a type mismatch ("'std-1' is not of type 'array'") when another
    alternative says what is really wrong ("'std-1' does not match the ID pattern").
    """
    parent = error.parent
    if parent is None or parent.validator not in ("oneOf", "anyOf") or error.validator != "type":
        return error
    others = [e for e in parent.context or () if e.validator != "type"]
    return max(others, key=lambda e: len(e.absolute_path)) if others else error


def schema_issue(error: ValidationError, where: SourceLocation, written: str | None) -> Issue:
    """One schema error as an `Issue` at `where`.

    Args:
        error: The error (after `preferred`).
        where: Its location in the file.
        written: The value as the author wrote it, when it is a scalar (`1.10`, not `1.1`).
    """
    path = tuple(error.absolute_path)
    field = _field(path)
    value = error.instance
    keyword = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    if (keyword == "format" and error.validator_value == "date") or schema.get("format") == "date":
        return Issue(IssueCode.INVALID_DATE, _date_message(field, value), where)
    message = _message(keyword, error.validator_value, field, path, value, written)
    if message is None:
        message = f"{field}: {_shorten_quoted(error.message, value)}"
    return Issue(IssueCode.SCHEMA, message, where)


def _message(
    keyword: Any, expected: Any, field: str, path: tuple[Any, ...], value: Any, written: str | None
) -> str | None:
    name = str(path[0]) if path else ""
    if keyword == "maxLength" and isinstance(value, str):
        hint = _LENGTH_HINTS.get(field, "shorten it")
        return f"{field}: {len(value)} characters; at most {expected} ({hint})"
    if (keyword == "minLength" and expected == 1) or (keyword == "pattern" and expected == r"\S"):
        return f"{field}: is empty; write a value or remove it"
    if keyword == "minLength" and isinstance(value, str):
        return f"{field}: {len(value)} characters; at least {expected}"
    if keyword == "type":
        return _type_message(expected, field, path, value, written)
    if keyword == "enum" and isinstance(value, str):
        options = [str(o) for o in expected]
        return f"{field}: '{_quote(value)}' is not one of {', '.join(options)}" + _suggest(
            value, options
        )
    if keyword == "pattern" and name in ("id", *RELATION_FIELDS):
        return (
            f"{field}: {_quote(value)!r} is not an ID (upper-case prefix, a dash, three or more "
            "digits, e.g. STD-001)"
        )
    if keyword == "pattern" and path == ("version",):
        return f'version: {_quote(value)!r} must be MAJOR.MINOR, e.g. "1.0"'
    if keyword == "pattern" and path == ("summary",):
        return "summary: must be one sentence on one line"
    if (
        keyword in ("maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum")
        and isinstance(value, int)
        and not isinstance(value, bool)
        and written is not None
        and written.strip() != str(value)
    ):
        # YAML 1.1 numbers: `12:30` is base 60 (750), `0x10` 16, `1_000` 1000.
        bound = {
            "maximum": "at most",
            "minimum": "at least",
            "exclusiveMaximum": "below",
            "exclusiveMinimum": "above",
        }[keyword]
        return (
            f"{field}: {written.strip()} is read by YAML as the number {value}, "
            f"and it must be {bound} {expected}"
        )
    if keyword == "uniqueItems" and isinstance(value, list):
        seen: list[Any] = []
        for item in value:
            if item in seen:
                return f"{field}: {_quote(str(item))} is listed twice; remove one"
            seen.append(item)
    return None


def _type_message(
    expected: Any, field: str, path: tuple[Any, ...], value: Any, written: str | None
) -> str | None:
    types = {expected} if isinstance(expected, str) else set(expected)
    scalar = isinstance(value, (str, int, float)) and not isinstance(value, bool)
    if "array" in types and scalar and len(path) == 1:
        text = written if written is not None else str(value)
        items = [part.strip() for part in text.split(",") if part.strip()] or [text]
        return (
            f"{field}: write a list: {field}: [{', '.join(items)}] (or one `- {items[0]}` per line)"
        )
    if path and str(path[0]) in RELATION_FIELDS and len(path) == 1:
        return (
            f"{field}: write an ID ({field}: STD-001) or a list of IDs "
            f"({field}: [STD-001, STD-002])"
        )
    if types == {"string"}:
        if value is None:
            return f"{field}: is empty; write a value or remove it"
        if isinstance(value, bool):
            shown = written if written is not None else str(value).lower()
            return f'{field}: {shown} is read by YAML as true/false; quote it: "{shown}"'
        if isinstance(value, (int, float)):
            shown = written if written is not None else str(value)
            return f'{field}: {shown} is read by YAML as a number; quote it: "{shown}"'
        if isinstance(value, list):
            return f"{field}: write one value, not a list"
        if isinstance(value, dict):
            return f"{field}: write one value, not `key: value` pairs"
    if types & {"integer", "number"} and not ({"string", "array"} & types):
        digits = value.strip() if isinstance(value, str) else ""
        if digits.isdigit() and len(digits) > 1 and digits[0] == "0":
            # `08` and `09` are not YAML 1.1 octal numbers: YAML reads them as text.
            return (
                f"{field}: YAML reads a number with a leading zero like {digits} as text; "
                f"write {int(digits)}"
            )
        if digits.isdigit():
            return f"{field}: '{value}' is text; write the number without quotes: {digits}"
        shown = _quote(written if written is not None else repr(value))
        return f"{field}: {shown} is not a whole number; write digits only, e.g. 12"
    return None


def _date_message(field: str, value: Any) -> str:
    if not isinstance(value, str):
        return f"{field}: write a date as YYYY-MM-DD, e.g. 2026-01-31"
    text = value.strip()
    if timed := _DATE_AND_TIME.match(text):
        return f"{field}: '{_quote(text)}' has a time; write the date only: {timed.group(1)}"
    numeric = _NUMERIC_DATE.match(text)
    if numeric is None:
        return f"{field}: '{_quote(text)}' is not a date; write it as YYYY-MM-DD, e.g. 2026-01-31"
    year, month, day = (int(g) for g in numeric.groups())
    if not 1 <= month <= 12:
        return f"{field}: {text} is not a real date: there is no month {month}"
    if year < 1:
        return f"{field}: {text} is not a real date: there is no year {year}"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return (
            f"{field}: {text} is not a real date: "
            f"{calendar.month_name[month]} {year} has {days} days"
        )
    return f"{field}: '{text}' must be written YYYY-MM-DD: {dt.date(year, month, day).isoformat()}"


def _suggest(value: str, options: list[str]) -> str:
    folded = {o.casefold(): o for o in options}
    if value.strip().casefold() in folded:
        return f"; did you mean '{folded[value.strip().casefold()]}'?"
    close = difflib.get_close_matches(value, options, n=1, cutoff=SUGGEST_CUTOFF)
    return f"; did you mean '{close[0]}'?" if close else ""


def _field(path: tuple[Any, ...]) -> str:
    """`related[1]`-style name of a front-matter path (`front matter` for the whole)."""
    if not path:
        return "front matter"
    out = str(path[0])
    for step in path[1:]:
        out += f"[{step}]" if isinstance(step, int) else f".{step}"
    return out


def _quote(text: str) -> str:
    return text if len(text) <= MAX_QUOTED else text[: MAX_QUOTED - 1] + "…"


def _shorten_quoted(message: str, value: Any) -> str:
    """`jsonschema`'s message, with a long value it quotes cut short."""
    quoted = repr(value)
    if len(quoted) > MAX_QUOTED and message.startswith(quoted):
        message = _quote(quoted) + message[len(quoted) :]
    return message if len(message) <= 300 else message[:299] + "…"

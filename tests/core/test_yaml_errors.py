"""Each usual YAML mistake: its code, its file line and column, and the fix in plain words."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_pmo.core.issues import Issue
from mkdocs_pmo.core.load import split_document

URI = "standards/STD-001-a.md"
P = "front matter is not valid YAML: "


def _issues(front_matter: str) -> list[tuple[str, int, int, str]]:
    text = f"---\nid: STD-001\n{front_matter}---\n\n## Why\n\nBecause.\n"
    parsed = split_document(URI, text.encode("utf-8"))
    return [(i.code.value, i.location.line, i.location.col, i.message) for i in parsed.issues]


@pytest.mark.parametrize(
    ("front_matter", "expected"),
    [
        pytest.param(
            "title: Risk: appetite\n",
            (
                "pmo.yaml-syntax",
                3,
                12,
                P + "a colon followed by a space inside a value starts a "
                'new key; quote the value: title: "Risk: appetite"',
            ),
            id="colon-in-value",
        ),
        pytest.param(
            "title: Risk:\n",
            (
                "pmo.yaml-syntax",
                3,
                12,
                P + "a colon followed by a space inside a value starts a "
                'new key; quote the value: title: "Risk:"',
            ),
            id="colon-at-the-end",
        ),
        pytest.param(
            "tags:\n  - a\n  - Risk: appetite: high\n",
            (
                "pmo.yaml-syntax",
                5,
                19,
                P + "a colon followed by a space inside a value starts a "
                'new key; quote the value: - "Risk: appetite: high"',
            ),
            id="colon-in-list-item",
        ),
        pytest.param(
            "tags:\n\t- a\n",
            (
                "pmo.yaml-tab",
                4,
                1,
                "tab character in front matter: YAML indentation must use "
                "spaces; replace the tab with spaces",
            ),
            id="tab-indent",
        ),
        pytest.param(
            "owner: x\n\tstatus: draft\n",
            (
                "pmo.yaml-tab",
                4,
                1,
                "tab character in front matter: YAML indentation must use "
                "spaces; replace the tab with spaces",
            ),
            id="tab-before-key",
        ),
        pytest.param(
            'title: "Risk appetite\nowner: PMO\n',
            (
                "pmo.yaml-syntax",
                5,
                1,
                P + 'the " that opens the value on line 3 is never closed; end the value with "',
            ),
            id="unclosed-double-quote",
        ),
        pytest.param(
            "title: 'Risk appetite\nowner: PMO\n",
            (
                "pmo.yaml-syntax",
                5,
                1,
                P + "the ' that opens the value on line 3 is never closed; end the value with '",
            ),
            id="unclosed-single-quote",
        ),
        pytest.param(
            "title: 'Risk\nowner: PMO\nstatus: 'draft'\n",
            (
                "pmo.yaml-syntax",
                5,
                10,
                P + "the ' that opens the value on line 3 is not closed "
                "on that line, so the value runs on to the ' here; end the value with ' on the "
                "line it starts on",
            ),
            id="single-quote-closed-lines-later",
        ),
        pytest.param(
            "title: 'It's fine'\n",
            (
                "pmo.yaml-syntax",
                3,
                12,
                P + "text after the closing ' of a quoted value; quote "
                'the whole value: title: "It\'s fine"',
            ),
            id="apostrophe-in-single-quotes",
        ),
        pytest.param(
            'title: "Risk" appetite\n',
            (
                "pmo.yaml-syntax",
                3,
                15,
                P + 'text after the closing " of a quoted value; quote '
                'the whole value: title: "\\"Risk\\" appetite"',
            ),
            id="text-after-double-quotes",
        ),
        pytest.param(
            "tags: [risk, budget\nowner: PMO\n",
            (
                "pmo.yaml-syntax",
                4,
                6,
                P + "the [ that opens the list on line 3 is never closed; "
                "end the list with ] on the same line, or quote the value if the [ is text: "
                'tags: "[risk, budget"',
            ),
            id="unclosed-bracket",
        ),
        pytest.param(
            "title: [Draft] Risk appetite\n",
            (
                "pmo.yaml-syntax",
                3,
                16,
                P + "text after the closing ] of a list; quote the whole "
                'value: title: "[Draft] Risk appetite"',
            ),
            id="bracket-as-text",
        ),
        pytest.param(
            "tags:\n  - a\n - b\n",
            (
                "pmo.yaml-syntax",
                5,
                2,
                P + 'list item at the wrong indentation; indent every "- " '
                "item of a list like the first one (2 spaces)",
            ),
            id="item-indented-less",
        ),
        pytest.param(
            "tags:\n    - a\n  - b\n",
            (
                "pmo.yaml-syntax",
                5,
                3,
                P + 'list item at the wrong indentation; indent every "- " '
                "item of a list like the first one (4 spaces)",
            ),
            id="item-indented-differently",
        ),
        pytest.param(
            "tags: risk\n- budget\n",
            (
                "pmo.yaml-syntax",
                4,
                1,
                P + 'list item under "tags: risk", a key that already has '
                'a value; write "tags:" alone on its line and one "- " item per line under it',
            ),
            id="item-under-a-key-with-a-value",
        ),
        pytest.param(
            "title: @risk\n",
            (
                "pmo.yaml-syntax",
                3,
                8,
                P + 'a value cannot start with @ (YAML reserves it); quote it: title: "@risk"',
            ),
            id="at",
        ),
        pytest.param(
            "title: `code` review\n",
            (
                "pmo.yaml-syntax",
                3,
                8,
                P + "a value cannot start with ` (YAML reserves it); quote "
                'it: title: "`code` review"',
            ),
            id="backtick",
        ),
        pytest.param(
            "title: 100% done\nowner: %PMO\n",
            (
                "pmo.yaml-syntax",
                4,
                8,
                P + "a value cannot start with % (YAML reserves it for "
                'directives); quote it: owner: "%PMO"',
            ),
            id="percent",
        ),
        pytest.param(
            "summary: *Bold* claims\n",
            (
                "pmo.yaml-syntax",
                3,
                15,
                P + "a value cannot start with * (YAML reads it as a "
                'reference to an anchor); quote it: summary: "*Bold* claims"',
            ),
            id="star",
        ),
        pytest.param(
            "owner: *pmo\n",
            (
                "pmo.yaml-syntax",
                3,
                8,
                P + "a value cannot start with * (YAML reads it as a "
                'reference to an anchor); quote it: owner: "*pmo"',
            ),
            id="undefined-alias",
        ),
        pytest.param(
            "title: &draft Risk appetite\n",
            (
                "pmo.yaml-alias",
                3,
                8,
                "YAML anchors and aliases (&name, *name) are not allowed "
                'in front matter; if it is text, quote it: title: "&draft Risk appetite"',
            ),
            id="ampersand",
        ),
        pytest.param(
            "title: !important Risk\n",
            (
                "pmo.yaml-tag",
                3,
                8,
                "YAML tag '!important' is not allowed in front matter "
                '(nothing was constructed); if it is text, quote it: title: "!important Risk"',
            ),
            id="exclamation",
        ),
        pytest.param(
            "title: =\n",
            (
                "pmo.yaml-tag",
                3,
                8,
                "a lone `=` is read by YAML 1.1 as a special 'value' marker; if it is text, "
                'quote it: title: "="',
            ),
            id="equals",
        ),
        pytest.param(
            "applies_to: {<<: {role: [pmo]}}\n",
            (
                "pmo.yaml-tag",
                3,
                14,
                "a `<<:` merge key is not allowed in front matter (YAML would copy another "
                "mapping's keys into this one); write the keys out",
            ),
            id="merge-key",
        ),
        pytest.param(
            "tags: [!x, y]\n",
            (
                "pmo.yaml-tag",
                3,
                8,
                "YAML tag '!x' is not allowed in front matter (nothing was "
                'constructed); if it is text, quote it: tags: ["!x", y]',
            ),
            id="exclamation-in-a-list",
        ),
        pytest.param(
            "title: | Risk\n",
            (
                "pmo.yaml-syntax",
                3,
                10,
                P + "a value cannot start with | (YAML reads it as the "
                'start of a block of lines); quote it: title: "| Risk"',
            ),
            id="pipe",
        ),
        pytest.param(
            "title: > Risk\n",
            (
                "pmo.yaml-syntax",
                3,
                10,
                P + "a value cannot start with > (YAML reads it as the "
                'start of a folded block of lines); quote it: title: "> Risk"',
            ),
            id="greater-than",
        ),
        pytest.param(
            "title: - Risk\n",
            (
                "pmo.yaml-syntax",
                3,
                8,
                P + 'a value cannot start with "- " on its key\'s line; if '
                'it is text, quote it: title: "- Risk"; for a list, write one "- " item per line '
                "under the key",
            ),
            id="dash",
        ),
        pytest.param(
            "title:Risk appetite\nowner: PMO\n",
            (
                "pmo.yaml-syntax",
                4,
                1,
                P + "missing space after the colon on line 3; write: title: Risk appetite",
            ),
            id="missing-space",
        ),
        pytest.param(
            "owner: PMO\ntitle:Risk appetite\n",
            (
                "pmo.yaml-syntax",
                5,
                1,
                P + "missing space after the colon on line 4; write: title: Risk appetite",
            ),
            id="missing-space-last",
        ),
        pytest.param(
            "owner: PMO\n  title: Risk\n",
            (
                "pmo.yaml-syntax",
                4,
                8,
                P + 'key at the wrong indentation; start "title:" in the '
                "same column as the keys around it",
            ),
            id="indented-key",
        ),
        pytest.param(
            "tags:\n  - a\n  owner: PMO\n",
            (
                "pmo.yaml-syntax",
                5,
                3,
                P + 'key at the wrong indentation; start "owner:" in the '
                "same column as the keys around it",
            ),
            id="key-indented-like-a-list",
        ),
        pytest.param(
            'title: "C:\\Users\\pmo"\n',
            (
                "pmo.yaml-syntax",
                3,
                13,
                P + 'a backslash inside "..." starts an escape such as '
                "\\n; write a backslash twice, or use single quotes: title: 'C:\\Users\\pmo'",
            ),
            id="backslash-in-double-quotes",
        ),
        pytest.param(
            "title: Risk\x1b appetite\n",
            (
                "pmo.yaml-syntax",
                3,
                12,
                P + "character U+001B is not allowed (control characters "
                "are not allowed); delete it",
            ),
            id="control-character",
        ),
        pytest.param(
            "title: Écart\x7f\n",
            (
                "pmo.yaml-syntax",
                3,
                13,
                P + "character U+007F is not allowed (control characters "
                "are not allowed); delete it",
            ),
            id="control-character-after-non-ascii",
        ),
    ],
)
def test_yaml_mistake_is_explained(front_matter: str, expected: tuple[str, int, int, str]) -> None:
    assert _issues(front_matter) == [expected]


def test_a_front_matter_of_one_key_without_a_space_is_explained() -> None:
    text = "---\ntitle:Risk\n---\n"
    parsed = split_document(URI, text.encode())
    assert [(i.code.value, i.location.line, i.message) for i in parsed.issues] == [
        (
            "pmo.front-matter-type",
            2,
            "front matter is a single value; it must be `key: value` lines; put a space after "
            "the colon: title: Risk",
        )
    ]


def test_an_error_the_wording_does_not_know_keeps_the_parsers() -> None:
    assert _issues("a: b\n--- x\n") == [
        (
            "pmo.yaml-syntax",
            4,
            1,
            P + "but found another document (expected a single document in the stream that "
            "starts on line 2)",
        )
    ]


_yamlish = st.lists(
    st.sampled_from([*"ab :-#'\"[]{},&*!|>%@`\t\\?", "\n", "\n  ", "\n- ", ": ", "key: "]),
    max_size=30,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_yamlish)
def test_wording_never_fails_on_broken_yaml(front_matter: str) -> None:
    """Whatever the text, the loader returns located issues (the wording never raises)."""
    parsed = split_document(URI, f"---\n{front_matter}\n---\n".encode())
    assert all(isinstance(issue, Issue) for issue in parsed.issues)
    assert all(issue.location.line >= 1 and issue.location.col >= 1 for issue in parsed.issues)

"""The requirements contract in a real build: facets config, parameters and the `param()` macro."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import pytest
from mkdocs.config.base import ValidationError
from mkdocs.exceptions import Abort, PluginError

from mkdocs_pmo.site.config import Facets
from tests.conftest import build_site, doc_text, mkdocs_yml, read_html, write_tree

if TYPE_CHECKING:
    from pathlib import Path

MACROS = """\
  - macros:
      modules: [mkdocs_pmo.site.macros]
      on_undefined: strict
"""
FACETS = {
    "role": {"label": "Role", "values": {"sponsor": "Sponsor", "project-manager": "PM"}},
    "tier": {"label": "Tier", "values": {1: "Tier 1", 2: "Tier 2"}},
}
PARAMETERS = """\
capacity_line:
  value: 85
  unit: "%"
  owner: Head of PMO
  why: Above this, queues grow <fast> & "wide".
budget_line:
  value: 1000000
  unit: EUR
  owner: CFO
  why: Board approval above this.
"""
BODY = (
    "Keep load under {{ param('capacity_line') }}; above "
    "{{ params.budget_line.value }} {{ params.budget_line.unit }} ask the board.\n\n"
    "## Why\n\nBecause.\n"
)


def _site(tmp_path: Path, body: str = BODY, **extra: str) -> Path:
    files = {
        "mkdocs.yml": mkdocs_yml({"facets": FACETS}) + MACROS,
        "docs/index.md": "# Home\n\nLine at {{ param('capacity_line') }}.\n",
        "parameters.yml": PARAMETERS,
        "standards/STD-001-x.md": doc_text(
            "STD-001", body=body, applies_to={"role": ["sponsor"], "tier": [2]}
        ),
    }
    files.update(extra)
    return write_tree(tmp_path, files)


def test_param_renders_linked_value_and_params_variable(tmp_path: Path) -> None:
    site = build_site(_site(tmp_path))
    html = read_html(site, "standards/STD-001-x/")
    assert (
        '<a class="pmo-param" href="../../catalogue/parameters/#capacity_line" '
        'title="Above this, queues grow &lt;fast&gt; &amp; &quot;wide&quot;.">85%</a>'
    ) in html
    assert "above 1000000 EUR ask the board" in html
    home = read_html(site, "index.html")
    assert 'href="catalogue/parameters/#capacity_line"' in home


def test_param_link_without_directory_urls(tmp_path: Path) -> None:
    site = build_site(_site(tmp_path), use_directory_urls=False)
    html = read_html(site, "standards/STD-001-x.html")
    assert 'href="../catalogue/parameters.html#capacity_line"' in html


def test_unknown_parameter_fails_the_build_at_the_call(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    body = "Intro.\n\nAt {{ param('capacity') }}.\n\n## Why\n\nBecause.\n"
    root = _site(tmp_path, body=body)
    text = (root / "standards" / "STD-001-x.md").read_text(encoding="utf-8")
    line = text.split("\n").index("At {{ param('capacity') }}.") + 1
    with caplog.at_level(logging.ERROR), pytest.raises((Abort, PluginError)):
        build_site(root)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    # Same code, same place as `pmo check` (the check runs before any page renders).
    assert any(
        f"standards/STD-001-x.md:{line}:7: unknown parameter 'capacity'" in m
        and m.endswith("[pmo.unknown-parameter]")
        for m in errors
    ), errors


def test_unknown_parameter_on_a_hand_written_page(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = _site(tmp_path, **{"docs/other.md": "# Other\n\n{{ param('nope') }}\n"})
    with caplog.at_level(logging.ERROR), pytest.raises((Abort, PluginError)):
        build_site(root)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any(
        "docs/other.md:3:4: unknown parameter 'nope'" in m and m.endswith("[pmo.unknown-parameter]")
        for m in errors
    ), errors


def test_unknown_parameter_on_a_hand_written_page_as_a_warning_is_said_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The check's finding, at the configured level; the page shows the name as broken."""
    root = _site(tmp_path, **{"docs/other.md": "# Other\n\n{{ param('nope') }}\n"})
    (root / "mkdocs.yml").write_text(
        mkdocs_yml({"facets": FACETS, "validation": {"pmo.unknown-parameter": "warning"}}) + MACROS,
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING):
        site = build_site(root)
    said = [r.getMessage() for r in caplog.records if "nope" in r.getMessage()]
    assert len(said) == 1, said
    assert "docs/other.md:3:4: unknown parameter 'nope'" in said[0]
    assert '<span class="pmo-broken" title="Unknown parameter">nope</span>' in read_html(
        site, "other/index.html"
    )


def test_unknown_facet_value_fails_the_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = _site(tmp_path)
    (root / "standards" / "STD-001-x.md").write_text(
        doc_text("STD-001", body=BODY, applies_to={"role": ["sponser"]}), encoding="utf-8"
    )
    with caplog.at_level(logging.ERROR), pytest.raises((Abort, PluginError)):
        build_site(root)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any("did you mean 'sponsor'?" in m and "[pmo.applies-to]" in m for m in errors)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"Role": {"values": ["a"]}}, "facet name 'Role'"),
        ({"role": {"values": {}}}, "role.values: expected the facet's values"),
        ({"role": {"values": {"a b": "A"}}}, "role.values: key 'a b'"),
        ({"role": {"values": ["a"], "lable": "R"}}, "role: unknown option 'lable'"),
        ({"role": ["a"]}, "role: expected `label:` and `values:`"),
        (["role"], "expected facet names"),
    ],
)
def test_facets_option_refuses_bad_config(value: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Facets().validate(value)


def test_facets_option_normalises_keys_in_order() -> None:
    got = Facets().validate(
        {"tier": {"values": {2: "Tier 2", 1: "Tier 1"}}, "gate": {"values": ["G1", "G0"]}}
    )
    assert got == {
        "tier": {"label": "Tier", "values": {"2": "Tier 2", "1": "Tier 1"}},
        "gate": {"label": "Gate", "values": {"G1": "G1", "G0": "G0"}},
    }
    assert list(got["tier"]["values"]) == ["2", "1"]

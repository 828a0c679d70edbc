"""pipeline.exchange.tmx: the project's TMX, and an agency's TMX in the translation memory."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from translate.storage import tmx

from pipeline import po
from pipeline.cli import main

from ..conftest import SEED_SLUG

NEW_DUTCH = "Magnesium is een mineraal dat het lichaam niet zelf kan maken."
AGENCY_ENGLISH = "Magnesium is a mineral the body cannot make itself."


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["-C", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


def reviewed_pairs(root: Path) -> list[tuple[str, str]]:
    found = []
    for path in sorted((root / "content" / "en").rglob("*.po")):
        for message in po.read_po(path):
            if message.id and message.string and not message.fuzzy:
                found.append((message.id, message.string))
    return found


def test_tmx_export_holds_every_reviewed_pair_with_the_dutch_as_source(project: Path) -> None:
    catalog = project / "content" / "en" / f"{SEED_SLUG}.po"
    parsed = po.read_po(catalog)
    parsed["Wat is de NMDA-receptor?"].flags.add("fuzzy")  # not reviewed: not in the TMX
    catalog.write_bytes(po.generate_po(parsed).encode())
    code, out, err = run(project, "tmx", "export")
    assert code == 0, err
    expected = reviewed_pairs(project)
    assert out == f"wrote build/tmx/nl-en.tmx ({len(expected)} translation unit(s))\n"
    data = (project / "build" / "tmx" / "nl-en.tmx").read_bytes()
    store = tmx.tmxfile.parsestring(data)
    assert store.getsourcelanguage() == "nl"
    assert [(str(u.source), str(u.target)) for u in store.units] == expected
    assert "Wat is de NMDA-receptor?" not in {str(u.source) for u in store.units}
    props = {u.xmlelement.findtext("prop[@type='x-article']") for u in store.units}
    assert props == {SEED_SLUG, "_templates", "newsletters/2019-10"}
    code, out, _ = run(project, "tmx", "export", "-o", str(project / "other.tmx"))
    assert code == 0 and (project / "other.tmx").read_bytes() == data


def _agency_tmx(path: Path) -> int:
    """An agency's TMX (with language variants), and the line of the pair to be matched."""
    store = tmx.tmxfile(sourcelanguage="nl-NL", targetlanguage="en-GB")
    store.addtranslation("Iets anders.", "nl-NL", "Something else.", "en-GB")
    store.addtranslation(NEW_DUTCH, "nl-NL", AGENCY_ENGLISH, "en-GB")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(store))
    reread = tmx.tmxfile.parsestring(path.read_bytes())
    return int(reread.units[1].xmlelement.sourceline)


def test_an_agency_tmx_is_offered_by_suggest_and_fills_update(project: Path) -> None:
    source = project / "content" / "nl" / f"{SEED_SLUG}.md"
    text = source.read_text(encoding="utf-8")
    anchor = "## Wat is de NMDA-receptor?"
    source.write_text(text.replace(anchor, f"{NEW_DUTCH}\n\n{anchor}"), encoding="utf-8")
    assert run(project, "update")[0] == 0
    catalog = project / "content" / "en" / f"{SEED_SLUG}.po"
    assert po.read_po(catalog)[NEW_DUTCH].string == ""  # no match in the project itself
    line = _agency_tmx(project / "agency" / "agency.tmx")
    (project / "pipeline.toml").write_text('[memory]\ntmx = ["agency/agency.tmx"]\n')
    code, out, err = run(project, "suggest", SEED_SLUG)
    assert code == 0, err
    assert f"  100.0%  {AGENCY_ENGLISH}  (agency/agency.tmx:{line})" in out
    code, _, err = run(project, "update")
    assert code == 0, err
    filled = po.read_po(catalog)[NEW_DUTCH]
    assert filled.string == AGENCY_ENGLISH and filled.fuzzy
    assert filled.user_comments == [f"TM 100%: agency/agency.tmx:{line}"]


def test_memory_settings_are_checked(project: Path) -> None:
    (project / "pipeline.toml").write_text('[memory]\ntmx = "agency.tmx"\n')
    code, _, err = run(project, "suggest", SEED_SLUG)
    assert code == 1 and err == "Error: pipeline.toml:2: 'tmx' must be a list of paths\n"
    (project / "pipeline.toml").write_text('[memory]\ntmx = ["missing.tmx"]\n')
    code, _, err = run(project, "suggest", SEED_SLUG)
    assert code == 1
    assert err == "Error: missing.tmx: no such TMX file (named in pipeline.toml, [memory] tmx)\n"

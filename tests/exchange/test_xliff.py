"""pipeline.exchange.xliff through the CLI: what an export holds."""

from __future__ import annotations

from pathlib import Path

from translate.storage import xliff

from pipeline import po
from pipeline.exchange.xliff import NAMESPACE, unit_id

from ..conftest import SEED_SLUG
from .conftest import MIGRAINE, NMDA, catalog_file, run


def units(path: Path) -> dict[str, xliff.xliffunit]:
    store = xliff.xlifffile.parsestring(path.read_bytes())
    return {str(u.source): u for u in store.units}


def test_export_writes_one_file_per_article_with_states_notes_and_flags(agency: Path) -> None:
    code, out, err = run(agency, "xliff", "export", "--lang", "en")
    assert code == 0, err
    path = agency / "build" / "xliff" / "en" / f"{SEED_SLUG}.xlf"
    assert out == f"wrote build/xliff/en/{SEED_SLUG}.xlf\n"
    text = path.read_text(encoding="utf-8")
    assert f'<xliff xmlns="{NAMESPACE}" version="1.2">' in text
    store = xliff.xlifffile.parsestring(path.read_bytes())
    assert (store.getsourcelanguage(), store.gettargetlanguage()) == ("nl", "en")
    assert store.getfilenames() == [f"content/en/{SEED_SLUG}.po"]
    found = units(path)
    catalog = po.read_po(catalog_file(agency))
    assert len(found) == len(catalog)  # every entry (the header is none); no obsolete one
    assert "Een oude zin." not in text
    nmda, migraine = found[NMDA], found[MIGRAINE]
    assert nmda.xmlelement.get("approved") == "no" and nmda.isfuzzy()
    assert 'state="needs-review-translation">What is the NMDA receptor?' in text
    assert nmda.getnotes("translator") == "Ask the editor"
    assert nmda.getnotes("developer") == "heading"
    assert nmda.getlocations() == [f"content/nl/{SEED_SLUG}.md:15"]
    assert f'<note from="reference">content/nl/{SEED_SLUG}.md:15</note>' in text
    contexts = dict(nmda.getcontextgroups("po-entry")[0])
    assert contexts == {"x-po-flags": "ignore-same", "x-po-previous-msgid": "Wat is NMDA?"}
    assert migraine.target == "" and not migraine.isapproved()
    assert migraine.xmlelement.find(f"{{{NAMESPACE}}}target").get("state") == "new"
    title = found["7 keer magnesium voor de hersenen"]
    assert title.isapproved() and title.xmlelement.get("approved") == "yes"
    assert nmda.getid().endswith(unit_id(catalog[NMDA]))
    # the same catalog, the same bytes
    assert run(agency, "xliff", "export", "-o", str(agency / "again"), SEED_SLUG)[0] == 0
    assert (agency / "again" / f"{SEED_SLUG}.xlf").read_bytes() == path.read_bytes()

"""`make en` and `make nl` in a fresh copy of the repository, with nothing set up first."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .conftest import REPO, SEED_SLUG


def _fresh_clone(tmp_path: Path) -> Path:
    """The files git would check out (tracked and new, not ignored), with no .venv or build."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    )
    clone = tmp_path / "clone"
    for name in filter(None, listed.stdout.decode().split("\0")):
        source = REPO / name
        if source.is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, clone / name)
    return clone


def test_make_en_and_nl_in_a_fresh_clone(tmp_path: Path) -> None:
    clone = _fresh_clone(tmp_path)
    assert not (clone / ".venv").exists() and not (clone / "build").exists()
    for lang, marker in (("en", "2 October 2019"), ("nl", "2 oktober 2019")):
        result = subprocess.run(
            ["make", lang], cwd=clone, capture_output=True, text=True, timeout=600
        )
        assert result.returncode == 0, result.stdout + result.stderr
        for suffix in (".html", ".md", ".json"):
            assert (clone / "build" / lang / f"{SEED_SLUG}{suffix}").is_file()
        html = (clone / "build" / lang / f"{SEED_SLUG}.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}">' in html and marker in html
    # The clone's outputs are the ones the golden tests check.
    built = (clone / "build" / "en" / f"{SEED_SLUG}.md").read_bytes()
    assert built == (REPO / "tests" / "golden" / "en" / f"{SEED_SLUG}.md").read_bytes()

    # A fuzzy English entry holds the article back: `make en` succeeds and names it at its
    # file and line; `make en STRICT=1` fails, naming the entry...
    po = clone / "content" / "en" / f"{SEED_SLUG}.po"
    text = po.read_text(encoding="utf-8")
    anchor = 'msgid "2. Depressie"'
    line = text[: text.index(anchor)].count("\n") + 2
    po.write_text(text.replace(anchor, "#, fuzzy\n" + anchor), encoding="utf-8")
    result = subprocess.run(["make", "en"], cwd=clone, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert f"content/en/{SEED_SLUG}.po:{line}: held-back: {SEED_SLUG}:" in result.stderr
    assert not (clone / "build" / "en" / f"{SEED_SLUG}.html").exists()
    result = subprocess.run(
        ["make", "en", "STRICT=1"], cwd=clone, capture_output=True, text=True, timeout=600
    )
    assert result.returncode != 0
    assert f"content/en/{SEED_SLUG}.po:{line}: fuzzy: 2. Depressie" in result.stderr
    # ...and a draft build then succeeds and marks it.
    result = subprocess.run(
        [".venv/bin/pipeline", "build", "--lang", "en", "--draft"],
        cwd=clone,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    html = (clone / "build" / "en" / f"{SEED_SLUG}.html").read_text(encoding="utf-8")
    assert '<h2 class="draft-fuzzy" lang="nl">2. Depressie</h2>' in html


def test_make_newsletter_and_pdf_in_a_fresh_clone(tmp_path: Path) -> None:
    import email
    import email.policy

    clone = _fresh_clone(tmp_path)
    result = subprocess.run(
        ["make", "newsletter", "pdf"], cwd=clone, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for lang in ("nl", "en"):
        for suffix in (".html", ".txt", ".eml"):
            assert (clone / "build" / lang / "newsletter" / f"2019-10{suffix}").is_file()
        pdf = clone / "build" / lang / f"{SEED_SLUG}.pdf"
        assert pdf.read_bytes().startswith(b"%PDF-")
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert {"nl": "2 oktober 2019", "en": "2 October 2019"}[lang] in text
    message = email.message_from_bytes(
        (clone / "build" / "en" / "newsletter" / "2019-10.eml").read_bytes(),
        policy=email.policy.default,
    )
    assert message.get_content_type() == "multipart/alternative"
    assert message["Content-Language"] == "en"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
    assert message["Subject"] == "Magnesium and the brain: seven applications"
    # The PDF handouts survive a rebuild of the handouts.
    subprocess.run(["make", "en"], cwd=clone, capture_output=True, check=True, timeout=600)
    assert (clone / "build" / "en" / f"{SEED_SLUG}.pdf").is_file()


def test_make_builds_every_configured_language(project: Path) -> None:
    """`make de` once pipeline.toml names de: the targets come from `pipeline languages`."""
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy2(REPO / name, project / name)  # its time kept: the .venv stays current
    (project / "pipeline.toml").write_text('[languages]\ntargets = ["en", "de"]\n')
    venv = f"VENV={REPO / '.venv'}"
    mk = f"LANGUAGES_MK={project / 'languages.mk'}"

    def make(*args: str) -> str:
        result = subprocess.run(
            ["make", "-n", venv, mk, *args], cwd=project, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    assert "pipeline build --lang de" in make("de")
    assert "pipeline build --lang de" in make("build", "LANG=de")
    assert "pipeline check --lang en && " in make("check")
    assert "pipeline check --lang de" in make("check")
    every = make("all")
    assert all(f"pipeline pdf --lang {lang}" in every for lang in ("nl", "en", "de"))
    assert (project / "languages.mk").read_text() == "LANGUAGES := nl en de\n"

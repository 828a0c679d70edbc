"""``make bench``: our build against markdown-it-py's bare render and mdpo, medians and ratios.

python -m bench.run [--sizes 100,1000] [--runs 3] [--no-5000] [--before REV]

Prints, per corpus size, the medians (seconds) and ratios, then the issue's four targets
for the largest size: ``pipeline all`` against markdown-it-py's bare render, update + build
of one language against mdpo's extract + apply, a run with nothing changed and one with a
``.po`` edited against a full run, and the peak memory of 5000 articles from scratch.

With ``--before REV``, each of our commands runs twice in every run, with the code of git
revision REV and with this checkout's, one after the other, each on its own copy of the same
corpus (the 5000-article run too); then a table compares the two codes figure by figure and
flags any more than 5 % worse in CPU seconds (peak memory: in MiB).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from bench.codes import Code, codes

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "build" / "bench"
PY = sys.executable
# Python's default: byte-compiled modules are cached (a sandbox may turn that off, which
# adds the compiling of every module to every command's start).
ENV = {
    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    "SOURCE_DATE_EPOCH": "1569974400",
}
MDPO_VENV = WORK / "mdpo-venv"


class Timing(NamedTuple):
    """One command's cost: its own processes', not earlier ones'."""

    #: Wall-clock seconds.
    seconds: float
    #: CPU seconds (user and system) of the command and the workers it waited for.
    cpu: float
    #: The largest resident set of any of its processes, KiB.
    peak_kib: int

    def then(self, other: Timing) -> Timing:
        """This command and ``other`` one after the other."""
        peak = max(self.peak_kib, other.peak_kib)
        return Timing(self.seconds + other.seconds, self.cpu + other.cpu, peak)


def timed(argv: list[str], cwd: Path, env: dict[str, str] = ENV) -> Timing:
    """Seconds, CPU seconds and peak RSS (KiB) of one command.

    The files earlier commands wrote are flushed first: creating files while the kernel
    still writes out thousands of others (a build's, a ``rm -rf build``) costs a command
    up to half a millisecond a file more, which went to whichever command came next."""
    import tempfile

    os.sync()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out, stderr=err)
        # wait4: the resources of this child and the workers it waited for, only.
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            err.seek(0)
            raise SystemExit(f"{' '.join(argv)} failed:\n{err.read().decode(errors='replace')}")
    return Timing(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)


def pipeline(code: Code, root: Path, *args: str) -> Timing:
    return timed([PY, "-m", "pipeline", *args], root, code.env(ENV))


def make_all(code: Code, root: Path) -> Timing:
    """``pipeline all`` (update, build nl, check, build en): ``make all`` without PDF and e-mail."""
    return pipeline(code, root, "all")


def from_scratch(code: Code, root: Path) -> Timing:
    shutil.rmtree(root / "build", ignore_errors=True)
    return make_all(code, root)


def one_po_edited(code: Code, root: Path) -> Timing:
    """``pipeline all`` with one catalog's ``msgstr`` changed; then again as it was."""
    catalogs = sorted((root / "content" / "en").glob("artikel-*.po"))
    po = catalogs[len(catalogs) // 2]
    original = po.read_bytes()
    po.write_bytes(original.replace(b'msgstr "EN ', b'msgstr "EN* ', 1))
    timing = make_all(code, root)
    po.write_bytes(original)
    make_all(code, root)
    return timing


def median(values: list[float]) -> float:
    return statistics.median(values)


def bare_markdown_it(root: Path) -> Timing:
    code = (
        "import sys, pathlib, markdown_it\nmd = markdown_it.MarkdownIt('commonmark')\n"
        "for p in sorted(pathlib.Path(sys.argv[1]).glob('*.md')):\n"
        "    md.render(p.read_text(encoding='utf-8'))\n"
    )
    return timed([PY, "-c", code, str(root / "content" / "nl")], root)


def mdpo_ready() -> bool:
    mdpo = MDPO_VENV / "bin" / "md2po"
    if mdpo.exists():
        return True
    made = subprocess.run([sys.executable, "-m", "venv", str(MDPO_VENV)], capture_output=True)
    if made.returncode != 0:
        return False
    got = subprocess.run(
        [str(MDPO_VENV / "bin" / "pip"), "install", "--quiet", "mdpo"], capture_output=True
    )
    return got.returncode == 0 and mdpo.exists()


def mdpo(root: Path) -> Timing:
    """mdpo's extract (md2po) and apply (po2md) of every article, one language."""
    out = WORK / "mdpo-out"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    script = (
        "import sys, pathlib\nfrom mdpo.md2po import markdown_to_pofile\n"
        "from mdpo.po2md import pofile_to_markdown\n"
        "src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])\n"
        "for p in sorted(src.glob('*.md')):\n"
        "    markdown_to_pofile(str(p), save=True, po_filepath=str(out / (p.stem + '.po')))\n"
        "    pofile_to_markdown(str(p), str(out / (p.stem + '.po')),"
        " save=str(out / (p.stem + '.md')))\n"
    )
    return timed(
        [str(MDPO_VENV / "bin" / "python"), "-c", script, str(root / "content" / "nl"), str(out)],
        root,
    )


def one_language(code: Code, root: Path) -> Timing:
    """``update --lang en``, ``build --lang en`` from scratch: what mdpo does, one language."""
    shutil.rmtree(root / "build", ignore_errors=True)
    update = pipeline(code, root, "update", "--lang", "en")
    return update.then(pipeline(code, root, "build", "--lang", "en"))


#: Our commands in the order of a run (each leaves the corpus as the next expects it).
OURS: dict[str, Callable[[Code, Path], Timing]] = {
    "full": from_scratch,
    "noop": make_all,
    "one": one_po_edited,
    "lang": one_language,
}

#: A figure's median (seconds), its ``"<name> cpu"`` (CPU seconds), ``articles``, ``peak_mib``.
Figures = dict[str, float]


def medians(times: dict[str, list[Timing]], count: int) -> Figures:
    result: Figures = {"articles": count}
    for name, found in times.items():
        result[name] = median([t.seconds for t in found])
        result[f"{name} cpu"] = median([t.cpu for t in found])
    result["peak_mib"] = max(t.peak_kib for t in times["full"]) / 1024
    return result


def bench(count: int, runs: int, use_mdpo: bool, versions: list[Code]) -> dict[str, Figures]:
    """Each command once per run, in turn, each of ours once per code (so a busy moment of
    the machine hits all of them alike); medians of ``runs`` by code. The reference tools run
    none of our code: they run once, their figures with the last code's."""
    roots = {code: code.corpus(count, WORK) for code in versions}
    times: dict[Code, dict[str, list[Timing]]] = {c: {n: [] for n in OURS} for c in versions}
    references = {"md": bare_markdown_it, **({"mdpo": mdpo} if use_mdpo else {})}
    now = versions[-1]
    for _ in range(runs):
        for name, command in OURS.items():
            for code in versions:
                times[code][name].append(command(code, roots[code]))
        for name, reference in references.items():
            times[now].setdefault(name, []).append(reference(roots[now]))
    return {code.name: medians(times[code], count) for code in versions}


def at_5000(versions: list[Code]) -> dict[str, Figures]:
    """``pipeline all`` from scratch on 5000 articles, once per code: seconds and peak memory."""
    return {
        code.name: medians({"full": [from_scratch(code, code.corpus(5000, WORK))]}, 5000)
        for code in versions
    }


#: The figures compared before and after, with their labels.
COMPARED = {
    "full": "all, from scratch",
    "noop": "all, nothing changed",
    "one": "all, one .po edited",
    "lang": "en only (update + build)",
    "peak_mib": "peak MiB of all",
}
#: More than this many per cent worse is flagged.
WORSE = 5.0


def change(before: float, after: float) -> float:
    return 100 * (after - before) / before if before else 0.0


def compared(figures: dict[str, Figures], name: str) -> tuple[str, bool]:
    """One figure's row of the table (before, after, change: wall, then CPU) and whether it
    is more than 5 % worse (in CPU; peak memory in MiB)."""
    before, after = figures["before"], figures["now"]
    pairs = [(before[name], after[name])]
    if f"{name} cpu" in before:
        pairs.append((before[f"{name} cpu"], after[f"{name} cpu"]))
    row = f"{after['articles']:>8.0f}  {COMPARED[name]:<25}" + "".join(
        f" {old:11.2f} {new:7.2f} {change(old, new):+8.1f} %" for old, new in pairs
    )
    worse = change(*pairs[-1]) > WORSE
    return row + (f"  << more than {WORSE:g} % worse" if worse else ""), worse


def comparison(rev: str, runs: int, results: list[dict[str, Figures]]) -> None:
    print(
        f"\nBefore ({rev}) and now, alternating on copies of the same corpora (medians of "
        f"{runs}; 5000: one run; change: now against before; peak MiB in the wall columns):"
    )
    print(
        f"{'articles':>8}  {'figure':<25} {'wall before':>11} {'after':>7} {'change':>10}"
        f" {'CPU before':>11} {'after':>7} {'change':>10}"
    )
    flagged = []
    for figures in results:
        for name in COMPARED:
            if name in figures["before"]:
                row, worse = compared(figures, name)
                print(row)
                flagged += [row] if worse else []
    print(
        f"{len(flagged)} figure(s) more than {WORSE:g} % worse."
        if flagged
        else f"No figure more than {WORSE:g} % worse in CPU (nor in peak memory)."
    )


#: The issue's targets: (label, the figure's format, the limit, whether lower is better).
TARGETS = {
    "all / md-it": ("{:.2f}x", 2.0, True),
    "mdpo / one language": ("{:.2f}x faster", 1.5, False),
    "no-op / all": ("{:.1f} %", 2.0, True),
    "one .po / all": ("{:.1f} %", 3.0, True),
    "peak MiB at 5000": ("{:.1f} MiB", 100.0, True),
}


def verdict(name: str, value: float) -> str:
    shown, limit, lower = TARGETS[name]
    met = value <= limit if lower else value >= limit
    sign = "<=" if lower else ">="
    return f"{name:>20}: {shown.format(value):>14}   target {sign} {limit:g}: " + (
        "met" if met else "NOT met"
    )


def row(r: Figures, use_mdpo: bool) -> str:
    """One corpus size's line of the table: medians (seconds), ratios, peak MiB."""
    mdpo_s, faster = (
        (f"{r['mdpo']:6.2f}", f"{r['mdpo'] / r['lang']:7.2f}") if use_mdpo else ("-", "-")
    )
    return (
        f"{r['articles']:>8.0f} {r['full']:7.2f} {r['noop']:6.2f} {r['one']:6.2f} {r['md']:6.2f} "
        f"{r['lang']:7.2f} {mdpo_s:>6} {r['full'] / r['md']:6.2f} {faster:>7} "
        f"{100 * r['noop'] / r['full']:6.1f} {100 * r['one'] / r['full']:5.1f} "
        f"{r['peak_mib']:5.1f}"
    )


def targets(last: Figures, runs: int, use_mdpo: bool, peak: float | None) -> None:
    cpu = ", ".join(
        f"{name} {last[f'{key} cpu']:.2f}"
        for key, name in (("full", "all"), ("md", "md-it"), ("lang", "en only"), ("mdpo", "mdpo"))
        if f"{key} cpu" in last
    )
    print(f"CPU seconds (user + system, medians) at {last['articles']:.0f} articles: {cpu}")
    print(f"\nTargets ({last['articles']:.0f} articles, medians of {runs}):")
    print(verdict("all / md-it", last["full"] / last["md"]))
    if use_mdpo:
        print(verdict("mdpo / one language", last["mdpo"] / last["lang"]))
    print(verdict("no-op / all", 100 * last["noop"] / last["full"]))
    print(verdict("one .po / all", 100 * last["one"] / last["full"]))
    if peak is not None:
        print(verdict("peak MiB at 5000", peak))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100,1000", help="corpus sizes, ratios of the last")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--no-5000", action="store_true", help="leave out the from-scratch run of 5000 articles"
    )
    parser.add_argument(
        "--before", metavar="REV", help="also run our commands with the code of git revision REV"
    )
    args = parser.parse_args()
    use_mdpo = mdpo_ready()
    if not use_mdpo:
        print("mdpo could not be installed into a throwaway venv: its ratio is left out")
    with codes(args.before) as versions:
        print(
            f"{'articles':>8} {'all':>7} {'no-op':>6} {'one.po':>6} {'md-it':>6} {'en only':>7} "
            f"{'mdpo':>6} {'all/md':>6} {'mdpo/en':>7} {'no-op%':>6} {'one%':>5} {'MiB':>5}"
        )
        results = []
        for count in [int(s) for s in args.sizes.split(",")]:
            results.append(bench(count, args.runs, use_mdpo, versions))
            print(row(results[-1]["now"], use_mdpo), flush=True)
        peak = None
        if not args.no_5000:
            results.append(at_5000(versions))
            big = results[-1]["now"]
            peak = big["peak_mib"]
            per = ", ".join(
                f"{1000 * r['now']['full'] / r['now']['articles']:.1f}" for r in results
            )
            print(
                f"5000 articles from scratch: {big['full']:.1f} s, peak {peak:.1f} MiB; ms per "
                f"article at {args.sizes},5000: {per}"
            )
    sizes = [r["now"] for r in results if "md" in r["now"]]
    targets(sizes[-1], args.runs, use_mdpo, peak)
    if args.before:
        comparison(args.before, args.runs, results)


if __name__ == "__main__":
    main()

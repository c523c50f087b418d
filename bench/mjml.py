"""magwidget beside MJML's CLI, run by run: one table of every speed target of issue 12.

Writes the seed (and 10 and 100 copies of it) as MJML with bench/issue.mjml.j2, installs mjml
with npm into a scratch folder outside the repo (a note, not a failure, without Node), then
alternates whole `magwidget` and `mjml` processes and prints medians and their ratio. Prints
numbers only: other jobs share the cores, so no wall time is ever a pass or fail.
"""

from __future__ import annotations

import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import jinja2
from run import MISSED, precompile  # bench/run.py

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).parent
SEED = ROOT / "content" / "transdermal-magnesium.yaml"
CONFIG = ROOT / "magwidget.yaml"
MJML_VERSION = "5.4.1"
SCRATCH = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "magwidget-bench"
SEED_RUNS = 9
RUNS = {10: 3, 100: 1}  # articles: runs (the 100-article case takes MJML about a minute a run)
MAGWIDGET = [sys.executable, "-m", "magwidget"]
# Issue 12's targets: a case's wall-time ratio to MJML at most this ("validate": ms, alone).
TARGETS = {
    "cold build, premailer (1 article)": 0.6,
    "cold build, css-inline": 0.35,
    "rebuild, nothing changed": 0.15,
    "rebuild, one section changed": 0.4,
    "validate": 100,
    "100 articles (1,100 issues), cold": 0.5,
}
MEMORY_MIB = 200  # peak memory of the 100-article build


def mjml_command() -> list[str] | None:
    """Return the mjml CLI, installing it with npm into SCRATCH once; None without Node."""
    folder = SCRATCH / f"mjml-{MJML_VERSION}"
    cli = folder / "node_modules" / "mjml" / "bin" / "mjml"
    if not (shutil.which("node") and shutil.which("npm")):
        return None
    if not cli.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        npm = ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix"]
        subprocess.run([*npm, str(folder), f"mjml@{MJML_VERSION}"], check=True, timeout=600)
    return ["node", str(cli)]


def corpus(folder: Path, count: int) -> tuple[Path, Path]:
    """Write ``count`` copies of the seed as content/*.yaml and every issue as mjml/*.mjml."""
    from magwidget import i18n
    from magwidget.newsletter import render as newsletter
    from magwidget.settings import load_settings
    from magwidget.validate import load_articles

    content, mjml = folder / "content", folder / "mjml"
    content.mkdir(parents=True)
    mjml.mkdir()
    text = SEED.read_text()
    for i in range(count):
        copy = text.replace("slug: transdermal-magnesium", f"slug: article-{i:03d}")
        (content / f"article-{i:03d}.yaml").write_text(
            copy.replace("\ntitle: ", f"\ntitle: {i} ", 1)
        )
    config, _ = load_settings(CONFIG)
    settings, profile = config.newsletter, config.profile
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE), autoescape=True)
    template = env.get_template("issue.mjml.j2")
    for article in load_articles([content])[0]:
        messages = i18n.Messages(article.language, config.strings)
        tags = {tag: tag for tag in profile.tags()}  # the service's own tags, as written
        for issue in newsletter.plan(article, settings, None, 7, messages):
            context = newsletter._context(article, issue, settings, profile, messages, tags)
            (mjml / f"{article.slug}-{issue.stem}.mjml").write_text(template.render(**context))
    return content, mjml


def run(command: list[str], env: dict | None = None) -> tuple[float, float, float]:
    """Run one whole process; return its wall and CPU time (ms, workers included) and MiB."""
    start = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = (time.perf_counter() - start) * 1000
    child.returncode = os.waitstatus_to_exitcode(status)
    errors = child.stderr.read().decode()
    child.stderr.close()
    if child.returncode:
        raise SystemExit(f"failed: {' '.join(command)}\n{errors}")
    return wall, (usage.ru_utime + usage.ru_stime) * 1000, usage.ru_maxrss / 1024


class Bench:
    """Alternate the two sides run by run and keep every case's medians."""

    def __init__(self, tmp: Path, mjml: list[str] | None):
        self.tmp, self.mjml, self.rows, self.count = tmp, mjml, [], 0

    def fresh(self, name: str) -> Path:
        """Return a new, not yet existing path in the scratch folder."""
        self.count += 1
        return self.tmp / f"{name}-{self.count}"

    def env(self, cache: Path | None = None) -> dict:
        """Return the environment of a magwidget run: its own cache folder, a fresh one if None."""
        return {**os.environ, "MAGWIDGET_CACHE": str(cache or self.fresh("cache"))}

    def case(self, label: str, ours, theirs, runs: int, issues: int = 0) -> dict:
        """Time ``ours()`` and ``theirs()`` (each returns a command and env) alternately."""
        times: dict[str, list[tuple[float, float, float]]] = {"mw": [], "mjml": []}
        for _ in range(runs):
            times["mw"].append(run(*ours()))
            if self.mjml and theirs:
                times["mjml"].append(run(*theirs()))
        row = {"case": label, "issues": issues, "runs": runs}
        for side, samples in times.items():
            if samples:
                row[side] = statistics.median(wall for wall, _, _ in samples)
                row[f"{side}_cpu"] = statistics.median(cpu for _, cpu, _ in samples)
                row[f"{side}_mib"] = max(mib for _, _, mib in samples)
        self.rows.append(row)
        print(line(row), flush=True)
        return row

    def mjml_build(self, folder: Path):
        """Return the closure that compiles every .mjml file in ``folder`` into a new folder."""

        def command():
            out = self.fresh("mjml-out")
            out.mkdir()
            return [*self.mjml, "-r", f"{folder}/*.mjml", "-o", f"{out}/"], None

        return command


def build(content: Path, out: Path, *flags: str) -> list[str]:
    """Return the magwidget build command."""
    return [*MAGWIDGET, "build", str(content), "--config", str(CONFIG), "--out", str(out), *flags]


def edit_one_section(content: Path, run_number: int) -> None:
    """Change the first paragraph of one section (issue 3), differently on every run."""
    path = next(content.glob("*.yaml"))
    original = content.parent / "original.yaml.txt"
    if not original.exists():
        shutil.copy(path, original)
    lines = original.read_text().splitlines(keepends=True)
    start = next(i for i, text in enumerate(lines) if "id: vascular-relaxation" in text)
    block = next(i for i in range(start, len(lines)) if "paragraph: >-" in lines[i])
    lines[block + 1] = lines[block + 1].rstrip("\n") + f" Edit {run_number}.\n"
    path.write_text("".join(lines))


def seed_cases(bench: Bench) -> None:
    """Cold builds with each inliner, the two rebuilds and validate, on the seed's 11 issues."""
    content, mjml = corpus(bench.fresh("seed"), 1)
    theirs = bench.mjml_build(mjml)
    runs = SEED_RUNS
    startup = (lambda: (["node", "-e", "0"], None)) if bench.mjml else None
    bench.case(
        "startup: python -c pass | node -e 0",
        lambda: ([sys.executable, "-c", "pass"], None),
        startup,
        runs,
    )
    bench.case(
        "cold build, premailer (1 article)",
        lambda: (build(content, bench.fresh("out")), bench.env()),
        theirs,
        runs,
        11,
    )
    bench.case(
        "cold build, css-inline",
        lambda: (build(content, bench.fresh("out"), "--inliner", "css-inline"), bench.env()),
        theirs,
        runs,
        11,
    )
    cache, out = bench.fresh("cache"), bench.fresh("out")
    run(build(content, out), bench.env(cache))
    bench.case(
        "rebuild, nothing changed",
        lambda: (build(content, out), bench.env(cache)),
        theirs,
        runs,
        11,
    )
    edits = iter(range(runs))

    def one_changed():
        edit_one_section(content, next(edits))
        return build(content, out), bench.env(cache)

    bench.case("rebuild, one section changed", one_changed, theirs, runs, 11)
    validate = [*MAGWIDGET, "validate", str(content), "--config", str(CONFIG)]
    check = (
        (lambda: ([*bench.mjml, "--validate", *map(str, sorted(mjml.glob("*.mjml")))], None))
        if bench.mjml
        else None
    )
    bench.case("validate", lambda: (validate, bench.env()), check, runs, 11)


def scale_cases(bench: Bench) -> None:
    """Cold builds of 10 and 100 articles (11 issues each), both cores."""
    for count, runs in RUNS.items():
        content, mjml = corpus(bench.fresh(f"scale-{count}"), count)
        label = f"{count} articles ({count * 11:,} issues), cold"
        bench.case(
            label,
            lambda c=content: (build(c, bench.fresh("out")), bench.env()),
            bench.mjml_build(mjml),
            runs,
            count * 11,
        )


HEADER = (
    f"{'case':<36} {'magwidget':>10} {'MJML':>10} {'ratio':>5}  {'CPU ratio':>9}"
    f"  {'ms/issue mw|MJML':>16} {'runs':>4}  target"
)


def line(r: dict) -> str:
    """Return one case as a table row: wall-time medians, their ratio and the CPU-time ratio."""
    mw, mj = r["mw"], r.get("mjml")
    ratio = f"{mw / mj:.2f}" if mj else "-"
    cpu = f"{r['mw_cpu'] / r['mjml_cpu']:.2f}" if mj else "-"
    per = f"{mw / r['issues']:.1f} | {mj / r['issues']:.1f}" if mj and "cold" in r["case"] else ""
    mjs = f"{mj:,.0f} ms" if mj else "-"
    row = f"{r['case']:<36} {mw:>7,.0f} ms {mjs:>10} {ratio:>5}  {cpu:>9}  {per:>16} {r['runs']:>4}"
    return f"{row}  {verdict(r) or ''}".rstrip()


def verdict(r: dict) -> str | None:
    """Return the case's target and whether it was met, or None for a case without one."""
    if (limit := TARGETS.get(r["case"])) is None:
        return None
    if r["case"] == "validate":
        return f"<= {limit} ms: {'met' if r['mw'] <= limit else 'MISSED'}"
    if "mjml" not in r:
        return f"<= {limit}: no MJML to compare"
    return f"<= {limit}: {'met' if r['mw'] / r['mjml'] <= limit else 'MISSED'}"


def missed(rows: list[dict]) -> list[str]:
    """Return the cases whose target was missed, memory included."""
    cases = [r["case"] for r in rows if (v := verdict(r)) and v.endswith("MISSED")]
    if rows and rows[-1]["mw_mib"] > MEMORY_MIB:
        cases.append(f"peak memory over {MEMORY_MIB} MiB")
    return cases


def memory(rows: list[dict]) -> str:
    """Return the peak memory line of the largest case."""
    big = rows[-1]
    theirs = f"{big['mjml_mib']:.0f} MiB" if "mjml_mib" in big else "-"
    ours = f"magwidget {big['mw_mib']:.0f} MiB (target <= {MEMORY_MIB})"
    return f"peak memory, {big['case']}: {ours}, MJML {theirs}"


def per_issue(rows: list[dict]) -> str:
    """Return magwidget's cold cost per issue at 1, 10 and 100 articles: flat means linear."""
    cold = [r for r in rows if "cold" in r["case"] and "css-inline" not in r["case"]]
    costs = ", ".join(f"{r['issues']:,} issues {r['mw'] / r['issues']:.1f} ms" for r in cold)
    steps = []
    for a, b in itertools.pairwise(cold):
        cost = (b["mw"] - a["mw"]) / (b["issues"] - a["issues"])
        steps.append(f"{a['issues']:,}->{b['issues']:,} {cost:.1f} ms")
    return (
        f"magwidget per issue, cold (wall; both cores from 8 articles on): {costs};"
        f" each added issue: {', '.join(steps)}"
    )


def main() -> int:
    """Print the side-by-side table; MJML's column is empty without Node."""
    precompile()
    mjml = mjml_command()
    if not mjml:
        print("note: node/npm not found: MJML's column is empty (magwidget alone)")
    print(f"magwidget vs MJML {MJML_VERSION} CLI: whole processes, medians, alternating runs")
    print(HEADER, flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        bench = Bench(Path(tmp), mjml)
        seed_cases(bench)
        scale_cases(bench)
    print(per_issue(bench.rows))
    print(memory(bench.rows))
    load = os.getloadavg()[0]
    print(
        f"(largest single process; load average {load:.1f} on {os.cpu_count()} cores:"
        " other jobs share them, so compare ratios, never one wall time)"
    )
    if cases := missed(bench.rows):
        print(f"MISSED: {'; '.join(cases)}")
        return MISSED
    return 0


if __name__ == "__main__":
    sys.exit(main())

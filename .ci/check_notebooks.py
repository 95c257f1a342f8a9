"""Checks on the notebooks' text that a reader meets and no test covers.

1. The first cell is `# Title`, a blank line and a `> description` of exactly one line. nbdev keeps only the first line of
   the description (it becomes the page subtitle, the sidebar tooltip and the exported module's docstring), so a second
   line is silently dropped and the description ends mid-sentence.
2. No wording that assumes a context the reader does not have. The rule, case-insensitive, on every Markdown cell, every
   code cell's source and every stored text output: "the issue", "this session", "as requested", "the brief", and
   "the seed" used as a noun for some earlier work ("the seed's example", "The seed ran ..."). "the seed" is allowed only
   where it is plainly a random seed: followed by punctuation or by "and", "or", "of", "for", "is", "argument", "value",
   "fixes", "determines", "controls" ("the masks follow the seed, not the mode"); "the seeds", "the seeded" are fine.
   Pages stand on their own: name the source ("the original BatchBALD notebook this package grew from") or drop it; for a
   random seed write "seed 0", "the same seed", "each seed".
3. The sidebar (nbs/sidebar.yml, the rules in .ci/sidebar.py): every notebook in a section, every entry a notebook that
   exists (pages still being written on other branches excepted). The index's Contents (and so README.md's) link every
   page of the sidebar but the index itself, as `XX.ipynb`, in the sidebar's order.
4. One version everywhere: settings.ini's `version` is the one in CITATION.cff, in the Quarto navbar (nbs/_quarto.yml)
   and in the index's BibTeX entry for the package.

Usage: python .ci/check_notebooks.py [nbs]
"""
import configparser
import json
import re
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sidebar import checked_sidebar  # noqa: E402  (.ci/sidebar.py)

RANDOM_SEED = r"(?:[,;:.)=]|\s+(?:and|or|of|for|is|argument|value|fixes|determines|controls)\b)"
CONTEXT = re.compile(rf"\bthe seed\b(?!{RANDOM_SEED}|s\b|ed\b)|\bthe issue\b|\bthis session\b|\bas requested\b|"
                     r"\bthe brief\b", re.I)
PLACEHOLDER = re.compile(r"\b(?:TODO|FIXME|XXX)\b")  # a draft's marker left in a page
# nbdev 2's doc-linker turns a backticked name inside link text into a nested link, and the page then shows "](x.ipynb)"
CODE_LINK_TEXT = re.compile(r"\[`[^`\]]+`\]\(")


def text_of(cell) -> list:
    "(where, text) pairs: the cell's source and each stored text output."
    parts = [("source", "".join(cell.get("source", "")))]
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        for key in ("text", "text/plain", "text/markdown", "text/html"):
            value = output.get(key) if key == "text" else data.get(key)
            if value:
                parts.append((f"output {key}", "".join(value)))
    return parts


def check(nbs: Path) -> list:
    problems = []
    notebooks = sorted(p for p in nbs.rglob("*.ipynb")
                       if not any(part.startswith(("_", ".")) for part in p.relative_to(nbs).parts))
    for path in notebooks:
        name = path.relative_to(nbs).as_posix()
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        first = next((c for c in cells if c["cell_type"] == "markdown"), None)
        lines = "".join(first["source"]).split("\n") if first else []
        if not lines or not lines[0].startswith("# "):
            problems.append(f"{name}: the first Markdown cell must start with '# Title'")
        starts = [i for i, line in enumerate(lines) if line.startswith(">")]
        if not starts:
            problems.append(f"{name}: no '> description' line in the first cell")
        else:
            i = starts[0]
            if i + 1 < len(lines) and lines[i + 1].strip():
                problems.append(f"{name}: the description runs over {1 + next((k for k, l in enumerate(lines[i + 1:]) if not l.strip()), len(lines) - i - 1)} "
                                f"lines; nbdev keeps only the first ({lines[i].strip()[:70]!r}...): make it one line")
            elif len(lines[i].lstrip("> ").strip()) < 10:
                problems.append(f"{name}: the description {lines[i]!r} is empty or too short")
        for index, cell in enumerate(cells):
            for where, text in text_of(cell):
                for number, line in enumerate(text.split("\n"), 1):
                    for match in CONTEXT.finditer(line):
                        problems.append(f"{name}: cell {index} ({cell['cell_type']} {where}) line {number}: "
                                        f"{match.group(0)!r} assumes a context the reader lacks: {line.strip()[:110]!r}")
                    if cell["cell_type"] == "markdown" and where == "source" and PLACEHOLDER.search(line):
                        problems.append(f"{name}: cell {index} line {number}: a draft's placeholder "
                                        f"{PLACEHOLDER.search(line).group(0)!r} in the text: {line.strip()[:110]!r}")
                    if cell["cell_type"] == "markdown" and where == "source" and CODE_LINK_TEXT.search(line):
                        problems.append(f"{name}: cell {index} line {number}: a backticked name as link text, which "
                                        f"nbdev nests into a broken link; write the name alone in backticks (nbdev links "
                                        f"it) or drop the backticks: {line.strip()[:110]!r}")
    try:
        pages = [entry for entry, _, _ in checked_sidebar(nbs)]
    except SystemExit as failure:
        problems.append(str(failure).removeprefix("FAIL: "))
        pages = []
    index = nbs / "index.ipynb"
    if index.exists() and pages:
        text = "\n".join("".join(c["source"]) for c in json.loads(index.read_text(encoding="utf-8"))["cells"]
                         if c["cell_type"] == "markdown")
        contents = re.search(r"^## Contents\s*$(.*?)(?=^## |\Z)", text, re.M | re.S)
        linked = list(dict.fromkeys(re.findall(r"\]\(([^)#\s]+\.ipynb)", contents.group(1)))) if contents else []
        wanted = [page for page in pages if page != "index.ipynb"]
        if linked != wanted:
            missing = [page for page in wanted if page not in linked]
            extra = [page for page in linked if page not in wanted]
            problems.append(f"index.ipynb: its '## Contents' must link the sidebar's pages in the sidebar's order "
                            f"(missing {missing}, not in the sidebar {extra}); the order is {wanted}")
    problems += version_problems(nbs)
    return problems, len(notebooks)


def version_problems(nbs: Path) -> list:
    "settings.ini's version, against CITATION.cff, the Quarto navbar and the index's BibTeX for the package."
    root = nbs.resolve().parent
    config = configparser.ConfigParser(delimiters=["="], interpolation=None)
    config.read(root / "settings.ini", encoding="utf-8")
    version = config["DEFAULT"]["version"]
    found = {}
    citation = root / "CITATION.cff"
    found["CITATION.cff"] = str(yaml.safe_load(citation.read_text(encoding="utf-8")).get("version")) if citation.exists() else None
    navbar = (yaml.safe_load((nbs / "_quarto.yml").read_text(encoding="utf-8")).get("website") or {}).get("navbar") or {}
    labels = [str(item.get("text", "")) for side in ("left", "right") for item in navbar.get(side) or []
              if isinstance(item, dict) and re.fullmatch(r"v\d[\w.+-]*", str(item.get("text", "")))]
    found["nbs/_quarto.yml navbar"] = labels[0][1:] if len(labels) == 1 else labels or None
    index = nbs / "index.ipynb"
    text = "".join("".join(c["source"]) for c in json.loads(index.read_text(encoding="utf-8"))["cells"]) if index.exists() else ""
    entry = re.search(r"@software\{[^@]*?version\s*=\s*\{([^}]*)\}", text)
    found["index.ipynb's @software BibTeX"] = entry.group(1) if entry else None
    return [f"{where}: version {value!r}, but settings.ini says {version!r}" for where, value in found.items()
            if value != version]


if __name__ == "__main__":
    problems, count = check(Path(sys.argv[1] if len(sys.argv) > 1 else "nbs"))
    for problem in problems:
        print(f"FAIL {problem}")
    print(f"notebook text: {count} notebooks, {len(problems)} problems")
    sys.exit(1 if problems else 0)

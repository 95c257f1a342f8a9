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
3. The index (and so README.md) links every notebook, as `XX.ipynb`.

Usage: python .ci/check_notebooks.py [nbs]
"""
import json
import re
import sys
from pathlib import Path

RANDOM_SEED = r"(?:[,;:.)=]|\s+(?:and|or|of|for|is|argument|value|fixes|determines|controls)\b)"
CONTEXT = re.compile(rf"\bthe seed\b(?!{RANDOM_SEED}|s\b|ed\b)|\bthe issue\b|\bthis session\b|\bas requested\b|"
                     r"\bthe brief\b", re.I)
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
                    if cell["cell_type"] == "markdown" and where == "source" and CODE_LINK_TEXT.search(line):
                        problems.append(f"{name}: cell {index} line {number}: a backticked name as link text, which "
                                        f"nbdev nests into a broken link; write the name alone in backticks (nbdev links "
                                        f"it) or drop the backticks: {line.strip()[:110]!r}")
    index = nbs / "index.ipynb"
    if index.exists():
        text = " ".join("".join(c["source"]) for c in json.loads(index.read_text(encoding="utf-8"))["cells"])
        linked = set(re.findall(r"\]\(([^)#\s]+\.ipynb)", text))
        for path in notebooks:
            name = path.relative_to(nbs).as_posix()
            if name != "index.ipynb" and name not in linked:
                problems.append(f"index.ipynb: the Contents do not link {name}")
    return problems, len(notebooks)


if __name__ == "__main__":
    problems, count = check(Path(sys.argv[1] if len(sys.argv) > 1 else "nbs"))
    for problem in problems:
        print(f"FAIL {problem}")
    print(f"notebook text: {count} notebooks, {len(problems)} problems")
    sys.exit(1 if problems else 0)

"""The docs' sidebar, `nbs/sidebar.yml`: its pages in order with their sections, and what is wrong with it.

One home for reading the sidebar, shared by the docs build (.ci/build_site.py), the notebook checks
(.ci/check_notebooks.py) and the browser check (.ci/check_site.py). The rules: every entry is a notebook inside a
section, listed once, that exists, and every notebook of the folder is in the sidebar.
"""
from pathlib import Path

import yaml


def sidebar_entries(folder) -> tuple:
    "(entries, problems): entries are (notebook, section, sidebar text or None) in sidebar order."
    data = yaml.safe_load((Path(folder) / "sidebar.yml").read_text(encoding="utf-8"))
    entries, problems = [], []

    def walk(contents, section):
        for item in contents:
            if isinstance(item, str):
                entries.append((item, section, None))
            elif isinstance(item, dict) and "contents" in item:
                if item.get("href"):
                    entries.append((item["href"], item.get("section"), item.get("text")))
                walk(item["contents"], item.get("section"))
            elif isinstance(item, dict) and "href" in item:
                entries.append((item["href"], section, item.get("text")))
            else:
                problems.append(f"a sidebar item this renderer does not understand: {item!r}")

    walk(data["website"]["sidebar"]["contents"], None)
    return entries, problems


def notebooks_in(folder) -> list:
    "The notebooks of a docs folder (nbs/ or _proc/), as relative paths; files and folders starting with _ or . excluded."
    folder = Path(folder)
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.ipynb")
                  if not any(part.startswith(("_", ".")) for part in p.relative_to(folder).parts))


def checked_sidebar(folder) -> list:
    "The sidebar's entries whose notebooks exist, in order; raises SystemExit naming every problem with the sidebar."
    entries, problems = sidebar_entries(folder)
    names = [e for e, _, _ in entries]
    problems += [f"{e}: not a notebook" for e in names if not e.endswith(".ipynb")]
    problems += [f"{e}: not inside a section" for e, section, _ in entries if not section]
    problems += [f"{e}: listed {names.count(e)} times" for e in sorted(set(names)) if names.count(e) > 1]
    problems += [f"{nb}: a notebook in no section of the sidebar (add it to nbs/sidebar.yml)"
                 for nb in notebooks_in(folder) if nb not in names]
    present = []
    for entry, section, text in entries:
        if (Path(folder) / entry).is_file():
            present.append((entry, section, text))
        else:
            problems.append(f"{entry}: in the sidebar, but there is no such notebook")
    if problems:
        raise SystemExit("FAIL: nbs/sidebar.yml:\n  " + "\n  ".join(problems))
    return present

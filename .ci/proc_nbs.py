"""Write `_proc/` as `nbdev_proc_nbs` does, without its Quarto installer, with the sidebar `nbdev_docs` writes.

`nbdev_proc_nbs` (nbdev 2.4.14) first checks for Quarto and, when it is missing, tries to install it with sudo and then
runs `pip install -e ".[dev]"`: neither belongs in a docs build. Its sidebar also lists every file in nbs/ (styles.css,
nbdev.yml, results/*.json), because it calls `nbdev_sidebar` without the file filter `nbdev_docs` uses. This script runs
the same steps (refresh nbdev.yml, rebuild the module index, write the sidebar, process the notebooks), passing the
filter of `nbdev_docs`, so `_proc/` holds exactly what Quarto renders on the published site. Run from the repository root.
"""
import shutil
import sys
from pathlib import Path

import nbdev.doclinks
from nbdev.config import get_config
from nbdev.quarto import nbdev_sidebar, refresh_quarto_yml
from nbdev.serve import proc_nbs

DOCS_FILES = r"\.(?:ipynb|qmd|html)$"  # nbdev_docs's default file_re (nbdev.quarto._def_file_re)

if __name__ == "__main__":
    cfg = get_config()
    shutil.rmtree(cfg.config_path / "_proc", ignore_errors=True)  # proc_nbs only refreshes changed files
    refresh_quarto_yml()
    nbdev.doclinks._build_modidx()
    nbdev_sidebar.__wrapped__(file_glob=None, file_re=DOCS_FILES)
    proc = proc_nbs(n_workers=int(sys.argv[1]) if len(sys.argv) > 1 else 2)
    print(f"processed {len(list(Path(proc).rglob('*.ipynb')))} notebooks into {proc}")

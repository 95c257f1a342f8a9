"""Write `_proc/` as `nbdev_proc_nbs` does, without its Quarto installer.

`nbdev_proc_nbs` (nbdev 2.4.14) first checks for Quarto and, when it is missing, tries to install it with sudo and then
runs `pip install -e ".[dev]"`: neither belongs in a docs build. This script runs the same steps (refresh nbdev.yml,
rebuild the module index, process the notebooks), so `_proc/` holds exactly what Quarto renders on the published site.
The sidebar is `nbs/sidebar.yml`, written by hand (settings.ini: `custom_sidebar = True`, so `nbdev_sidebar` and
`nbdev_docs` leave it alone); `proc_nbs` copies it into `_proc/` with the other files. Run from the repository root.
"""
import shutil
import sys
from pathlib import Path

import nbdev.doclinks
from nbdev.config import get_config
from nbdev.quarto import refresh_quarto_yml
from nbdev.serve import proc_nbs

if __name__ == "__main__":
    cfg = get_config()
    if not cfg.custom_sidebar or not (cfg.nbs_path / "sidebar.yml").is_file():
        sys.exit("FAIL: the sidebar's sections live in nbs/sidebar.yml, with custom_sidebar = True in settings.ini")
    shutil.rmtree(cfg.config_path / "_proc", ignore_errors=True)  # proc_nbs only refreshes changed files
    refresh_quarto_yml()
    nbdev.doclinks._build_modidx()
    proc = proc_nbs(n_workers=int(sys.argv[1]) if len(sys.argv) > 1 else 2)
    print(f"processed {len(list(Path(proc).rglob('*.ipynb')))} notebooks into {proc}")

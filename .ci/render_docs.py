"""Render the processed notebooks in _proc/ (from `nbdev_proc_nbs`) to standalone HTML pages in _html/, offline.

Quarto (`nbdev_docs`) is the real docs build; this is the check used where Quarto is not installed. It turns each
notebook's Quarto front matter into a title, drops Quarto-only link attributes, points links between notebooks at the
HTML pages, and uses a local MathJax (from the `jupyter-server-mathjax` package) so formulas render without a network.
"""
import re
import sys
from pathlib import Path

import jupyter_server_mathjax
import nbformat
import yaml
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor

proc, out = Path(sys.argv[1] if len(sys.argv) > 1 else "_proc"), Path(sys.argv[2] if len(sys.argv) > 2 else "_html")
out.mkdir(exist_ok=True)
mathjax = Path(jupyter_server_mathjax.__file__).parent / "static" / "MathJax.js"
exporter = HTMLExporter(mathjax_url=f"{mathjax.as_uri()}?config=TeX-AMS-MML_HTMLorMML-full")
exporter.register_preprocessor(TagRemovePreprocessor(remove_input_tags={"echo-false"}), enabled=True)
quarto_attributes = re.compile(r'\{[^{}\n]*target="_blank"[^{}\n]*\}')
notebook_links = re.compile(r"\]\(([\w-]+)\.ipynb\)")

for path in sorted(proc.glob("*.ipynb")):
    nb = nbformat.read(path, as_version=4)
    first = nb.cells[0] if nb.cells else None
    if first is not None and first.cell_type == "raw" and first.source.startswith("---"):
        meta = yaml.safe_load(first.source.strip().strip("-")) or {}
        title, description = meta.get("title", path.stem), meta.get("description", "")
        nb.cells[0] = nbformat.v4.new_markdown_cell(f"# {title}\n\n> {description}" if description else f"# {title}")
    for cell in nb.cells:
        if cell.cell_type == "code" and re.search(r"^#\| *echo: *false", cell.source, re.MULTILINE):
            cell.metadata.setdefault("tags", []).append("echo-false")  # Quarto shows only the output
        if cell.cell_type == "markdown":
            cell.source = notebook_links.sub(r"](\1.html)", quarto_attributes.sub("", cell.source))
        for output in cell.get("outputs", []):
            for key in ("text/markdown", "text/html"):
                if key in output.get("data", {}):
                    output["data"][key] = quarto_attributes.sub("", output["data"][key])
    html, _ = exporter.from_notebook_node(nb)
    (out / f"{path.stem}.html").write_text(html, encoding="utf-8")
    print(f"{out / path.stem}.html")

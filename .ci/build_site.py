"""Build the offline documentation site from `nbdev_proc_nbs` output: one self-contained folder of HTML pages.

Quarto (`nbdev_docs`, the GitHub Pages workflow) is the primary docs build. This script renders the same input, the
processed notebooks in `_proc/`, for readers and CI machines without Quarto:

- pages in the order of `nbs/sidebar.yml` (copied to `_proc/`), under its section headings, each with the notebook's
  title and description, a header (site title, version, search, links), the sidebar and previous/next links; the
  sidebar's rules (every notebook in a section, every entry a notebook, pages still being written skipped with a note)
  are in .ci/sidebar.py;
- file names as Quarto writes them (the `output-file` of each notebook's front matter), so links between notebooks
  (`03_bald.ipynb`) and nbdev's links to the docs site (`{doc_host}{doc_baseurl}/bald.html#get_bald_batch`) point at the
  local pages;
- heading ids made the way pandoc makes them, so nbdev's `#symbol` anchors resolve;
- pandoc's fenced divs (`::: {.callout-note}`) as `<div>`s;
- Markdown with math kept intact (`$...$` and `$$...$$` become MathJax delimiters before any Markdown rule can touch
  `_`, `*` or `'` inside them), Quarto link attributes (`[source](url){target="_blank" ...}`) turned into HTML;
- code without notebook prompts; Quarto's cell options `#| echo: false`, `#| output: false`, `#| include: false`, and
  for figures `#| fig-alt:` (the `<img>`'s alt text) and `#| fig-cap:` (a `<figcaption>` below it, Markdown allowed; it
  is also the alt text when there is no fig-alt, as in pandoc), each one line of YAML: a string, or for a cell that
  draws several figures a list with one entry per figure (`["first", "second"]`); `#| label: fig-...` numbers the
  caption "Figure n:" as Quarto does;
- figures written as PNG files next to the pages; MathJax 2 (from the `jupyter-server-mathjax` package) copied into the
  folder and loaded by a relative path, configured for the STIX-Web fonts that package ships;
- a full-text search index written by Pagefind (`python -m pagefind`, from the `pagefind[bin]` package) into
  `pagefind/`, searched from the header. Browsers refuse its `fetch()` on `file:` pages, so the search box works when the
  folder is served (`python -m http.server -d _html`) and says so when the page is opened as a file.

Why the font configuration matters: `jupyter-server-mathjax` ships MathJax 2.7.9 with the STIX-Web web fonts only, while
the combined config `TeX-AMS-MML_HTMLorMML-full` sets the HTML-CSS output to the TeX web fonts. Their font data
(`jax/output/HTML-CSS/fonts/TeX/fontdata.js`) is missing, so HTML-CSS falls back to local fonts without metrics: every
formula with a prime (`\sum_{k'}`) fails with "[Math Processing Error]" (a TypeError reading `fontInherit`), and hats and
bars are placed a line above their letters. The page's `MathJax.Hub.Config` below points HTML-CSS at STIX-Web.

Usage: python .ci/build_site.py [_proc] [_html]
"""
import base64
import configparser
import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jupyter_server_mathjax
import mistune
from mistune.plugins.math import math as mistune_math
from mistune.plugins.math import parse_inline_math
import nbformat
import yaml
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer, get_lexer_by_name
from pygments.util import ClassNotFound

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sidebar import checked_sidebar  # noqa: E402  (.ci/sidebar.py)

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
DIRECTIVE = re.compile(r"^#\|\s*([\w-]+)\s*:(.*)$")  # "#| key: value"
QUARTO_LINK = re.compile(r"\[([^\[\]]*)\]\(([^()\s]+)\)\{([^{}\n]*)\}")  # [text](url){attributes}
HEADING_ATTRS = re.compile(r"\s*\{([^{}]*)\}\s*$")  # "## Title {#id .class}"
FENCED_DIV = re.compile(r"^:::+\s*(?:\{([^{}\n]*)\}|([\w-]+))?\s*$", re.M)  # pandoc's "::: {.callout-note}" ... ":::"
# mistune's inline math, but like pandoc's: it may run over a line break (not a blank line); the closing $ follows a
# non-space and is not followed by a digit
INLINE_MATH = (r"\$\$(?P<display_math_text>(?:[^$\\]|\\.)*?)\$\$|"
               r"\$(?P<backtick_math_marker>`+)(?P<backtick_math_text>[\s\S]*?)(?P=backtick_math_marker)\$|"
               r"\$(?!\$)(?!\s)(?P<math_text>(?:[^$\\\n]|\\.|\n(?![ \t]*\n))+?)(?<![\s\\])\$(?!\d)")
MATHJAX_FILES = ["MathJax.js", "LICENSE", "config/TeX-AMS-MML_HTMLorMML-full.js", "extensions", "jax/input",
                 "jax/element", "jax/output/HTML-CSS", "fonts/HTML-CSS", "localization/en"]


def math_plugin(md):
    "mistune's math plugin with pandoc's rule for inline math (see INLINE_MATH)."
    mistune_math(md)
    md.inline.register("inline_math", INLINE_MATH, parse_inline_math, before="link")


def read_settings(root: Path) -> dict:
    config = configparser.ConfigParser(delimiters=["="], interpolation=None)
    config.read(root / "settings.ini", encoding="utf-8")
    return dict(config["DEFAULT"])


def pandoc_id(text: str) -> str:
    "The identifier pandoc (and so Quarto) gives a heading: what nbdev's `page.html#symbol` links point at."
    text = html.unescape(re.sub(r"<[^>]+>", "", text)).replace("\\(", "").replace("\\)", "")
    kept = "".join(ch for ch in text if ch.isalnum() or ch in "_-." or ch.isspace())
    ident = re.sub(r"\s+", "-", kept.strip()).lower()
    ident = re.sub(r"^[^a-z]+", "", ident)
    return ident or "section"


def quarto_attributes(attrs: str) -> str:
    "Quarto/pandoc attributes `#id .class key=value` as HTML attributes."
    out, classes = [], []
    for token in re.findall(r'[\w-]+="[^"]*"|[\w-]+=\S+|[#.][\w-]+', attrs):
        if token.startswith("#"):
            out.append(f'id="{token[1:]}"')
        elif token.startswith("."):
            classes.append(token[1:])
        else:
            key, value = token.split("=", 1)
            out.append(f'{key}="{html.escape(value.strip(chr(34)), quote=True)}"')
    if classes:
        out.append(f'class="{" ".join(classes)}"')
    return " ".join(out)


class Site:
    def __init__(self, proc: Path, out: Path, settings: dict):
        self.proc, self.out, self.settings = proc, out, settings
        self.doc_url = (settings.get("doc_host", "") + settings.get("doc_baseurl", "")).rstrip("/") + "/"
        self.pages = []  # dicts in sidebar order: source, file, title, description, section

    # ---- sidebar and front matter -------------------------------------------------------------------------------
    def collect(self):
        quarto = yaml.safe_load((self.proc / "_quarto.yml").read_text(encoding="utf-8"))  # Quarto's own config parses
        if (quarto.get("project") or {}).get("type") != "website" or "sidebar.yml" not in quarto.get("metadata-files", []):
            sys.exit("FAIL: nbs/_quarto.yml must define a website project that reads sidebar.yml")
        present = checked_sidebar(self.proc)
        for entry, section, text in present:
            nb = nbformat.read(self.proc / entry, as_version=4)
            meta = {}
            if nb.cells and nb.cells[0].cell_type == "raw" and nb.cells[0].source.lstrip().startswith("---"):
                meta = yaml.safe_load(nb.cells[0].source.strip().strip("-")) or {}
                nb.cells = nb.cells[1:]
            file = str(Path(entry).parent / meta.get("output-file", Path(entry).stem + ".html"))
            title = str(meta.get("title", Path(entry).stem))
            self.pages.append({"source": entry, "file": file.removeprefix("./"), "nb": nb, "section": section,
                               "title": title, "label": str(text or title),
                               "description": str(meta.get("description", "")).strip()})
        self.by_stem = {str(Path(p["source"]).with_suffix("")): p["file"] for p in self.pages}
        self.files = {p["file"] for p in self.pages}

    # ---- links ----------------------------------------------------------------------------------------------------
    def local_url(self, url: str, page_file: str) -> str:
        "Links to notebooks and to the docs site's own pages, pointed at the local pages."
        base, hash_, fragment = url.partition("#")
        if self.doc_url != "/" and base.startswith(self.doc_url):
            target = base[len(self.doc_url):] or "index.html"
            if target in self.files:
                return self.relative(target, page_file) + hash_ + fragment
            return url
        if re.match(r"^[a-z][a-z0-9+.-]*:", base) or not base:
            return url
        if base.endswith(".ipynb"):
            resolved = os.path.normpath(str(Path(page_file).parent / base))
            stem = str(Path(resolved).with_suffix(""))
            if stem in self.by_stem:
                return self.relative(self.by_stem[stem], page_file) + hash_ + fragment
        return url

    @staticmethod
    def relative(target: str, page_file: str) -> str:
        return os.path.relpath(target, str(Path(page_file).parent) or ".")

    # ---- markdown -------------------------------------------------------------------------------------------------
    def markdown(self, text: str, page: dict) -> str:
        site = self

        class Renderer(mistune.HTMLRenderer):
            def heading(self, text, level, **attrs):
                extra, ident = "", None
                match = HEADING_ATTRS.search(text)
                if match:
                    text, extra = text[: match.start()], quarto_attributes(match.group(1))
                    found = re.search(r'id="([^"]*)"', extra)
                    ident = found.group(1) if found else None
                    extra = re.sub(r'id="[^"]*"\s*', "", extra)
                ident = page["ids"].unique(ident or pandoc_id(text))
                return f'<h{level} id="{ident}" {extra}>{text} <a class="anchor" href="#{ident}" data-pagefind-ignore="all">#</a></h{level}>\n'

            def link(self, text, url, title=None):
                return super().link(text, site.local_url(url, page["file"]), title)

            def image(self, text, url, title=None):
                return super().image(text, site.asset(url, page), title)

            def block_code(self, code, info=None):
                return site.code_html(code, (info or "").split()[0] if info else "")

        def protect_quarto_links(source):
            def replace(match):
                text, url, attrs = match.groups()
                url = site.local_url(url, page["file"])
                return f'<a href="{html.escape(url, quote=True)}" {quarto_attributes(attrs)}>{text}</a>'

            return QUARTO_LINK.sub(replace, source)

        def fenced_divs(source):  # HTML blocks end at a blank line, so the Markdown between them is still rendered
            def replace(match):
                attrs, name = match.groups()
                if attrs is None and name is None:
                    return "\n</div>\n"
                return f"\n<div {quarto_attributes(attrs) if attrs is not None else f'class={chr(34)}{name}{chr(34)}'}>\n"
            return FENCED_DIV.sub(replace, source)

        render = mistune.create_markdown(renderer=Renderer(escape=False),
                                         plugins=[math_plugin, "table", "strikethrough", "footnotes"])
        return render(fenced_divs(protect_quarto_links(text)))

    def code_html(self, code: str, language: str = "python") -> str:
        try:
            lexer = get_lexer_by_name(language) if language else PythonLexer()
        except ClassNotFound:
            lexer = PythonLexer() if language in ("", "python3", "ipython") else None
        if lexer is None:
            return f'<pre class="code"><code>{html.escape(code)}</code></pre>\n'
        return highlight(code, lexer, HtmlFormatter(cssclass="code highlight"))

    # ---- assets ---------------------------------------------------------------------------------------------------
    def asset(self, url: str, page: dict) -> str:
        "A local image referenced from Markdown, copied into the site at the same relative place."
        if re.match(r"^[a-z][a-z0-9+.-]*:", url) or url.startswith("/"):
            return url
        source = (self.proc / Path(page["source"]).parent / url).resolve()
        if source.is_file():
            target = self.out / Path(page["file"]).parent / url
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
        return url  # a missing file stays missing, and the browser check reports it

    def figure(self, data: str, page: dict, suffix: str) -> str:
        page["figures"] += 1
        name = f"figures/{Path(page['file']).stem}_{page['figures']}.{suffix}"
        (self.out / "figures").mkdir(exist_ok=True)
        payload = data.encode() if suffix == "svg" else base64.b64decode(data)
        (self.out / name).write_bytes(payload)
        return self.relative(name, page["file"])

    # ---- cells ----------------------------------------------------------------------------------------------------
    def output_html(self, output, page: dict, figures: "FigureOptions" = None) -> str:
        kind = output.get("output_type")
        if kind == "stream":
            text = ANSI.sub("", output.get("text", ""))
            text = "\n".join(line.split("\r")[-1] for line in text.split("\n"))  # progress bars: their last state
            return f'<pre class="output {output.get("name", "")}">{html.escape(text.rstrip())}</pre>\n' if text.strip() else ""
        if kind == "error":
            trace = ANSI.sub("", "\n".join(output.get("traceback", [])))
            return f'<pre class="output error">{html.escape(trace)}</pre>\n'
        data = output.get("data", {})
        if "image/png" in data or "image/jpeg" in data or "image/svg+xml" in data:
            mime = next(m for m in ("image/png", "image/jpeg", "image/svg+xml") if m in data)
            src = self.figure(data[mime], page, {"image/png": "png", "image/jpeg": "jpg", "image/svg+xml": "svg"}[mime])
            return (figures or FigureOptions({})).html(src, self, page)
        if "text/markdown" in data:
            return f'<div class="output markdown">{self.markdown(data["text/markdown"], page)}</div>\n'
        if "text/html" in data:
            return f'<div class="output html">{data["text/html"]}</div>\n'
        if "text/latex" in data:
            return f'<div class="output latex">{html.escape(data["text/latex"])}</div>\n'
        if "text/plain" in data:
            return f'<pre class="output">{html.escape(ANSI.sub("", data["text/plain"]))}</pre>\n'
        return ""

    def cell_html(self, cell, page: dict) -> str:
        if cell.cell_type == "markdown":
            return self.markdown(cell.source, page)
        if cell.cell_type != "code":
            return ""
        options, source = cell_options(cell.source)
        if options.get("include") is False:
            return ""
        parts = []
        if source and options.get("echo") is not False:
            parts.append(self.code_html(source))
        if options.get("output") is not False:
            figures = FigureOptions(options)
            parts += [self.output_html(o, page, figures) for o in cell.get("outputs", [])]  # `output: asis` Markdown rendered
        body = "".join(parts)
        return f'<div class="cell">{body}</div>\n' if body else ""

    # ---- pages ----------------------------------------------------------------------------------------------------
    def sidebar_html(self, current: dict) -> str:
        items, section = [], None
        for page in self.pages:
            if page["section"] != section:
                section = page["section"]
                if section:
                    items.append(f'<li class="section">{html.escape(section)}</li>')
            active = ' class="active" aria-current="page"' if page is current else ""
            href = self.relative(page["file"], current["file"])
            items.append(f'<li><a href="{href}"{active}>{html.escape(page["label"])}</a></li>')
        return "\n".join(items)

    def pager_html(self, index: int) -> str:
        page = self.pages[index]
        links = []
        if index > 0:
            prev = self.pages[index - 1]
            links.append(f'<a class="prev" rel="prev" href="{self.relative(prev["file"], page["file"])}">'
                         f'<span>Previous</span>{html.escape(prev["title"])}</a>')
        if index + 1 < len(self.pages):
            nxt = self.pages[index + 1]
            links.append(f'<a class="next" rel="next" href="{self.relative(nxt["file"], page["file"])}">'
                         f'<span>Next</span>{html.escape(nxt["title"])}</a>')
        return "".join(links)

    def build(self):
        self.out.mkdir(parents=True, exist_ok=True)
        self.copy_mathjax()
        (self.out / "site.css").write_text(CSS + HtmlFormatter().get_style_defs(".highlight"), encoding="utf-8")
        site_title = html.escape(self.settings.get("title", self.settings.get("lib_name", "")))
        repo = self.settings.get("git_url", "").rstrip("/")
        version = html.escape(self.settings.get("version", ""))
        changelog = f"{repo}/blob/{self.settings.get('branch', 'main')}/CHANGELOG.md"
        for index, page in enumerate(self.pages):
            page.update(figures=0, ids=Ids())
            root = self.relative(".", page["file"])
            body = "".join(self.cell_html(cell, page) for cell in page["nb"].cells)
            description = (f'<p class="description">{self.inline_markdown(page["description"], page)}</p>'
                           if page["description"] else "")
            document = PAGE.format(
                title=html.escape(page["title"]), site_title=site_title,
                page_title=html.escape(page["title"]) + ("" if page["title"] == site_title else f" – {site_title}"), root=root, repo=html.escape(repo, quote=True),
                description_meta=html.escape(page["description"], quote=True), description=description,
                home=self.relative(self.pages[0]["file"], page["file"]), sidebar=self.sidebar_html(page),
                body=body, pager=self.pager_html(index), source=html.escape(page["source"]), version=version,
                changelog=html.escape(changelog, quote=True))
            target = self.out / page["file"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(document, encoding="utf-8")
            print(f"{page['file']:32} {page['title']!r:45} figures {page['figures']}")
        print(f"{len(self.pages)} pages in {self.out}/ (open {self.out}/{self.pages[0]['file']})")
        self.search_index()

    def search_index(self):
        "Pagefind's index of every page's <main> (data-pagefind-body), written to pagefind/ in the site."
        result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(self.out)], capture_output=True,
                                text=True)
        indexed = re.search(r"Indexed (\d+) pages?", result.stdout)
        if result.returncode or not (self.out / "pagefind" / "pagefind-ui.js").is_file() or not indexed:
            sys.exit(f"FAIL: pagefind did not index the site:\n{result.stdout}\n{result.stderr}")
        if int(indexed.group(1)) != len(self.pages):
            sys.exit(f"FAIL: pagefind indexed {indexed.group(1)} pages, the site has {len(self.pages)}:\n{result.stdout}")
        print(f"search index: pagefind indexed {indexed.group(1)} pages into {self.out}/pagefind/")

    def inline_markdown(self, text: str, page: dict) -> str:
        rendered = self.markdown(text, page).strip()
        return re.sub(r"^<p>(.*)</p>$", r"\1", rendered, flags=re.S)

    def copy_mathjax(self):
        source = Path(jupyter_server_mathjax.__file__).parent / "static"
        target = self.out / "mathjax"
        shutil.rmtree(target, ignore_errors=True)
        for part in MATHJAX_FILES:
            if (source / part).is_dir():
                shutil.copytree(source / part, target / part, ignore=shutil.ignore_patterns("a11y"))
            else:
                (target / part).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source / part, target / part)


def cell_options(source: str):
    """Quarto's cell options (`#| key: value` lines at the top of a cell, each value one line of YAML) and the code below
    them. nbdev passes the options through one line each (it drops YAML continuation lines), so a list is written in
    flow style: `#| fig-cap: ["first figure", "second figure"]`; a value containing ": " is quoted."""
    lines, options = source.split("\n"), {}
    while lines and lines[0].startswith("#|"):
        match = DIRECTIVE.match(lines.pop(0))
        if match:  # nbdev's own directives without a value (`#| export`, `#| hide`) do not match
            try:
                options[match.group(1)] = yaml.safe_load(match.group(2)) if match.group(2).strip() else None
            except yaml.YAMLError:
                options[match.group(1)] = match.group(2).strip()
    return options, "\n".join(lines).strip("\n")


class FigureOptions:
    "A cell's `fig-alt`, `fig-cap` and `label`, handed out figure by figure as Quarto does."

    def __init__(self, options: dict):
        self.alt, self.cap, self.label = options.get("fig-alt"), options.get("fig-cap"), options.get("label")
        self.count = 0

    @staticmethod
    def pick(value, index: int):
        if isinstance(value, list):
            return str(value[index]) if index < len(value) else None
        return None if value is None else str(value)

    def html(self, src: str, site: "Site", page: dict) -> str:
        index, self.count = self.count, self.count + 1
        alt, cap = self.pick(self.alt, index), self.pick(self.cap, index)
        ident = ""
        if cap and isinstance(self.label, str) and self.label.startswith("fig-"):
            page["numbered_figures"] = page.get("numbered_figures", 0) + 1
            ident = f' id="{html.escape(self.label if index == 0 else f"{self.label}-{index + 1}", quote=True)}"'
            cap = f"Figure {page['numbered_figures']}: {cap}"
        caption_html = site.inline_markdown(cap, page) if cap else ""
        if alt is None:  # pandoc: a captioned figure's image takes the caption's text as its alt text
            alt = re.sub(r"<[^>]+>", "", caption_html) if cap else ""
            alt = html.unescape(alt)
        img = f'<img src="{src}" alt="{html.escape(alt.strip(), quote=True)}">'
        if not cap:
            return f'<figure class="output">{img}</figure>\n'
        return f'<figure class="output"{ident}>{img}<figcaption>{caption_html}</figcaption></figure>\n'


class Ids:
    "Unique heading ids within a page, numbered as pandoc numbers duplicates."

    def __init__(self):
        self.seen = set()

    def unique(self, ident: str) -> str:
        candidate, n = ident, 0
        while candidate in self.seen:
            n += 1
            candidate = f"{ident}-{n}"
        self.seen.add(candidate)
        return candidate


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{page_title}</title>
<meta name="description" content="{description_meta}">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{root}/site.css">
<script type="text/x-mathjax-config">
MathJax.Hub.Config({{
  tex2jax: {{inlineMath: [["\\\\(", "\\\\)"]], displayMath: [["$$", "$$"], ["\\\\[", "\\\\]"]], processEscapes: false}},
  TeX: {{equationNumbers: {{autoNumber: "none"}}}},
  "HTML-CSS": {{availableFonts: [], preferredFont: null, webFont: "STIX-Web", imageFont: null, scale: 95}},
  menuSettings: {{zoom: "None"}},
  showMathMenu: false,
  messageStyle: "none"
}});
</script>
<script src="{root}/mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full"></script>
<link rel="stylesheet" href="{root}/pagefind/pagefind-ui.css">
<script src="{root}/pagefind/pagefind-ui.js"></script>
</head>
<body>
<header class="site-header">
  <a class="site-title" href="{home}">{site_title}</a>
  <a class="site-version" href="{changelog}" title="changes in each version">v{version}</a>
  <div id="search" class="site-search" role="search"></div>
  <nav class="header-links"><a href="{changelog}">Changelog</a><a href="{repo}">Source on GitHub</a></nav>
</header>
<script>
(() => {{
  const box = document.getElementById("search");
  if (location.protocol === "file:") {{  // browsers refuse the search index's fetch() on file: pages
    box.innerHTML = '<input class="search-offline" disabled placeholder="Search: serve this folder, e.g. python -m http.server">';
    return;
  }}
  const root = new URL("{root}/", location.href).pathname;
  new PagefindUI({{element: "#search", bundlePath: root + "pagefind/", baseUrl: root, showSubResults: true,
                   showImages: false, resetStyles: false, translations: {{placeholder: "Search the docs"}}}});
}})();
</script>
<div class="layout">
<nav class="sidebar" aria-label="pages">
<ol>
{sidebar}
</ol>
</nav>
<main data-pagefind-body>
<header class="page-header">
<h1 class="title">{title}</h1>
{description}
</header>
{body}
<nav class="pager" aria-label="previous and next page" data-pagefind-ignore>{pager}</nav>
<footer class="page-footer" data-pagefind-ignore>Rendered from <code>nbs/{source}</code>.</footer>
</main>
</div>
</body>
</html>
"""

CSS = """
:root { --accent: #2c6fbb; --muted: #5b6470; --border: #dde1e6; --code-bg: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: #1f2328; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
.site-header { position: sticky; top: 0; z-index: 10; display: flex; align-items: center; justify-content: space-between;
               padding: 0.6rem 1.5rem; background: var(--accent); }
.site-header a { color: white; }
.site-title { font-weight: 600; font-size: 1.15rem; }
.site-version { margin-left: 0.6rem; font-size: 0.85rem; opacity: 0.85; }
.header-links a { margin-left: 1.2rem; }
.site-search { position: relative; flex: 0 1 26rem; margin: 0 1.5rem 0 auto;
               --pagefind-ui-scale: 0.72; --pagefind-ui-primary: #2c6fbb; --pagefind-ui-border-width: 1px;
               --pagefind-ui-border-radius: 6px; --pagefind-ui-font: inherit; }
.site-search .pagefind-ui__search-input { background: white; }
.site-search .pagefind-ui__drawer { position: absolute; right: 0; top: calc(100% + 0.4rem); width: min(40rem, 92vw);
                                     max-height: 75vh; overflow-y: auto; padding: 0 1rem 0.5rem; background: white;
                                     border: 1px solid var(--border); border-radius: 6px;
                                     box-shadow: 0 8px 24px rgba(0, 0, 0, 0.15); }
.site-search .pagefind-ui__drawer:empty, .site-search .pagefind-ui__drawer:not(:has(*)) { display: none; }
.site-search a, .site-search .pagefind-ui__result-link { color: var(--accent); }
.search-offline { width: 100%; padding: 0.35rem 0.6rem; border: 1px solid #9fbfe3; border-radius: 6px;
                  font: 0.82rem system-ui, sans-serif; background: #f4f8fc; }
.layout { display: flex; align-items: flex-start; max-width: 1280px; margin: 0 auto; }
.sidebar { position: sticky; top: 3rem; flex: 0 0 250px; max-height: calc(100vh - 3rem); overflow-y: auto;
           padding: 1.2rem 0.8rem 1.2rem 1.2rem; font-size: 0.92rem; }
.sidebar ol { list-style: none; margin: 0; padding: 0; }
.sidebar li a { display: block; padding: 0.22rem 0.6rem; border-radius: 4px; color: #30363d; }
.sidebar li a.active { background: #e8f0fa; color: var(--accent); font-weight: 600; }
.sidebar li.section { margin-top: 0.9rem; padding: 0.2rem 0.6rem; color: var(--muted); font-weight: 600;
                      font-size: 0.78rem; letter-spacing: 0.04em; text-transform: uppercase; }
.sidebar li.section:first-child { margin-top: 0; }
main { flex: 1 1 auto; min-width: 0; padding: 1.5rem 2rem 3rem; }
.page-header { margin-bottom: 1.5rem; border-bottom: 1px solid var(--border); padding-bottom: 0.8rem; }
h1.title { margin: 0 0 0.4rem; font-size: 2.1rem; }
p.description { margin: 0; color: var(--muted); font-size: 1.15rem; font-style: italic; }
h2, h3, h4 { margin: 1.8rem 0 0.6rem; line-height: 1.25; }
h2 { font-size: 1.55rem; } h3 { font-size: 1.25rem; } h4 { font-size: 1.05rem; }
a.anchor { visibility: hidden; margin-left: 0.3rem; color: var(--muted); font-weight: normal; }
h2:hover a.anchor, h3:hover a.anchor, h4:hover a.anchor { visibility: visible; }
p, ul, ol { margin: 0.6rem 0; }
code { font: 0.88em/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace;
       background: var(--code-bg); padding: 0.1em 0.3em; border-radius: 4px; }
pre { margin: 0; overflow-x: auto; }
pre code { background: none; padding: 0; }
.cell { margin: 0.9rem 0; }
.highlight { background: var(--code-bg); border: 1px solid var(--border); border-radius: 6px; padding: 0.6rem 0.9rem; }
.highlight pre { font: 0.85rem/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; }
pre.output { margin: 0.3rem 0 0 0.8rem; padding: 0.4rem 0.8rem; border-left: 2px solid #f0a878;
             font: 0.85rem/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; }
pre.output.stderr { background: #fff6f0; }
pre.output.error { background: #fdecec; }
div.output { margin: 0.3rem 0 0 0.8rem; overflow-x: auto; }
div.output.markdown { margin-left: 0; }
div.output.markdown > hr:first-child { margin-top: 1.6rem; }
figure.output { margin: 0.5rem 0 0 0.8rem; }
figure.output img { max-width: 100%; height: auto; }
figure.output figcaption { margin: 0.3rem 0 0; max-width: 50rem; color: var(--muted); font-size: 0.9rem; }
table { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.92rem; }
th, td { border-bottom: 1px solid var(--border); padding: 0.3rem 0.7rem; vertical-align: top; }
th { border-bottom: 2px solid #c5ccd3; text-align: left; }
tbody tr:nth-child(odd) { background: #fafbfc; }
hr { border: 0; border-top: 1px solid var(--border); margin: 1.5rem 0 0.8rem; }
blockquote { margin: 0.6rem 0; padding: 0.1rem 1rem; border-left: 3px solid var(--border); color: var(--muted); }
[class^="callout"] { margin: 1rem 0; padding: 0.2rem 1rem; border-left: 4px solid var(--accent); background: #f3f7fc;
                     border-radius: 4px; }
.callout-warning, .callout-caution, .callout-important { border-left-color: #d9822b; background: #fdf6ee; }
.MathJax_Display { overflow-x: auto; overflow-y: hidden; }
/* MathJax's hidden MathML copy for screen readers asks for TeX web fonts the bundled MathJax does not ship */
.MJX_Assistive_MathML [mathvariant] { font-family: inherit !important; }
.pager { display: flex; justify-content: space-between; gap: 1rem; margin-top: 3rem; border-top: 1px solid var(--border);
         padding-top: 1rem; }
.pager a { display: flex; flex-direction: column; padding: 0.5rem 0.9rem; border: 1px solid var(--border);
           border-radius: 6px; max-width: 48%; }
.pager a span { font-size: 0.8rem; color: var(--muted); }
.pager a.next { margin-left: auto; text-align: right; }
.page-footer { margin-top: 2rem; color: var(--muted); font-size: 0.85rem; }
@media (max-width: 800px) {
  .layout { display: block; } .sidebar { position: static; max-height: none; border-bottom: 1px solid var(--border); }
  main { padding: 1rem; }
}
"""


if __name__ == "__main__":
    proc = Path(sys.argv[1] if len(sys.argv) > 1 else "_proc")
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "_html")
    root = Path(__file__).resolve().parent.parent
    if out.exists():
        shutil.rmtree(out)
    site = Site(proc, out, read_settings(root))
    site.collect()
    site.build()

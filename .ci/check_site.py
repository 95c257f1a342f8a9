"""Open every page of the offline docs site in headless Chromium and fail on what a reader would hit.

The site folder is first copied to a new temporary place and served from there over HTTP (Python's `http.server`, as a
reader serves it to use the search), so a page that still needs a file outside the folder (the build's `.venv`, the
repository) fails here. One Chromium process is driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`:
JSON messages separated by NUL bytes on file descriptors 3 and 4; no extra packages). Each page is loaded, MathJax is
given time to typeset everything, and the rendered page is read back. A page fails on:

- "Math Processing Error" or a TeX error box, or TeX left untypeset in the text;
- an image that did not load, a file that failed to load (scripts, fonts, an HTTP error), a file loaded from outside the
  site, a JavaScript exception;
- a figure without alt text, or with matplotlib's repr (`<Figure size ...>`) as its alt text;
- a machine path (a temporary folder, a site-packages path, a home directory) or a kernel's file name (`ipykernel_...`)
  anywhere in the page, or a stray repr as output text (`<Figure size ...>`, `set_grad_enabled(...)`, `<... at 0x...>`);
- a local link that does not resolve (a missing page or file, or a `#fragment` no element carries), an absolute `file:` link;
- a `<title>` / heading that is not the notebook's `# Title`, a description that is not its `> description` line;
- a sidebar that does not list every page in order, missing previous/next links;
- Markdown printed raw (`[text](url)`), notebook prompts ("In [ ]:", "Out[0]:").

And the site fails when a notebook has no page, when the API index (api.html) misses a public name of the package or
links it to the wrong page, when the search (Pagefind) does not find the pages it should for a few queries or links a
result to a missing page, or when the index page opened as a file (`file:`, where browsers refuse the search index)
shows errors instead of saying that search needs a server.

One summary line per page. Usage: python .ci/check_site.py [_html] [--nbs nbs] [--screenshot page.html=out.png ...]
"""
import argparse
import atexit
import base64
import functools
import importlib
import json
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sidebar import notebooks_in  # noqa: E402  (.ci/sidebar.py)

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
         "--window-size=1280,1000", "--remote-debugging-pipe"]

COLLECT = r"""
(() => {
  const skip = 'pre, code, script, style, nav.sidebar, .MathJax, .MathJax_Display, .MathJax_Preview, .MJX_Assistive_MathML';
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest(skip)) continue;
    if (getComputedStyle(parent).display === 'none') continue;
    texts.push(node.textContent);
  }
  const text = texts.join(' ');
  const find = (re) => { const m = text.match(re); return m ? m.slice(0, 3) : []; };
  return {
    title: document.title,
    h1: (document.querySelector('h1.title') || {}).textContent || '',
    description: (document.querySelector('p.description') || {}).textContent || '',
    mathProcessingErrors: (document.body.innerText.match(/Math Processing Error/g) || []).length,
    texErrors: [...document.querySelectorAll('.MathJax .merror, .MathJax .noError')].map(e => e.textContent).slice(0, 3),
    formulas: document.querySelectorAll('script[type^="math/tex"]').length,
    typeset: document.querySelectorAll('.MathJax, .MathJax_Display, .MathJax_SVG').length,
    mathjaxSrc: [...document.scripts].map(s => s.getAttribute('src')).filter(s => s && /MathJax/.test(s)),
    images: [...document.images].map(i => ({src: i.getAttribute('src'), ok: i.complete && i.naturalWidth > 0})),
    links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),
    nestedLinks: document.querySelectorAll('a a').length,
    ids: [...document.querySelectorAll('[id]')].map(e => e.id),
    sidebar: [...document.querySelectorAll('nav.sidebar a')].map(a => a.getAttribute('href')),
    prev: (document.querySelector('nav.pager a[rel=prev]') || {getAttribute: () => null}).getAttribute('href'),
    next: (document.querySelector('nav.pager a[rel=next]') || {getAttribute: () => null}).getAttribute('href'),
    rawMarkdown: find(/[^\s\[\]]*\]\([^)\s]*\)|\[[^\]\n]*\]\{[^}]*\}|:::+/g),
    rawTex: find(/\$[^$\s][^$]{0,80}\$|\\(?:frac|sum|mathbb|mathcal|operatorname|begin|left|right|log|theta|mid)\b/g),
    prompts: find(/\b(?:In|Out)\s?\[[\s\d]*\]:/g),
    figures: [...document.querySelectorAll('main img')].map(i => ({src: i.getAttribute('src'), alt: i.getAttribute('alt')})),
    captions: document.querySelectorAll('main figure figcaption').length,
    outputText: [...document.querySelectorAll('main .output')].map(e => e.textContent).join('\n'),
    pageText: (document.querySelector('main') || document.body).textContent,
    codeLinks: [...document.querySelectorAll('main a')].filter(a => a.children.length === 1 && a.firstElementChild.tagName === 'CODE')
                 .map(a => [a.textContent, a.getAttribute('href')]),
    offlineSearch: !!document.querySelector('.search-offline'),
    searchBox: !!document.querySelector('.pagefind-ui__search-input'),
  };
})()
"""

WAIT_FOR_MATHJAX = """
new Promise(resolve => {
  const start = Date.now();
  (function wait() {  // once MathJax is ready its typesetting is queued; a callback queued after it runs when it is done
    if (!window.MathJax || !MathJax.Hub) resolve('no MathJax');
    else if (MathJax.isReady) MathJax.Hub.Queue(() => resolve('typeset'));
    else if (Date.now() - start > 60000) resolve('not ready after 60 s');
    else setTimeout(wait, 50);
  })();
})
"""


SEARCH_BOX = """
(async (query) => {  // type into Pagefind's search box; resolves when its first results are on screen
  const wait = (ms) => new Promise(resolve => setTimeout(resolve, ms));
  const start = Date.now();
  let input = null;
  while (!(input = document.querySelector('.pagefind-ui__search-input')) && Date.now() - start < 10000) await wait(50);
  if (!input) return {error: 'no search box on the page'};
  input.value = query;
  input.dispatchEvent(new Event('input', {bubbles: true}));
  while (Date.now() - start < 30000) {
    await wait(100);
    const message = (document.querySelector('.pagefind-ui__message') || {}).textContent || '';
    const links = [...document.querySelectorAll('.pagefind-ui__result-link')].map(a => a.getAttribute('href'));
    if (links.length) return {message, links};
    if (/^No results/i.test(message)) return {message, links: []};
  }
  return {error: 'no search results on screen within 30 s'};
})
"""
SEARCH_RANKING = """
(async (query, bundle) => {  // the same search through Pagefind's API, which the box uses: every result, best first
  const pagefind = await import(bundle + 'pagefind.js');
  const search = await pagefind.search(query);
  return Promise.all(search.results.map(async result => (await result.data()).url));
})
"""
# query -> pages whose subject the query names: at least one of them must be among its first results
SEARCHES = {"PowerBALD": ("stochastic.html",), "saturation": ("batchbald.html", "large_batches.html", "past_saturation.html"),
            "Rashomon": ("rashomon.html",), "expected predictive information gain": ("epig.html",)}
TOP_RESULTS = 5
MACHINE_PATHS = re.compile(r"/tmp/|ipykernel_\d+|site-packages|dist-packages|/home/[\w.-]+/|/root/|/work/|"
                           r"/usr/(?:local/)?lib/python|[A-Z]:\\Users\\")
STRAY_REPRS = re.compile(r"<Figure size [^>]*>|set_grad_enabled\(|object at 0x[0-9a-fA-F]+>|<matplotlib\.[\w.]+|"
                         r"<Axes[:>]|^\s*Text\(-?\d", re.M)


def serve(folder: Path) -> str:
    "Serve a folder over HTTP on a free local port, in a background thread; returns the base URL."
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    atexit.register(server.shutdown)
    return f"http://127.0.0.1:{server.server_address[1]}/"


def api_expectations() -> list:
    "(module, name, page#anchor) for every public name: the page from nbdev's symbol index (_modidx), as the API index links it."
    from batchbald_lit._modidx import d
    expected = []
    for module, symbols in d["syms"].items():
        page = next(iter(symbols.values()))[0].split("#")[0]
        for name in importlib.import_module(module).__all__:
            expected.append((module, name, symbols.get(f"{module}.{name}", (page,))[0]))
    return expected


class Browser:
    "Chromium driven over the DevTools protocol on a pipe."

    def __init__(self, executable: str):
        self.profile = tempfile.mkdtemp(prefix="chromium-profile-")
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()

        def wire():  # the child reads commands on fd 3 and answers on fd 4
            a, b = os.dup(to_browser_r), os.dup(from_browser_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.process = subprocess.Popen([executable, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
                                        preexec_fn=wire, close_fds=False, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.buffer, self.next_id, self.events = b"", 0, []

    def _read(self, timeout: float):
        deadline = time.monotonic() + timeout
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.from_browser], [], [], left)[0]:
                raise TimeoutError("no answer from Chromium")
            chunk = os.read(self.from_browser, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe (did it start?)")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method: str, params=None, session=None, timeout: float = 60):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._read(timeout)
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self.events.append(answer)

    def wait_event(self, method: str, session: str, timeout: float = 60):
        deadline = time.monotonic() + timeout
        while True:
            for i, event in enumerate(self.events):
                if event.get("method") == method and event.get("sessionId") == session:
                    return self.events.pop(i)
            self.events.append(self._read(max(0.01, deadline - time.monotonic())))

    def close(self):
        try:
            self.send("Browser.close", timeout=10)
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


def find_chromium() -> str:
    for name in [os.environ.get("CHROMIUM", ""), "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]:
        if name and shutil.which(name):
            return shutil.which(name)
    sys.exit("FAIL: no Chromium found (apt-get install chromium, or set CHROMIUM=/path/to/chrome)")


def notebook_heading(path: Path):
    "The `# Title` and the whole `> description` paragraph of a notebook's first Markdown cell, as the author wrote them."
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    first = next(c for c in cells if c["cell_type"] == "markdown")
    lines = "".join(first["source"]).splitlines()
    title = next((l[2:].strip() for l in lines if l.startswith("# ")), None)
    start = next((i for i, l in enumerate(lines) if l.startswith(">")), None)
    description = []
    for line in lines[start:] if start is not None else []:
        if not line.strip():
            break
        description.append(line.lstrip(">").strip())
    return title, " ".join(description)


def load(browser, session, url: str, origin: str, site: Path) -> dict:
    "Open one page, let MathJax finish, and read back the page and what its loading did."
    start = time.monotonic()
    browser.events.clear()
    browser.send("Page.navigate", {"url": url}, session=session)
    browser.wait_event("Page.loadEventFired", session)
    state = browser.send("Runtime.evaluate", {"expression": WAIT_FOR_MATHJAX, "awaitPromise": True,
                                              "returnByValue": True}, session=session, timeout=120)
    info = browser.send("Runtime.evaluate", {"expression": COLLECT, "returnByValue": True},
                        session=session)["result"]["value"]
    info["mathjax"] = state.get("result", {}).get("value")
    info.update(network(browser, origin, site))
    info["seconds"] = time.monotonic() - start
    return info


def network(browser, origin: str, site: Path) -> dict:
    "Exceptions, failed requests (including HTTP errors) and requests that left the site, from the recorded events."
    events = browser.events
    requests = {e["params"]["requestId"]: e["params"]["request"]["url"] for e in events
                if e.get("method") == "Network.requestWillBeSent"}
    failed = [requests.get(e["params"]["requestId"], "?") for e in events if e.get("method") == "Network.loadingFailed"]
    failed += [f'{e["params"]["response"]["url"]} (HTTP {e["params"]["response"]["status"]})' for e in events
               if e.get("method") == "Network.responseReceived" and e["params"]["response"]["status"] >= 400]

    def inside(url: str) -> bool:
        if url.startswith(("data:", "about:", "blob:")) or (origin and url.startswith(origin)):
            return True
        return url.startswith("file:") and unquote(urlsplit(url).path).startswith(str(site))

    return {"exceptions": [e["params"]["exceptionDetails"].get("text", "") + " " +
                           str(e["params"]["exceptionDetails"].get("exception", {}).get("description", ""))[:200]
                           for e in events if e.get("method") == "Runtime.exceptionThrown"],
            "failed": [url for url in failed if not url.startswith("about:")],
            "outside": sorted({url for url in requests.values() if not inside(url)})}


# what COLLECT found on a page that is a problem when not empty, and how to say it
FOUND_ON_PAGE = [("mathProcessingErrors", "{} x Math Processing Error"), ("texErrors", "TeX errors: {}"),
                 ("rawTex", "TeX left untypeset in the text: {}"), ("rawMarkdown", "Markdown printed raw: {}"),
                 ("nestedLinks", "{} link(s) nested inside another link"), ("prompts", "notebook prompts in the page: {}")]
LOADING = [("failed", "failed to load: {}"), ("outside", "loaded a file from outside the site: {}"),
           ("exceptions", "JavaScript exception: {}")]


def page_issues(page: str, i: int, order: list, info: dict, results: dict, site: Path, expected: dict,
                sources: dict) -> list:
    "Everything wrong with one loaded page."
    issues = []
    notebook = sources.get(page)
    title, description = expected.get(notebook, (None, None))
    if notebook is None or title is None:
        issues.append(f"no notebook behind this page (footer names {notebook!r})")
    else:
        if info["h1"] != title:
            issues.append(f"heading {info['h1']!r} is not the notebook's title {title!r}")
        if info["title"] != title and not info["title"].startswith(title + " – "):
            issues.append(f"<title> {info['title']!r} does not start with the notebook's title {title!r}")
        if " ".join(info["description"].split()) != " ".join(re.sub(r"[`*]", "", description).split()):
            issues.append(f"description {info['description']!r} is not the notebook's {description!r}")
    if info["mathjax"] != "typeset":
        issues.append(f"MathJax did not finish: {info['mathjax']}")
    issues += [message.format(info[key]) for key, message in FOUND_ON_PAGE if info[key]]
    if any(src.startswith(("file:", "/")) or "://" in src for src in info["mathjaxSrc"]):
        issues.append(f"MathJax not loaded by a relative path: {info['mathjaxSrc']}")
    for image in info["images"]:
        if not image["ok"]:
            issues.append(f"image did not load: {image['src']}")
    for figure in info["figures"]:
        alt = (figure["alt"] or "").strip()
        if not alt:
            issues.append(f"figure without alt text (add `#| fig-alt: ...` to its cell): {figure['src']}")
        elif re.match(r"<Figure size|<matplotlib", alt):
            issues.append(f"figure whose alt text is matplotlib's repr {alt!r}: {figure['src']}")
    issues += [message.format(item) for key, message in LOADING for item in info[key]]
    for match in sorted({m.group(0) for m in MACHINE_PATHS.finditer(info["pageText"])}):
        where = info["pageText"][max(0, info["pageText"].find(match) - 60): info["pageText"].find(match) + 60]
        issues.append(f"machine path or kernel name {match!r} in the page: ...{' '.join(where.split())}...")
    for match in sorted({m.group(0).strip() for m in STRAY_REPRS.finditer(info["outputText"])}):
        issues.append(f"stray repr in an output: {match!r}")
    if not info["searchBox"]:
        issues.append("no search box in the header (served over HTTP, Pagefind's UI should be there)")
    sidebar = [os.path.normpath(os.path.join(os.path.dirname(page), h)) for h in info["sidebar"]]
    if sidebar != order:
        issues.append(f"sidebar {sidebar} differs from the site's order {order}")
    want_prev = order[i - 1] if i > 0 else None
    want_next = order[i + 1] if i + 1 < len(order) else None
    for name, href, want in (("previous", info["prev"], want_prev), ("next", info["next"], want_next)):
        got = os.path.normpath(os.path.join(os.path.dirname(page), href)) if href else None
        if got != want:
            issues.append(f"{name} link {got!r}, expected {want!r}")
    local = 0
    for href in info["links"]:
        parts = urlsplit(href)
        if parts.scheme in ("http", "https", "mailto"):
            continue
        local += 1
        if parts.scheme or href.startswith("/"):
            issues.append(f"absolute local link {href!r}")
            continue
        target = os.path.normpath(os.path.join(os.path.dirname(page), unquote(parts.path))) if parts.path else page
        if target.startswith(".."):
            issues.append(f"link leaves the site: {href!r}")
        elif not (site / target).exists():
            issues.append(f"link to a missing file: {href!r}")
        elif parts.fragment and target in results and unquote(parts.fragment) not in results[target]["ids"]:
            issues.append(f"link to a missing anchor: {href!r}")
    info["local_links"] = local
    return issues


def api_issues(info: dict) -> list:
    "The API index against the package: every public name linked, to the page nbdev's symbol index names."
    links = {}
    for text, href in info["codeLinks"]:
        links.setdefault(text, set()).add(href)
    issues = []
    for module, name, url in api_expectations():
        if name not in links:
            issues.append(f"API index: {module}.{name} is missing")
        elif url not in links[name]:
            issues.append(f"API index: {module}.{name} links to {sorted(links[name])}, not {url}")
    return issues


def search_issues(browser, session, base: str, site: Path) -> tuple:
    "Each query of SEARCHES typed into the served index page's search box, and ranked; returns (issues, summary)."
    issues, summary = [], []
    for query, want in SEARCHES.items():
        browser.events.clear()
        browser.send("Page.navigate", {"url": base + "index.html"}, session=session)
        browser.wait_event("Page.loadEventFired", session)
        shown = browser.send("Runtime.evaluate", {"expression": f"{SEARCH_BOX}({json.dumps(query)})",
                                                  "awaitPromise": True, "returnByValue": True}, session=session, timeout=60)
        shown = shown.get("result", {}).get("value") or {"error": "the search script returned nothing"}
        ranked = browser.send("Runtime.evaluate", {"expression": f"{SEARCH_RANKING}({json.dumps(query)}, "
                                                                 f"{json.dumps(urlsplit(base).path + 'pagefind/')})",
                                                   "awaitPromise": True, "returnByValue": True}, session=session, timeout=60)
        trouble = network(browser, base, site)
        issues += [f"search {query!r}: failed to load {url}" for url in trouble["failed"]]
        issues += [f"search {query!r}: JavaScript exception {text}" for text in trouble["exceptions"]]
        if "error" in shown:
            issues.append(f"search {query!r}: {shown['error']}")
        urls = ranked.get("result", {}).get("value")
        if not isinstance(urls, list):
            issues.append(f"search {query!r}: Pagefind's API gave no results ({ranked})")
            continue
        pages = list(dict.fromkeys(urlsplit(url).path.lstrip("/") or "index.html" for url in urls + shown.get("links", [])))
        for page in pages:
            if not (site / unquote(page)).is_file():
                issues.append(f"search {query!r}: a result links to a missing page {page!r}")
        top = list(dict.fromkeys(urlsplit(url).path.lstrip("/") or "index.html" for url in urls))[:TOP_RESULTS]
        hits = [f"{page} #{top.index(page) + 1}" for page in want if page in top]
        if not hits:
            issues.append(f"search {query!r}: none of {list(want)} among the first {TOP_RESULTS} pages found: {top}")
        summary.append(f"{query!r} -> {', '.join(hits) or '-'} of {len(urls)}")
    return issues, summary


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default="_html")
    parser.add_argument("--nbs", default="nbs", help="the notebooks the pages come from")
    parser.add_argument("--screenshot", action="append", default=[], help="page.html=out.png (full page)")
    args = parser.parse_args()

    site = Path(tempfile.mkdtemp(prefix="moved-site-")) / "site"
    shutil.copytree(args.site, site)  # a new place: nothing may depend on where the site was built
    atexit.register(shutil.rmtree, site.parent, True)
    base = serve(site)
    pages = re.findall(r'<nav class="sidebar".*?</nav>', (site / "index.html").read_text(encoding="utf-8"), re.S)
    order = re.findall(r'href="([^"]+)"', pages[0]) if pages else []
    expected = {nb: notebook_heading(Path(args.nbs) / nb) for nb in notebooks_in(args.nbs)}
    sources = {}  # page -> notebook, from the footer each page carries
    for page in order:
        found = re.search(r"Rendered from <code>nbs/([^<]+)</code>", (site / page).read_text(encoding="utf-8"))
        sources[page] = found.group(1) if found else None
    problems, results = {"(site)": []}, {}
    missing_pages = sorted(set(expected) - set(sources.values()))
    if missing_pages:
        problems["(site)"].append(f"notebooks without a page in the sidebar: {missing_pages}")
    if not (site / "pagefind" / "pagefind-ui.js").is_file():
        problems["(site)"].append("no search index (pagefind/ is missing: build the site with .ci/build_site.py)")

    browser = Browser(find_chromium())
    shots = dict(s.split("=", 1) for s in args.screenshot)
    search_summary = []
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Network", "Log"):
            browser.send(f"{domain}.enable", session=session)
        for page in order:
            results[page] = load(browser, session, base + page, base, site)
            if page in shots:
                metrics = browser.send("Page.getLayoutMetrics", session=session)["cssContentSize"]
                shot = browser.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                                                "clip": {"x": 0, "y": 0, "width": metrics["width"],
                                                                         "height": metrics["height"], "scale": 1}},
                                    session=session)
                Path(shots[page]).write_bytes(base64.b64decode(shot["data"]))
        offline = load(browser, session, (site / order[0]).as_uri(), "", site) if order else None
        issues, search_summary = search_issues(browser, session, base, site)
        problems["(site)"] += issues
    finally:
        browser.close()

    if offline is not None:
        trouble = offline["failed"] + offline["outside"] + offline["exceptions"]
        if trouble or not offline["offlineSearch"]:
            problems["(site)"].append(f"{order[0]} opened as a file: {trouble or 'no note that search needs a server'}")
    if "api.html" in results:
        problems["(site)"] += api_issues(results["api.html"])
    else:
        problems["(site)"].append("no API index page (api.html)")
    for i, page in enumerate(order):
        problems[page] = page_issues(page, i, order, results[page], results, site, expected, sources)

    failed = 0
    for issue in problems["(site)"]:
        print(f"FAIL (site): {issue}")
    failed += bool(problems["(site)"])
    for page in order:
        info, issues = results[page], problems[page]
        status = "ok  " if not issues else "FAIL"
        print(f"{status} {page:28} {info['h1'][:38]!r:42} formulas {info['formulas']:3}  figures "
              f"{len(info['figures']):2} ({info['captions']} captioned)  links {len(info['links']):3} "
              f"({info['local_links']} local)  {info['seconds']:.1f} s")
        for issue in issues:
            print(f"       - {issue}")
        failed += bool(issues)
    print(f"search: {'; '.join(search_summary)}")
    print(f"browser check: {len(order)} pages, {failed} with problems (the site counts as one)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Open every page of the offline docs site in headless Chromium and fail on what a reader would hit.

The site folder is first copied to a new temporary place, so a page that still needs a file outside the folder (the
build's `.venv`, the repository) fails here. One Chromium process is driven over the DevTools protocol on a pipe
(`--remote-debugging-pipe`: JSON messages separated by NUL bytes on file descriptors 3 and 4; no extra packages). Each page
is loaded, MathJax is given time to typeset everything, and the rendered page is read back. A page fails on:

- "Math Processing Error" or a TeX error box, or TeX left untypeset in the text;
- an image that did not load, a file that failed to load (scripts, fonts), a file loaded from outside the site folder,
  a JavaScript exception;
- a local link that does not resolve (a missing page or file, or a `#fragment` no element carries), an absolute `file:` link;
- a `<title>` / heading that is not the notebook's `# Title`, a description that is not its `> description` line;
- a sidebar that does not list every page in order, missing previous/next links;
- Markdown printed raw (`[text](url)`), notebook prompts ("In [ ]:", "Out[0]:").

One summary line per page. Usage: python .ci/check_site.py [_html] [--nbs nbs] [--screenshot page.html=out.png ...]
"""
import argparse
import atexit
import base64
import json
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default="_html")
    parser.add_argument("--nbs", default="nbs", help="the notebooks the pages come from")
    parser.add_argument("--screenshot", action="append", default=[], help="page.html=out.png (full page)")
    args = parser.parse_args()

    site = Path(tempfile.mkdtemp(prefix="moved-site-")) / "site"
    shutil.copytree(args.site, site)  # a new place: nothing may depend on where the site was built
    atexit.register(shutil.rmtree, site.parent, True)
    pages = re.findall(r'<nav class="sidebar".*?</nav>', (site / "index.html").read_text(encoding="utf-8"), re.S)
    order = re.findall(r'href="([^"]+)"', pages[0]) if pages else []
    expected = {}
    for nb in sorted(Path(args.nbs).rglob("*.ipynb")):
        if nb.name.startswith(("_", ".")) or "_proc" in nb.parts:
            continue
        expected[nb.relative_to(args.nbs).as_posix()] = notebook_heading(nb)
    sources = {}  # page -> notebook, from the footer each page carries
    for page in order:
        found = re.search(r"Rendered from <code>nbs/([^<]+)</code>", (site / page).read_text(encoding="utf-8"))
        sources[page] = found.group(1) if found else None
    problems, results = {}, {}
    missing_pages = sorted(set(expected) - set(sources.values()))
    if missing_pages:
        problems["(site)"] = [f"notebooks without a page in the sidebar: {missing_pages}"]

    browser = Browser(find_chromium())
    shots = dict(s.split("=", 1) for s in args.screenshot)
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Network", "Log"):
            browser.send(f"{domain}.enable", session=session)
        for page in order:
            start = time.monotonic()
            browser.events.clear()
            browser.send("Page.navigate", {"url": (site / page).as_uri()}, session=session)
            browser.wait_event("Page.loadEventFired", session)
            state = browser.send("Runtime.evaluate", {"expression": WAIT_FOR_MATHJAX, "awaitPromise": True,
                                                      "returnByValue": True}, session=session, timeout=120)
            info = browser.send("Runtime.evaluate", {"expression": COLLECT, "returnByValue": True},
                                session=session)["result"]["value"]
            info["mathjax"] = state.get("result", {}).get("value")
            info["exceptions"] = [e["params"]["exceptionDetails"].get("text", "") + " " +
                                  str(e["params"]["exceptionDetails"].get("exception", {}).get("description", ""))[:200]
                                  for e in browser.events if e.get("method") == "Runtime.exceptionThrown"]
            failed_ids = {e["params"]["requestId"] for e in browser.events if e.get("method") == "Network.loadingFailed"}
            info["failed"] = [e["params"]["request"]["url"] for e in browser.events
                              if e.get("method") == "Network.requestWillBeSent" and e["params"]["requestId"] in failed_ids]
            info["outside"] = sorted({e["params"]["request"]["url"] for e in browser.events
                                      if e.get("method") == "Network.requestWillBeSent"
                                      and e["params"]["request"]["url"].startswith("file:")
                                      and not unquote(urlsplit(e["params"]["request"]["url"]).path).startswith(str(site))})
            info["seconds"] = time.monotonic() - start
            results[page] = info
            if page in shots:
                metrics = browser.send("Page.getLayoutMetrics", session=session)["cssContentSize"]
                shot = browser.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                                                "clip": {"x": 0, "y": 0, "width": metrics["width"],
                                                                         "height": metrics["height"], "scale": 1}},
                                    session=session)
                Path(shots[page]).write_bytes(base64.b64decode(shot["data"]))
    finally:
        browser.close()

    site_title = None
    for i, page in enumerate(order):
        info, issues = results[page], problems.setdefault(page, [])
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
        if info["mathProcessingErrors"]:
            issues.append(f"{info['mathProcessingErrors']} x Math Processing Error")
        if info["texErrors"]:
            issues.append(f"TeX errors: {info['texErrors']}")
        if info["rawTex"]:
            issues.append(f"TeX left untypeset in the text: {info['rawTex']}")
        if any(src.startswith(("file:", "/")) or "://" in src for src in info["mathjaxSrc"]):
            issues.append(f"MathJax not loaded by a relative path: {info['mathjaxSrc']}")
        for image in info["images"]:
            if not image["ok"]:
                issues.append(f"image did not load: {image['src']}")
        for url in info["failed"]:
            if url.startswith("about:"):
                continue
            issues.append(f"failed to load: {url}")
        for url in info["outside"]:
            issues.append(f"loaded a file from outside the site folder: {url}")
        for text in info["exceptions"]:
            issues.append(f"JavaScript exception: {text}")
        if info["rawMarkdown"]:
            issues.append(f"Markdown printed raw: {info['rawMarkdown']}")
        if info["nestedLinks"]:
            issues.append(f"{info['nestedLinks']} link(s) nested inside another link")
        if info["prompts"]:
            issues.append(f"notebook prompts in the page: {info['prompts']}")
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

    failed = 0
    for page in ["(site)"] + order:
        issues = problems.get(page, [])
        if page == "(site)":
            for issue in issues:
                print(f"FAIL (site): {issue}")
            failed += bool(issues)
            continue
        info = results[page]
        status = "ok  " if not issues else "FAIL"
        print(f"{status} {page:28} {info['h1'][:38]!r:42} formulas {info['formulas']:3}  figures "
              f"{len(info['images']):2}  links {len(info['links']):3} ({info['local_links']} local)  "
              f"{info['seconds']:.1f} s")
        for issue in issues:
            print(f"       - {issue}")
        failed += bool(issues)
    print(f"browser check: {len(order)} pages, {failed} with problems")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

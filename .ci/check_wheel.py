"""Checks on the built sdist and wheel (in dist/): LICENSE inside both, an SPDX license expression, no license classifier.

Usage: python .ci/check_wheel.py dist
"""
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

dist = Path(sys.argv[1] if len(sys.argv) > 1 else "dist")
problems = []
license_text = Path("LICENSE").read_text(encoding="utf-8")
sdists, wheels = sorted(dist.glob("*.tar.gz")), sorted(dist.glob("*.whl"))
if len(sdists) != 1 or len(wheels) != 1:
    sys.exit(f"FAIL: expected one sdist and one wheel in {dist}/, found {[p.name for p in dist.iterdir()]}")
with tarfile.open(sdists[0]) as sdist:
    names = sdist.getnames()
    root = names[0].split("/")[0]
    for required in ("LICENSE", "settings.ini", "README.md", "setup.py"):
        if f"{root}/{required}" not in names:
            problems.append(f"sdist lacks {required}")
    if f"{root}/LICENSE" in names and sdist.extractfile(f"{root}/LICENSE").read().decode() != license_text:
        problems.append("sdist LICENSE differs from LICENSE")
    sdist_meta = Parser().parsestr(sdist.extractfile(f"{root}/PKG-INFO").read().decode())
with zipfile.ZipFile(wheels[0]) as wheel:
    info = next(n.split("/")[0] for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
    licenses = [n for n in wheel.namelist() if n.startswith(f"{info}/licenses/")]
    if f"{info}/licenses/LICENSE" not in licenses:
        problems.append(f"wheel lacks {info}/licenses/LICENSE (has {licenses})")
    elif wheel.read(f"{info}/licenses/LICENSE").decode() != license_text:
        problems.append("wheel LICENSE differs from LICENSE")
    wheel_meta = Parser().parsestr(wheel.read(f"{info}/METADATA").decode())
    modules = sorted(n for n in wheel.namelist() if n.endswith(".py"))
for name, meta in (("sdist", sdist_meta), ("wheel", wheel_meta)):
    if meta.get("License-Expression") != "Apache-2.0":
        problems.append(f"{name} metadata: License-Expression is {meta.get('License-Expression')!r}, not 'Apache-2.0'")
    classifiers = [c for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    if classifiers:
        problems.append(f"{name} metadata: license classifiers {classifiers} (deprecated next to an SPDX expression)")
for problem in problems:
    print(f"FAIL {problem}")
print(f"{sdists[0].name}, {wheels[0].name} ({len(modules)} modules): LICENSE in both, "
      f"License-Expression {wheel_meta.get('License-Expression')}" if not problems else "FAIL: the package artifacts")
sys.exit(1 if problems else 0)

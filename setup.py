"""Setup for batchbald_lit: everything is read from settings.ini (nbdev 2 layout)."""
from configparser import ConfigParser

import setuptools

config = ConfigParser(delimiters=["="])
config.read("settings.ini", encoding="utf-8")
cfg = config["DEFAULT"]

# settings.ini's nbdev license names as SPDX license expressions (PEP 639): setuptools >= 77 writes
# `License-Expression` and warns about license classifiers, so there is none below.
spdx_licenses = {"apache2": "Apache-2.0", "mit": "MIT", "bsd3": "BSD-3-Clause", "gpl3": "GPL-3.0-only"}
statuses = ["Planning", "Pre-Alpha", "Alpha", "Beta", "Production/Stable", "Mature", "Inactive"]
py_versions = "3.9 3.10 3.11 3.12 3.13".split()

min_python = cfg["min_python"]
requirements = cfg.get("requirements", "").split()
dev_requirements = cfg.get("dev_requirements", "").split()
extras = {"dev": dev_requirements}
for key, value in cfg.items():
    if key.startswith("extra_") and key.endswith("_requirements"):
        extras[key[len("extra_") : -len("_requirements")]] = value.split()

setuptools.setup(
    name=cfg["lib_name"],
    version=cfg["version"],
    description=cfg["description"],
    long_description=open("README.md", encoding="utf-8").read(),
    long_description_content_type="text/markdown",
    license_expression=spdx_licenses[cfg["license"].lower()],  # Metadata "License-Expression" (needs setuptools >= 77)
    license_files=["LICENSE"],
    classifiers=[
        "Development Status :: " + cfg["status"] + " - " + statuses[int(cfg["status"])],
        "Intended Audience :: " + cfg["audience"],
        "Natural Language :: " + cfg["language"],
        "Topic :: Scientific/Engineering :: Artificial Intelligence",
    ]
    + [f"Programming Language :: Python :: {v}" for v in py_versions[py_versions.index(min_python) :]],
    url=cfg["git_url"],
    author=cfg["author"],
    author_email=cfg["author_email"],
    keywords=cfg["keywords"],
    packages=setuptools.find_packages(include=[cfg["lib_name"], cfg["lib_name"] + ".*"]),
    include_package_data=True,
    install_requires=requirements,
    extras_require=extras,
    python_requires=">=" + min_python,
    zip_safe=False,
    entry_points={
        "console_scripts": cfg.get("console_scripts", "").split(),
        "nbdev": [f"{cfg['lib_path']}={cfg['lib_path']}._modidx:d"],
    },
)

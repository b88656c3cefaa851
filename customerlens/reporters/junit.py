"""JUnit XML: the test-report format every CI server can show.

One testcase per document, one <failure> per finding at or above the file's fail level and one
for a score under its fail-under — what fails the run fails the test; an <error> for a file that
could not be read; the score and the findings below the fail level go to <system-out>. XML 1.0
cannot hold most control characters, which a draft may contain: they become U+FFFD rather than an
unparsable report.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from customerlens.exitcodes import score_gate
from customerlens.model import FileResult, Level, RunResult
from customerlens.model.identity import sorted_findings
from customerlens.model.jsonable import one_line
from customerlens.reporters.base import ReportOptions
from customerlens.reporters.github import score_line

NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return NOT_XML.sub("\ufffd", text)


def _element(parent: ET.Element, tag: str, text: str = "", **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {key: _clean(value) for key, value in attributes.items()})
    element.text = _clean(text) or None
    return element


def _failing(file: FileResult) -> bool:
    level = file.fail_level or Level.WARNING
    return any(f.level >= level for f in file.findings) or score_gate(file) is not None


def _testcase(suite: ET.Element, file: FileResult) -> None:
    case = _element(suite, "testcase", name=file.path, classname="customerlens", file=file.path)
    if file.error is not None:
        _element(case, "error", file.error, message=one_line(file.error), type="unreadable")
    level = file.fail_level or Level.WARNING
    below = []
    for f in sorted_findings(file):
        details = (
            f"{file.path}:{f.line}:{f.column}: {f.level.label} [{f.rule}]\n{f.message.strip()}"
        )
        if f.advice():
            details += f"\n{f.advice().strip()}"
        if f.level < level:
            below.append(details)
            continue
        message = f"{f.position} [{f.rule}] {one_line(f.message)}"
        _element(case, "failure", details, message=message, type=f.rule)
    if (gate := score_gate(file)) is not None:
        _element(case, "failure", gate, message=gate, type="fail-under")
    out = [line for line in (score_line(file), *below) if line]
    if out:
        _element(case, "system-out", "\n\n".join(out))


class JunitReporter:
    def render(self, result: RunResult, options: ReportOptions) -> str:
        counts = {
            "tests": str(len(result.files)),
            "failures": str(sum(1 for file in result.files if _failing(file))),
            "errors": str(len(result.errors)),
        }
        root = ET.Element("testsuites", {"name": "customerlens", **counts})
        suite = _element(root, "testsuite", name="customerlens", **counts)
        for file in result.files:
            _testcase(suite, file)
        ET.indent(root)
        return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


REPORTER = JunitReporter()

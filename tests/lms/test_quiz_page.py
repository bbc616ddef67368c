"""The SCORM quiz page in headless Chromium: inside an LMS frame it reports through the API; alone it still scores."""

from __future__ import annotations

import html
import json
import re
import subprocess
import zipfile
from pathlib import Path

from tests.conftest import needs_programs
from tests.lms.lms_project import LMS

needs_chromium = needs_programs("chromium", install="apt-get install chromium")

# The LMS's side: a SCORM 1.2 API that records each call, and the quiz in a frame below it, as LMSs show SCOs.
_LMS_FRAME = """<!DOCTYPE html><html><head><script>
window.calls = [];
window.API = {};
["LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit", "LMSGetLastError",
 "LMSGetErrorString", "LMSGetDiagnostic"].forEach(function (name) {
  window.API[name] = function () {
    window.calls.push([name].concat([].slice.call(arguments)));
    return name === "LMSGetLastError" ? "0" : "true";
  };
});
function report(result, errors) {
  var log = document.createElement("pre");
  log.id = "log";
  log.textContent = JSON.stringify({calls: window.calls, result: result, errors: errors});
  document.body.appendChild(log);
}
</script></head><body><iframe src="answered.html"></iframe></body></html>"""

# The learner: answers every question (the first `wrong` of them wrongly) and submits.
_LEARNER = """<script>
window.onerror = function (message) { (window.pageErrors = window.pageErrors || []).push(String(message)); };
</script>"""
_ANSWER = """<script>
(function () {
  var data = JSON.parse(document.getElementById("quiz-data").textContent);
  data.correct.forEach(function (right, index) {
    var name = "q" + (index + 1);
    var count = document.querySelectorAll('input[name="' + name + '"]').length;
    var pick = index < WRONG ? (right + 1) % count : right;
    document.querySelector('input[name="' + name + '"][value="' + pick + '"]').checked = true;
  });
  document.getElementById("quiz").requestSubmit();
  var result = document.getElementById("result").textContent;
  if (window.parent !== window) { window.parent.report(result, window.pageErrors || []); }
  else {
    var log = document.createElement("pre");
    log.id = "log";
    log.textContent = JSON.stringify({result: result, errors: window.pageErrors || []});
    document.body.appendChild(log);
  }
})();
</script>"""


def _drive(packed: Path, folder: Path, wrong: int, in_lms: bool) -> dict:
    """Open the package's quiz page in Chromium, answered, in an LMS frame or alone; return what it logged."""
    page = zipfile.ZipFile(packed / LMS / "ceo-vs-coo-scorm.zip").read("quiz.html").decode("utf-8")
    answered = page.replace("<head>", "<head>" + _LEARNER, 1).replace(
        "</body>", _ANSWER.replace("WRONG", str(wrong)) + "</body>", 1
    )
    (folder / "answered.html").write_text(answered, encoding="utf-8")
    (folder / "lms.html").write_text(_LMS_FRAME, encoding="utf-8")
    opened = folder / ("lms.html" if in_lms else "answered.html")
    command = [
        "chromium",
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        # A frame's file:// page may reach its parent's API only so, as an LMS's pages share their origin.
        "--allow-file-access-from-files",
        f"--user-data-dir={folder / 'profile'}",
        "--dump-dom",
        opened.as_uri(),
    ]
    dom = subprocess.run(command, capture_output=True, text=True, timeout=120).stdout
    found = re.search(r'<pre id="log">(.*?)</pre>', dom, re.S)
    assert found, f"the page logged nothing: {dom[:500]}"
    return json.loads(html.unescape(found.group(1)))


def _set(calls: list) -> dict[str, str]:
    return {call[1]: call[2] for call in calls if call[0] == "LMSSetValue"}


@needs_chromium
def test_all_right_reports_a_full_score_and_passed_then_finishes(packed, tmp_path):
    log = _drive(packed, tmp_path, wrong=0, in_lms=True)
    calls = log["calls"]
    assert calls[0] == ["LMSInitialize", ""]
    assert _set(calls) == {
        "cmi.core.score.min": "0",
        "cmi.core.score.max": "100",
        "cmi.core.score.raw": "100",
        "cmi.core.lesson_status": "passed",
    }
    assert [c[0] for c in calls[-2:]] == ["LMSCommit", "LMSFinish"]
    assert log["errors"] == []


@needs_chromium
def test_one_wrong_of_four_is_75_and_failed_below_the_mastery_score(packed, tmp_path):
    log = _drive(packed, tmp_path, wrong=1, in_lms=True)
    assert _set(log["calls"])["cmi.core.score.raw"] == "75"
    assert _set(log["calls"])["cmi.core.lesson_status"] == "failed"
    assert log["calls"][-1] == ["LMSFinish", ""]
    assert "3 of 4" in log["result"]


@needs_chromium
def test_opened_as_a_file_without_an_lms_the_page_scores_without_errors(packed, tmp_path):
    log = _drive(packed, tmp_path, wrong=0, in_lms=False)
    assert log["errors"] == []
    assert log["result"].startswith("You answered 4 of 4 correctly (100%).")

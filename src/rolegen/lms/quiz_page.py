"""The SCORM package's quiz: one self-contained HTML page that scores itself and tells the LMS through the SCORM 1.2 API."""

from __future__ import annotations

import html
import json

from rolegen.lms.questions import Quiz

# The SCORM 1.2 run-time: find the LMS's API object up the frames and openers (the ADL
# "findAPI" walk), then LMSInitialize, the score and status, LMSCommit, LMSFinish. Opened as a
# file without an LMS there is no API: the page still scores itself and shows the result.
_SCRIPT = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("quiz-data").textContent);
  function findAPI(win) {
    var tries = 0;
    while (win && !win.API && win.parent && win.parent !== win && tries < 10) { win = win.parent; tries++; }
    return win && win.API ? win.API : null;
  }
  function getAPI() {
    var api = null;
    try { api = findAPI(window); } catch (e) { api = null; }
    if (!api) { try { api = window.opener ? findAPI(window.opener) : null; } catch (e) { api = null; } }
    return api;
  }
  var api = getAPI();
  var started = false;
  if (api) { started = String(api.LMSInitialize("")) === "true"; }
  function say(key, values) {
    return data.words[key].replace(/\\{(\\w+)\\}/g, function (m, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : m;
    });
  }
  function chosen(number) {
    var picked = document.querySelector('input[name="q' + number + '"]:checked');
    return picked ? Number(picked.value) : -1;
  }
  var finished = false;
  document.getElementById("quiz").addEventListener("submit", function (event) {
    event.preventDefault();
    var score = 0;
    data.correct.forEach(function (right, index) {
      var ok = chosen(index + 1) === right;
      if (ok) { score++; }
      var note = document.getElementById("feedback-" + (index + 1));
      note.textContent = (ok ? data.words.correct : data.words.wrong) + " " + data.feedback[index];
      note.hidden = false;
    });
    var total = data.correct.length;
    var percent = total ? Math.round(100 * score / total) : 0;
    var passed = percent >= data.mastery;
    var result = document.getElementById("result");
    result.textContent = say("score", {score: score, total: total, percent: percent}) + " " +
      (passed ? data.words.passed : say("failed", {mastery: data.mastery}));
    result.hidden = false;
    if (api && started && !finished) {
      api.LMSSetValue("cmi.core.score.min", "0");
      api.LMSSetValue("cmi.core.score.max", "100");
      api.LMSSetValue("cmi.core.score.raw", String(percent));
      api.LMSSetValue("cmi.core.lesson_status", passed ? "passed" : "failed");
      api.LMSCommit("");
      // One report a launch, as SCORM 1.2 has it: a new attempt is a new launch.
      api.LMSFinish("");
      finished = true;
    }
  });
  window.addEventListener("unload", function () { if (api && started && !finished) { api.LMSFinish(""); } });
})();
"""

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 42rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
fieldset { border: 1px solid #888; border-radius: 0.4rem; margin: 0 0 1rem; padding: 0.5rem 1rem; }
legend { font-weight: 600; padding: 0 0.3rem; }
label { display: block; padding: 0.2rem 0; }
.feedback, #result { background: #f2f2f2; border-left: 0.3rem solid #555; padding: 0.4rem 0.8rem; }
button { font: inherit; padding: 0.4rem 1rem; }
"""


def quiz_page(quiz: Quiz) -> bytes:
    """Return the quiz page: every text escaped for HTML, the data for the script as JSON no text can end early."""
    words = quiz.words
    data = {
        "correct": [question.correct for question in quiz.questions],
        "feedback": [question.feedback for question in quiz.questions],
        "mastery": quiz.mastery,
        "words": {key: words[f"lms_{key}"] for key in ("score", "passed", "failed", "correct", "wrong")},
    }
    e = html.escape
    fieldsets = []
    for number, question in enumerate(quiz.questions, start=1):
        choices = "".join(
            f'<label><input type="radio" name="q{number}" value="{index}"> {e(choice)}</label>'
            for index, choice in enumerate(question.choices)
        )
        fieldsets.append(
            f'<fieldset id="question-{number}"><legend>{number}. {e(question.stem)}</legend>{choices}'
            f'<p class="feedback" id="feedback-{number}" hidden></p></fieldset>'
        )
    page = "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{e(quiz.lang)}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            # Nothing is fetched from anywhere: the page works offline and in a locked-down LMS.
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            "script-src 'unsafe-inline'; style-src 'unsafe-inline'\">",
            f"<title>{e(quiz.title)}</title>",
            f"<style>{_STYLE}</style>",
            "</head>",
            "<body>",
            f"<h1>{e(quiz.title)}</h1>",
            f"<p>{e(quiz.instructions)}</p>",
            '<form id="quiz">',
            *fieldsets,
            f'<button type="submit">{e(words["lms_submit"])}</button>',
            "</form>",
            '<p id="result" role="status" hidden></p>',
            f'<script type="application/json" id="quiz-data">{_json_in_html(data)}</script>',
            f"<script>{_SCRIPT}</script>",
            "</body>",
            "</html>",
            "",
        ]
    )
    return page.encode("utf-8")


def _json_in_html(data: dict) -> str:
    # Inside <script> only '</' could end the element early; '<', '>' and '&' as \\u escapes rule it out,
    # and U+2028/9 are escaped so the text is valid JavaScript as well as JSON.
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text

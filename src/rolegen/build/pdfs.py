"""The PDFs a build makes with LibreOffice: of packs' and SCORM packages' documents, and each new hire's."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

from rolegen.build.plan import Output
from rolegen.build.staging import Staging
from rolegen.cache import BuildCache
from rolegen.inputs.project import SUFFIXES, Project

_PARTS = ("deck", "handout")


def group(output: Output) -> tuple[str, str, str]:
    """Return what an output's documents are the documents of: its brand, comparison and language."""
    return output.brand, output.comparison, output.lang


def shared_pdfs(outputs: list[Output], parts: dict[Output, bytes], infos: dict) -> dict[tuple, dict[str, bytes]]:
    """Convert the documents that packs with PDFs and SCORM packages hold to PDF, in one LibreOffice call.

    Return {(brand, comparison, lang): {kind: PDF}}: a pack holds both PDFs, a SCORM package the deck's.
    """
    import tempfile

    from rolegen.render.pdf import reproducible_pdf
    from rolegen.render.preview import to_pdf

    wanted: dict[tuple[str, str, str], set[str]] = {}
    stamps = {}
    for output in outputs:
        wanted.setdefault(group(output), set()).update(_PARTS if output.kind == "pack" else ("deck",))
        stamps[group(output)] = infos[output].stamp
    groups = sorted(wanted)
    with tempfile.TemporaryDirectory(prefix="rolegen-pdf-") as temp:
        folder = Path(temp)
        sources: dict[str, Path] = {}
        for index, key in enumerate(groups):
            for kind in sorted(wanted[key]):
                path = folder / f"{index}-{kind}{SUFFIXES[kind]}"
                path.write_bytes(parts[Output(key[0], key[1], kind, key[2])])
                sources[f"{index}-{kind}"] = path
        made = to_pdf(sources, folder / "pdf")
        return {
            key: {
                kind: reproducible_pdf(made[f"{index}-{kind}"].read_bytes(), stamps[key])
                for kind in sorted(wanted[key])
            }
            for index, key in enumerate(groups)
        }


def personal_pdfs(
    project: Project, outputs: list[Output], parts: dict[Output, bytes], cache: BuildCache, staging: Staging
) -> dict[Output, tuple[object, float, tuple[str, ...]]]:
    """Convert new hires' handouts to PDF in one LibreOffice call, each stamped as its handout is."""
    import tempfile

    from rolegen.build.documents import load_inputs
    from rolegen.content import dates
    from rolegen.render.pdf import reproducible_pdf
    from rolegen.render.preview import to_pdf

    clock = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="rolegen-pdf-") as temp:
        folder = Path(temp)
        sources = {}
        for index, output in enumerate(outputs):  # numbered, not named: a temporary path holds no name
            path = folder / f"{index}.docx"
            part = parts[replace(output, kind="handout")]
            path.write_bytes(part if isinstance(part, bytes) else part.read())
            sources[str(index)] = path
        made = to_pdf(sources, folder / "pdf")
        result = {}
        for index, output in enumerate(outputs):
            _, comparison = load_inputs(project, output.brand, output.comparison, cache)
            data = reproducible_pdf(made[str(index)].read_bytes(), dates.build_timestamp(comparison))
            result[output] = (staging.keep(data), (time.perf_counter() - clock) / len(outputs), ())
    return result

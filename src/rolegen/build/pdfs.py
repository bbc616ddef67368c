"""The PDFs a build makes with LibreOffice: of packs' and SCORM packages' documents, and each new hire's."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

from rolegen.build.plan import Output
from rolegen.build.staging import Staged, Staging, contents
from rolegen.cache import BuildCache
from rolegen.inputs.project import SUFFIXES, Project

_PARTS = ("deck", "handout")


def group(output: Output) -> tuple[str, str, str]:
    """Return what an output's documents are the documents of: its brand, comparison and language."""
    return output.brand, output.comparison, output.lang


def convert(documents: dict[str, tuple[str, bytes]], stamps: dict[str, object]) -> dict[str, bytes]:
    """Convert {name: (suffix, bytes)} to PDFs with one LibreOffice call, each stamped with stamps[name].

    Names, not file names, go to LibreOffice: a temporary path holds no title and no person's name.
    """
    import tempfile

    from rolegen.render.pdf import reproducible_pdf
    from rolegen.render.preview import to_pdf

    with tempfile.TemporaryDirectory(prefix="rolegen-pdf-") as temp:
        folder = Path(temp)
        sources = {}
        for name, (suffix, data) in documents.items():
            sources[name] = folder / f"{name}{suffix}"
            sources[name].write_bytes(data)
        made = to_pdf(sources, folder / "pdf")
        return {name: reproducible_pdf(made[name].read_bytes(), stamps[name]) for name in documents}


def shared_pdfs(
    outputs: list[Output], parts: dict[Output, bytes | Staged], infos: dict
) -> dict[tuple, dict[str, bytes]]:
    """Convert the documents that packs with PDFs and SCORM packages hold to PDF, in one LibreOffice call.

    Return {(brand, comparison, lang): {kind: PDF}}: a pack holds both PDFs, a SCORM package the deck's.
    """
    wanted: dict[tuple[str, str, str], set[str]] = {}
    stamps = {}
    for output in outputs:
        wanted.setdefault(group(output), set()).update(_PARTS if output.kind == "pack" else ("deck",))
        stamps[group(output)] = infos[output].stamp
    groups = sorted(wanted)
    documents, named = {}, {}
    for index, key in enumerate(groups):
        for kind in sorted(wanted[key]):
            named[f"{index}-{kind}"] = stamps[key]
            documents[f"{index}-{kind}"] = (SUFFIXES[kind], contents(parts[Output(key[0], key[1], kind, key[2])]))
    made = convert(documents, named)
    return {key: {kind: made[f"{index}-{kind}"] for kind in sorted(wanted[key])} for index, key in enumerate(groups)}


def personal_pdfs(
    project: Project, outputs: list[Output], parts: dict[Output, bytes | Staged], cache: BuildCache, staging: Staging
) -> dict[Output, tuple[object, float, tuple[str, ...]]]:
    """Convert new hires' handouts to PDF in one LibreOffice call, each stamped as its handout is."""
    from rolegen.build.documents import load_inputs
    from rolegen.content import dates

    clock = time.perf_counter()
    documents, stamps = {}, {}
    for index, output in enumerate(outputs):  # numbered, not named: a temporary path holds no name
        part = parts[replace(output, kind="handout")]
        documents[str(index)] = (".docx", contents(part))
        stamps[str(index)] = dates.build_timestamp(load_inputs(project, output.brand, output.comparison, cache)[1])
    made = convert(documents, stamps)
    seconds = (time.perf_counter() - clock) / len(outputs)
    return {output: (staging.keep(made[str(index)]), seconds, ()) for index, output in enumerate(outputs)}

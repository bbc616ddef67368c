"""The one orchestrator: skip the current outputs of a plan, render the rest, write them all or none."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from rolegen.build import manifest
from rolegen.build.fingerprint import Fingerprinter, data_digest, file_digest
from rolegen.build.output import check_real_folder, remove_stale_temps, write_all_atomic
from rolegen.build.plan import LMS_FORMATS, Output, Shard
from rolegen.build.workers import Progress, Rendered, Silent, render_all
from rolegen.cache import BuildCache
from rolegen.errors import RolegenError
from rolegen.inputs.project import Project

if TYPE_CHECKING:
    from rolegen.build.staging import Staged

_PARTS = ("deck", "handout")  # what a pack is made of
# The outputs made of others: a pack of the deck and handout, the SCORM package of the handout and
# the deck's PDF.
_MADE_OF = {"pack": _PARTS, "scorm": _PARTS}


@dataclass(frozen=True)
class Status:
    """Whether an output on disk is what its current inputs would give."""

    output: Output
    state: str  # current, missing, stale (inputs changed or unknown) or edited (by hand)
    inputs: str
    pdf: bool = False  # a pack that holds (or is to hold) PDFs of its deck and handout


@dataclass(frozen=True)
class Built:
    """One output a build wrote."""

    output: Output
    seconds: float
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Summary:
    """What a build did, for people and for --json."""

    built: tuple[Built, ...]
    skipped: tuple[Output, ...]
    seconds: float
    broken: tuple[str, ...] = ()  # one error per brand kit that could not be loaded; its outputs were left out

    def as_json(self) -> dict:
        """Return the summary as plain data for `--json`."""
        return {
            "built": [b.output.key for b in self.built],
            "skipped": [o.key for o in self.skipped],
            "warnings": [{"output": b.output.key, "message": m} for b in self.built for m in b.warnings],
            "timings": {
                "outputs": {b.output.key: round(b.seconds, 3) for b in self.built},
                "total": round(self.seconds, 3),
            },
            "broken": list(self.broken),
        }


class BrokenKits(RolegenError):
    """Some brand kits could not be loaded; every output of the other kits was built."""

    def __init__(self, messages: tuple[str, ...]):
        self.messages = messages
        super().__init__(f"{messages[0]} ({len(messages)} brand kit(s) broken; the other brands were built)")

    def show(self, file=None) -> None:
        """Print each broken kit's error on a line of its own, then what was done."""
        import click

        for message in self.messages:
            click.echo(f"Error: {message}", err=True)
        click.echo(
            f"Error: {len(self.messages)} brand kit(s) broken: their outputs were not built; every other output was",
            err=True,
        )


def cores() -> int:
    """Return the cores this process may run on (a CI runner's cgroup or taskset may give fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


def survey(project: Project, outputs: Iterable[Output], pdf: bool | None = None) -> list[Status]:
    """Return each output's status, reading only the manifest, the inputs and the outputs' bytes.

    pdf says whether packs hold PDFs; None: each pack as the manifest says it was built.
    """
    return _survey(project, outputs, pdf)[0]


def check(project: Project, outputs: Iterable[Output], pdf: bool | None = None) -> list[Status]:
    """Return the outputs that are missing, stale or edited by hand; write nothing (pdf as in survey)."""
    return [s for s in survey(project, outputs, pdf) if s.state != "current"]


def build(
    project: Project,
    outputs: list[Output],
    *,
    force: bool = False,
    jobs: int | None = None,
    progress: Progress | None = None,
    pdf: bool | None = None,
    shard: Shard | None = None,
    cache: BuildCache | None = None,
) -> Summary:
    """Build the outputs that are not current; on any error write nothing and raise.

    pdf adds PDFs of the deck and handout (made by LibreOffice) to each training pack; None keeps
    each pack as the manifest says it was built. A shard records its outputs in a manifest part of
    its own, so the output folders of all shards copied together make one complete folder.
    cache is what the build's documents share in this process (a new one when left out; worker
    processes make their own).
    """
    started = time.perf_counter()
    progress = progress or Silent()
    cache = cache or BuildCache()
    statuses, fingerprinter, recorded = _survey(project, outputs, pdf)
    todo = [s for s in statuses if force or s.state != "current"]
    skipped = tuple(s.output for s in statuses if s not in todo)
    if not todo:
        return _nothing_to_write(project, fingerprinter, shard, statuses, skipped, started)
    # A linked output folder is refused before the first document is drawn, not when it is kept.
    check_real_folder(project.root, project.output_dir / "x")
    with_pdf = [s.output for s in todo if s.pdf or s.output.kind == "scorm"]
    personal_pdfs = [s.output for s in todo if s.output.kind == "pdf"]
    if with_pdf or personal_pdfs:
        from rolegen.render.preview import soffice

        try:
            soffice()  # fail before rendering anything when LibreOffice is missing
        except RolegenError as e:
            if not any(s.output.kind == "scorm" for s in todo):
                raise
            raise RolegenError(
                f"{e.format_message()} (the SCORM package holds the deck as PDF; "
                "--format moodle, gift and qti need no LibreOffice)"
            ) from e

    tasks, parts = _tasks(project, todo, force, fingerprinter, recorded.outputs)
    packs = [s.output for s in todo if s.output.kind == "pack"]
    learning = [s.output for s in todo if s.output.kind in LMS_FORMATS]
    progress.start(len(tasks) + len(packs) + len(learning) + len(personal_pdfs))
    # Imported here, as the renderers are: a build with nothing to do needs neither.
    from rolegen.build import pdfs as pdf_files
    from rolegen.build.staging import Staging, contents

    # Every document goes to disk as it is made (and is moved into place at the end, not written again),
    # so a build of thousands, or a roster of thousands of new hires, keeps its memory flat.
    staging = Staging(project.root, project.output_dir)

    def keep(output: Output, result):
        return result if result.error else replace(result, data=staging.keep(result.data))

    try:
        # A broken kit costs only its own outputs: the others are built, and it is reported once.
        # Only kits with work to do are loaded, so a build with nothing to do reads no YAML.
        rendered, broken = render_all(
            project, tasks, jobs or cores(), progress, cache, keep, brands={s.output.brand for s in todo}
        )
        errors = tuple(broken[name] for name in sorted(broken))
        todo = [s for s in todo if s.output.brand not in broken]
        if not todo:
            return _nothing_to_write(project, fingerprinter, shard, statuses, skipped, started, errors)
        packs, learning, with_pdf, personal_pdfs = (
            [o for o in outputs if o.brand not in broken] for outputs in (packs, learning, with_pdf, personal_pdfs)
        )
        parts.update({o: r.data for o, r in rendered.items()})

        results = {o: (r.data, r.seconds, r.warnings) for o, r in rendered.items()}
        infos = {output: _pack_info(project, output, rendered, cache) for output in packs + learning}
        pdfs = pdf_files.shared_pdfs(with_pdf, parts, infos) if with_pdf else {}
        wants_pdf = {s.output for s in todo if s.pdf}
        for output in packs:
            clock = time.perf_counter()
            made = pdfs.get(pdf_files.group(output), {})
            both = (made["deck"], made["handout"]) if output in wants_pdf else None
            results[output] = (_pack(output, parts, infos[output], both), time.perf_counter() - clock, ())
            progress.step(output.label)
        for output in learning:
            from rolegen.build.learning import lms_file

            clock = time.perf_counter()
            handout = parts.get(Output(output.brand, output.comparison, "handout", output.lang))
            handout = None if handout is None else contents(handout)
            data = lms_file(project, output, cache, handout, pdfs.get(pdf_files.group(output), {}).get("deck"))
            results[output] = (data, time.perf_counter() - clock, ())
            progress.step(output.label)
        if personal_pdfs:
            results.update(pdf_files.personal_pdfs(project, personal_pdfs, parts, cache, staging))
            for output in personal_pdfs:
                progress.step(output.label)

        _write_all(
            project,
            {s.output: (s.inputs, results[s.output][0], s.pdf) for s in todo},
            fingerprinter.role_lists,
            shard,
            statuses,
        )
    finally:
        staging.remove()
    built = tuple(Built(s.output, results[s.output][1], results[s.output][2]) for s in todo)
    return Summary(built, skipped, time.perf_counter() - started, errors)


def _nothing_to_write(
    project: Project,
    fingerprinter: Fingerprinter,
    shard: Shard | None,
    statuses: list[Status],
    skipped: tuple[Output, ...],
    started: float,
    errors: tuple[str, ...] = (),
) -> Summary:
    """Return the summary of a build with no output to write (a shard still records its current ones)."""
    if shard is not None:
        _write_all(project, {}, fingerprinter.role_lists, shard, statuses)
    return Summary((), skipped, time.perf_counter() - started, errors)


def _survey(
    project: Project, outputs: Iterable[Output], pdf: bool | None
) -> tuple[list[Status], Fingerprinter, manifest.Manifest]:
    """Return each output's status, and the fingerprinter and manifest that told it."""
    recorded = manifest.load(project.output_dir)
    fingerprinter = Fingerprinter(project, known=recorded.comparisons)
    return [_status(project, o, fingerprinter, recorded.outputs, pdf) for o in outputs], fingerprinter, recorded


def _tasks(
    project: Project, todo: list[Status], force: bool, fingerprinter: Fingerprinter, entries: dict[str, manifest.Entry]
) -> tuple[list[Output], dict[Output, bytes]]:
    """Return the decks and handouts to render, and the current ones a pack or PDF can reuse from disk."""
    tasks = {s.output for s in todo if s.output.kind in _PARTS}
    reused: dict[Output, bytes] = {}
    for status in todo:
        for part in parts_of(status.output):
            if part in tasks or part in reused:
                continue
            if not force and _status(project, part, fingerprinter, entries).state == "current":
                reused[part] = part.path(project).read_bytes()
            else:
                tasks.add(part)  # rendered for the pack only, when --format pack or --shard leaves it out
    return sorted(tasks), reused


def parts_of(output: Output) -> list[Output]:
    """Return the documents an output is made from: a pack's or SCORM package's deck and handout, a new hire's
    PDF's handout."""
    if output.kind in _MADE_OF:
        return [Output(output.brand, output.comparison, kind, output.lang) for kind in _MADE_OF[output.kind]]
    if output.kind == "pdf":
        return [replace(output, kind="handout")]
    return []


def _status(
    project: Project,
    output: Output,
    fingerprinter: Fingerprinter,
    entries: dict[str, manifest.Entry],
    pdf: bool | None = None,
) -> Status:
    entry = entries.get(output.key)
    # Without --pdf or --no-pdf a pack is judged as it was built: a plain --check passes after build --pdf.
    with_pdf = output.kind == "pack" and (pdf if pdf is not None else entry is not None and entry.pdf)
    inputs = fingerprinter.inputs(output.brand, output.comparison, output.kind, output.lang or None, pdf=with_pdf)
    if output.roster:  # a new hire's handout: the shared handout's inputs and their own row
        inputs = data_digest(f"{inputs}\nperson {output.row}".encode("ascii"))
    path = output.path(project)
    if not path.is_file():
        state = "missing"
    elif entry is None or entry.inputs != inputs:
        state = "stale"
    elif file_digest(path) != entry.sha256:
        state = "edited"
    else:
        state = "current"
    return Status(output, state, inputs, with_pdf)


def _digest(data) -> str:
    """Return the SHA-256 of an output's bytes, or of a staged one's (known when it was staged)."""
    return data_digest(data) if isinstance(data, bytes) else data.sha256


def _pack_info(project: Project, output: Output, rendered: dict[Output, Rendered], cache: BuildCache):
    """Return what a pack's README says and the time it is stamped with: as its drawn parts tell it,
    else loaded (cache as in documents.load_inputs)."""
    for part in parts_of(output) or [Output(output.brand, output.comparison, "handout", output.lang)]:
        if part in rendered and rendered[part].info is not None:
            return rendered[part].info
    from rolegen.build.documents import load_inputs
    from rolegen.build.pack import pack_info

    brand, comparison = load_inputs(output.project(project), output.brand, output.comparison, cache)
    return pack_info(comparison, brand.name)


def _pack(output: Output, parts: dict[Output, bytes | Staged], info, pdfs: tuple[bytes, bytes] | None = None) -> bytes:
    from rolegen.build.pack import pack
    from rolegen.build.staging import contents

    deck, handout = (contents(parts[Output(output.brand, output.comparison, k, output.lang)]) for k in _PARTS)
    return pack(info, deck, handout, pdfs)


def _write_all(
    project: Project,
    files: dict[Output, tuple[str, bytes, bool]],
    role_lists: dict[str, manifest.RoleList],
    shard: Shard | None = None,
    statuses: list[Status] = (),
) -> None:
    """Write every output and then the manifest (a shard: its part), holding the lock so concurrent builds
    take turns. statuses are every output the build planned; a shard's part records the current ones."""
    for output in files:
        check_real_folder(project.root, output.path(project))
    check_real_folder(
        project.root, manifest.manifest_path(project.output_dir, (shard.index, shard.count) if shard else None)
    )
    with manifest.locked(project.output_dir):
        remove_stale_temps(project.output_dir)
        # Read again under the lock: a build that ran meanwhile may have recorded other outputs.
        recorded = manifest.load(project.output_dir)
        written = {
            output.key: manifest.Entry(inputs, _digest(data), pdf) for output, (inputs, data, pdf) in files.items()
        }
        roles = {**recorded.comparisons, **role_lists}
        if shard is None:
            entries = {**recorded.outputs, **written}
        else:
            # Only this shard's outputs: two shards never write the same entry, so their parts merge.
            entries = {
                s.output.key: recorded.outputs[s.output.key]
                for s in statuses
                if s.state == "current" and s.output.key in recorded.outputs
            }
            entries.update(written)
        write_all_atomic({output.path(project): data for output, (_, data, _) in sorted(files.items())})
        # The manifest goes last: after a crash in between, outputs look edited or stale and are rebuilt.
        manifest.save(
            project.output_dir,
            manifest.Manifest(entries, {key: value for key, value in roles.items() if (project.root / key).is_file()}),
            (shard.index, shard.count) if shard else None,
        )

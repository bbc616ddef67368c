"""The one orchestrator: plan the outputs, skip the current ones, render the rest, write them all or none."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from rolegen.build import manifest
from rolegen.cache import BuildCache
from rolegen.errors import RolegenError, display_path
from rolegen.build.fingerprint import Fingerprinter, data_digest, file_digest
from rolegen.build.output import check_real_folder, remove_stale_temps, write_all_atomic
from rolegen.inputs.project import SUFFIXES, Project

FORMATS = ("deck", "handout", "pack")
_PARTS = ("deck", "handout")  # what a pack is made of


@dataclass(frozen=True, order=True)
class Output:
    """One file a build produces: a brand's deck, handout or pack of one comparison."""

    brand: str
    comparison: str
    kind: str
    lang: str = ""  # a content/<lang>/ translation; "" is the content in content/ itself

    @property
    def key(self) -> str:
        """Return the output's path relative to output/, with '/' on every system."""
        folder = f"{self.brand}/{self.lang}" if self.lang else self.brand
        return f"{folder}/{self.comparison}{SUFFIXES[self.kind]}"

    def path(self, project: Project) -> Path:
        """Return where the output lives in a project."""
        return project.output_dir / self.key

    def project(self, project: Project) -> Project:
        """Return the project reading this output's language."""
        return project.in_language(self.lang or None)


@dataclass(frozen=True)
class Shard:
    """Share `index` of `count` (1-based) of the outputs, chosen by a hash of each output's path."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """Return the shard written as 'K/N', or raise ValueError."""
        index, sep, count = text.partition("/")
        if not sep or not index.strip().isdigit() or not count.strip().isdigit():
            raise ValueError(f"'{text}' is not K/N, such as 1/4")
        shard = cls(int(index), int(count))
        if not 1 <= shard.index <= shard.count:
            raise ValueError(f"'{text}': K must be between 1 and N")
        return shard

    def holds(self, output: Output) -> bool:
        """Return whether an output belongs to this shard; the answer is the same on every machine."""
        # Python's hash() is salted per process, so a fixed digest decides instead.
        number = int.from_bytes(hashlib.sha256(output.key.encode("utf-8")).digest()[:8], "big")
        return number % self.count == self.index - 1


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


class BuildError(RolegenError):
    """Some outputs failed to render; nothing was written."""

    def __init__(self, messages: list[str]):
        self.messages = tuple(messages)
        more = f" (and {len(messages) - 1} more errors; nothing was written)" if len(messages) > 1 else ""
        super().__init__(messages[0] + more)

    def show(self, file=None) -> None:
        """Print every error on a line of its own, so one run shows everything to fix."""
        import click

        for message in self.messages:
            click.echo(f"Error: {message}", err=True)
        if len(self.messages) > 1:
            click.echo(f"Error: {len(self.messages)} errors; nothing was written", err=True)


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


class Progress(Protocol):
    """Something that shows how far a build has got."""

    def start(self, total: int) -> None: ...

    def step(self, label: str) -> None: ...


class _Silent:
    def start(self, total: int) -> None:
        pass

    def step(self, label: str) -> None:
        pass


def plan(
    project: Project,
    brands: Iterable[str] = (),
    comparisons: Iterable[str] = (),
    formats: Iterable[str] = (),
    shard: Shard | None = None,
    languages: Iterable[str | None] | None = None,
) -> list[Output]:
    """Return the outputs to build: every brand x language x comparison x format, narrowed by the arguments.

    languages=None means every language the project has; a comparison named on its own is built
    in the languages that have it.
    """
    brands = sorted(set(brands)) or project.brand_names()
    wanted = sorted(set(comparisons))
    if not brands:
        raise RolegenError(f"no brands to build: add one to {display_path(project.brands_dir)}/")
    for name in brands:
        project.brand_dir(name)  # raises, naming the known brands, when the name is wrong
    explicit = languages is not None
    pairs: list[tuple[str, str]] = []
    for lang in list(languages) if explicit else project.languages():
        local = project.in_language(lang)
        ids = local.comparison_ids()
        for comparison in wanted or ids:
            if comparison in ids or explicit or not lang:
                local.comparison_path(comparison)  # raises, naming the known ones, when the id is wrong
                pairs.append((lang or "", comparison))
    if not pairs:
        raise RolegenError(f"no comparisons to build: add one to {display_path(project.comparisons_dir)}/")
    kinds = [k for k in FORMATS if k in set(formats)] or list(FORMATS)
    outputs = [Output(b, c, k, lang) for b in brands for lang, c in pairs for k in kinds]
    return [o for o in outputs if shard is None or shard.holds(o)]


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
    progress = progress or _Silent()
    cache = cache or BuildCache()
    statuses, fingerprinter, recorded = _survey(project, outputs, pdf)
    todo = [s for s in statuses if force or s.state != "current"]
    skipped = tuple(s.output for s in statuses if s not in todo)
    # A broken kit costs only its own outputs: the others are built, and it is reported once.
    # Only kits with work to do are loaded here, so a build with nothing to do reads no YAML.
    broken = _broken_kits(project, {s.output.brand for s in todo}, cache)
    todo = [s for s in todo if s.output.brand not in broken]
    errors = tuple(broken[name] for name in sorted(broken))
    if not todo:
        if shard is not None:
            _write_all(project, {}, fingerprinter.role_lists, shard, statuses)
        return Summary((), skipped, time.perf_counter() - started, errors)
    with_pdf = [s.output for s in todo if s.pdf]
    if with_pdf:
        from rolegen.render.preview import soffice

        soffice()  # fail before rendering anything when LibreOffice is missing

    tasks, parts = _tasks(project, todo, force, fingerprinter, recorded.outputs)
    packs = [s.output for s in todo if s.output.kind == "pack"]
    progress.start(len(tasks) + len(packs))
    rendered = _render_all(project, tasks, jobs or os.cpu_count() or 1, progress, cache)
    parts.update({o: r.data for o, r in rendered.items()})

    results = {o: (r.data, r.seconds, r.warnings) for o, r in rendered.items()}
    infos = {output: _pack_info(project, output, cache) for output in packs}
    pdfs = _pdfs(with_pdf, parts, infos) if with_pdf else {}
    for output in packs:
        clock = time.perf_counter()
        results[output] = (_pack(output, parts, infos[output], pdfs.get(output)), time.perf_counter() - clock, ())
        progress.step(output.key)

    _write_all(
        project,
        {s.output: (s.inputs, results[s.output][0], s.pdf) for s in todo},
        fingerprinter.role_lists,
        shard,
        statuses,
    )
    built = tuple(Built(s.output, results[s.output][1], results[s.output][2]) for s in todo)
    return Summary(built, skipped, time.perf_counter() - started, errors)


def _broken_kits(project: Project, names: set[str], cache: BuildCache) -> dict[str, str]:
    """Return {brand: its error line} for the kits among names that cannot be loaded (the others stay in cache)."""
    if not names:
        return {}
    from rolegen.build.documents import load_brand_kit

    broken = {}
    for name in sorted(names):
        try:
            load_brand_kit(project, name, cache)
        except RolegenError as e:
            broken[name] = e.format_message()
    return broken


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
    """Return the decks and handouts to render, and the current ones a pack can reuse from disk."""
    tasks = {s.output for s in todo if s.output.kind in _PARTS}
    reused: dict[Output, bytes] = {}
    for status in todo:
        if status.output.kind != "pack":
            continue
        for kind in _PARTS:
            part = Output(status.output.brand, status.output.comparison, kind, status.output.lang)
            if part in tasks or part in reused:
                continue
            if not force and _status(project, part, fingerprinter, entries).state == "current":
                reused[part] = part.path(project).read_bytes()
            else:
                tasks.add(part)  # rendered for the pack only, when --format pack or --shard leaves it out
    return sorted(tasks), reused


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


@dataclass(frozen=True)
class _Rendered:
    data: bytes = b""
    seconds: float = 0.0
    warnings: tuple[str, ...] = ()
    error: str | None = None


# A worker process's cache: the pool lives for one build, so each worker's cache does too.
_WORKER_CACHE: list[BuildCache] = []


def _render_one(root: str, output: Output, cache: BuildCache | None = None) -> _Rendered:
    """Render one deck or handout; run in a worker process, so it returns errors rather than raising them.

    cache is the build's (in a worker process: the worker's, made when the pool started it).
    """
    # Imported here so that a build with nothing to do never loads python-pptx or python-docx.
    from rolegen.build import documents

    clock = time.perf_counter()
    try:
        project = output.project(Project(Path(root)))
        cache = cache if cache is not None else _WORKER_CACHE[0]
        _, result = documents.render(project, output.brand, output.comparison, output.kind, cache=cache)
    except RolegenError as e:
        return _Rendered(error=e.format_message())
    return _Rendered(result.data, time.perf_counter() - clock, tuple(result.warnings))


def _render_all(
    project: Project, tasks: list[Output], jobs: int, progress: Progress, cache: BuildCache
) -> dict[Output, _Rendered]:
    results: dict[Output, _Rendered] = {}
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            results[task] = _render_one(str(project.root), task, cache)
            progress.step(task.key)
    else:
        # Imported here: multiprocessing costs a no-op build a noticeable share of its time.
        from concurrent.futures import ProcessPoolExecutor, as_completed

        pool = ProcessPoolExecutor(
            max_workers=min(jobs, len(tasks)), initializer=_start_worker, initargs=(os.getpid(),)
        )
        try:
            # Decks first: they take about twice as long as handouts, so the last to finish is short.
            ordered = sorted(tasks, key=lambda task: (task.kind != "deck", task.key))
            futures = {pool.submit(_render_one, str(project.root), task): task for task in ordered}
            for future in as_completed(futures):
                results[futures[future]] = future.result()
                progress.step(futures[future].key)
        except BaseException:
            # Ctrl-C or SIGTERM: stop at once, not after every queued document has rendered.
            workers = list((getattr(pool, "_processes", None) or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for worker in workers:
                worker.terminate()
            raise
        pool.shutdown()
    errors = sorted({r.error for r in results.values() if r.error})
    if errors:
        raise BuildError(errors)
    return results


def _start_worker(parent: int) -> None:
    """Give a worker process the build's cache of its own, and a watch on its parent."""
    _WORKER_CACHE[:] = [BuildCache()]
    _die_with_parent(parent)


def _die_with_parent(parent: int) -> None:
    """Start a worker's watch on its parent: killed (even by SIGKILL), the parent leaves no worker behind."""
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it ends the pool

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _pdfs(packs: list[Output], parts: dict[Output, bytes], infos: dict) -> dict[Output, tuple[bytes, bytes]]:
    """Convert every pack's deck and handout to PDF in one LibreOffice call."""
    import tempfile

    from rolegen.render.pdf import reproducible_pdf
    from rolegen.render.preview import to_pdf

    with tempfile.TemporaryDirectory(prefix="rolegen-pdf-") as temp:
        folder = Path(temp)
        sources: dict[str, Path] = {}
        for index, output in enumerate(packs):
            for kind in _PARTS:
                part = Output(output.brand, output.comparison, kind, output.lang)
                path = folder / f"{index}-{kind}{SUFFIXES[kind]}"
                path.write_bytes(parts[part])
                sources[f"{index}-{kind}"] = path
        made = to_pdf(sources, folder / "pdf")
        result = {}
        for index, output in enumerate(packs):
            stamp = infos[output].stamp
            result[output] = tuple(reproducible_pdf(made[f"{index}-{kind}"].read_bytes(), stamp) for kind in _PARTS)
    return result


def _pack_info(project: Project, output: Output, cache: BuildCache):
    """Return what a pack's README says and the time it is stamped with; cache as in documents.load_inputs."""
    from rolegen.content import dates
    from rolegen.build.documents import load_inputs
    from rolegen.build.pack import PackInfo

    brand, comparison = load_inputs(output.project(project), output.brand, output.comparison, cache)
    return PackInfo(comparison.id, comparison.title, brand.name, dates.build_timestamp(comparison))


def _pack(output: Output, parts: dict[Output, bytes], info, pdfs: tuple[bytes, bytes] | None = None) -> bytes:
    from rolegen.build.pack import pack

    deck, handout = (parts[Output(output.brand, output.comparison, k, output.lang)] for k in _PARTS)
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
            output.key: manifest.Entry(inputs, data_digest(data), pdf) for output, (inputs, data, pdf) in files.items()
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

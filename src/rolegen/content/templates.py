"""The Jinja2 environment: brand folder, project templates, packaged defaults, in that order."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from rolegen.content import dates, i18n, plain, sandbox
from rolegen.content.plain import Plain, as_markdown
from rolegen.cache import BuildCache
from rolegen.errors import TemplateError, display_path
from rolegen.model import Brand, Comparison
from rolegen.inputs.sources import read_text

DEFAULTS_DIR = Path(__file__).parent.parent / "defaults"
TEMPLATE_NAMES = {"deck": "deck.md.j2", "handout": "handout.md.j2"}
# Templates come with pull requests and run in CI: a document's template gets this much time
# (ROLEGEN_TEMPLATE_SECONDS changes it) and may write this many characters.
DEFAULT_SECONDS = 5.0
# What compiling depends on besides a template's source: this module and the sandbox's code generator.
_COMPILED_BY = hashlib.sha256(
    b"".join(Path(module).read_bytes() for module in (__file__, sandbox.__file__, plain.__file__))
).hexdigest()[:12]


def environment(
    templates_dir: Path, brand_dir: Path | None = None, cache: BuildCache | None = None
) -> SandboxedEnvironment:
    """Return the sandboxed Jinja environment for a project and, optionally, a brand (one per build and folders).

    Keyed by the folders, not by files: Jinja checks each template's modification time whenever it is asked for.
    """
    if cache is None:
        return _environment(templates_dir, brand_dir)
    return cache.entry("templates", (templates_dir, brand_dir), lambda: _environment(templates_dir, brand_dir))


def _environment(templates_dir: Path, brand_dir: Path | None) -> SandboxedEnvironment:
    packaged = _GuardedLoader(DEFAULTS_DIR, DEFAULTS_DIR)
    root = templates_dir.parent
    search = [_GuardedLoader(brand_dir, root)] if brand_dir else []
    search += [_GuardedLoader(templates_dir, root), packaged]
    loader = jinja2.ChoiceLoader(search + [jinja2.PrefixLoader({"default": packaged})])
    # Sandboxed because templates are shared between teams and must not run arbitrary Python.
    env = sandbox.Sandbox(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        bytecode_cache=_compiled_cache(),
        finalize=as_markdown,
    )
    env.filters["yaml"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    env.filters["cell"] = _cell
    env.filters["oneline"] = lambda value: " ".join(str(value).split())
    env.filters["nest_headings"] = _nest_headings
    env.filters = {name: sandbox.bounded(function) for name, function in env.filters.items()}
    env.globals = {
        name: sandbox.bounded(value, False) if callable(value) else value for name, value in env.globals.items()
    }
    return env


class _GuardedLoader(jinja2.FileSystemLoader):
    """Jinja's file loader, reading through the one file guard: no link out of root, no FIFO, no device."""

    def __init__(self, folder: Path, root: Path):
        super().__init__(folder)
        self.root = root

    def get_source(self, environment, template: str):
        """Return a template's text, file name and up-to-date check, or raise TemplateNotFound."""
        pieces = jinja2.loaders.split_template_path(template)  # refuses '..'
        for folder in self.searchpath:
            path = Path(folder, *pieces)
            if not (path.exists() or path.is_symlink()):
                continue
            text = read_text(path, TemplateError, self.root)
            mtime = os.path.getmtime(path)

            def current(path: Path = path, mtime: float = mtime) -> bool:
                try:
                    return os.path.getmtime(path) == mtime
                except OSError:
                    return False

            return text, str(path), current
        raise jinja2.TemplateNotFound(template)


def _compiled_cache() -> jinja2.BytecodeCache | None:
    """Return the cache of compiled templates in the user's cache folder (None if it cannot be made).

    A cold `rolegen deck` spends longer compiling its template than rendering it; entries are
    keyed by the template's path and checked against its source, so an edit is never missed.
    """
    from rolegen.cache import cache_dir

    # Jinja checks a compiled template against its source only, not against how it was compiled
    # (the guarded '~', the plain-text finalize): a change to this module compiles every template anew.
    folder = cache_dir(f"jinja/{_COMPILED_BY}")
    return _CompiledTemplates(str(folder)) if folder is not None else None


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache, for which a broken or read-only cache only means compiling again."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


class _Expired(BaseException):
    """A template ran past its time (a BaseException, so no 'except Exception' in a template's path stops it)."""


def template_seconds() -> float:
    """Return how long one document's template may run: ROLEGEN_TEMPLATE_SECONDS, or the default."""
    try:
        seconds = float(os.environ.get("ROLEGEN_TEMPLATE_SECONDS", DEFAULT_SECONDS))
    except ValueError:
        return DEFAULT_SECONDS
    return seconds if seconds > 0 else DEFAULT_SECONDS


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise _Expired in the running template after seconds (main thread only: where signals arrive)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise _Expired()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _collect(chunks, trace: list | None = None) -> str:
    """Join what a template writes, stopping it when it writes too much; trace gets each piece's place."""
    parts, size = [], 0
    for chunk in chunks:
        if trace is not None:
            trace.append((size, *_generating(chunks)))
        size += len(chunk)
        if size > sandbox.MAX_OUTPUT_CHARS:
            raise TemplateError(
                f"template writes over {sandbox.MAX_OUTPUT_CHARS:,} characters; refusing it", *_generating(chunks)
            )
        parts.append(chunk)
    return "".join(parts)


def _generating(generator) -> tuple[Path, int | None]:
    """Return the template file and line a suspended template generator stands at."""
    found: tuple[Path, int | None] = (Path(getattr(generator, "__name__", "template")), None)
    while generator is not None:
        frame = getattr(generator, "gi_frame", None)
        compiled = frame.f_globals.get("__jinja_template__") if frame is not None else None
        if compiled is not None:
            found = (Path(compiled.filename or compiled.name), compiled.get_corresponding_lineno(frame.f_lineno))
        generator = getattr(generator, "gi_yieldfrom", None)
    return found


def trace_markdown(
    env: SandboxedEnvironment,
    kind: str,
    comparison: Comparison,
    brand: Brand,
    words: i18n.Words | None = None,
    person: dict | None = None,
) -> list[tuple[int, Path, int | None]]:
    """Render a document's Markdown again, returning where each piece came from: (offset, template, line).

    Asked only to locate a problem: looking at the template's frame for every piece costs time.
    """
    trace: list[tuple[int, Path, int | None]] = []
    render_markdown(env, kind, comparison, brand, words, trace, person)
    return trace


def render_markdown(
    env: SandboxedEnvironment,
    kind: str,
    comparison: Comparison,
    brand: Brand,
    words: i18n.Words | None = None,
    trace: list | None = None,
    person: dict | None = None,
) -> tuple[str, str]:
    """Render a comparison's deck or handout Markdown; return (template file, Markdown).

    person is the new hire a personal handout is for (a roster's row as rosters.view gives it), or None.
    """
    name = TEMPLATE_NAMES[kind]
    try:
        template = env.get_template(name)
        source = template.filename or name
        context = _context(comparison, brand, kind, words or i18n.words(comparison.lang))
        context["person"] = person
        seconds = template_seconds()
        with _time_limit(seconds):
            text = _collect(template.generate(context), trace)
    except _Expired as e:
        raise TemplateError(
            f"template ran longer than {seconds:g} s (a loop without end? ROLEGEN_TEMPLATE_SECONDS sets the limit)",
            *_failing_frame(e, name),
        ) from None
    except jinja2.TemplateSyntaxError as e:
        raise TemplateError(f"template syntax error: {e.message}", Path(e.filename or name), e.lineno) from e
    except jinja2.UndefinedError as e:
        raise TemplateError(f"undefined in template: {e.message}", *_failing_frame(e, name)) from e
    except jinja2.exceptions.SecurityError as e:
        raise TemplateError(f"template tried something unsafe: {e}", *_failing_frame(e, name)) from e
    except jinja2.TemplateError as e:
        raise TemplateError(f"template error: {e.message or e}", *_failing_frame(e, name)) from e
    except OverflowError as e:  # the sandbox's range() limit
        raise TemplateError(f"template asks for too much: {e}", *_failing_frame(e, name)) from e
    except RecursionError as e:
        raise TemplateError(
            "template calls itself without end (a macro or include loop)", *_failing_frame(e, name)
        ) from e
    return source, text


def template_label(source: str) -> str:
    """Return a template's path as a user should read it in a message."""
    return display_path(Path(source))


def plain_brand(brand: Brand) -> Brand:
    """Return the brand as templates see it: its drawn texts Plain, so they reach the Markdown escaped."""
    from dataclasses import replace

    logos = {
        name: replace(logo, alt=Plain(logo.alt))
        for name, logo in (("logo", brand.logo), ("dark_logo", brand.dark_logo))
        if logo is not None
    }
    return replace(
        brand,
        name=Plain(brand.name),
        short_name=Plain(brand.short_name),
        footers=tuple((lang, Plain(text)) for lang, text in brand.footers),
        **logos,
    )


def _context(comparison: Comparison, brand: Brand, kind: str, words: i18n.Words) -> dict:
    return {
        "t": words,
        "comparison": comparison,
        "roles": comparison.roles,
        "dimensions": comparison.dimensions,
        "brand": plain_brand(brand),
        "format": kind,
        "date": dates.format_date(dates.display_date(comparison), words["date"], words["months"]),
        "lang": comparison.lang,
    }


def _nest_headings(value, top: int = 3) -> str:
    """Return Markdown whose headings start at level top, so a role body's '##' stays inside its slide."""
    from rolegen.content.markdown import shift_headings

    return shift_headings(str(value), int(top))


def _cell(value) -> str:
    return " ".join(str(value).split()).replace("|", "\\|")


def _failing_frame(error: Exception, fallback: str) -> tuple[Path, int | None]:
    """Find the template file and line in a Jinja traceback."""
    tb = error.__traceback__
    found: tuple[Path, int | None] = (Path(fallback), None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        compiled = tb.tb_frame.f_globals.get("__jinja_template__")
        if compiled is not None:  # a frame Jinja did not rewrite: its line is one of the compiled Python
            found = (Path(filename), compiled.get_corresponding_lineno(tb.tb_lineno))
        elif filename.endswith(".j2"):
            found = (Path(filename), tb.tb_lineno)
        tb = tb.tb_next
    if found[1] is not None:
        return found
    return found

"""The Jinja2 environment: brand folder, project templates, packaged defaults, in that order."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from rolegen import dates, i18n
from rolegen.errors import TemplateError, display_path
from rolegen.model import Brand, Comparison

DEFAULTS_DIR = Path(__file__).parent / "defaults"
TEMPLATE_NAMES = {"deck": "deck.md.j2", "handout": "handout.md.j2"}


@functools.lru_cache(maxsize=16)
def environment(templates_dir: Path, brand_dir: Path | None = None) -> SandboxedEnvironment:
    """Return the sandboxed Jinja environment for a project and, optionally, a brand."""
    packaged = jinja2.FileSystemLoader(DEFAULTS_DIR)
    search = [jinja2.FileSystemLoader(brand_dir)] if brand_dir else []
    search += [jinja2.FileSystemLoader(templates_dir), packaged]
    loader = jinja2.ChoiceLoader(search + [jinja2.PrefixLoader({"default": packaged})])
    # Sandboxed because templates are shared between teams and must not run arbitrary Python.
    env = _Sandbox(loader=loader, undefined=jinja2.StrictUndefined,
                   trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                   autoescape=False, bytecode_cache=_compiled_cache())
    env.filters["yaml"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    env.filters["cell"] = _cell
    env.filters["oneline"] = lambda value: " ".join(str(value).split())
    return env


def _compiled_cache() -> jinja2.BytecodeCache | None:
    """Return the cache of compiled templates in the user's cache folder (None if it cannot be made).

    A cold `rolegen deck` spends longer compiling its template than rendering it; entries are
    keyed by the template's path and checked against its source, so an edit is never missed.
    """
    from rolegen.cache import cache_dir

    folder = cache_dir("jinja")
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


class _Sandbox(SandboxedEnvironment):
    """The sandbox, also refusing '*' and '**' results big enough to exhaust memory."""

    intercepted_binops = frozenset({"*", "**"})
    MAX_ITEMS = 1_000_000

    def call_binop(self, context, operator, left, right):
        """Compute left * right or left ** right, unless the result would be huge."""
        if operator == "*" and isinstance(right, int) and isinstance(left, (str, list, tuple)):
            left, right = right, left
        if operator == "*" and isinstance(left, int) and isinstance(right, (str, list, tuple)):
            if left * len(right) > self.MAX_ITEMS:
                raise jinja2.exceptions.SecurityError(f"'*' would make {left * len(right):,} items")
        if operator == "**" and isinstance(right, int) and abs(right) > 1000:
            raise jinja2.exceptions.SecurityError(f"'**' with an exponent of {right:,}")
        return super().call_binop(context, operator, left, right)


def render_markdown(env: SandboxedEnvironment, kind: str, comparison: Comparison, brand: Brand,
                    words: i18n.Words | None = None) -> tuple[str, str]:
    """Render a comparison's deck or handout Markdown; return (template file, Markdown)."""
    name = TEMPLATE_NAMES[kind]
    try:
        template = env.get_template(name)
        source = template.filename or name
        text = template.render(_context(comparison, brand, kind, words or i18n.words(comparison.lang)))
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
        raise TemplateError("template calls itself without end (a macro or include loop)",
                             *_failing_frame(e, name)) from e
    return source, text


def template_label(source: str) -> str:
    """Return a template's path as a user should read it in a message."""
    return display_path(Path(source))


def _context(comparison: Comparison, brand: Brand, kind: str, words: i18n.Words) -> dict:
    return {
        "t": words,
        "comparison": comparison,
        "roles": comparison.roles,
        "dimensions": comparison.dimensions,
        "brand": brand,
        "format": kind,
        "date": dates.format_date(dates.display_date(comparison), words["date"], words["months"]),
        "lang": comparison.lang,
    }


def _cell(value) -> str:
    return " ".join(str(value).split()).replace("|", "\\|")


def _failing_frame(error: Exception, fallback: str) -> tuple[Path, int | None]:
    """Find the template file and line in a Jinja traceback."""
    tb = error.__traceback__
    found: tuple[Path, int | None] = (Path(fallback), None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2") or tb.tb_frame.f_globals.get("__jinja_template__") is not None:
            found = (Path(filename), tb.tb_lineno)
        tb = tb.tb_next
    if found[1] is not None:
        return found
    return found

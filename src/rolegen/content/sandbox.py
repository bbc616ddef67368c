"""The Jinja sandbox templates run in: bounded filters, functions, operators and output sizes.

Templates come with pull requests and run in CI next to secrets: besides Jinja's own sandbox (no
attribute of Python's internals), nothing a template asks for may exhaust memory or time.
"""

from __future__ import annotations

import functools
import re

import jinja2
from jinja2.compiler import CodeGenerator
from jinja2.sandbox import SandboxedEnvironment

MAX_OUTPUT_CHARS = 5_000_000  # the most a document's template may write
MAX_ARGUMENT = 10_000  # the largest number a filter, function or format width may be given
_FORMAT_FIELD = re.compile(r"%[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?|\{[^{}]*:[^{}]*(?:\{[^{}]*\}[^{}]*)*\}")


def bounded(function, is_filter: bool = True):
    """Wrap a filter or global function so that no argument but a filter's value is a huge number."""
    # range is the sandbox's own, with its own limit; classes (dict, namespace) build nothing large.
    if function is range or isinstance(function, type) or function.__name__ == "safe_range":
        return function
    skip = (1 if getattr(function, "jinja_pass_arg", None) is not None else 0) + (1 if is_filter else 0)

    @functools.wraps(function)
    def bounded(*args, **kwargs):
        if function.__name__ == "do_format":
            _check_widths(str(args[0]), args[1:] or kwargs)
        else:
            numbers = [a for a in (*args[skip:], *kwargs.values()) if isinstance(a, int) and not isinstance(a, bool)]
            if any(abs(n) > MAX_ARGUMENT for n in numbers):
                name = function.__name__.removeprefix("do_").removeprefix("generate_lorem_ipsum")
                raise jinja2.exceptions.SecurityError(
                    f"'{name or 'lipsum'}' was given {max(numbers, key=abs):,}, over the limit of {MAX_ARGUMENT:,}"
                )
        return function(*args, **kwargs)

    return bounded


def _check_widths(text: str, values) -> None:
    """Refuse a format string whose widths or precisions would make a huge string."""
    values = (
        values
        if isinstance(values, (tuple, list))
        else tuple(values.values())
        if isinstance(values, dict)
        else (values,)
    )
    numbers = [v for v in values if isinstance(v, int) and not isinstance(v, bool)]
    for field in _FORMAT_FIELD.finditer(text):
        written = [
            int(n)
            for n in re.findall(
                r"\d+", field.group()[1:] if field.group().startswith("%") else field.group().split(":", 1)[1]
            )
        ]
        asked = numbers if "*" in field.group() or field.group().count("{") > 1 else []
        if any(n > MAX_ARGUMENT for n in written + asked):
            raise jinja2.exceptions.SecurityError(f"a format width over {MAX_ARGUMENT:,}")


class _Guarded(CodeGenerator):
    """Jinja's code generator, with '~' checked by the sandbox like '*' and '+'."""

    def visit_Concat(self, node, frame) -> None:
        self.write("environment.concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class Sandbox(SandboxedEnvironment):
    """The sandbox, also refusing '*' and '**' results big enough to exhaust memory."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    code_generator_class = _Guarded
    MAX_ITEMS = 1_000_000

    def call_binop(self, context, operator, left, right):
        """Compute left * right, left ** right, left + right or left % right, unless the result would be huge."""
        if operator == "*" and isinstance(right, int) and isinstance(left, (str, list, tuple)):
            left, right = right, left
        if operator == "*" and isinstance(left, int) and isinstance(right, (str, list, tuple)):
            if left * len(right) > self.MAX_ITEMS:
                raise jinja2.exceptions.SecurityError(f"'*' would make {left * len(right):,} items")
        if operator == "**" and isinstance(right, int) and abs(right) > 1000:
            raise jinja2.exceptions.SecurityError(f"'**' with an exponent of {right:,}")
        if operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
            _check_size(len(left) + len(right), "'+'")
        if operator == "%" and isinstance(left, str):
            _check_widths(left, right)
        return super().call_binop(context, operator, left, right)

    def concat(self, values) -> str:
        """Join the operands of '~', unless the result would be huge."""
        texts = [str(value) for value in values]
        _check_size(sum(map(len, texts)), "'~'")
        return "".join(texts)

    def call(__self, __context, __obj, *args, **kwargs):
        """Call a function or method, refusing str and list methods asked for huge results."""
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, (str, list, tuple)):
            numbers = [a for a in (*args, *kwargs.values()) if isinstance(a, int) and not isinstance(a, bool)]
            if any(abs(n) > MAX_ARGUMENT for n in numbers):
                raise jinja2.exceptions.SecurityError(
                    f"'{__obj.__name__}' was given {max(numbers, key=abs):,}, over the limit of {MAX_ARGUMENT:,}"
                )
            if __obj.__name__ == "join" and args and isinstance(args[0], (list, tuple)):
                _check_size(len(owner) * len(args[0]) + sum(len(str(a)) for a in args[0]), "'join'")
            if __obj.__name__ == "replace" and len(args) >= 2:
                _check_size(len(owner) + owner.count(str(args[0])) * len(str(args[1])), "'replace'")
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value):
        """Return the sandbox's str.format or str.format_map of value, refusing huge widths."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None

        def checked(*args, **kwargs):
            values = [*args, *kwargs.values(), *(args[0].values() if args and isinstance(args[0], dict) else ())]
            _check_widths(value.__self__, values)
            return wrapped(*args, **kwargs)

        return checked


def _check_size(size: int, what: str) -> None:
    if size > MAX_OUTPUT_CHARS:
        raise jinja2.exceptions.SecurityError(
            f"{what} would make {size:,} characters, over the limit of {MAX_OUTPUT_CHARS:,}"
        )

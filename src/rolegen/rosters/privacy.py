"""Keep a roster's values out of what is shared: the manifest names people's handouts by keyed digests,
and messages about a personal handout lose the person's values.

The key lives beside the rosters (content/rosters/.rolegen-key, git-ignored with them) or in
ROLEGEN_ROSTER_KEY, so the digests in a committed manifest cannot be matched against guessed names.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from rolegen.errors import ContentError
from rolegen.rosters.model import Person

KEY_NAME = ".rolegen-key"
KEY_VARIABLE = "ROLEGEN_ROSTER_KEY"
_HIDDEN = "[…]"


def roster_key(folder: Path) -> bytes:
    """Return the project's roster key: ROLEGEN_ROSTER_KEY, else the key file, made on first use."""
    given = os.environ.get(KEY_VARIABLE, "").strip()
    if given:
        return given.encode("utf-8")
    path = folder / KEY_NAME
    try:
        if not path.is_file():
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w", encoding="ascii") as handle:
                handle.write(secrets.token_hex(32) + "\n")
        return path.read_text(encoding="ascii").strip().encode("ascii")
    except FileExistsError:
        return path.read_text(encoding="ascii").strip().encode("ascii")
    except (OSError, UnicodeDecodeError) as e:
        raise ContentError(f"cannot keep the roster key ({e.strerror or e}); set {KEY_VARIABLE} instead", path) from e


def reference(key: bytes, roster: str, person: Person) -> str:
    """Return the name a manifest knows a person's handout by: the same every build, telling nothing."""
    return _digest(key, f"ref\0{roster}\0{person.slug}")[:20]


def row_digest(key: bytes, person: Person) -> str:
    """Return a digest of everything a person's handout is made from in their row."""
    return _digest(key, "row\0" + "\0".join(f"{column}={value}" for column, value in person.fields()))


def redact(message: str, person: Person) -> str:
    """Return a message with the person's values (name, manager, address, file name, ...) taken out."""
    values = {value for column, value in person.fields() if column not in ("role", "comparison") and value}
    values |= {person.slug, *person.name.split()}
    for value in sorted(values, key=len, reverse=True):
        if len(value) >= 2:
            message = message.replace(value, _HIDDEN)
    return message


def _digest(key: bytes, text: str) -> str:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()

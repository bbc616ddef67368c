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
from rolegen.inputs.safety import read_guarded
from rolegen.rosters.model import Person

KEY_NAME = ".rolegen-key"
KEY_VARIABLE = "ROLEGEN_ROSTER_KEY"
_HIDDEN = "[…]"
_MAX_KEY_BYTES = 1_000


def roster_key(folder: Path) -> bytes:
    """Return the project's roster key: ROLEGEN_ROSTER_KEY, else the key file, made on first use."""
    given = os.environ.get(KEY_VARIABLE, "").strip()
    if given:
        return given.encode("utf-8")
    path = folder / KEY_NAME
    try:
        # O_EXCL: never through a link, and a build running beside this one keeps the key it made.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32) + "\n")
    except FileExistsError:
        pass
    except OSError as e:
        raise ContentError(f"cannot keep the roster key ({e.strerror}); set {KEY_VARIABLE} instead", path) from e
    # Through the file guard, as every file a project holds: a link out of content/, a FIFO or a huge file is refused.
    key = read_guarded(path, folder.parent, ContentError, limit=_MAX_KEY_BYTES).strip()
    if not key:
        raise ContentError(f"the roster key is empty; delete the file to make a new one, or set {KEY_VARIABLE}", path)
    return key


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

"""A person as a template sees them: every value Plain, so it is drawn as typed, never read as Markdown."""

from __future__ import annotations

from rolegen.content import dates, i18n
from rolegen.content.plain import Plain
from rolegen.model import Comparison
from rolegen.rosters.model import Person


def template_view(person: Person, comparison: Comparison, words: i18n.Words) -> dict:
    """Return the `person` a handout template is given: name, role (the comparison's Role), start, manager, ...

    The start date is written in the language's date format; any other column is in `fields`.
    """
    return {
        "name": Plain(person.name),
        "role": comparison.role(person.role),
        "start": Plain(dates.format_date(person.start, words["date"], words["months"])),
        "manager": Plain(person.manager),
        "email": Plain(person.email),
        "fields": {column: Plain(value) for column, value in person.extra},
    }

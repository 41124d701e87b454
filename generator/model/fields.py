"""What each string field of the content models holds, declared on its type.

Every ``str`` in a content model carries one of these markers in its ``Annotated`` type (or is a
``Literal`` vocabulary): Markdown in a voice, plain text shown exactly as typed, a token such as
an id or a DOI, or an author's note that no page shows. The walker below finds every string of a
loaded model with its marker and where it sits, so the checks take their fields from the models
themselves: a new field is checked the day it is declared, and a test fails while any ``str``
field of any model is left undeclared (tests/test_textfields.py).
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

Voice = Literal["hcp", "person", "prose"]


@dataclass(frozen=True)
class Markdown:
    """Markdown shown on pages: links, attribute lists, citations and the language rules of ``voice``
    are checked. ``voice="speaker"``: the model's ``speaker`` decides (an HCP turn, or the person).
    ``quoted``: someone else's wording, or a line invented to show a slip: no language rules.
    ``exempt_if``: a field of the same model that, when set, exempts this one from the language rules."""

    voice: Voice | Literal["speaker"] = "prose"
    quoted: bool = False
    exempt_if: str | None = None
    kind: str = "markdown"


@dataclass(frozen=True)
class Plain:
    """Plain text shown exactly as typed (a title, a name, a setting): never Markdown, never HTML."""

    kind: str = "plain"


@dataclass(frozen=True)
class Token:
    """An id, key, DOI, URL or abbreviation: held to a pattern, used in addresses and lookups."""

    kind: str = "token"


@dataclass(frozen=True)
class Note:
    """A note for reviewers (why a turn breaks a language rule on purpose): shown on no page."""

    kind: str = "note"


TextKind = Markdown | Plain | Token | Note
MARKERS = (Markdown, Plain, Token, Note)


@dataclass(frozen=True)
class Found:
    """A string of a model: its value, its declared kind, and its path inside the document."""

    text: str
    kind: TextKind
    loc: tuple[str | int, ...]
    owner: BaseModel  # the model the field belongs to (a turn's speaker decides its voice)


def marker(annotation: Any, metadata: tuple[Any, ...] | list[Any] = ()) -> TextKind | None:
    """The marker declared for the strings of a field with this annotation (and field metadata)."""
    for item in metadata:
        if isinstance(item, MARKERS):
            return item
    if get_origin(annotation) is Annotated:
        args = get_args(annotation)
        return marker(args[0], args[1:])
    for arg in get_args(annotation):
        found = marker(arg)
        if found is not None:
            return found
    return None


def string_leaves(annotation: Any) -> bool:
    """Whether the annotation can hold a plain ``str`` (outside a Literal vocabulary)."""
    if annotation is str:
        return True
    origin = get_origin(annotation)
    if origin is Literal or origin is dict:
        return False
    if origin is Annotated:
        return string_leaves(get_args(annotation)[0])
    if origin in (list, tuple, Union, types.UnionType):
        return any(string_leaves(arg) for arg in get_args(annotation))
    return False


@cache
def _markers(cls: type[BaseModel]) -> dict[str, TextKind | None]:
    return {name: marker(info.annotation, info.metadata) for name, info in cls.model_fields.items()}


def strings(model: BaseModel, loc: tuple[str | int, ...] = ()) -> Iterator[Found]:
    """Every string in ``model`` and the models inside it, in field order, with its declared kind.

    A model that quotes another (an option with ``quote``) declares in ``from_quote`` the fields
    filled from what it quotes: they are the quoted text's, walked where that text is written."""
    quoted = getattr(type(model), "from_quote", ()) if getattr(model, "quote", None) is not None else ()
    for name, kind in _markers(type(model)).items():
        if name in quoted:
            continue
        yield from _values(getattr(model, name), kind, (*loc, name), model)


def _values(value: Any, kind: TextKind | None, loc: tuple[str | int, ...], owner: BaseModel) -> Iterator[Found]:
    if isinstance(value, BaseModel):
        yield from strings(value, loc)
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _values(item, kind, (*loc, i), owner)
    elif isinstance(value, str) and kind is not None:
        yield Found(value, kind, loc, owner)

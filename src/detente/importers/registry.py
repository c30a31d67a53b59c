"""Importers registered by name; built-ins go through the same `register` as extensions.

An importer is a function `read(path) -> Iterator[Event | InputError]` that streams the events of
one export file. Packages can add importers under the entry-point group `detente.importers`
(name = importer name, value = `module:function`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.metadata import entry_points

from detente.errors import InputError, UsageError
from detente.records import Event

log = logging.getLogger("detente.importers")

ReadFunction = Callable[[str], Iterator[Event | InputError]]


@dataclass(frozen=True, slots=True)
class Importer:
    name: str
    description: str
    read: ReadFunction


_REGISTRY: dict[str, Importer] = {}


def register(name: str, description: str) -> Callable[[ReadFunction], ReadFunction]:
    """Decorator: make `read` available as `detente import NAME FILE`."""

    def decorate(read: ReadFunction) -> ReadFunction:
        if name in _REGISTRY and _REGISTRY[name].read is not read:
            raise UsageError(f"importer {name!r} is already registered")
        _REGISTRY[name] = Importer(name, description, read)
        return read

    return decorate


def _load_builtins_and_plugins() -> None:
    # Importing the built-in modules runs their @register decorators.
    from detente.importers import gdelt, icews, polecat  # noqa: F401

    for ep in entry_points(group="detente.importers"):
        if ep.name in _REGISTRY:
            continue
        try:
            read = ep.load()
        except Exception as exc:  # a broken plugin must not break the built-ins
            log.warning("importer plugin %s could not be loaded: %s", ep.name, exc)
            continue
        register(ep.name, getattr(read, "__doc__", "") or ep.name)(read)


def get_importer(name: str) -> Importer:
    """The importer called `name`; `UsageError` listing the known ones otherwise."""
    _load_builtins_and_plugins()
    try:
        return _REGISTRY[name.lower()]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise UsageError(f"unknown importer {name!r} (known: {known})") from None


def importers() -> list[Importer]:
    """Every registered importer, by name."""
    _load_builtins_and_plugins()
    return [_REGISTRY[name] for name in sorted(_REGISTRY)]

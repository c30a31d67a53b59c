"""A frame: one event found in a sentence, before its actors are resolved to mentions."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token


@dataclass(frozen=True, slots=True)
class Frame:
    """Code, trigger and where to look for the actors of one event."""

    code: str
    trigger: Token
    trigger_text: str
    source: Token | None
    target_tokens: tuple[Token, ...]
    negated: bool
    modality: str | None  # None: decided from the context verb
    rule: str
    context: Token | None = None  # the verb whose auxiliaries and clause decide modality
    extra_sources: tuple[Token, ...] = ()  # further source heads ("talks between X and Y")
    source_fallback: tuple[Token, ...] = ()  # where to look when no source is found
    owner_tokens: tuple[Token, ...] = ()  # themes whose adjective or compound names the target
    reciprocal: bool = False  # the sources act on each other ("talks between X and Y")

"""Actors: find states, people, roles and groups in parsed text (see `ActorMatcher`)."""

from detente.actors.loader import ActorEntry, load_actor_file
from detente.actors.matcher import ActorMatcher

__all__ = ["ActorEntry", "ActorMatcher", "load_actor_file"]

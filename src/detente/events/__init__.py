"""Event coding: CAMEO codes, actors, negation, modality and reported speech from parsed text."""

from detente.events.coder import EventCoder
from detente.events.ontology import CameoCode, cameo

__all__ = ["CameoCode", "EventCoder", "cameo"]

"""Document steps: named decisions on an article's events once its mentions are merged.

The coder's filters (coding/filters.py) judge a trigger inside its sentence. Some decisions
need the whole article: whether a source was found anywhere, or inferred (coding/inference.py),
is known only after actors are resolved and the document's mentions of one happening are
joined (coding/document.py). A step is a named predicate that drops an event; like the
filters, any step can be switched off by name (`Coder(disabled_filters=...)`) for a test or an
ablation, and docs/architecture.md lists them. Every dropped event is logged at debug level
with the step's name.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from flashpoint.records import Event

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ArticleView:
    """What a step may consult besides the event: the article's events and its length."""

    events: Sequence[Event]
    sentences: int  # sentences of the parsed text


StepTest = Callable[[Event, ArticleView], bool]


@dataclass(frozen=True, slots=True)
class DocumentStep:
    """A named predicate on one merged event: True drops it."""

    name: str
    test: StepTest

    @property
    def description(self) -> str:
        """The first line of the predicate's docstring."""
        return (self.test.__doc__ or "").strip().splitlines()[0].strip()


DOCUMENT_STEPS: dict[str, DocumentStep] = {}  # in the order they run


def _register(name: str) -> Callable[[StepTest], StepTest]:
    def register(test: StepTest) -> StepTest:
        DOCUMENT_STEPS[name] = DocumentStep(name, test)
        return test
    return register


def lone_sentence_news(article: ArticleView) -> bool:
    """A text of one sentence none of whose events (but a denied one) has a source.

    A headline, a wire alert or a sentence sent alone has no other sentence that could name
    the doer, and what it tells is its news ("Talks on the border dispute were held in
    Nairobi"): its events are kept with the source open. When one of its events has a source,
    that one is the news and the others go. In a longer article a sentence like it is mostly
    background to the story ("amid the talks"), and the source is looked for in the whole
    article."""
    return article.sentences <= 1 and all(e.source is None for e in article.events
                                          if e.modality != "negated")


@_register("no_source")
def no_source(event: Event, article: ArticleView) -> bool:
    """An event with no source, found in the text or inferred, is no dyad: it is not coded.

    GDELT, ICEWS and PETRARCH code an event only with its source actor; coding/inference.py
    supplies the source the act implies (an unidentified attacker, civilians protesting, the
    police arresting), so what is left names nobody who acted: mostly background mentions
    ("amid protests", "to prevent future attacks"). A lone sentence keeps its events
    (`lone_sentence_news`)."""
    return event.source is None and not lone_sentence_news(article)


def run_steps(events: Sequence[Event], *, sentences: int,
              disabled: Iterable[str] = ()) -> list[Event]:
    """The events no step drops, in their order; each dropped one is logged with its reason."""
    off = frozenset(disabled)
    article = ArticleView(events=events, sentences=sentences)
    kept: list[Event] = []
    for event in events:
        step = next((s for s in DOCUMENT_STEPS.values()
                     if s.name not in off and s.test(event, article)), None)
        if step is None:
            kept.append(event)
            continue
        log.debug("%s: %s event %s dropped by document step %s (%s)", event.doc_id,
                  event.type, event.event_id, step.name, step.description)
    return kept

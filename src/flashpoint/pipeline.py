"""The coding pipeline: articles in, resolved events out, parsing each text exactly once.

Joins the parts in DESIGN.md's order: nlp (parse in batches) -> coding (mentions) -> actors and
geo (resolution on the event's date) -> ontology (CAMEO root, quad class, Goldstein). Stateless;
`flashpoint.runner` adds ingest and the store around it.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import logging
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Token

from flashpoint import __version__
from flashpoint.actors import resolve as actor_resolve
from flashpoint.actors.cameo import with_cameo
from flashpoint.actors.targets import (
    HARM_TYPES,
    PLACED_TYPES,
    is_bare_country,
    is_mutual,
    mirrored,
    owned_place,
    place_target,
    placed_target,
    sited_post,
)
from flashpoint.coding.coder import code_doc
from flashpoint.coding.cues import Cues, load_cues
from flashpoint.coding.dateline import find_dateline, mask_dateline
from flashpoint.coding.docsteps import DOCUMENT_STEPS, run_steps
from flashpoint.coding.document import main_country, merge_document
from flashpoint.coding.filters import check_disabled
from flashpoint.coding.inference import (
    host,
    implied_actor,
    local_reporter,
    local_victims,
    protesters,
    restricted_people,
    unidentified_attacker,
)
from flashpoint.coding.lexicon import Lexicon, load_lexicon
from flashpoint.coding.syntax import names_nobody, np_span
from flashpoint.coding.verbdict import nearest_cameo
from flashpoint.errors import CodingFailed, TextTooLong
from flashpoint.geo import resolve as geo_resolve
from flashpoint.learn.score import LearnedLayer, load_layer
from flashpoint.nlp import load_pipeline
from flashpoint.nlp.chunks import join_docs, split_text
from flashpoint.ontology import vocab
from flashpoint.records import ActorRef, Article, Event, EventMention, Place, Problem

log = logging.getLogger(__name__)

CODER_NAME = f"rules/{__version__}"
COUNTRY_ONLY = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "PROTEST"})
# A text is parsed in pieces of at most CHUNK_CHARS (the parser's memory grows with the text;
# news stories are under 20,000 characters) and not coded at all past MAX_CODED_CHARS, about
# 300,000 words: no news article is that long, and parsing one would hold a run for minutes.
CHUNK_CHARS = 100_000
MAX_CODED_CHARS = 2_000_000
Coded = tuple[Article, list[Event], Problem | None]


@dataclass
class Coder:
    """Everything the rule coder needs, loaded once and reused for every batch."""

    nlp: Language
    lexicon: Lexicon
    cues: Cues
    actor_files: tuple[Path, ...] = ()
    batch_size: int = 32
    chunk_chars: int = CHUNK_CHARS
    max_chars: int = MAX_CODED_CHARS
    layer: LearnedLayer | None = None  # the learned layer (#15); None runs the rules alone
    # coder filters (coding/filters.py) and document steps (coding/docsteps.py) switched off
    # by name, for ablations
    disabled_filters: frozenset[str] = frozenset()
    _actor_cache: dict[tuple[str, date | None, str | None, str | None], ActorRef] = field(
        default_factory=dict)

    def __post_init__(self) -> None:
        """A misspelt filter or step name fails here, not silently in every article."""
        steps = self.disabled_filters & DOCUMENT_STEPS.keys()
        check_disabled(self.disabled_filters - steps)

    @property
    def version(self) -> str:
        """The coder string written into every event."""
        if self.layer is None or self.layer.idle:
            return CODER_NAME  # the events are the rules' own
        return CODER_NAME.replace("rules/", "rules+model/")

    def data_versions(self) -> dict[str, str]:
        """Versions of the data the coder uses, for the `runs` table."""
        return {"lexicon": ",".join(self.lexicon.versions), "coder": CODER_NAME,
                **vocab.data_versions()}

    def _actor(self, text: str, on: date | None, role: str | None,
               context: str | None = None) -> ActorRef:
        key = (text, on, role, context)
        found = self._actor_cache.get(key)
        if found is None:
            registry = actor_resolve.load_registry(list(self.actor_files) or None)
            found = actor_resolve.resolve_actor(text, on=on, registry=registry,
                                                role=role,  # type: ignore[arg-type]
                                                context_country=context)
            if len(self._actor_cache) < 200_000:
                self._actor_cache[key] = found
        return found

    def _argument(self, text: str, office: str | None, on: date | None, role: str,
                  context: str | None) -> ActorRef:
        """The phrase as written; if it names nobody the registry knows, the office in front
        of the person's name ("Serbian President Vojislav Kostunica" -> "Serbian President")."""
        found = self._actor(text, on, role, context)
        if office and not (found.actor or found.country or found.sector):
            by_office = self._actor(office, on, role, context)
            return dataclasses.replace(by_office, text=text)
        return found

    def _each_target(self, event: Event, on: date | None) -> list[Event]:
        """ "met Kenyan and Ugandan leaders", "shelled Chad and Niger": one event per
        coordinated target, as CAMEO codes compound actors, when the parts name actors of
        different countries (else the phrase stays one target)."""
        parts = _conjuncts(event.target.text if event.target else None)
        if event.target is None or len(parts) < 2:
            return [event]
        role = "victim" if event.type in HARM_TYPES else "patient"
        found = [with_cameo(self._actor(part, on, role, None)) for part in parts]
        countries = [ref.country if ref is not None else None for ref in found]
        if None in countries or len(set(countries)) < len(countries):
            return [event]
        return [dataclasses.replace(
            event, target=dataclasses.replace(ref, text=event.target.text),
            event_id=event.event_id if k == 0 else hashlib.sha1(
                f"{event.event_id}|target{k}".encode()).hexdigest()[:16])
            for k, ref in enumerate(found) if ref is not None]

    def _is_actor(self, published: date | None) -> functools.partial[bool]:
        return functools.partial(_token_is_actor, self, published)

    def code_docs(
        self, pairs: Iterable[tuple[Article, Doc]]
    ) -> Iterator[tuple[Article, list[Event]]]:
        """Code already-parsed documents."""
        for article, doc in pairs:
            is_actor = self._is_actor(article.published)
            steps_off = self.disabled_filters & DOCUMENT_STEPS.keys()
            mentions = code_doc(doc, doc_id=article.doc_id, published=article.published,
                                lexicon=self.lexicon, cues=self.cues, is_actor=is_actor,
                                disabled=self.disabled_filters - steps_off)
            if self.layer is not None:
                mentions = self.layer.adjust(doc, mentions, doc_id=article.doc_id,
                                             cues=self.cues, is_actor=is_actor)
            home = _dateline_place(article.text)
            events = [e for m in mentions for e in self._each_target(
                self.resolve(m, article, home=home), article.published)]
            merged = merge_document(events, article.published, several=_plural_triggers(
                doc, events), claims=_claimed_triggers(doc, events))
            kept = run_steps(_implied_sources(merged), sentences=sum(1 for _ in doc.sents),
                             disabled=steps_off)
            yield article, [*kept, *_mirror(kept)]

    def code_stream(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        """Parse and code articles in batches, yielding each article with its events.

        An article that cannot be coded (see `code_checked`) comes back with no events.
        """
        for article, events, _ in self.code_checked(articles):
            yield article, events

    def code_checked(self, articles: Iterable[Article]) -> Iterator[Coded]:
        """Parse and code articles in batches: (article, events, problem), in input order.

        One article never stops the stream (#20): a text over `max_chars` is not parsed (an
        E211 problem), a longer one than `chunk_chars` is parsed in pieces joined into one Doc,
        and a failure while coding one Doc becomes an E210 problem for that article alone.
        """
        queue: deque[tuple[Article, int, Problem | None]] = deque()

        def texts() -> Iterator[str]:
            for article in articles:
                if len(article.text) > self.max_chars:
                    error = TextTooLong(doc_id=article.doc_id, chars=len(article.text),
                                        limit=self.max_chars)
                    queue.append((article, 0, Problem(article.doc_id, error.code, str(error))))
                    continue
                pieces = split_text(mask_dateline(article.text), self.chunk_chars)
                queue.append((article, len(pieces), None))
                yield from pieces

        parts: list[Doc] = []
        for doc in self.nlp.pipe(texts(), batch_size=self.batch_size):
            yield from _skipped(queue)
            parts.append(doc)
            article, size, _ = queue[0]
            if len(parts) == size:
                queue.popleft()
                yield self._code_one(article, join_docs(parts))
                parts = []
        yield from _skipped(queue)

    def _code_one(self, article: Article, doc: Doc) -> Coded:
        """Code one parsed article; an unexpected failure is that article's problem only."""
        try:
            _, events = next(self.code_docs([(article, doc)]))
        except Exception as exc:  # the batch must go on; the traceback goes to the log
            log.exception("coding failed for %s", article.doc_id)
            error = CodingFailed(doc_id=article.doc_id, reason=f"{type(exc).__name__}: {exc}")
            return article, [], Problem(article.doc_id, error.code, str(error))
        return article, events, None

    def code_articles(self, articles: Sequence[Article]) -> list[Event]:
        """All events of `articles`, in input order."""
        return [e for _, events in self.code_stream(articles) for e in events]

    def resolve(self, mention: EventMention, article: Article, *,
                home: Place | None = None) -> Event:
        """Turn a mention into the DESIGN.md event record.

        `home` is the dateline's place: its country is the context for bare state actors
        ("the army said" in a story filed from Peshawar is Pakistan's army). The event's place
        also completes actors the text leaves without a country: an unnamed attacker, people
        hurt or held, the host of a visit. What still has no source once the document is merged
        is completed there (`_implied_sources`).
        """
        on = _event_day(mention, article)
        context = home.country if home else None
        source = self._argument(mention.source_text or mention.source.text,
                                mention.source_office, on, "agent", context
                                ) if mention.source else _implied(mention, context)
        target = self._argument(mention.target_text or mention.target.text,
                                mention.target_office, on,
                                "victim" if mention.type in HARM_TYPES else "patient", context
                                ) if mention.target else None
        if mention.target and target is not None and (not (
                target.actor or target.country or target.sector) or (
                mention.type in HARM_TYPES and is_bare_country(target))):
            target = place_target(target.text or "", mention.type,
                                  context_country=context) or owned_place(target, mention.type)
        reported = (self._actor(mention.reported_by.text, on, "agent", context)
                    if mention.reported_by else None)
        location = _place(mention, source, target, home)
        # where the attack happened, as the text or dateline says (not the target's country)
        site = location if location is not None and (location.text or home) else None
        if mention.type == "ASSAULT" and (source is None or not (
                source.actor or source.country or source.sector)):
            source = unidentified_attacker(site) or source  # no one, or "a roadside bomb", named
        elif source is not None and source.actor == "UNKNOWN" and not source.country and \
                site is not None and site.country:
            source = dataclasses.replace(source, country=site.country)  # "gunmen"
        if mention.type in ("ASSAULT", "COERCE") and target is not None:
            target = local_victims(sited_post(target, site, mention.type) or target, site)
        if mention.cameo == "042" and target is None:
            target = host(source, site)  # "arrived in Amman on a visit": Jordan hosts
        elif target is None and mention.type in PLACED_TYPES:
            target = placed_target(location)  # "suspended aid deliveries in Baghdad"
        elif target is None:  # "declared a state of emergency": on the country's people
            target = restricted_people(mention.cameo, source, site)
        info = vocab.cameo_info(nearest_cameo(mention.cameo, mention.type))  # a user's own code
        digest = hashlib.sha1(
            f"{article.doc_id}|{mention.evidence.start}|{mention.trigger.start}|{mention.type}|"
            f"{mention.source_text or ''}".encode()).hexdigest()[:16]
        return Event(
            event_id=digest, doc_id=article.doc_id, sentence=mention.sentence,
            evidence=mention.evidence, type=mention.type, mode=mention.mode,
            cameo=mention.cameo, quad_class=info.quad_class, goldstein=info.goldstein,
            modality=mention.modality,
            source=with_cameo(_chained(source, mention.source_chain)),
            target=with_cameo(_chained(target, mention.target_chain)),
            reported_by=with_cameo(local_reporter(reported, site)),
            location=location, date=mention.date, fatalities=mention.fatalities,
            confidence=mention.confidence, coder=self.version, trigger=mention.trigger,
        )


def _plural_triggers(doc: Doc, events: list[Event]) -> set[str]:
    """The events whose trigger is a plural noun: each names several happenings (#19)."""
    found = set()
    for event in events:
        if event.trigger is None:
            continue
        span = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
        if span is not None and len(span) and span[-1].tag_ in ("NNS", "NNPS"):
            found.add(event.event_id)
    return found


def _conjuncts(text: str | None) -> list[str]:
    """ "Kenyan and Ugandan leaders" -> ["Kenyan leaders", "Ugandan leaders"]; "Chad, Mali and
    Niger" -> its three names; a phrase with no "and" -> []. The parts before the last share
    its head noun when they are single words ("Kenyan", "Ugandan")."""
    if not text or " and " not in text:
        return []
    head, _, last = text.rpartition(" and ")
    firsts = [p.strip() for p in head.split(",") if p.strip()]
    words = last.split()
    if not firsts or not words:
        return []
    article = firsts[0].split()[0] if firsts[0].split()[0].lower() in ("the", "a") else ""
    firsts[0] = firsts[0].removeprefix(f"{article} ") if article else firsts[0]
    shared = " ".join(words[1:]) if all(len(p.split()) == 1 for p in firsts) and \
        len(words) > 1 and words[0][:1].isupper() else ""
    return [f"{p} {shared}".strip() for p in firsts] + [last]


def _claimed_triggers(doc: Doc, events: list[Event]) -> set[str]:
    """The events whose trigger is what someone claimed responsibility for ("JNIM claimed
    responsibility for the assault"): the claim refers to an attack told elsewhere (#19).
    "No group has claimed responsibility for" and "did not claim" claim nothing."""
    found = set()
    for event in events:
        if event.trigger is None or event.type != "ASSAULT":
            continue
        span = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        token = span.root
        if token.dep_ != "pobj" or token.head.lower_ != "for" or \
                token.head.head.lemma_.lower() not in ("responsibility", "credit"):
            continue
        verb = token.head.head.head
        if any(c.dep_ == "neg" or (c.dep_ in ("nsubj", "nsubjpass") and names_nobody(c))
               for c in verb.children):
            continue
        found.add(event.event_id)
    return found


def _mirror(events: list[Event]) -> list[Event]:
    """The other direction of mutual acts ("A met B" is also B meeting A), once per pair."""
    seen = {(e.sentence, e.type, e.source and e.source.country, e.target and e.target.country)
            for e in events}
    out: list[Event] = []
    for e in events:
        key = (e.sentence, e.type, e.target and e.target.country, e.source and e.source.country)
        if not is_mutual(e.type, e.cameo) or not mirrored(e.source, e.target) or key in seen:
            continue
        seen.add(key)
        digest = hashlib.sha1(f"{e.event_id}|mirror".encode()).hexdigest()[:16]
        out.append(dataclasses.replace(e, event_id=digest, source=_as_agent(e.target),
                                       target=e.source))
    return out


def _as_agent(ref: ActorRef | None) -> ActorRef | None:
    """A country named as the one acted on, now acting: its government, as a bare country
    name as an agent always is."""
    if ref is None or not is_bare_country(ref) or not ref.country:
        return ref
    return with_cameo(dataclasses.replace(ref, actor=f"{ref.country}.GOV", sector="GOV",
                                          cameo=None))


def _chained(ref: ActorRef | None, chain: tuple[str, ...] | None) -> ActorRef | None:
    """The actor with the mentions it was found through ("the group" -> the front's name)."""
    return dataclasses.replace(ref, chain=chain) if ref is not None and chain else ref

def _skipped(queue: deque[tuple[Article, int, Problem | None]]) -> Iterator[Coded]:
    """Yield the articles at the head of the queue that were never sent to the parser."""
    while queue and queue[0][1] == 0:
        article, _, problem = queue.popleft()
        yield article, [], problem


def _implied(mention: EventMention, context: str | None) -> ActorRef | None:
    """The actor the act implies (coding/inference.py), labelled as sectors.yaml names it."""
    sector = mention.implied_source
    label = next((g.label for g in actor_resolve.load_registry().sectors
                  if g.sector == sector and g.label), None) if sector else None
    return implied_actor(mention, context, label=label)


def _implied_sources(events: list[Event]) -> list[Event]:
    """The source an act implies where no mention of its happening names one (#19): an attack
    that killed or hurt someone has an unidentified attacker, a crowd's protest is by the
    civilians of its place's country, else of the article's main country.

    This runs on the merged document, not on each mention: a source left open still lets a
    mention join the happening another sentence names the doer of ("two guards were wounded"
    after "rebels shelled the post"), where an inferred one would keep it apart."""
    home = main_country(events)
    out: list[Event] = []
    for event in events:
        source: ActorRef | None = None
        if event.source is None and event.type == "ASSAULT":
            source = unidentified_attacker(None, event.fatalities)
        elif event.source is None and event.type == "PROTEST":
            source = protesters(event.cameo or "", (
                event.location.country if event.location else None) or home)
        out.append(event if source is None else dataclasses.replace(
            event, source=with_cameo(source)))
    return out


def _token_is_actor(coder: Coder, published: date | None, token: Token) -> bool:
    """The registry decides whether a noun phrase names an actor."""
    if token.pos_ == "PRON":
        return False
    ref = coder._actor(np_span(token).text, published, None)
    return ref.actor is not None or ref.country is not None or ref.sector is not None


def _event_day(mention: EventMention, article: Article) -> date | None:
    if mention.date is not None and mention.date.value:
        return date.fromisoformat(mention.date.value)
    return article.published


def _dateline_place(text: str) -> Place | None:
    """The place a wire story was filed from, resolved against the gazetteer."""
    dateline = find_dateline(text)
    if dateline is None:
        return None
    hint = geo_resolve.resolve_place(dateline.region) if dateline.region else None
    place = geo_resolve.resolve_place(dateline.place,
                                      context_country=hint.country if hint else None)
    return place or hint


def _place(mention: EventMention, source: ActorRef | None, target: ActorRef | None,
           home: Place | None = None) -> Place | None:
    """The most precise place the text supports; else the dateline ("KABUL, May 3 -"): the city
    for the lead, its country further down; else the country the violence hit."""
    context = home.country if home else None
    if mention.location is not None:
        country = context or (target.country if target else None) or (
            source.country if source else None)
        place = geo_resolve.resolve_place(mention.location.text, context_country=country)
        if place is not None:
            return place
    if mention.type not in COUNTRY_ONLY:
        return None
    if home is not None:
        return home if mention.sentence <= 1 else Place(
            text=None, country=home.country, precision="country")
    if target is not None and target.country:
        return Place(text=None, country=target.country, precision="country")
    return None


@functools.lru_cache(maxsize=4)
def load_coder(actor_files: tuple[Path, ...] = (), model: str | None = None, *,
               learned: bool = True, verb_files: tuple[Path, ...] = ()) -> Coder:
    """The default coder, built once per process (spaCy model, lexicon, cues, and the learned
    layer unless `learned` is False); `verb_files` are the user's own verb dictionaries."""
    nlp = load_pipeline(model) if model else load_pipeline()
    return Coder(nlp=nlp, lexicon=load_lexicon(verbs=list(verb_files) or None),
                 cues=load_cues(), actor_files=actor_files,
                 layer=load_layer() if learned else None)


def code_text(text: str, *, date: date | None = None, doc_id: str = "text") -> list[Event]:
    """Code one text; `date` is its publication date (relative dates resolve against it)."""
    return load_coder().code_articles([Article(doc_id=doc_id, text=text, published=date)])


def code_texts(
    texts: Iterable[str | Article], *, date: date | None = None
) -> Iterator[list[Event]]:
    """Code many texts in batches, yielding one list of events per text, in order."""
    def articles() -> Iterator[Article]:
        for i, item in enumerate(texts):
            yield item if isinstance(item, Article) else Article(
                doc_id=f"text-{i}", text=item, published=date)

    for _, events in load_coder().code_stream(articles()):
        yield events


def code_articles(articles: Sequence[Article]) -> list[Event]:
    """Batch coder with the default settings (used by `flashpoint eval`)."""
    return load_coder().code_articles(articles)

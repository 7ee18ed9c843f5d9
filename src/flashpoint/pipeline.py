"""The coding pipeline: articles in, resolved events out, parsing each text exactly once.

Joins the parts in DESIGN.md's order: nlp (parse in batches) -> coding (mentions) -> actors and
geo (resolution on the event's date) -> ontology (CAMEO root, quad class, Goldstein). Stateless;
`flashpoint.runner` adds ingest and the store around it.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Token

from flashpoint import __version__
from flashpoint.actors import resolve as actor_resolve
from flashpoint.coding.coder import code_doc
from flashpoint.coding.cues import load_cues
from flashpoint.coding.dateline import find_dateline, mask_dateline
from flashpoint.coding.document import merge_document
from flashpoint.coding.lexicon import Lexicon, load_lexicon
from flashpoint.coding.syntax import np_span
from flashpoint.geo import resolve as geo_resolve
from flashpoint.nlp import load_pipeline
from flashpoint.ontology import vocab
from flashpoint.records import ActorRef, Article, Event, EventMention, Place

CODER_NAME = f"rules/{__version__}"
COUNTRY_ONLY = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "PROTEST"})


@dataclass
class Coder:
    """Everything the rule coder needs, loaded once and reused for every batch."""

    nlp: Language
    lexicon: Lexicon
    cues: dict[str, frozenset[str]]
    actor_files: tuple[Path, ...] = ()
    batch_size: int = 32
    _actor_cache: dict[tuple[str, date | None, str | None, str | None], ActorRef] = field(
        default_factory=dict)

    @property
    def version(self) -> str:
        """The coder string written into every event."""
        return CODER_NAME

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

    def _is_actor(self, published: date | None) -> functools.partial[bool]:
        return functools.partial(_token_is_actor, self, published)

    def code_docs(
        self, pairs: Iterable[tuple[Article, Doc]]
    ) -> Iterator[tuple[Article, list[Event]]]:
        """Code already-parsed documents."""
        for article, doc in pairs:
            mentions = code_doc(doc, doc_id=article.doc_id, published=article.published,
                                lexicon=self.lexicon, cues=self.cues,
                                is_actor=self._is_actor(article.published))
            home = _dateline_place(article.text)
            events = [self.resolve(m, article, home=home) for m in mentions]
            yield article, merge_document(events, article.published)

    def code_stream(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        """Parse and code articles in batches, yielding each article with its events."""
        pending: list[Article] = []

        def texts() -> Iterator[str]:
            for article in articles:
                pending.append(article)
                yield mask_dateline(article.text)

        docs = self.nlp.pipe(texts(), batch_size=self.batch_size)
        for doc in docs:
            article = pending.pop(0)
            yield from self.code_docs([(article, doc)])

    def code_articles(self, articles: Sequence[Article]) -> list[Event]:
        """All events of `articles`, in input order."""
        return [e for _, events in self.code_stream(articles) for e in events]

    def resolve(self, mention: EventMention, article: Article, *,
                home: Place | None = None) -> Event:
        """Turn a mention into the DESIGN.md event record.

        `home` is the dateline's place: its country is the context for bare state actors
        ("the army said" in a story filed from Peshawar is Pakistan's army). The event's place
        also completes actors the text leaves without a country: an unnamed attacker, people
        hurt or held, the host of a visit.
        """
        on = _event_day(mention, article)
        context = home.country if home else None
        source = self._argument(mention.source_text or mention.source.text,
                                mention.source_office, on, "agent", context
                                ) if mention.source else _implied(mention, context)
        target = self._argument(mention.target_text or mention.target.text,
                                mention.target_office, on, "patient", context
                                ) if mention.target else None
        reported = (self._actor(mention.reported_by.text, on, "agent", context)
                    if mention.reported_by else None)
        location = _place(mention, source, target, home)
        # where the attack happened, as the text or dateline says (not the target's country)
        site = location if location is not None and (location.text or home) else None
        if mention.type == "ASSAULT" and (source is None or not (
                source.actor or source.country or source.sector)):
            source = _unidentified(site) or source  # no one, or "a roadside bomb", named
        elif source is not None and source.actor == "UNKNOWN" and not source.country and \
                site is not None and site.country:
            source = dataclasses.replace(source, country=site.country)  # "gunmen"
        if mention.type in ("ASSAULT", "COERCE") and target is not None:
            target = _local_victims(target, site)
        if mention.cameo == "042" and target is None:
            target = _host(source, site)  # "arrived in Amman on a visit": Jordan hosts
        info = vocab.cameo_info(mention.cameo)
        digest = hashlib.sha1(
            f"{article.doc_id}|{mention.evidence.start}|{mention.trigger.start}|{mention.type}|"
            f"{mention.source_text or ''}".encode()).hexdigest()[:16]
        return Event(
            event_id=digest, doc_id=article.doc_id, sentence=mention.sentence,
            evidence=mention.evidence, type=mention.type, mode=mention.mode,
            cameo=mention.cameo, quad_class=info.quad_class, goldstein=info.goldstein,
            modality=mention.modality, source=source, target=target, reported_by=reported,
            location=location, date=mention.date, fatalities=mention.fatalities,
            confidence=mention.confidence, coder=CODER_NAME, trigger=mention.trigger,
        )


def _implied(mention: EventMention, context: str | None) -> ActorRef | None:
    """ "Fifty activists were arrested": nobody is named, but arresting is what police do.

    The actor has no text (nothing in the sentence names it) and a country only when the
    dateline gives one; `name` says it was inferred, so a reader can tell it from a mention.
    """
    sector = mention.implied_source
    if sector is None:
        return None
    label = next((g.label for g in actor_resolve.load_registry().sectors
                  if g.sector == sector and g.label), sector.lower())  # sectors.yaml's label
    return ActorRef(text=None, actor=f"{context}.{sector}" if context else None,
                    country=context, sector=sector, name=f"{label} (implied by the act)")


def _local_victims(target: ActorRef, site: Place | None) -> ActorRef:
    """ "shelled Juba, killing about 20 people", "police killed one person": people, civilians
    or police hurt or held with no country named are of the country it happened in, as ACLED
    codes them. Soldiers, rebels and refugees are often foreign, so they are left as they are.
    """
    if target.actor or target.country or target.sector not in (None, "CVL", "POL") or \
            site is None or not site.country:
        return target
    actor = f"{site.country}.{target.sector}" if target.sector else None
    return dataclasses.replace(target, actor=actor, country=site.country)


def _host(visitor: ActorRef | None, site: Place | None) -> ActorRef | None:
    """ "Saddam Hussein arrived in Amman on a visit": a visit to a named place in another
    country is received by that country's government, as "visited Pyongyang" is."""
    if site is None or not site.text or not site.country or visitor is None or \
            not visitor.country or visitor.country == site.country:
        return None  # (a visitor of no known country may be at home)
    return ActorRef(text=None, actor=f"{site.country}.GOV", country=site.country, sector="GOV",
                    name="host government (implied by the visit)")


def _unidentified(place: Place | None) -> ActorRef | None:
    """ "A roadside bomb near Samarra killed a soldier": no actor is named, but someone attacked.

    As ICEWS does ("Unidentified Gunmen (Iraq)"), the attacker is UNKNOWN of the country the
    attack happened in, so country-level dyads keep the event; with no place, nothing is
    implied.
    """
    if place is None or not place.country:
        return None
    return ActorRef(text=None, actor="UNKNOWN", country=place.country, sector=None,
                    name="unidentified attacker (implied by the act)")


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
def load_coder(actor_files: tuple[Path, ...] = (), model: str | None = None) -> Coder:
    """The default coder, built once per process (spaCy model, lexicon, cues)."""
    nlp = load_pipeline(model) if model else load_pipeline()
    return Coder(nlp=nlp, lexicon=load_lexicon(), cues=load_cues(), actor_files=actor_files)


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

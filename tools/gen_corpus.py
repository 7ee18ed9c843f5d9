#!/usr/bin/env python3
"""Regenerate flashpoint's own annotated training corpus (issue #15) from sentence frames.

    python3 tools/gen_corpus.py [-o src/flashpoint/learn/data/corpus.jsonl]

Reads tools/corpus/frames.yaml and tools/corpus/fillers.yaml (both written for the project)
and writes one gold-format record (docs/gold-format.md) per sentence. Every frame is rendered
in several modalities (asserted, negated, alleged, hypothetical, future), voices and registers
(wire, official statement, local news, editorial) with varied actors, places and numbers; the
hard negatives (sport, business, background, opinion, accidents, metaphor) carry no event. The
random generator has a fixed seed, so the same frames always give the same file.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "src" / "flashpoint" / "learn" / "data" / "corpus.jsonl"
SEED = 15
PER_FRAME = 10  # renderings of a frame with a verb marker
PER_FIXED = 4  # renderings of a frame written in one form only
PER_NONE = 5  # renderings of a no-event frame
COMPOUNDS = 240  # sentences with two events

IRREGULAR = {  # lemma: (past, past participle)
    "send": ("sent", "sent"), "meet": ("met", "met"), "hold": ("held", "held"),
    "sit": ("sat", "sat"), "speak": ("spoke", "spoken"), "forgive": ("forgave", "forgiven"),
    "give": ("gave", "given"), "write": ("wrote", "written"), "withdraw": ("withdrew", "withdrawn"),
    "lay": ("laid", "laid"), "let": ("let", "let"), "seek": ("sought", "sought"),
    "lead": ("led", "led"), "begin": ("began", "begun"), "strike": ("struck", "struck"),
    "freeze": ("froze", "frozen"), "cut": ("cut", "cut"), "put": ("put", "put"),
    "set": ("set", "set"), "take": ("took", "taken"), "shut": ("shut", "shut"),
    "shoot": ("shot", "shot"), "beat": ("beat", "beaten"), "fight": ("fought", "fought"),
}
DOUBLE = {"scrap", "drop", "permit", "step", "slam", "ban", "slap", "bar", "expel", "kidnap",
          "gun", "initial", "travel", "cancel", "sit", "let", "set", "put", "cut", "shut", "begin",
          "plan", "rob", "grab"}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
DAYS = ["Monday", "Wednesday", "Friday", "Sunday", "Tuesday", "Thursday", "Saturday"]
SMALL = ["two", "three", "12", "four", "five", "15", "six", "seven", "17", "eight", "nine",
         "20", "ten", "23", "several", "dozens of"]
LARGE = ["200", "350", "1,000", "1,500", "2,000", "5,000", "10,000", "hundreds of",
         "thousands of", "about 800", "more than 3,000"]


def forms(lemma: str) -> dict[str, str]:
    """base, past, pp, ing and 3rd-person forms of an English verb."""
    if lemma in IRREGULAR:
        past, pp = IRREGULAR[lemma]
    elif lemma in DOUBLE:
        past = pp = lemma + lemma[-1] + "ed"
    elif lemma.endswith("e"):
        past = pp = lemma + "d"
    elif re.search(r"[^aeiou]y$", lemma):
        past = pp = lemma[:-1] + "ied"
    else:
        past = pp = lemma + "ed"
    if lemma in DOUBLE:
        ing = lemma + lemma[-1] + "ing"
    elif lemma.endswith("e") and not lemma.endswith("ee"):
        ing = lemma[:-1] + "ing"
    else:
        ing = lemma + "ing"
    return {"base": lemma, "past": past, "pp": pp, "ing": ing}


# modality -> (pattern, form of every verb marker, time-phrase kind); {be}/{was}/{has} agree
ACTIVE = {
    "asserted": [("{v}", "past", "past"), ("{has} {v}", "pp", "recent")],
    "negated": [("did not {v}", "base", "past"), ("{has} not {v}", "pp", "recent"),
                ("never {v}", "past", "past"), ("{has} yet to {v}", "base", "none")],
    "alleged": [("allegedly {v}", "past", "past"), ("{be} accused of {v}", "ing", "none"),
                ("{be} suspected of {v}", "ing", "none"), ("{be} said to have {v}", "pp", "past"),
                ("{be} alleged to have {v}", "pp", "past")],
    "hypothetical": [("could {v}", "base", "cond"), ("might {v}", "base", "cond"),
                     ("may {v}", "base", "cond"), ("would {v}", "base", "if")],
    "future": [("will {v}", "base", "future"), ("{be} expected to {v}", "base", "future"),
               ("{be} set to {v}", "base", "future"), ("{be} due to {v}", "base", "future"),
               ("{be} scheduled to {v}", "base", "future")],
}
PASSIVE = {
    "asserted": [("{was} {v}", "pp", "past"), ("{has} been {v}", "pp", "recent")],
    "negated": [("{was} not {v}", "pp", "past"), ("{has} never been {v}", "pp", "none")],
    "alleged": [("{was} allegedly {v}", "pp", "past"),
                ("{be} said to have been {v}", "pp", "past")],
    "hypothetical": [("could be {v}", "pp", "cond"), ("may be {v}", "pp", "cond")],
    "future": [("will be {v}", "pp", "future"), ("{be} expected to be {v}", "pp", "future")],
}
TIMES = {
    "past": ["", "", " on {day}", " late on {day}", " last week", " earlier this month",
             " overnight", " on {month} {d}", " at the weekend"],
    "recent": ["", "", " this week", " in recent days"],
    "future": ["", " next week", " on {day}", " later this month", " in the coming days",
               " before the end of the year"],
    "cond": ["", "", " if the talks collapse", ", officials fear", " unless a deal is reached",
             ", analysts say"],
    "if": [" if the talks fail", " if pressure keeps growing", " if the deadline passes"],
    "none": [""],
}
MODALITIES = (["asserted"] * 5 + ["negated", "alleged", "hypothetical", "future"]
              + ["negated", "alleged", "future"])
ATTRIB = ["officials said", "a spokesman said", "witnesses said", "state media reported",
          "the ministry said in a statement", "a local official told reporters",
          "a military source said", "diplomats said", "the news agency reported",
          "according to a statement"]


class Filler:
    """Picks slot fillers; every choice goes through one seeded random generator."""

    def __init__(self, data: dict[str, Any], rng: random.Random) -> None:
        self.d, self.rng = data, rng

    def person(self) -> tuple[str, str]:
        return self.rng.choice(self.d["first_names"]), self.rng.choice(self.d["last_names"])

    def actor(self, kind: str, country: list[str]) -> tuple[str, bool]:
        text, number = self.rng.choice(self.d["actors"][kind]).rsplit("|", 1)
        first, last = self.person()
        text = (text.replace("{C}", country[0]).replace("{A}", country[1])
                .replace("{K}", country[2]).replace("{F}", first).replace("{L}", last)
                .replace("{G}", self.rng.choice(self.d["groups"]))
                .replace("{W}", self.rng.choice(self.d["towns"])))
        return text, number == "p"

    def countries(self, n: int) -> list[list[str]]:
        return self.rng.sample(self.d["countries"], n)


def fill(template: str, fl: Filler) -> tuple[str, dict[str, str], list[bool]]:
    """Fill the slots of a template; returns the text with verb markers left in place, the
    actor texts by role, and the plural flag of the slot before each marker."""
    rng = fl.rng
    c_s, c_t, c_x = fl.countries(3)
    roles: dict[str, str] = {}
    plural: list[bool] = []
    last = False
    out: list[str] = []
    for piece in re.split(r"(\{[^}]+\}|<[^>]+>)", template):
        if piece.startswith("{"):
            slot = piece[1:-1]
            if ":" in slot:
                role, kind = slot.split(":")
                country = {"S": c_s, "T": c_t, "X": c_x}[role]
                text, last = fl.actor(kind, country)
                last = last or (out[-1].endswith(" and ") and len(out) > 1)  # "X and Y agreed"
                roles[{"S": "source", "T": "target", "X": "other"}[role]] = text
            elif slot == "W":
                text, last = rng.choice(fl.d["towns"]), False
            elif slot == "K":
                text, last = c_t[2], False
            elif slot == "C":
                text, last = c_s[0], False
            elif slot == "A":
                text, last = c_s[1], False
            elif slot == "N":
                text, last = rng.choice(SMALL), True
            elif slot == "M":
                text, last = rng.choice(LARGE), True
            else:
                raise ValueError(f"unknown slot {piece} in {template!r}")
            out.append(text)
        elif piece.startswith("<"):
            plural.append(last)
            out.append(piece)
        else:
            out.append(piece)
    return "".join(out), roles, plural


def agree(pattern: str, plural: bool) -> str:
    return (pattern.replace("{be}", "are" if plural else "is")
            .replace("{was}", "were" if plural else "was")
            .replace("{has}", "have" if plural else "has"))


def inflect(text: str, plural: list[bool], modality: str, rng: random.Random) -> str:
    """Render the verb markers for the modality; the first marker takes the auxiliary, the
    others ("torched cars and looted shops") the same verb form."""
    markers = re.findall(r"<([^>]+)>", text)
    passive = markers[0].startswith("P:")
    pattern, form, when = rng.choice((PASSIVE if passive else ACTIVE)[modality])
    for k, marker in enumerate(markers):
        lemma = marker[2:] if marker.startswith("P:") else marker
        verb = forms(lemma)[form]
        rendered = agree(pattern, plural[k]).replace("{v}", verb) if k == 0 else verb
        text = text.replace(f"<{marker}>", rendered, 1)
    return text + time_phrase(when, rng)


def time_phrase(kind: str, rng: random.Random) -> str:
    return (rng.choice(TIMES[kind]).replace("{day}", rng.choice(DAYS))
            .replace("{month}", rng.choice(MONTHS)).replace("{d}", str(rng.randint(1, 28))))


def register(clause: str, modality: str, fl: Filler) -> tuple[str, str]:
    """Wrap a clause as a wire lead, an official statement, local news, an editorial, or plain."""
    rng = fl.rng
    town = rng.choice(fl.d["towns"])
    choice = rng.random()
    if choice < 0.35:
        return "plain", cap(clause) + "."
    if choice < 0.55:
        if rng.random() < 0.5:
            return "wire", (f"{town.upper()}, {rng.choice(MONTHS)} {rng.randint(1, 28)} - "
                            f"{cap(clause)}.")
        return "wire", f"{cap(clause)}, {rng.choice(ATTRIB)}."
    if choice < 0.7:
        lead = rng.choice(["In a statement issued on {day}, the ministry said",
                           "A government spokesperson confirmed that",
                           "The presidency said in a communique that",
                           "According to an official statement,",
                           "Officials told a news conference that"])
        return "official", f"{lead.replace('{day}', rng.choice(DAYS))} {clause}."
    if choice < 0.85:
        lead = rng.choice([f"Residents of {town} said", f"Local radio in {town} reported that",
                           "A community leader said", f"People in {town} told our reporter that",
                           "Shopkeepers said"])
        return "local", f"{lead} {clause}."
    if modality in ("asserted", "future"):
        tail = rng.choice([", a move that critics called long overdue",
                           ", and few observers were surprised",
                           ", a decision this newspaper has argued for",
                           ", a step that may yet prove costly"])
        return "editorial", cap(clause) + tail + "."
    lead = rng.choice(["Despite weeks of speculation,", "For all the talk in the capital,",
                       "As our correspondent notes,"])
    return "editorial", f"{lead} {clause}."


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def event_record(kind: str, mode: str | None, modality: str, roles: dict[str, str]
                 ) -> dict[str, Any]:
    return {"event_code": kind, "event_scheme": "PLOVER", "mode": mode, "modality": modality,
            "source": [{"text": roles["source"]}] if "source" in roles else [],
            "target": [{"text": roles["target"]}] if "target" in roles else None}


def clause_for(kind: str, mode: str, template: str, modality: str, fl: Filler
               ) -> tuple[str, dict[str, Any]]:
    text, roles, plural = fill(template.lstrip("="), fl)
    if "<" in text:
        text = inflect(text, plural, modality, fl.rng)
    return text, event_record(kind, None if mode == "-" else mode, modality, roles)


def generate(frames: dict[str, Any], fillers: dict[str, Any]) -> list[dict[str, Any]]:
    rng = random.Random(SEED)
    fl = Filler(fillers, rng)
    records: list[dict[str, Any]] = []
    pool: list[tuple[str, str, str]] = []

    def add(text: str, events: list[dict[str, Any]], meta: dict[str, Any]) -> None:
        text = re.sub(r"\s+", " ", text).replace(" ,", ",")
        records.append({"id": f"fpc-{len(records):05d}", "dataset": "flashpoint-corpus",
                        "text": text, "date": None, "events": events,
                        "labels": sorted({e["event_code"] for e in events}), "meta": meta})

    for kind, modes in frames["types"].items():
        for mode, templates in modes.items():
            for number, template in enumerate(templates):
                frame_id = f"{kind.lower()}/{mode}/{number}"
                fixed = template.startswith("=") or "<" not in template
                if not fixed:
                    pool.append((kind, mode, template))
                for k in range(PER_FIXED if fixed else PER_FRAME):
                    modality = "asserted" if fixed else MODALITIES[(k + number) % len(MODALITIES)]
                    clause, event = clause_for(kind, mode, template, modality, fl)
                    reg, text = register(clause, modality, fl)
                    add(text, [event], {"frame": frame_id, "register": reg})
    for group, templates in frames["none"].items():
        for number, template in enumerate(templates):
            for _ in range(PER_NONE):
                text, _roles, _plural = fill(template, fl)
                if rng.random() < 0.2:
                    text = f"{rng.choice(fillers['towns']).upper()}, {rng.choice(MONTHS)} " \
                           f"{rng.randint(1, 28)} - {text}"
                add(cap(text) + ".", [], {"frame": f"none/{group}/{number}", "register": group})
    for _ in range(COMPOUNDS):
        (k1, m1, t1), (k2, m2, t2) = rng.sample(pool, 2)
        mod2 = rng.choice(["asserted", "asserted", "future", "alleged"])
        c1, e1 = clause_for(k1, m1, t1, "asserted", fl)
        c2, e2 = clause_for(k2, m2, t2, mod2, fl)
        joint = rng.choice(["{a}, and {b}", "{a}; meanwhile, {b}", "{a} as {b}", "{a}, while {b}"])
        add(cap(joint.format(a=c1, b=c2)) + ".", [e1, e2],
            {"frame": "compound", "register": "wire"})
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    args = parser.parse_args()
    frames = yaml.safe_load((HERE / "corpus" / "frames.yaml").read_text(encoding="utf-8"))
    fillers = yaml.safe_load((HERE / "corpus" / "fillers.yaml").read_text(encoding="utf-8"))
    records = generate(frames, fillers)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()

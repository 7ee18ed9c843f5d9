"""Reading TABARI/PETRARCH actor and agent dictionaries into dictionary entries.

The field's actor knowledge (the Phoenix dictionaries, CountryInfo, any project's own TABARI
files) is written in PETRARCH's flat format: a primary phrase, `+` synonyms and tab-indented
dated codes (`[USAGOV 20090120-20170120]`); agents are nouns with a `~`-marked role code
(`POLICE {} [~COP]`). This module turns such files into `DictEntry` rows that the registry loads
(`dictionary.py`), keeping every dated role. It reads the format as PETRARCH documents it;
it does not run PETRARCH's matching rules (stems, gaps between agent words), which our
resolver replaces with its own.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from flashpoint.actors.dictionary import CodedRole, DictEntry, entries_to_tsv, entries_to_yaml
from flashpoint.actors.registry import tokens
from flashpoint.errors import DataFileError

_CODE_BLOCK = re.compile(r"\[([^\]]*)\]")
_PLURAL_BLOCK = re.compile(r"\{([^}]*)\}")
_SUBST = re.compile(r"^(![A-Z]+!)\s*=\s*(.+)$")
_DATE = re.compile(r"^\d{6}(\d{2})?$")
_CODE = re.compile(r"^[A-Z0-9]{3,}$")
# One-word agents shaped like adjectives ("NAVAL", "ISLAMIC", "JEWISH") modify nouns that are
# not actors ("the naval blockade"); they are left out rather than made into actors.
_ADJECTIVE = re.compile(r"^[A-Z-]+(AL|IC|ISH|ESE)$")


def _date(text: str) -> date | None:
    """YYYYMMDD or YYMMDD; two-digit years up to 30 are 20xx, as PETRARCH reads them."""
    text = text.strip()
    if not _DATE.match(text):
        return None
    if len(text) == 6:
        yy = int(text[:2])
        text = f"{2000 + yy if yy <= 30 else 1900 + yy}{text[2:]}"
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def _restriction(block: str) -> CodedRole | None:
    """`CODE`, `CODE <date`, `CODE >date` or `CODE date-date`; None when unreadable."""
    parts = block.split(None, 1)
    if not parts:
        return None
    code = parts[0].split("/")[0].upper()  # "ELR/GAL": the first of alternatives
    code = code if _CODE.match(code) else "---"  # "---", "+++": no actor
    rest = parts[1].replace(" ", "") if len(parts) > 1 else ""
    if not rest:
        return CodedRole(code=code)
    if rest[0] == "<":
        until = _date(rest[1:])
        return None if until is None else CodedRole(code=code, until=until)
    if rest[0] == ">":
        start = _date(rest[1:])
        return None if start is None else CodedRole(code=code, **{"from": start})
    lo, sep, hi = rest.partition("-")
    start, until = _date(lo), _date(hi)
    if not sep or start is None or until is None or until < start:
        return None
    return CodedRole(code=code, **{"from": start, "until": until})


def phrase_text(raw: str) -> str:
    """`MINAS_TIRITH_` -> "Minas Tirith"; short one-word names stay capitals ("UN", "PLO")
    so the registry matches them only in capitals, never "us" or "is"."""
    raw = re.sub(r"\([^)]*\)", " ", raw)  # "ISLAMIC_ARMY_OF_ADEN_(IAA)_": drop the acronym
    words = [w for w in re.split(r"[_\s]+", raw.strip()) if w]
    if len(words) > 1 and words[0].upper() == "THE":
        words = words[1:]  # "THE_UNITED_NATIONS": the article is the text's, not the name's
    if len(words) == 1 and (len(re.sub(r"\W", "", words[0])) <= 3 or "." in words[0]):
        return words[0].upper()
    return " ".join(w if "." in w or not w.isupper()
                    else re.sub(r"[A-Z]+", lambda m: m.group(0).capitalize(), w)
                    for w in words).replace("'S", "'s")


def _strip_comment(line: str) -> str:
    return line.split("#", 1)[0].rstrip()


def _xml_comment_free(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    """Lines without `<!-- ... -->` blocks (which may span lines) and without # comments."""
    inside = False
    for number, line in enumerate(lines, 1):
        if inside:
            if "-->" in line:
                inside = False
            continue
        stripped = line.strip()
        if stripped.startswith("<!") or stripped.startswith("<"):
            inside = "-->" not in stripped and stripped.startswith("<!--")
            continue
        yield number, line


@dataclass
class _Block:
    phrases: list[str]
    roles: list[CodedRole]
    default: str | None = None
    has_code: bool = False


def _close(block: _Block | None, out: list[DictEntry]) -> None:
    if block is None or not block.has_code or not block.phrases:
        return
    names = list(dict.fromkeys(phrase_text(p) for p in block.phrases if phrase_text(p)))
    if names:
        out.append(DictEntry(names=names, code=block.default, roles=block.roles))


def read_actors(path: Path) -> list[DictEntry]:
    """Parse one actor dictionary: one entry per primary phrase with its synonyms and codes.

    A primary phrase with no code of its own, followed straight by another primary phrase,
    shares that phrase's codes (PETRARCH reads the codes that follow).
    """
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        raise DataFileError(path=path, reason=str(exc)) from exc
    out: list[DictEntry] = []
    block: _Block | None = None
    for _, raw in _xml_comment_free(lines):
        line = _strip_comment(raw)
        if not line.strip():
            continue
        indented = line[0] in "\t " and line.strip().startswith("[")
        text = line.strip()
        if indented:
            if block is None:
                continue
            for found in _CODE_BLOCK.findall(text):
                _add_code(block, found)
            continue
        if text.startswith("+"):
            if block is None:
                continue
            phrase = _CODE_BLOCK.sub("", text[1:]).strip()
            if phrase:
                block.phrases.append(phrase)
            for found in _CODE_BLOCK.findall(text):
                _add_code(block, found)
            continue
        # a new primary phrase
        phrase = _CODE_BLOCK.sub("", text).strip()
        if block is not None and not block.has_code:
            block.phrases.append(phrase)  # shares the codes still to come
        else:
            _close(block, out)
            block = _Block([phrase], [])
        for found in _CODE_BLOCK.findall(text):
            _add_code(block, found)
    _close(block, out)
    return out


def _add_code(block: _Block, found: str) -> None:
    role = _restriction(found.strip())
    if role is None:
        return  # an unreadable restriction is skipped, as PETRARCH skips it
    code = role.code
    block.has_code = True
    if role.valid_from is None and role.until is None:
        block.default = block.default or code
    else:
        block.roles.append(CodedRole(code=code, **{"from": role.valid_from,
                                                    "until": role.until}))


def _plurals(root: str, given: str | None) -> list[str]:
    """PETRARCH's regular plurals: +S, Y -> IES, SS -> SSES; `{}` none; `{X}` X instead."""
    if given is not None:
        return [p for p in given.split() if p]
    if root.endswith("_"):
        return []
    if root.endswith("SS"):
        return [root + "ES"]
    if root.endswith("Y") and len(root) > 1 and root[-2] not in "AEIOU":
        return [root[:-1] + "IES"]
    if root.endswith(("S", "!")):
        return []
    return [root + "S"]


def read_agents(path: Path) -> list[DictEntry]:
    """Parse one agent dictionary: generic nouns with the role code they give an actor."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        raise DataFileError(path=path, reason=str(exc)) from exc
    subst: dict[str, list[str]] = {}
    by_code: dict[str, list[str]] = {}
    for _, raw in _xml_comment_free(lines):
        line = _strip_comment(raw).strip()
        if not line:
            continue
        marker = _SUBST.match(line)
        if marker:
            subst[marker.group(1)] = [w.strip() for w in marker.group(2).split(",") if w.strip()]
            continue
        codes = _CODE_BLOCK.findall(line)
        if not codes:
            continue
        code = codes[0].replace(" ", "").upper()
        if "~" not in code:
            continue
        body = _CODE_BLOCK.sub("", line)
        plural = _PLURAL_BLOCK.search(body)
        root = _PLURAL_BLOCK.sub("", body).strip()
        if not root:
            continue
        forms = [root, *_plurals(root, plural.group(1) if plural else None)]
        words: list[str] = []
        for form in forms:
            marker_used = re.search(r"![A-Z]+!", form)
            if marker_used and marker_used.group(0) in subst:
                words += [form.replace(marker_used.group(0), sub)
                          for sub in subst[marker_used.group(0)]]
            elif not marker_used:
                words.append(form)
        if _ADJECTIVE.match(root):
            continue
        by_code.setdefault(code, []).extend(phrase_text(w).lower() for w in words)
    return [DictEntry(names=list(dict.fromkeys(names)), code=code)
            for code, names in by_code.items()]


def looks_like_agents(path: Path) -> bool:
    """Agent files give `~` codes on the phrase's own line; actor files do not."""
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:200_000]
    except OSError as exc:
        raise DataFileError(path=path, reason=str(exc)) from exc
    codes = _CODE_BLOCK.findall(head)
    return bool(codes) and sum("~" in c for c in codes) > len(codes) / 2


def read_dictionaries(paths: Iterable[Path]) -> list[DictEntry]:
    """Actor and agent files, told apart by their codes, in the order given."""
    out: list[DictEntry] = []
    for path in paths:
        path = Path(path)
        if not path.is_file():
            raise DataFileError(path=path, reason="file not found")
        out += read_agents(path) if looks_like_agents(path) else read_actors(path)
    return out


def close_open_roles(entries: list[DictEntry], on: date) -> list[DictEntry]:
    """End every dated role still open on `on` there: a dictionary that stops at that date
    says nothing about who holds an office after it (our own registry does)."""
    out: list[DictEntry] = []
    for e in entries:
        roles = [r if r.until is not None or r.valid_from is None or r.valid_from > on
                 else CodedRole(code=r.code, **{"from": r.valid_from, "until": on})
                 for r in e.roles]
        out.append(DictEntry(names=e.names, code=e.code, roles=roles))
    return out


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What `import_petrarch` wrote."""

    path: Path
    actors: int
    agents: int
    names: int


def _notice(paths: Iterable[Path]) -> str | None:
    """The licence text beside the dictionaries (a LICENSE file), which must travel with
    any copy or derived file."""
    for path in paths:
        for name in ("LICENSE", "LICENSE.txt", "LICENSE.md"):
            found = Path(path).parent / name
            if found.is_file():
                return found.read_text(encoding="utf-8").strip()
    return None


def import_petrarch(paths: Sequence[Path], output: Path, *, source: str | None = None,
                    close_on: date | None = None) -> ImportResult:
    """Convert TABARI/PETRARCH actor and agent dictionaries into a registry file.

    `.yaml`/`.yml` output is for `--actors`; `.tsv` is the compact layout of the bundled
    layer. `close_on` ends the roles still open on that date (the dictionary's last day).
    """
    entries = read_dictionaries(paths)
    if close_on is not None:
        entries = close_open_roles(entries, close_on)
    longest = max((len(tokens(n)) for e in entries for n in e.names), default=1)
    header = {"source": source or ("converted with `flashpoint actors import petrarch` from "
                                   + ", ".join(p.name for p in paths)),
              "files": ", ".join(p.name for p in paths)}
    if close_on is not None:
        header["closed_on"] = close_on.isoformat()
    notice = _notice(paths)
    header["license"] = "MIT (see notice)" if notice else "as the source files"
    if notice:
        header["notice"] = notice
    suffix = "".join(output.suffixes[-2:]).lower() if output.suffix == ".gz" else \
        output.suffix.lower()
    if suffix in (".tsv", ".tsv.gz"):
        header["max_tokens"] = str(longest)
        text = entries_to_tsv(entries, header,
                              keys=lambda n: " ".join(t.casefold() for t in tokens(n)))
    elif suffix in (".yaml", ".yml"):
        text = entries_to_yaml(entries, header)
    else:
        raise DataFileError(path=output, reason="write .yaml, .yml, .tsv or .tsv.gz")
    if suffix == ".tsv.gz":
        # mtime=0: the same dictionaries give the same bytes
        output.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    else:
        output.write_text(text, encoding="utf-8")
    agents = sum(e.is_agent for e in entries)
    return ImportResult(output, len(entries) - agents, agents,
                        sum(len(e.names) for e in entries))

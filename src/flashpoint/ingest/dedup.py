"""Exact and near-duplicate detection for articles: content hashes and MinHash LSH.

It owns deciding that an article repeats one seen before; it does not drop anything (duplicates
are kept and linked through `Article.duplicate_of`) and it does not store signatures itself.

Near duplicates are wire copies with a changed headline, byline or a trimmed last paragraph.
We shingle the normalised text into word 5-grams (long enough that two unrelated reports rarely
share many, short enough that a one-word edit changes only five shingles), estimate Jaccard
similarity with 128-permutation MinHash and call two texts duplicates at >= 0.7: a republished
100-word wire story with a new first line and one edited sentence scores about 0.75, and in
bench/ingest.py 10,000 templated originals gave no false alarm at 0.7. The LSH index only
proposes candidates; each is confirmed against the threshold by its estimated Jaccard.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterator

from datasketch import LeanMinHash, MinHash, MinHashLSH

from flashpoint.errors import UnreadableRecord
from flashpoint.ingest.clean import content_hash, normalise
from flashpoint.records import Article

NUM_PERM = 128
SHINGLE_WORDS = 5
THRESHOLD = 0.7
_RECENT = 4096  # signatures kept for `signature`: a store batch is far smaller
SEED = 1  # fixed: signatures stored by one run must compare with those of the next


def copy_key(content_hash: str, doc_id: str) -> str:
    """The row key of an exact copy (same text, another id) of the article `content_hash`.

    Articles are keyed by content hash, so a wire copy stored under its original's hash would
    overwrite it (#20); the copy gets its own key, and `duplicate_of` links it to the original.
    """
    return hashlib.sha256(f"{content_hash}\n{doc_id}".encode()).hexdigest()


def shingles(text: str, size: int = SHINGLE_WORDS) -> Iterator[bytes]:
    """Word n-grams of the normalised text; a text shorter than n words is one shingle."""
    words = normalise(text).split()
    if len(words) <= size:
        if words:
            yield " ".join(words).encode("utf-8")
        return
    for i in range(len(words) - size + 1):
        yield " ".join(words[i:i + size]).encode("utf-8")


def minhash(text: str) -> LeanMinHash:
    """The MinHash of a text's shingles, with the fixed seed and permutation count."""
    sketch = MinHash(num_perm=NUM_PERM, seed=SEED)
    sketch.update_batch(list(shingles(text)))
    return LeanMinHash(sketch)


def signature(text: str) -> bytes:
    """A text's MinHash as bytes (528 of them), for the store's `articles.minhash` column."""
    lean = minhash(text)
    buf = bytearray(lean.bytesize())
    lean.serialize(buf)
    return bytes(buf)


def load_signature(data: bytes, *, key: str = "signature") -> LeanMinHash:
    """Rebuild a MinHash from `signature` bytes; a wrong length or seed is an E101 error."""
    try:
        lean = LeanMinHash.deserialize(data)
    except (struct.error, ValueError) as exc:
        raise UnreadableRecord(doc_id=key, reason=f"bad minhash signature: {exc}") from exc
    if len(lean.hashvalues) != NUM_PERM or lean.seed != SEED:
        raise UnreadableRecord(doc_id=key, reason=(
            f"minhash signature has {len(lean.hashvalues)} permutations and seed {lean.seed}; "
            f"expected {NUM_PERM} and {SEED}"))
    return lean


class Deduplicator:
    """Remembers articles (by key) and says whether a new one repeats any of them.

    Seed it with what the store already holds (`add` from text, `add_signature` from stored
    bytes), then `check` each new article and `add` the ones that are new.
    """

    def __init__(self, *, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        # the index is built looser than the threshold: LSH banding proposes only ~70% of
        # pairs at 0.85 when tuned to the threshold itself; every candidate is confirmed at
        # `threshold` (bench/ingest.py: 868 -> 955 of 985 planted copies, no false alarms)
        self._lsh = MinHashLSH(threshold=max(threshold - 0.2, 0.3), num_perm=NUM_PERM)
        self._hashes: dict[str, str] = {}  # content hash -> key of the first article with it
        self._sketches: dict[str, LeanMinHash] = {}
        self._order: dict[str, int] = {}
        self._recent: dict[str, bytes] = {}  # content hash -> signature, for the store's batch

    def __len__(self) -> int:
        return len(self._sketches)

    def __contains__(self, key: object) -> bool:
        return key in self._sketches

    def add(self, key: str, text: str) -> bytes:
        """Remember a text under `key`; returns its signature so the caller can store it."""
        digest = content_hash(text)
        self._hashes.setdefault(digest, key)
        data = signature(text)
        self._recent[digest] = data
        if len(self._recent) > _RECENT:
            del self._recent[next(iter(self._recent))]
        self._insert(key, LeanMinHash.deserialize(data))
        return data

    def signature(self, text: str) -> bytes:
        """The text's signature, reusing the one `add` just computed (MinHash is the slow part)."""
        return self._recent.get(content_hash(text)) or signature(text)

    def add_signature(self, key: str, data: bytes) -> None:
        """Remember a stored signature (an earlier run's article) under `key`."""
        self._insert(key, load_signature(data, key=key))

    def _insert(self, key: str, sketch: LeanMinHash) -> None:
        if key in self._sketches:  # re-adding the same article is harmless
            return
        self._order[key] = len(self._sketches)
        self._sketches[key] = sketch
        self._lsh.insert(key, sketch)

    def check(self, article: Article) -> str | None:
        """The key of the article this one duplicates (exact first, then near), else None."""
        digest = article.content_hash or content_hash(article.text)
        exact = self._hashes.get(digest)
        if exact is not None:
            return exact
        return self.near(article.text)

    def near(self, text: str) -> str | None:
        """The key of the most similar remembered text at or above the threshold, else None."""
        sketch = minhash(text)
        best: tuple[float, str] | None = None
        # ties go to the earliest remembered article, so a chain of copies links to the first
        for key in sorted(self._lsh.query(sketch), key=self._order.__getitem__):
            score = sketch.jaccard(self._sketches[key])
            if score >= self.threshold and (best is None or score > best[0]):
                best = (score, str(key))
        return best[1] if best else None

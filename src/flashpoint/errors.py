"""Every exception flashpoint raises, with a stable code, a message template and an HTTP status.

    FlashpointError (E000)
    ├── ConfigError (E401)
    ├── DataFileError (E402)
    ├── UnknownName (E403)
    ├── OutputNotWritable (E410)
    ├── InputError (E100)
    │   ├── UnreadableRecord (E101)
    │   ├── UnsupportedFormat (E102)
    │   ├── EmptyText (E103)
    │   ├── TooLarge (E104)
    │   ├── DuplicateRecord (E105)
    │   ├── NotCoded (E106)
    │   ├── FetchError (E110)
    │   └── NothingRead (E120)
    ├── ModelError (E200)
    │   └── ModelNotInstalled (E201)
    ├── CodingFailed (E210)
    │   └── TextTooLong (E211)
    ├── StoreError (E500)
    │   ├── StoreLocked (E501)
    │   │   └── StoreHeld (E503)
    │   ├── MigrationError (E502)
    │   └── StoreUnavailable (E510)
    ├── NotFound (E600)
    │   ├── EventNotFound (E601)
    │   └── ActorNotFound (E301)
    ├── ApiError (E602)
    │   ├── RequestInvalid (E602)
    │   ├── Unauthorized (E603)
    │   ├── WritesDisabled (E604)
    │   └── MethodNotAllowed (E605)
    ├── DeliveryError (E606)
    └── GoldFormatError (E701)

Messages say what happened, to which input, and what the user can do; no message text lives
elsewhere (STYLE.md 2.4). Per-record failures become `records.Problem` rows, not log lines.
"""

from __future__ import annotations

from typing import Any, ClassVar


class FlashpointError(Exception):
    """Base of every flashpoint error; catch this to catch them all."""

    code: ClassVar[str] = "E000"
    template: ClassVar[str] = "internal error, please report: {detail}"
    http_status: ClassVar[int] = 500

    def __init__(self, **fields: Any) -> None:
        self.fields = fields
        try:
            message = self.template.format(**fields)
        except (KeyError, IndexError):
            message = f"{self.template} {fields}"
        super().__init__(message)

    @property
    def message(self) -> str:
        """The user-facing message without the code."""
        return str(self)


class ConfigError(FlashpointError):
    code = "E401"
    template = "bad setting {key!r}: {reason}"
    http_status = 400


class DataFileError(FlashpointError):
    code = "E402"
    template = "data file {path}: {reason}"
    http_status = 500


class UnknownName(ConfigError):
    """A name looked up in a closed registry (a coder filter, a cue list) that it does not have."""

    code = "E403"
    template = "unknown {kind} {name!r}; the known ones are: {known}"


class OutputNotWritable(FlashpointError):
    """An output file (`-o`) that cannot be written, found before any work is done."""

    code = "E410"
    template = "cannot write {path}: {reason}; {todo}"
    http_status = 500


class InputError(FlashpointError):
    code = "E100"
    template = "{doc_id}: {reason}"
    http_status = 400


class UnreadableRecord(InputError):
    code = "E101"
    template = "{doc_id}: cannot read: {reason}"


class UnsupportedFormat(InputError):
    code = "E102"
    template = "{doc_id}: unsupported input: {reason}"


class EmptyText(InputError):
    code = "E103"
    template = "{doc_id}: no text left to code after cleaning"


class TooLarge(InputError):
    code = "E104"
    template = "{doc_id}: {size} bytes is over the {limit}-byte limit; split it or raise max_bytes"
    http_status = 413


class DuplicateRecord(InputError):
    code = "E105"
    template = "{doc_id}: duplicate of {original}"


class NotCoded(InputError):
    code = "E106"
    template = "{doc_id}: not coded: language {language}"


class FetchError(InputError):
    code = "E110"
    template = "{doc_id}: fetch failed: {reason}"
    http_status = 502


class NothingRead(InputError):
    """Sources were named but not one record could be read; the CLI exits 2."""

    code = "E120"
    template = ("not one document could be read from the sources given ({problems} problem(s) "
                "above); check the paths and URLs")


class ModelError(FlashpointError):
    code = "E200"
    template = "spaCy pipeline {model!r} failed to load: {reason}"


class ModelNotInstalled(ModelError):
    code = "E201"
    template = "spaCy model {model!r} is not installed; run `make demo` or `pip install {package}`"


class CodingFailed(FlashpointError):
    """One article could not be coded; it is stored (status not_coded) and the batch goes on."""

    code = "E210"
    template = "{doc_id}: not coded: {reason}; the article is stored, please report this"
    http_status = 500


class TextTooLong(CodingFailed):
    """An article too long to parse; stored but not coded (#20)."""

    code = "E211"
    template = ("{doc_id}: not coded: {chars} characters is over the {limit}-character coding "
                "limit; the article is stored; split it into smaller documents to code it")
    http_status = 413


class StoreError(FlashpointError):
    code = "E500"
    template = "store {path}: {reason}"


class StoreLocked(StoreError):
    code = "E501"
    template = ("store {path} is held by {holder} ({reason}); stop it and retry, or use another "
                "--db (a store held by `flashpoint serve` takes work through its HTTP API)")
    http_status = 409


class StoreHeld(StoreLocked):
    """The store is held by a `serve` or `monitor` that said so in its holder file."""

    code = "E503"
    template = ("store {path} is held by `flashpoint {command}` (pid {pid}, {url}); reads "
                "such as `events` and `alerts` still work through its snapshot; to write, send "
                "the work through its API (POST {url}api/ingest) or stop it (Ctrl-C, or "
                "kill {pid}), or use another --db")


class MigrationError(StoreError):
    code = "E502"
    template = "store {path}: migration {migration} failed: {reason}"


class StoreUnavailable(StoreError):
    """A --db that cannot be used: missing, in a missing folder, unreadable or not DuckDB."""

    code = "E510"
    template = "store {path}: {reason}; {todo}"


class NotFound(FlashpointError):
    code = "E600"
    template = "{what} not found: {key}"
    http_status = 404


class EventNotFound(NotFound):
    code = "E601"
    template = "event not found: {key}"


class ApiError(FlashpointError):
    """A request the HTTP API refuses; rendered as `{ok: false, error, code, status}`."""

    code = "E602"
    template = "{reason}"
    http_status = 400


class RequestInvalid(ApiError):
    """A query parameter, path segment or body field failed validation."""

    code = "E602"
    template = "invalid request: {where}: {reason}"
    http_status = 422


class Unauthorized(ApiError):
    """A write endpoint was called without the server's token."""

    code = "E603"
    template = ("this endpoint needs the token `flashpoint serve` was started with; send it as "
                "the header `Authorization: Bearer <token>`")
    http_status = 401


class WritesDisabled(ApiError):
    """A write endpoint was called on a server started without a token (or read-only)."""

    code = "E604"
    template = ("write endpoints are off: restart `flashpoint serve` with a token (and without "
                "--read-only) to ingest through the API, or stop the server and use the CLI")
    http_status = 403


class MethodNotAllowed(ApiError):
    """A route was called with the wrong HTTP method."""

    code = "E605"
    template = "{method} is not allowed on {path}"
    http_status = 405


class DeliveryError(FlashpointError):
    """An alert channel failed after its retries; the monitor records it and tries later."""

    code = "E606"
    template = "alert channel {channel!r} failed: {reason}"
    http_status = 502


class ActorNotFound(NotFound):
    code = "E301"
    template = "no actor matches {key!r}"


class GoldFormatError(FlashpointError):
    code = "E701"
    template = "gold file {path}, line {line}: {reason}"
    http_status = 400


def all_errors() -> list[type[FlashpointError]]:
    """Every error class, for docs and tests."""
    found: list[type[FlashpointError]] = []
    stack: list[type[FlashpointError]] = [FlashpointError]
    while stack:
        cls = stack.pop()
        found.append(cls)
        stack.extend(cls.__subclasses__())
    return sorted(found, key=lambda c: c.code)

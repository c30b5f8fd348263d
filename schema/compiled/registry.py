"""The trusted (persisted) documents: the app's own operations, one per file in
``schema/compiled/documents/``, known by their id (the operation name, sent as
``documentId``) and by the SHA-256 of their text (sent as Apollo's
``extensions.persistedQuery.sha256Hash``). A client sending a trusted document's exact text
runs it the same way."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DOCUMENTS = Path(__file__).parent / "documents"


@dataclass(frozen=True)
class TrustedDocument:
    id: str
    text: str
    sha256: str


class TrustedDocuments:
    def __init__(self, documents: list[TrustedDocument]) -> None:
        self.by_id = {document.id: document for document in documents}
        self.by_hash = {document.sha256: document for document in documents}
        self.texts = frozenset(document.text for document in documents)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.by_id.values())

    def find(self, *, document_id: str | None, sha256: str | None) -> TrustedDocument | None:
        if document_id is not None:
            return self.by_id.get(document_id.removeprefix("sha256:")) or self.by_hash.get(
                document_id.removeprefix("sha256:")
            )
        if sha256 is not None:
            return self.by_hash.get(sha256.lower())
        return None


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@cache
def trusted_documents() -> TrustedDocuments:
    documents = [
        TrustedDocument(path.stem, text, digest(text))
        for path in sorted(DOCUMENTS.glob("*.graphql"))
        for text in [path.read_text(encoding="utf-8")]
    ]
    return TrustedDocuments(documents)

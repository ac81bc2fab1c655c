"""Chroma behind the Store protocol: embedded on disk (PersistentClient) by default, or a Chroma server over HTTP.

Embedded, one process at a time may write: the first write takes an exclusive lock on `writer.lock` in the store
folder and keeps it until the store is closed or the process ends, so a second writer is refused with a message
instead of racing the first one on the same SQLite file and index. Readers never take it. A server serialises
writers itself, so server mode takes no local lock. Telemetry is off in both modes.
"""
from __future__ import annotations

import functools
import os
import re
import weakref
from pathlib import Path
from typing import Any, Sequence
from urllib.parse import urlsplit

import numpy as np

from assistant.backends.store_filter import matcher
from assistant.backends.store_lock import LOCK_FILE, acquire, can_lock, release
from assistant.core.errors import AssistantError, CollectionNotFoundError, ConfigError, StoreError

_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,510}[A-Za-z0-9]$")
_TOKEN_CHARS = re.compile(r"^[\x21-\x7e]+$")  # printable ASCII without spaces: it goes into an HTTP header
# Filtered search over-fetches from the unfiltered index (see ChromaStore._over_fetch). First fetch: 8x the asked
# k (a filter keeping a third of the records then passes ~27 for k=10, enough nearly always). Beyond 1,000
# neighbours Chroma's own filter is the faster one: reading 1,000 records' metadata took 97 ms at 100k records,
# Chroma's filtered search 90-260 ms (bench/results_issue-17.md).
OVER_FETCH = 8
MAX_OVER_FETCH = 1000


def check_collection_name(name: str) -> str:
    if not _NAME_RE.match(name or "") or ".." in name:
        raise ConfigError(f"{name!r} is not a valid collection name",
                          "use 3-512 letters, digits, '.', '_' or '-', starting and ending with a letter or digit")
    return name


def parse_store_url(url: str) -> tuple[str, int, bool]:
    """(host, port, ssl) of an `http://HOST:PORT` store URL; the port defaults to 8000 (443 for https)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise ConfigError(f"{url!r} is not a store URL: {exc}", "give it as http://HOST:PORT") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path.strip("/") or parts.query:
        raise ConfigError(f"{url!r} is not a store URL", "give it as http://HOST:PORT, e.g. http://127.0.0.1:8000")
    return parts.hostname, port or (443 if parts.scheme == "https" else 8000), parts.scheme == "https"


def _server_errors(method):
    """In server mode, turn connection and authentication failures into a StoreError that says the fix; embedded,
    turn chromadb's failures on a store folder that cannot be written into one (see `_read_only`)."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except AssistantError:
            raise
        except Exception as exc:
            translated = self._translate(exc) if self.url else self._read_only(exc)
            if translated is None:
                raise
            raise translated from exc

    return wrapper


class ChromaStore:
    """The Store protocol over chromadb. Imports chromadb only when first used.

    `url` (http://HOST:PORT) selects a Chroma server instead of the folder `path`; `token` is sent with every
    request as `Authorization: Bearer TOKEN` and `X-Chroma-Token: TOKEN`.
    """

    def __init__(self, path: Path, url: str | None = None, token: str | None = None):
        self.path = Path(path)
        self.url = url.strip().rstrip("/") if url else None
        if self.url:
            parse_store_url(self.url)
        if token and not _TOKEN_CHARS.match(token):
            raise ConfigError("the store token has spaces or non-ASCII characters",
                              "set ASSISTANT_STORE_TOKEN to the token alone (printable ASCII, no spaces)")
        self._token = token or None
        self._client = None
        self._collections: dict[str, Any] = {}
        self._release = None  # set while this store holds the embedded writer lock

    @property
    def where(self) -> str:
        """The server URL or the store folder, for messages."""
        return self.url or str(self.path)

    @property
    def lock_path(self) -> Path:
        return self.path / LOCK_FILE

    # -- clients ------------------------------------------------------------------------------------------------
    @property
    @_server_errors
    def client(self):
        if self._client is None:
            from assistant.backends.embedder import offline_environment

            offline_environment()
            import chromadb
            from chromadb.config import Settings as ChromaSettings

            settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
            if self.url:
                host, port, ssl = parse_store_url(self.url)
                self._check_server()
                self._client = chromadb.HttpClient(host=host, port=port, ssl=ssl, headers=self._headers(),
                                                   settings=settings)
                return self._client
            try:
                self.path.mkdir(parents=True, exist_ok=True)
                self._client = chromadb.PersistentClient(path=str(self.path), settings=settings)
            except OSError as exc:
                raise StoreError(f"cannot open the store at {self.path}: {exc.strerror}",
                                 "check that the workspace folder is writable (--workspace or ASSISTANT_HOME)") from exc
        return self._client

    def _headers(self) -> dict[str, str]:
        # Both headers Chroma's token auth reads: the server (or the proxy in front of it) checks the one it uses.
        return {"Authorization": f"Bearer {self._token}", "X-Chroma-Token": self._token} if self._token else {}

    def _check_server(self) -> None:
        """One request before the client is built, so an unreachable server or a refused token reads as such."""
        import httpx

        try:
            resp = httpx.get(f"{self.url}/api/v2/tenants/default_tenant/databases/default_database/collections",
                             params={"limit": 1}, headers=self._headers(), timeout=10.0)
        except httpx.HTTPError as exc:
            raise self._unreachable(exc) from exc
        if resp.status_code in (401, 403):
            raise self._refused(resp.status_code)
        if resp.status_code == 404:
            raise StoreError(f"{self.url} answers, but not as a Chroma 1.x server (HTTP 404 on its API)",
                             "check the port; the server must be Chroma 1.x (`chroma run`)")

    def _unreachable(self, exc: Exception) -> StoreError:
        host, port, _ = parse_store_url(self.url)
        return StoreError(f"cannot reach the Chroma server at {self.url} ({type(exc).__name__}: {exc})",
                          f"start it (`chroma run --path WORKSPACE/chroma --host {host} --port {port}`) or fix "
                          f"--store / ASSISTANT_STORE_URL; without --store the embedded store in the workspace is used")

    def _refused(self, status: int | None) -> StoreError:
        code = f" (HTTP {status})" if status else ""
        what = "refused the token" if self._token else "wants a token and none was given"
        return StoreError(f"the Chroma server at {self.url} {what}{code}",
                          "set ASSISTANT_STORE_TOKEN to the token the server (or the proxy in front of it) expects")

    def _translate(self, exc: Exception) -> StoreError | None:
        import httpx
        from chromadb.errors import AuthorizationError, ChromaAuthError

        if isinstance(exc, ChromaAuthError):
            return self._refused(403)
        if isinstance(exc, AuthorizationError):
            return self._refused(401)
        if isinstance(exc, httpx.TransportError) or (isinstance(exc, ValueError) and "connect" in str(exc).lower()):
            return self._unreachable(exc)
        return None

    def _read_only(self, exc: Exception) -> StoreError | None:
        """A StoreError naming the folder when an embedded store failed because it cannot be written, else None.

        chromadb opens its SQLite file read-write even to read, so on a read-only folder (a read-only mount, files
        of another user) every call fails with whatever chromadb trips on first: InternalError 'attempt to write a
        readonly database', or an AttributeError of its half-started client. Those are told apart from other
        failures by the message or by asking the file system, never by the exception type alone.
        """
        said = "readonly database" in str(exc).lower() or "read-only file system" in str(exc).lower()
        files = [self.path, *(p for p in self.path.glob("chroma.sqlite3*"))] if self.path.is_dir() else []
        locked = [p for p in files if not os.access(p, os.W_OK)]
        if not said and not locked:
            return None
        where = (f"{'the folder' if locked[0] == self.path else locked[0].name} is not writable" if locked
                 else f"{type(exc).__name__}: {exc}")
        return StoreError(f"the store at {self.path} is read-only ({where}); chromadb needs to write to its folder "
                          "even to search it",
                          f"make the folder writable (`chmod -R u+w {self.path}`, or mount it read-write), or copy "
                          "the workspace to a writable place and give that with --workspace (or ASSISTANT_HOME)")

    def _claim_writer(self) -> None:
        """Take the embedded store's writer lock before the first write (a server needs none)."""
        if self.url or self._release is not None or not can_lock():
            return
        self.path.mkdir(parents=True, exist_ok=True)
        acquire(self.lock_path, self.path)
        self._release = weakref.finalize(self, release, self.lock_path)

    @property
    def holds_writer_lock(self) -> bool:
        """True while this store holds the embedded store's writer lock (from its first write until close)."""
        return self._release is not None

    def close(self) -> None:
        """Give up the writer role (if held) and the client; the store reopens on next use."""
        if self._release is not None:
            self._release()
            self._release = None
        if self._client is not None:
            try:
                self._client.close()
            except Exception:  # closing is best effort: the data is already committed
                pass
        self._client = None
        self._collections.clear()

    # -- collections --------------------------------------------------------------------------------------------
    @_server_errors
    def _col(self, name: str):
        if name not in self._collections:
            check_collection_name(name)
            try:
                self._collections[name] = self.client.get_collection(name, embedding_function=None)
            except Exception as exc:
                if isinstance(exc, AssistantError) or (self.url and self._translate(exc)):
                    raise  # a refused token or a lost server is not a missing collection
                if name not in self.list_collections():
                    known = ", ".join(self.list_collections()) or "none yet"
                    raise CollectionNotFoundError(f"no collection named {name!r} in {self.where}",
                                                  f"ingest a file first (`assistant ingest FILE --collection {name}`);"
                                                  f" collections: {known}") from exc
                raise StoreError(f"cannot open collection {name!r}: {exc}") from exc
        return self._collections[name]

    @_server_errors
    def list_collections(self) -> list[str]:
        cols = self.client.list_collections()
        return sorted(c if isinstance(c, str) else c.name for c in cols)

    @_server_errors
    def collection_info(self, name: str) -> dict[str, Any]:
        return dict(self._col(name).metadata or {})

    @_server_errors
    def ensure_collection(self, name: str, info: dict[str, Any]) -> dict[str, Any]:
        """Open the collection, creating it (cosine space) with `info` as its metadata if it does not exist."""
        check_collection_name(name)
        if name in self.list_collections():
            return self.collection_info(name)
        self._claim_writer()
        try:
            col = self.client.create_collection(name, metadata={"hnsw:space": "cosine", **info},
                                                embedding_function=None)
        except Exception as exc:  # another client (server mode) created it since we looked: use theirs
            if "already exists" not in str(exc):
                raise
            return self.collection_info(name)
        self._collections[name] = col
        return dict(col.metadata or {})

    @_server_errors
    def set_collection_info(self, name: str, info: dict[str, Any]) -> None:
        current = self.collection_info(name)
        current.pop("hnsw:space", None)  # the space is fixed at creation; modify() may not repeat it
        current.update(info)
        self._claim_writer()
        self._col(name).modify(metadata=current)

    @_server_errors
    def delete_collection(self, name: str) -> None:
        self._col(name)
        self._claim_writer()
        self.client.delete_collection(name)
        self._collections.pop(name, None)

    @_server_errors
    def count(self, name: str) -> int:
        return int(self._col(name).count())

    @_server_errors
    def max_batch_size(self) -> int:
        return int(self.client.get_max_batch_size())

    # -- records ------------------------------------------------------------------------------------------------
    @_server_errors
    def upsert(self, name, ids, embeddings, documents, metadatas) -> None:
        col = self._col(name)
        self._claim_writer()
        step = self.max_batch_size()
        for i in range(0, len(ids), step):
            col.upsert(ids=list(ids[i:i + step]), embeddings=np.asarray(embeddings[i:i + step]),
                       documents=list(documents[i:i + step]), metadatas=list(metadatas[i:i + step]))

    @_server_errors
    def update_metadata(self, name, ids, metadatas) -> None:
        col = self._col(name)
        self._claim_writer()
        step = self.max_batch_size()
        for i in range(0, len(ids), step):
            col.update(ids=list(ids[i:i + step]), metadatas=list(metadatas[i:i + step]))

    @_server_errors
    def delete(self, name: str, ids: Sequence[str]) -> None:
        col = self._col(name)
        self._claim_writer()
        step = self.max_batch_size()
        for i in range(0, len(ids), step):
            col.delete(ids=list(ids[i:i + step]))

    @_server_errors
    def get(self, name, ids=None, where=None, include_embeddings=False) -> dict[str, Any]:
        col = self._col(name)
        include = ["documents", "metadatas"] + (["embeddings"] if include_embeddings else [])
        out: dict[str, list] = {"ids": [], "documents": [], "metadatas": [], "embeddings": []}
        step = self.max_batch_size()
        if ids is not None:
            chunks = [dict(ids=list(ids[i:i + step])) for i in range(0, len(ids), step)]
        else:
            total = col.count()
            chunks = [dict(limit=step, offset=off) for off in range(0, max(total, 1), step)]
        for kw in chunks:
            res = col.get(where=where or None, include=include, **kw)
            out["ids"] += res["ids"]
            out["documents"] += res["documents"] or [None] * len(res["ids"])
            out["metadatas"] += [m or {} for m in (res["metadatas"] or [None] * len(res["ids"]))]
            if include_embeddings and res.get("embeddings") is not None and len(res["embeddings"]):
                out["embeddings"].append(np.asarray(res["embeddings"], dtype=np.float32))
        if include_embeddings:
            out["embeddings"] = (np.concatenate(out["embeddings"]) if out["embeddings"]
                                 else np.zeros((0, 0), dtype=np.float32))
        else:
            out["embeddings"] = None
        return out

    @_server_errors
    def query(self, name, embedding, k, where=None) -> dict[str, Any]:
        col = self._col(name)
        total = col.count()
        n = min(int(k), total)
        if n <= 0:
            return {"ids": [], "documents": [], "metadatas": [], "distances": []}
        vector = np.asarray([embedding], dtype=np.float32)
        keep = matcher(where) if where else None
        if keep is not None:
            found = self._over_fetch(col, vector, n, total, keep)
            if found is not None:
                return found
        res = col.query(query_embeddings=vector, n_results=n, where=where or None,
                        include=["documents", "metadatas", "distances"])
        return {key: res[key][0] for key in ("ids", "documents", "metadatas", "distances")}

    @staticmethod
    def _over_fetch(col, vector, n: int, total: int, keep) -> dict[str, Any] | None:
        """The n nearest records that pass keep(metadata), from the unfiltered index: fetch more neighbours than
        asked, filter them here, and look deeper (sized by the share that passed) until n pass. Reading a
        record's metadata is the cost (about 0.1 ms a record at 100k, against 2 ms for 4,000 ids and distances),
        so a deeper look reads only the metadata it has not seen. None when the filter passes too few of the
        nearest records for that to pay (over MAX_OVER_FETCH): Chroma's own filter then answers. Among the
        nearest m records, the ones that pass are the nearest that pass, so the answer is the filtered search's."""
        res = col.query(query_embeddings=vector, n_results=min(total, max(OVER_FETCH * n, 64)),
                        include=["metadatas", "distances"])
        ids, dists = res["ids"][0], res["distances"][0]
        meta: dict[str, dict | None] = {i: m or {} for i, m in zip(ids, res["metadatas"][0])}
        while True:
            picked = [j for j, rid in enumerate(ids) if meta[rid] is not None and keep(meta[rid])][:n]
            if len(picked) >= n or len(ids) >= total:
                break
            want = min(total, int(2 * n * len(ids) / max(len(picked), 0.5)) + 1)
            if want > MAX_OVER_FETCH:
                return None
            deeper = col.query(query_embeddings=vector, n_results=want, include=["distances"])
            ids, dists = deeper["ids"][0], deeper["distances"][0]
            unseen = [rid for rid in ids if rid not in meta]
            if unseen:
                got = col.get(ids=unseen, include=["metadatas"])
                meta.update({i: m or {} for i, m in zip(got["ids"], got["metadatas"])})
            meta.update({rid: None for rid in unseen if rid not in meta})  # deleted meanwhile: never a hit
        chosen = [ids[j] for j in picked]
        docs = col.get(ids=chosen, include=["documents"]) if chosen else {"ids": [], "documents": []}
        text = dict(zip(docs["ids"], docs["documents"] or [None] * len(docs["ids"])))
        return {"ids": chosen, "documents": [text.get(i) for i in chosen],
                "metadatas": [meta[ids[j]] for j in picked], "distances": [dists[j] for j in picked]}

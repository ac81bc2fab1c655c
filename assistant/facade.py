"""The `Assistant` facade: the one object the CLI, the chat and scripts use. It never prints or exits."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from .protocols import LLM, Embedder, Store
from .results import ClusterReport, IngestSummary, SearchResult
from .settings import Settings


class Assistant:
    """Holds settings and lazily-built backends; each method runs one job and returns a typed result."""

    def __init__(self, settings: Settings | None = None, *, embedder: Embedder | None = None,
                 store: Store | None = None, llm: LLM | None = None):
        self.settings = settings or Settings()
        self._embedder = embedder
        self._store = store
        self._llm = llm

    @property
    def llm(self) -> LLM:
        """The local LLM (settings.llm_model: a bundled id or a GGUF path), loaded on first use."""
        if self._llm is None:
            from .catalog import resolve_llm
            from .llm import LlamaCppLLM

            s = self.settings
            path = resolve_llm(s.llm_model, s.models_dir)
            self._llm = LlamaCppLLM(path, n_ctx=s.n_ctx, n_threads=s.n_threads, n_gpu_layers=s.n_gpu_layers,
                                    name=s.llm_model if "/" not in s.llm_model else path.name)
        return self._llm

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            from .embedder import SentenceTransformerEmbedder

            s = self.settings
            self._embedder = SentenceTransformerEmbedder(s.embedding_model, batch_size=s.embedding_batch_size,
                                                         backend=s.embedding_backend, threads=s.n_threads)
        return self._embedder

    @property
    def store(self) -> Store:
        if self._store is None:
            from .store import ChromaStore

            self._store = ChromaStore(self.settings.store_path)
        return self._store

    # -- records ---------------------------------------------------------------------------------------------
    def ingest(self, path: str | Path, collection: str, *, id_column: str | None = None,
               fields: list[str] | None = None, exclude: list[str] | None = None, template: str = "record.j2",
               fmt: str | None = None, encoding: str | None = None, sheet: str | None = None,
               skip_bad_rows: bool = False, prune: bool = False,
               progress: Callable[[int, int], None] | None = None) -> IngestSummary:
        """Read a table file and store its records, embedded, in a collection (created if needed)."""
        from .ingest import ingest_records
        from .records import load_records
        from .store import check_collection_name

        check_collection_name(collection)
        load = load_records(path, fmt=fmt, encoding=encoding, sheet=sheet, id_column=id_column, fields=fields,
                            exclude=exclude, max_field_bytes=self.settings.max_field_bytes,
                            skip_bad_rows=skip_bad_rows)
        return ingest_records(load, collection, self.store, self.embedder, template=template,
                              id_column=id_column, prune=prune, progress=progress)

    def search(self, query: str, collection: str, *, k: int = 10, where: list[str] | dict | None = None,
               in_cluster: bool = False) -> SearchResult:
        """Cosine search; `in_cluster` restricts it to the cluster nearest the query."""
        from .search import parse_where, search

        if isinstance(where, list):
            where = parse_where(where)
        return search(self.store, self.embedder, collection, query, k=k, where=where, in_cluster=in_cluster,
                      clusters_dir=self.settings.clusters_dir)

    def cluster(self, collection: str, *, k: int | None = None, method: str = "kmeans",
                encoding: str = "embedding", seed: int = 0, k_max: int = 10, plot: Path | None = None, html: Path | None = None,
                query: str | None = None, progress: Callable[[str], None] | None = None) -> ClusterReport:
        """Cluster a collection's records (k=None picks k by silhouette) and explain the clusters in fields."""
        from .cluster import cluster_collection
        from .ingest import check_embedding_model

        query_vec = None
        if query:
            check_embedding_model(collection, self.store.collection_info(collection), self.embedder.name)
            query_vec = self.embedder.embed([query])[0]
        return cluster_collection(self.store, collection, k=k, method=method, encoding=encoding, seed=seed,
                                  k_max=k_max, clusters_dir=self.settings.clusters_dir, plot=plot, html=html,
                                  query_embedding=query_vec, progress=progress)

    def collections(self) -> list[dict[str, Any]]:
        """Every collection with its size and what it was built with."""
        out = []
        for name in self.store.list_collections():
            info = self.store.collection_info(name)
            out.append({"name": name, "records": self.store.count(name),
                        **{k: v for k, v in info.items() if k != "hnsw:space"}})
        return out

    def drop(self, collection: str) -> None:
        """Delete a collection and its saved clusters."""
        self.store.delete_collection(collection)
        (self.settings.clusters_dir / f"{collection}.json").unlink(missing_ok=True)

    # -- models and environment -----------------------------------------------------------------------------
    def models(self) -> list[dict]:
        from .catalog import local_models

        return local_models(self.settings.models_dir)

    def install_models(self, ids: list[str] | None = None) -> list[Path]:
        from .catalog import install_bundled

        return install_bundled(self.settings.models_dir, ids)

    def pull_model(self, repo: str, filename: str) -> Path:
        from .catalog import pull

        return pull(repo, filename, self.settings.models_dir)

    def doctor(self) -> dict[str, Any]:
        from .doctor import report

        return report(self.settings)

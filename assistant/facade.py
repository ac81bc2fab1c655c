"""The `Assistant` facade: the one object the CLI, the chat and scripts use. It never prints or exits."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from assistant.core.protocols import LLM, Embedder, Store
from assistant.core.results import ClusterReport, IngestSummary, SearchResult
from assistant.core.settings import Settings


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
        """The local LLM (settings.llm_model: a bundled id or a GGUF path), loaded on first use; with
        settings.llm_urls, the same model behind those inference servers (llm_http)."""
        if self._llm is None:
            from assistant.backends.catalog import resolve_llm
            from assistant.backends.llamacpp import LlamaCppLLM

            s = self.settings
            if s.llm_urls:
                from assistant.backends.http_llm import HttpLLM
                from assistant.core.errors import ModelNotFoundError

                try:  # the local GGUF, if any, gives the chat template (llama-cpp-python's server tells none)
                    template = resolve_llm(s.llm_model, s.models_dir)
                except ModelNotFoundError:
                    template = None
                self._llm = HttpLLM(s.llm_urls, model=s.llm_server_model, n_ctx=s.n_ctx, template_gguf=template,
                                    timeout=s.llm_timeout)
                return self._llm
            path = resolve_llm(s.llm_model, s.models_dir)
            self._llm = LlamaCppLLM(path, n_ctx=s.n_ctx, n_threads=s.n_threads, n_gpu_layers=s.n_gpu_layers,
                                    name=s.llm_model if "/" not in s.llm_model else path.name)
        return self._llm

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            s = self.settings
            if s.embedding_urls:  # the same contract over OpenAI-compatible /v1/embeddings servers
                from assistant.backends.http_embedder import HttpEmbedder

                self._embedder = HttpEmbedder(s.embedding_urls, model=s.embedding_server_model,
                                              batch_size=s.embedding_batch_size, timeout=s.llm_timeout)
                return self._embedder
            from assistant.backends.embedder import SentenceTransformerEmbedder

            self._embedder = SentenceTransformerEmbedder(s.embedding_model, batch_size=s.embedding_batch_size,
                                                         backend=s.embedding_backend, threads=s.n_threads)
        return self._embedder

    @property
    def store(self) -> Store:
        if self._store is None:
            from assistant.backends.store import ChromaStore

            s = self.settings
            self._store = ChromaStore(s.store_path, url=s.store_url,
                                      token=s.store_token.get_secret_value() if s.store_token else None)
        return self._store

    # -- records ---------------------------------------------------------------------------------------------
    def ingest(self, path: str | Path, collection: str, *, id_column: str | None = None,
               fields: list[str] | None = None, exclude: list[str] | None = None, template: str = "record.j2",
               fmt: str | None = None, encoding: str | None = None, sheet: str | None = None,
               skip_bad_rows: bool = False, prune: bool = False,
               progress: Callable[[int, int], None] | None = None) -> IngestSummary:
        """Read a table file and store its records, embedded, in a collection (created if needed)."""
        from assistant.backends.store import check_collection_name
        from assistant.data.ingest import ingest_records
        from assistant.data.records import load_records

        check_collection_name(collection)
        load = load_records(path, fmt=fmt, encoding=encoding, sheet=sheet, id_column=id_column, fields=fields,
                            exclude=exclude, max_field_bytes=self.settings.max_field_bytes,
                            skip_bad_rows=skip_bad_rows)
        return ingest_records(load, collection, self.store, self.embedder, template=template,
                              id_column=id_column, prune=prune, progress=progress)

    def search(self, query: str, collection: str, *, k: int = 10, where: list[str] | dict | None = None,
               in_cluster: bool = False) -> SearchResult:
        """Cosine search; `in_cluster` restricts it to the cluster nearest the query."""
        from assistant.retrieval.search import parse_where, search

        if isinstance(where, list):
            where = parse_where(where)
        return search(self.store, self.embedder, collection, query, k=k, where=where, in_cluster=in_cluster,
                      clusters_dir=self.settings.clusters_dir)

    def cluster(self, collection: str, *, k: int | None = None, method: str = "kmeans",
                encoding: str = "embedding", seed: int = 0, k_max: int = 10, plot: Path | None = None, html: Path | None = None,
                query: str | None = None, projection: str = "auto",
                progress: Callable[[str], None] | None = None) -> ClusterReport:
        """Cluster a collection's records (k=None picks k by silhouette) and explain the clusters in fields."""
        from assistant.data.ingest import check_embedding_model
        from assistant.retrieval.cluster import cluster_collection

        query_vec = None
        if query:
            check_embedding_model(collection, self.store.collection_info(collection), self.embedder.name)
            query_vec = self.embedder.embed([query])[0]
        return cluster_collection(self.store, collection, k=k, method=method, encoding=encoding, seed=seed,
                                  k_max=k_max, plot=plot, html=html,
                                  query_embedding=query_vec, query_text=query, projection=projection,
                                  progress=progress)

    def collections(self) -> list[dict[str, Any]]:
        """Every collection with its size and what it was built with."""
        import json

        from assistant.data.ingest import FIELDS_KEY, recorded_fields
        from assistant.retrieval.cluster import CLUSTERS_KEY

        out = []
        for name in self.store.list_collections():
            info = self.store.collection_info(name)
            row = {"name": name, "records": self.store.count(name),
                   **{k: v for k, v in info.items() if k not in ("hnsw:space", CLUSTERS_KEY)}}
            if FIELDS_KEY in info:  # kept as a JSON string (Chroma's collection metadata holds no lists)
                row[FIELDS_KEY] = recorded_fields(info)
            if CLUSTERS_KEY in info:  # the clustering is kept with the collection: say its k, not its centroids
                try:
                    row["clusters"] = json.loads(info[CLUSTERS_KEY]).get("k")
                except (TypeError, ValueError):
                    row["clusters"] = "unreadable"
            out.append(row)
        return out

    def drop(self, collection: str) -> None:
        """Delete a collection (its clustering goes with it) and a cluster file an older version left."""
        self.store.delete_collection(collection)
        (self.settings.clusters_dir / f"{collection}.json").unlink(missing_ok=True)

    # -- models and environment -----------------------------------------------------------------------------
    def models(self) -> list[dict]:
        from assistant.backends.catalog import local_models

        return local_models(self.settings.models_dir)

    def install_models(self, ids: list[str] | None = None) -> list[Path]:
        from assistant.backends.catalog import install_bundled

        return install_bundled(self.settings.models_dir, ids)

    def pull_model(self, repo: str, filename: str) -> Path:
        from assistant.backends.catalog import pull

        return pull(repo, filename, self.settings.models_dir)

    def doctor(self) -> dict[str, Any]:
        from assistant.backends.doctor import report

        return report(self.settings)

    # -- LLM jobs ------------------------------------------------------------------------------------------------
    def rerank(self, query: str, collection: str, *, n: int = 20, where: list[str] | dict | None = None,
               in_cluster: bool = False, method: str | None = None,
               progress: Callable[[int, int], None] | None = None):
        """The top n records by embedding similarity, reranked by the LLM (see jobs/rerank for the methods)."""
        from assistant.jobs import rerank

        hits = self.search(query, collection, k=n, where=where, in_cluster=in_cluster).hits
        return rerank.run(self.llm, rerank.RerankInput(query=query, candidates=rerank.candidates_from_hits(hits)),
                          rerank.RerankOptions(method=method or rerank.DEFAULT_METHOD), progress=progress)

    def explain_pair(self, query: str, collection: str, first_id: str, second_id: str):
        """The pairwise prompt for two records and the LLM's answer probabilities in both orders."""
        from assistant.core.errors import ConfigError
        from assistant.jobs.rerank import Candidate, explain_pair

        got = self.store.get(collection, ids=[first_id, second_id])
        docs = dict(zip(got["ids"], got["documents"]))
        missing = [i for i in (first_id, second_id) if i not in docs]
        if missing:
            raise ConfigError(f"no record {missing[0]!r} in collection {collection!r}",
                              "use ids shown by `assistant rerank` or `assistant search`")
        first = Candidate(id=first_id, text=docs[first_id], rank=1)
        second = Candidate(id=second_id, text=docs[second_id], rank=2)
        return explain_pair(query, first, second, self.llm)

    def classify(self, texts: list[str], labels, *, method: str | None = None, threshold: float | None = None,
                 multi_label: bool = False, self_training: bool | None = None,
                 progress: Callable[[int, int], None] | None = None):
        """Zero-shot classification of texts into labels (names, or Label objects with descriptions).

        The embedder is always passed: besides its own scorer it drives self-training on large batches.
        """
        from assistant.jobs import classify

        method = method or classify.DEFAULT_METHOD
        return classify.run(self.llm if method != "embedding" else None,
                            classify.ClassifyInput(texts=texts, labels=labels),
                            classify.ClassifyOptions(method=method, threshold=threshold, multi_label=multi_label,
                                                     self_training=self_training),
                            embedder=self.embedder, progress=progress)

    def collection_texts(self, collection: str, where: list[str] | dict | None = None,
                         ids: list[str] | None = None) -> tuple[list[str], list[str]]:
        """(ids, texts) of a collection's records, optionally filtered (and only the given ids, in their order)."""
        from assistant.retrieval.search import parse_where

        if isinstance(where, list):
            where = parse_where(where)
        self.store.collection_info(collection)
        got = self.store.get(collection, ids=ids, where=where)
        if ids:
            missing = [i for i in ids if i not in set(got["ids"])]
            if missing and not where:
                from assistant.core.errors import ConfigError

                raise ConfigError(f"no records with ids {', '.join(missing[:5])} in {collection!r}",
                                  "check the ids (`assistant search ... --json` shows them)")
            order = {rid: n for n, rid in enumerate(ids)}
            pairs = sorted(zip(got["ids"], got["documents"]), key=lambda p: order.get(p[0], len(order)))
            return [p[0] for p in pairs], [p[1] or "" for p in pairs]
        return got["ids"], [d or "" for d in got["documents"]]

    def answer(self, question: str, collection: str, *, k: int = 5, where: list[str] | dict | None = None,
               extractive: bool = True):
        """Answer a question from the k most relevant records, citing their ids (quoting them unless not extractive)."""
        from assistant.jobs import answer

        hits = self.search(question, collection, k=k, where=where).hits
        return answer.run(self.llm, answer.AnswerInput(question=question, hits=hits, collection=collection),
                          answer.AnswerOptions(extractive=extractive))

    def file_texts(self, path: str | Path, text_field: str | None = None) -> tuple[list[str], list[str]]:
        """(ids, texts) of a table file: one field's text, else the whole record as `Field: value` lines."""
        from assistant.data.runs import read_items

        items = read_items(path, text_field=text_field, max_field_bytes=self.settings.max_field_bytes)
        return [i.id for i in items], [i.text for i in items]

    def write_labels(self, collection: str, ids: list[str], result, name: str) -> int:
        """Write each record's label (and confidence) to its metadata under `name`; abstentions are skipped."""
        pairs = [(rid, item) for rid, item in zip(ids, result.items) if item.label is not None]
        if pairs:
            self.store.update_metadata(collection, [rid for rid, _ in pairs],
                                       [{name: item.label, f"{name}_confidence": round(item.confidence, 4)}
                                        for _, item in pairs])
        return len(pairs)

    def extract(self, items, spec, options=None, progress: Callable[[int, int], None] | None = None, on_item=None):
        """Spans of spec's fields in each (id, text) record: an ExtractResult whose records come in input order
        (on_item sees each as soon as it is done)."""
        from assistant.jobs import extract
        from assistant.jobs.extract.examples import ExampleChooser

        # the embedder (a model load) only when examples are chosen per chunk
        choosing = ExampleChooser.chooses(spec.examples, options.shots if options is not None else None)
        return extract.run(self.llm, extract.ExtractInput(items=list(items), spec=spec), options, progress=progress,
                           on_item=on_item, embedder=self.embedder if choosing else None)

    def fill(self, collection: str, field: str, *, method: str = "auto", k: int = 8, min_confidence: float = 0.0,
             apply: bool = False, export: Path | None = None, limit: int | None = None,
             progress: Callable[[int, int], None] | None = None, ignore: list[str] | None = None,
             use_all_fields: bool = False):
        """Propose values for the records of a collection that lack `field`; optionally write them back.
        ignore: fields kept out of the evidence and the model (as are fields named like a protected attribute
        unless use_all_fields)."""
        from assistant.jobs.fill import NO_LLM, fill_collection

        llm = self.llm if method not in NO_LLM else None
        return fill_collection(self.store, collection, field, llm=llm,
                               method=method, k=k, min_confidence=min_confidence, apply=apply, export=export,
                               limit=limit, progress=progress, ignore=ignore, use_all_fields=use_all_fields,
                               embedder=self.embedder)

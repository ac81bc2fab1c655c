"""Ingest logic with fakes: idempotence, updates, batches, model mixing, interruption."""
from __future__ import annotations

import pytest

from assistant import Assistant, Settings
from assistant.core.errors import Cancelled, EmbeddingModelMismatchError

from fakes import FakeEmbedder, MemoryStore

ROWS = "id,name,role,age\n" + "".join(f"{i},Person {i},{'Engineer' if i % 2 else 'Designer'},{20 + i}\n"
                                      for i in range(1, 21))


def test_ingest_stores_text_metadata_and_collection_info(fake_assistant, write):
    s = fake_assistant.ingest(write("p.csv", ROWS), "people", id_column="id")
    assert (s.records_read, s.stored, s.unchanged, s.collection_size) == (20, 20, 0, 20)
    got = fake_assistant.store.get("people", ids=["3"])
    assert got["documents"][0] == "name: Person 3\nrole: Engineer\nage: 23"  # id column left out of the text
    meta = got["metadatas"][0]
    assert meta["age"] == 23 and meta["id"] == 3 and meta["_row"] == 4 and meta["_source"].endswith("p.csv")
    info = fake_assistant.store.collection_info("people")
    assert info["embedding_model"] == "fake-embedder" and info["template"].startswith("record.j2@")
    assert info["ingest_state"] == "complete"


def test_ingest_records_the_field_order_and_a_later_files_new_columns_after_it(fake_assistant, write):
    fake_assistant.ingest(write("p.csv", ROWS), "people", id_column="id")
    fake_assistant.ingest(write("q.csv", "id,dept,name\n21,ops,Person 21\n"), "people", id_column="id")
    [listed] = fake_assistant.collections()
    assert listed["fields"] == ["id", "name", "role", "age", "dept"]  # a list, though stored as a JSON string


def test_batches_respect_store_max(fake_assistant, write):
    fake_assistant.ingest(write("p.csv", ROWS), "people", id_column="id")
    assert fake_assistant.store.upserts >= 3  # 20 records, max batch 7


def test_reingest_is_noop_and_changes_are_updated(fake_assistant, write):
    path = write("p.csv", ROWS)
    fake_assistant.ingest(path, "people", id_column="id")
    calls = fake_assistant.embedder.calls
    again = fake_assistant.ingest(path, "people", id_column="id")
    assert (again.stored, again.unchanged, again.updated_metadata) == (0, 20, 0)
    assert fake_assistant.embedder.calls == calls  # nothing re-embedded
    fake_assistant.store.update_metadata("people", ["5"], [{"_cluster": 2}])
    changed = ROWS.replace("5,Person 5,Engineer,25", "5,Person 5,Engineer,26").replace("6,Person 6", "6,Person Six")
    s = fake_assistant.ingest(write("p.csv", changed), "people", id_column="id")
    assert (s.stored, s.updated_metadata, s.unchanged) == (2, 0, 18)
    assert fake_assistant.store.get("people", ids=["6"])["documents"][0].startswith("name: Person Six")


def test_field_change_outside_text_updates_metadata_only(fake_assistant, write):
    path = write("p.csv", ROWS)
    fake_assistant.ingest(path, "people", id_column="id", fields=["name"])
    fake_assistant.store.update_metadata("people", ["5"], [{"_cluster": 2}])
    calls = fake_assistant.embedder.calls
    moved = ROWS.splitlines()
    moved = "\n".join([moved[0], moved[2], moved[1]] + moved[3:]) + "\n"  # row numbers change, text does not
    s = fake_assistant.ingest(write("p.csv", moved), "people", id_column="id", fields=["name"])
    assert s.stored == 0 and s.updated_metadata == 2 and fake_assistant.embedder.calls == calls
    assert fake_assistant.store.get("people", ids=["5"])["metadatas"][0]["_cluster"] == 2  # kept


def test_mixing_embedding_models_is_refused(tmp_path, write):
    store = MemoryStore()
    path = write("p.csv", ROWS)
    Assistant(Settings(home=tmp_path), embedder=FakeEmbedder("model-a"), store=store).ingest(path, "people")
    with pytest.raises(EmbeddingModelMismatchError) as e:
        Assistant(Settings(home=tmp_path), embedder=FakeEmbedder("model-b"), store=store).ingest(path, "people")
    assert "model-a" in e.value.message and "--embedding-model" in e.value.fix
    assert store.count("people") == 20


class ExplodingEmbedder(FakeEmbedder):
    def __init__(self, after: int):
        super().__init__()
        self.after = after

    def embed(self, texts):
        if self.calls >= self.after:
            raise KeyboardInterrupt
        return super().embed(texts)


def test_interrupted_ingest_keeps_finished_chunks_and_rerun_completes(tmp_path, write):
    store = MemoryStore(batch=5)
    path = write("p.csv", ROWS)
    with pytest.raises(Cancelled) as e:
        Assistant(Settings(home=tmp_path), embedder=ExplodingEmbedder(after=2), store=store).ingest(path, "people")
    assert "10 of 20" in e.value.message and "again" in e.value.fix
    assert store.count("people") == 10
    assert store.collection_info("people")["ingest_state"] == "incomplete"
    s = Assistant(Settings(home=tmp_path), embedder=FakeEmbedder(), store=store).ingest(path, "people")
    assert (s.stored, s.unchanged, s.collection_size) == (10, 10, 20)
    assert store.collection_info("people")["ingest_state"] == "complete"


def test_stale_records_reported_and_pruned(fake_assistant, write):
    path = write("p.csv", ROWS)
    fake_assistant.ingest(path, "people")  # content ids
    fewer = "\n".join(ROWS.splitlines()[:-2]) + "\n20,Person 20,Engineer,41\n"
    s = fake_assistant.ingest(write("p.csv", fewer), "people")
    assert s.stale == 2 and s.stored == 1 and s.collection_size == 21
    s = fake_assistant.ingest(write("p.csv", fewer), "people", prune=True)
    assert s.pruned == 2 and s.collection_size == 19


def test_truncation_is_counted(tmp_path, write):
    a = Assistant(Settings(home=tmp_path), embedder=FakeEmbedder(window=5), store=MemoryStore())
    s = a.ingest(write("t.csv", "text\nshort one\n" + "a long text with many many words in it\n"), "t1x")
    assert s.truncated == 1


def test_bad_collection_name(fake_assistant, write):
    from assistant.core.errors import ConfigError

    with pytest.raises(ConfigError, match="not a valid collection name"):
        fake_assistant.ingest(write("p.csv", ROWS), "a")


def test_bad_file_writes_nothing(fake_assistant, write):
    from assistant.core.errors import BadRowsError

    with pytest.raises(BadRowsError):
        fake_assistant.ingest(write("p.csv", ROWS + "21,too,many,fields,here\n"), "people")
    assert "people" not in fake_assistant.store.list_collections()

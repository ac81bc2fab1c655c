"""Fill reads values the record writes itself, in the collection's spelling; auto chooses by cross-validation;
fields can be kept out (--ignore, protected attributes); an abstained value is never written."""
from __future__ import annotations

import random

import numpy as np
import pytest

from assistant.data.ingest import fields_text
from assistant.jobs.fill.candidates import Reader, run_spelling, squash, words
from assistant.jobs.fill.collection import fill_collection
from assistant.jobs.fill.cv import choose
from assistant.jobs.fill.evidence import protected_fields
from assistant.jobs.fill.job import fill_rows
from assistant.jobs.fill.main import FillInput, FillOptions, run
from assistant.jobs.fill.rows import Row

from fakes import FakeEmbedder, MemoryStore
from test_fill import LineLLM

EMB = FakeEmbedder()
BRANDS = ["Sony", "Logitech", "Tech Craft", "Belkin", "Monster Cable"]
THINGS = ["speaker", "mouse", "tv stand", "charger", "cable", "headphones", "keyboard", "case"]


def rows(records: list[dict], prefix: str) -> list[Row]:
    return [Row(f"{prefix}{i}", r, v) for i, (r, v) in enumerate(zip(records, EMB.embed([fields_text(r) for r in records])))]


def products(n: int, seed: int) -> list[dict]:
    """Products whose brand starts the name (as most listings write it); the thing sold says nothing of it."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        brand = rng.choice(BRANDS)
        out.append({"name": f"{brand} {rng.choice(THINGS)} {rng.randrange(100, 999)}",
                    "price": f"{rng.randrange(5, 300)}.99", "manufacturer": brand})
    return out


def test_normalise_to_the_collections_spelling():
    reader = Reader("manufacturer", ["Tech Craft", "Tech Craft", "TechCraft", "Sony"])
    assert reader.canonical("TECHCRAFT") == "Tech Craft" and reader.canonical("tech-craft") == "Tech Craft"
    assert reader.canonical("Jabra") == "Jabra"  # no match: the value as it is
    assert squash("De'Longhi") == squash("delonghi")
    assert Reader("city", ["Zürich", "Montréal"]).canonical("ZURICH") == "Zürich"  # accents too


def test_copy_a_known_value_from_the_record_word_bounded():
    reader = Reader("manufacturer", ["Tech Craft", "Sony"])
    (w,) = reader.written({"name": "Swivel TV stand by TECHCRAFT, black", "manufacturer": "x"})
    assert (w.value, w.field, w.text) == ("Tech Craft", "name", "TECHCRAFT")
    assert "Swivel TV stand by TECHCRAFT, black"[w.start:w.end] == "TECHCRAFT"
    assert reader.written({"name": "Sonya pillow"}) == []  # inside a word is not the value
    assert [w.value for w in reader.written({"name": "sony", "note": "Tech craft"})] == ["Sony", "Tech Craft"]
    assert [(s, e) for s, e in words("a - Teal.")] == [(0, 1), (4, 8)]


def test_a_short_form_reads_as_its_value():
    reader = Reader("manufacturer", ["Monster Cable", "Polk Audio", "Sony"])
    (w,) = reader.written({"name": "Monster iSport headphones"})
    assert (w.value, w.text) == ("Monster Cable", "Monster")
    assert reader.written({"name": "Earbuds", "description": "a monster of a battery"}) == []  # a word, not a name


def test_an_acronym_in_capitals_reads_as_the_one_value_with_those_initials():
    reader = Reader("manufacturer", ["Western Digital", "Ultimate Ears", "Sony", "Unity Electronics"])
    (w,) = reader.written({"name": "WD Elements 2TB drive"})
    assert (w.value, w.text) == ("Western Digital", "WD")
    assert reader.written({"name": "wd elements"}) == []  # lower case is a word, not an acronym
    assert reader.written({"name": "UE Boom 3"}) == []  # two values have the initials U E: neither is read


def test_a_new_span_takes_the_punctuation_of_the_fields_values():
    reader = Reader("manufacturer", ["Sony", "Tech Craft", "BLACK+DECKER"])
    assert reader.restyle("Harman/Kardon") == "Harman Kardon"  # no value has "/": a space inside a word
    assert reader.restyle("BLACK+DECKER") == "BLACK+DECKER"  # one has "+"
    assert reader.restyle("NW, Calgary") is None  # across a mark no value has, between words: not a value


def test_a_new_value_is_spelled_one_way_over_the_run():
    reader = Reader("manufacturer", ["Sony", "BLACK+DECKER", "Tech Craft"])
    ranked = [[("Harman Kardon", 0.9), ("Sony", 0.1)], [("Harman/Kardon", 0.99)], [("Ultimate Ears", 0.8)],
              [("UE", 0.6), ("UE Wonderboom", 0.4)], [("HK", 0.3), ("Sony", 0.2)], [("Sony", 0.7)]]
    out = run_spelling(ranked, reader)
    # a tie: the spelling whose punctuation the collection's values use ("+" and " ", never "/")
    assert out[0][0][0] == out[1][0][0] == "Harman Kardon"
    assert out[3] == [("Ultimate Ears", 0.6), ("UE Wonderboom", 0.4)]  # the acronym of a new value spelled out
    assert out[4] == [("Harman Kardon", 0.3), ("Sony", 0.2)]  # in any record, however unsure
    assert out[5] == [("Sony", 0.7)]


def test_a_new_value_is_read_where_no_known_one_is_written_even_without_an_llm():
    rare = [{"name": f"{b} gadget {i}", "manufacturer": b} for i, b in enumerate(["Jabra", "Griffin", "Epson", "RCA"])]
    known = rows(products(40, seed=1) + rare, "k")  # brands seen once: how often a record's brand is new to the rest
    target = rows([{"name": "Toshiba drive 128", "price": "54.99"}, {"name": "Sony Canvio case"}], "t")
    _, _, (new, old) = fill_rows("manufacturer", target, known, llm=None, method="learned")
    assert new.best == "Toshiba" and "a value no other record has" in new.evidence[0].why  # one word: most brands
    assert old.best == "Sony"  # a known brand is written: no new span is offered


def test_copy_rate_and_new_spans_where_values_are_written():
    known = products(40, seed=1)
    reader = Reader("manufacturer", [r["manufacturer"] for r in known], known)
    assert reader.copy_rate == 1.0  # every record writes its brand
    spans = [w.value for w in reader.new_spans({"name": "Jabra earbuds 75t", "price": "99.99"})]
    assert spans[0] == "Jabra"  # where brands start (the name's first word) and end (before a word in lower case)
    assert "earbuds" not in spans and "75t" not in spans
    city = Reader("city", ["Oakland"] * 5 + ["Houston"] * 5, [{"address": f"{n} Grand Ave, {c}, CA 9461{n}"}
                                                             for n, c in enumerate(["Oakland"] * 5 + ["Houston"] * 5)])
    assert [w.value for w in city.new_spans({"address": "1126 Kensington Rd, Calgary, AB T2N"})][0] == "Calgary"
    never = Reader("city", ["boston"] * 20, [{"phone": "617-555-0000"}] * 20)
    assert never.copy_rate == 0.0 and never.new_spans({"phone": "boston"}) == []


def test_an_unseen_value_written_in_the_record_is_proposed_by_the_llm():
    known = rows(products(40, seed=1), "k")
    target = rows([{"name": "Jabra Elite 75t earbuds", "price": "99.99"}], "t")
    llm = LineLLM("Jabra", favour=True)  # the model prefers the continuation " Jabra"
    _, _, (p,) = fill_rows("manufacturer", target, known, llm=llm, method="llm-only")
    assert p.best == "Jabra"  # no record has it: it came from the record itself
    assert p.evidence[0].field == "name" and p.evidence[0].text == "Jabra" and "written in name" in p.evidence[0].why


def test_the_learned_model_follows_the_value_the_record_writes():
    known = rows(products(40, seed=1), "k") + rows([{"name": "Griffin case 1", "manufacturer": "Griffin"}], "g")
    target = rows([{"name": "GRIFFIN speaker 2", "price": "20.99"}], "t")
    _, _, (p,) = fill_rows("manufacturer", target, known, llm=None, method="learned")
    assert p.best == "Griffin"  # one record of the brand: the classifier alone would say a frequent brand
    assert p.evidence[0].text == "GRIFFIN"


def test_cross_validation_picks_the_better_method_on_the_users_data():
    known = rows(products(60, seed=2), "k")
    choice = choose("manufacturer", known, None)
    assert set(choice.scores) == {"learned", "knn"} and choice.scores["learned"].rows == 60
    assert choice.method == max(choice.scores, key=lambda m: choice.scores[m].accuracy)
    assert choice.scores[choice.method].accuracy >= 0.95 and "5-fold" in choice.note
    few = choose("manufacturer", known[:5], LineLLM("Sony"))
    assert few.method == "llm" and few.scores == {} and "only 5 record(s)" in few.note


def test_the_folds_follow_the_ids_not_the_order_the_store_returns():
    rng = random.Random(5)  # a field that is noise: which records are held out together moves the scores
    records = [{"name": f"{rng.choice(['alpha', 'beta', 'gamma'])} {rng.randrange(9)}",
                "size": rng.choice(["s", "m", "l"])} for _ in range(60)]
    known = rows(records, "k")
    scores = lambda c: {m: (s.accuracy, s.mean_top) for m, s in c.scores.items()}  # noqa: E731
    assert scores(choose("size", known[::-1], None)) == scores(choose("size", known, None))


def test_llm_cross_validation_stops_at_its_row_budget():
    known = rows(products(40, seed=3), "k")
    llm = LineLLM("Sony", favour=True)
    choice = choose("manufacturer", known, llm, methods=("learned", "llm-only"), llm_rows=6)
    assert choice.scores["llm-only"].rows == 6 and choice.scores["learned"].rows == 40
    assert choice.compared_on == 6


def test_auto_scales_the_confidence_to_the_cross_validated_accuracy():
    known = rows(products(60, seed=4), "k")
    res = run(None, FillInput(field="manufacturer", targets=rows([{"name": "Sony tv 1"}], "t"), known=known))
    won = res.cv[res.method]
    assert res.proposals[0].confidence <= 1 and won.mean_top > 0
    raw = fill_rows("manufacturer", rows([{"name": "Sony tv 1"}], "t"), known, llm=None, method=res.method)[2][0]
    assert res.proposals[0].confidence == pytest.approx(min(1, raw.confidence * won.accuracy / won.mean_top), abs=1e-3)


def people(n: int, seed: int) -> list[dict]:
    """The department mostly follows from the role; the gender (a protected attribute) is made to follow it
    always, so that a model allowed to see it would use it."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        dept = rng.choice(["Sales", "Data"])
        said = dept if i % 4 else ({"Sales": "Data", "Data": "Sales"}[dept])
        out.append({"role": f"{said.lower()} {rng.choice(['lead', 'analyst', 'intern'])}",
                    "Gender": "Male" if dept == "Sales" else "Female", "phone": f"555-{rng.randrange(9999)}",
                    "dept": dept})
    return out


def test_protected_fields_are_left_out_unless_asked():
    assert protected_fields(["Gender", "Age", "MaritalStatus", "date_of_birth", "Role", "Stage", "Agency"]) == \
        ["Gender", "Age", "MaritalStatus", "date_of_birth"]
    known, targets = rows(people(40, 1), "k"), rows([{k: v for k, v in p.items() if k != "dept"} for p in people(5, 2)], "t")
    res = run(None, FillInput(field="dept", targets=targets, known=known), FillOptions(method="learned"),
              embedder=EMB)
    assert res.left_out == ["Gender"] and res.protected_left_out == ["Gender"]
    assert all(e.field != "Gender" for p in res.proposals for e in p.evidence)
    asked = run(None, FillInput(field="dept", targets=targets, known=known),
                FillOptions(method="learned", use_all_fields=True))
    assert asked.left_out == [] and any(e.field == "Gender" for p in asked.proposals for e in p.evidence)


def test_ignore_keeps_a_field_out_of_the_evidence_and_the_model():
    known, targets = rows(people(40, 1), "k"), rows([{k: v for k, v in p.items() if k != "dept"} for p in people(8, 2)], "t")
    res = run(None, FillInput(field="dept", targets=targets, known=known),
              FillOptions(method="learned", ignore=["role"], use_all_fields=True), embedder=EMB)
    assert res.left_out == ["role"]
    assert all(e.field != "role" for p in res.proposals for e in p.evidence)
    kept = run(None, FillInput(field="dept", targets=targets, known=known), FillOptions(method="learned"))
    assert any(e.field == "role" for p in kept.proposals for e in p.evidence)


def test_an_abstained_value_is_never_applied():
    s = MemoryStore()
    s.ensure_collection("shop", {"embedding_model": EMB.name})
    records = products(30, seed=5) + [{"name": "mystery thing", "price": "1.99"}]
    docs = [fields_text(r) for r in records]
    s.upsert("shop", [f"r{i}" for i in range(len(records))], EMB.embed(docs), docs, records)
    res = fill_collection(s, "shop", "manufacturer", llm=None, method="learned", min_confidence=0.9, apply=True)
    (p,) = res.proposals
    assert p.value is None and p.best is not None and p.confidence < 0.9 and res.applied is False
    assert "manufacturer" not in s.get("shop", ids=["r30"])["metadatas"][0]


def test_ignore_naming_no_field_is_a_clear_error():
    from assistant.core.errors import ConfigError

    s = MemoryStore()
    s.ensure_collection("shop", {"embedding_model": EMB.name})
    records = products(5, seed=5) + [{"name": "mystery thing"}]
    docs = [fields_text(r) for r in records]
    s.upsert("shop", [f"r{i}" for i in range(len(records))], EMB.embed(docs), docs, records)
    with pytest.raises(ConfigError, match="--ignore"):
        fill_collection(s, "shop", "manufacturer", llm=None, method="learned", ignore=["colour"])


def test_cv_compares_each_method_with_the_best_so_far_where_both_were_measured():
    from assistant.jobs.fill.cv import pick

    learned = {i: i >= 5 for i in range(100)}  # wrong on the 5 rows whose value no record has
    hybrid = {i: i != 50 for i in range(100)}  # the LLM fixes those 5, and breaks one
    llm = {i: True for i in range(60, 92)}  # 32 rows, all right, as the others are there
    assert pick(("learned", "knn", "hybrid", "llm"), {"learned": learned, "knn": learned, "hybrid": hybrid,
                                                      "llm": llm}) == "hybrid"
    # a tie keeps the cheaper method; on the rows every method saw (60-91) all four would have tied
    assert pick(("learned", "hybrid"), {"learned": learned, "hybrid": learned}) == "learned"


class Spy(LineLLM):
    def __init__(self, line):
        super().__init__(line, favour=True)
        self.prompts = []

    def prompt_tokens(self, prompt):
        self.prompts.append(prompt)
        return super().prompt_tokens(prompt)


def test_hybrid_asks_the_llm_only_where_learneds_best_is_a_value_no_record_has():
    rare = [{"name": f"{b} gadget {i}", "manufacturer": b} for i, b in enumerate(["Jabra", "Griffin", "Epson", "RCA"])]
    known = rows(products(40, seed=1) + rare, "k")
    target = rows([{"name": "PIXMA iP8720 printer", "price": "199.99"}, {"name": "Sony speaker 512"}], "t")
    _, _, (alone, _) = fill_rows("manufacturer", target, known, llm=None, method="learned")
    assert alone.best == "PIXMA"  # learned reads the product line as a new brand
    llm = Spy("Logitech")  # the model knows better (here: prefers a known brand)
    _, _, (line, sony) = fill_rows("manufacturer", target, known, llm=llm, method="hybrid")
    assert line.best == "Logitech" and line.method == "hybrid"
    assert line.confidence == 1.0  # the LLM's ranking alone: it scored the record's spans, no second copy mix
    assert sony.best == "Sony"
    assert llm.prompts and all("PIXMA" in p and "Sony speaker 512" not in p for p in llm.prompts)  # one row asked

"""Integration tests with the real MiniLM model and a real on-disk Chroma store (no fakes, no network)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLE
from pages import map_parts

from assistant import Assistant, Settings
from assistant.core.errors import EmbeddingModelMismatchError

pytestmark = pytest.mark.real
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def applicants(tmp_path_factory, real_embedder):
    """The sample applicants ingested once into a real store, clustered into its 12 roles."""
    home = tmp_path_factory.mktemp("ws")
    a = Assistant(Settings(home=home), embedder=real_embedder)
    summary = a.ingest(SAMPLE / "applicants.csv", "applicants", id_column="ApplicantID")
    return a, summary


def test_ingest_sample_with_real_model(applicants):
    a, s = applicants
    assert (s.records_read, s.stored, s.collection_size) == (400, 400, 400)
    assert s.embedding_model == "all-MiniLM-L6-v2"
    doc = a.store.get("applicants", ids=["A0002"])
    assert "Age" not in doc["documents"][0]  # A0002's age is N/A: missing, not the word "nan"
    assert "nan" not in doc["documents"][0].split()
    assert a.store.collection_info("applicants")["embedding_model"] == "all-MiniLM-L6-v2"
    again = a.ingest(SAMPLE / "applicants.csv", "applicants", id_column="ApplicantID")
    assert (again.stored, again.unchanged) == (0, 400)


def test_search_job_description(applicants):
    a, _ = applicants
    job = (SAMPLE / "job.txt").read_text()
    hits = a.search(job, "applicants", k=10).hits
    roles = [h.metadata["Role"] for h in hits]
    assert roles[0] == "Product Marketing Manager"
    assert roles.count("Product Marketing Manager") >= 7
    assert all(0 < h.similarity <= 1 for h in hits)


def test_cluster_and_search_in_cluster(applicants, tmp_path):
    a, _ = applicants
    job = (SAMPLE / "job.txt").read_text()
    report = a.cluster("applicants", k=12, plot=tmp_path / "c.png", html=tmp_path / "c.html", query=job)
    assert report.k == 12 and len(report.clusters) == 12
    assert report.silhouette is not None and report.silhouette > 0.2
    top_field = next(iter(report.importances))
    assert top_field in {"Role", "HiringDepartment"}  # what sets the clusters apart is the job, not age
    assert "Summary" in report.text_fields
    assert (tmp_path / "c.png").stat().st_size > 1000
    records, fig, meta = map_parts((tmp_path / "c.html").read_text(encoding="utf-8"))
    assert len(records) == 400 and meta["queryTrace"] is not None and report.projection == "lda"
    assert report.projection_scores["lda"] > report.projection_scores["pca"]  # PCA piles up clusters here
    assert sum("Role=" in t["name"] for t in fig["data"]) >= 6  # most clusters are named by their role
    r = a.search(job, "applicants", k=10, in_cluster=True)
    assert r.cluster is not None
    assert {h.metadata["Role"] for h in r.hits} == {"Product Marketing Manager"}  # no Product Managers


def test_onehot_encoding_prints_its_silhouette(applicants):
    a, _ = applicants
    report = a.cluster("applicants", k=6, encoding="onehot")
    assert report.encoding == "onehot" and report.silhouette is not None
    assert report.written_to == "_cluster_onehot"


def test_chinese_gbk_csv(tmp_path, real_embedder):
    rows = "编号,职位,简介\n1,数据分析师,熟悉SQL和数据可视化\n2,产品经理,负责产品路线图和需求优先级\n3,销售代表,开拓新客户并维护关系\n"
    path = tmp_path / "zh.csv"
    path.write_bytes(rows.encode("gbk"))
    a = Assistant(Settings(home=tmp_path / "ws"), embedder=real_embedder)
    s = a.ingest(path, "zh-people", id_column="编号")
    assert s.encoding == "gb18030" and s.stored == 3
    assert a.store.get("zh-people", ids=["2"])["documents"][0].startswith("职位: 产品经理")


def test_real_store_refuses_another_embedding_model(tmp_path, real_embedder):
    from fakes import FakeEmbedder

    path = tmp_path / "p.csv"
    path.write_text("name,role\nAnn,engineer\nBob,designer\n")
    Assistant(Settings(home=tmp_path / "ws"), embedder=FakeEmbedder("other-model")).ingest(path, "people")
    with pytest.raises(EmbeddingModelMismatchError):
        Assistant(Settings(home=tmp_path / "ws"), embedder=real_embedder).ingest(path, "people")
    with pytest.raises(EmbeddingModelMismatchError):
        Assistant(Settings(home=tmp_path / "ws"), embedder=real_embedder).search("engineer", "people")


def test_cli_end_to_end_real(tmp_path):
    """The installed `assistant` command, as a user runs it, in a fresh process."""
    env_home = tmp_path / "home"
    exe = Path(sys.executable).with_name("assistant")
    env = {**os.environ, "COLUMNS": "250"}
    run = lambda *args: subprocess.run([str(exe), "--workspace", str(env_home), *args],  # noqa: E731
                                       capture_output=True, text=True, timeout=600, env=env)
    r = run("ingest", str(SAMPLE / "applicants.csv"), "-c", "apps", "--id-column", "ApplicantID", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["stored"] == 400
    r = run("search", "-c", "apps", "--file", str(SAMPLE / "job.txt"), "-k", "3")
    assert r.returncode == 0 and "Product Marketing Manager" in r.stdout
    assert "Traceback" not in r.stderr


def test_prompts_found_after_non_editable_install(tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
                    "--target", str(target), str(ROOT)], check=True, capture_output=True)
    code = ("from assistant.core.templates import prompts_dir, render; import sys;"
            "assert str(prompts_dir()).startswith(sys.argv[1]), prompts_dir();"
            "print(render('record.j2', fields=[('Role', 'PM')]))")
    out = subprocess.run([sys.executable, "-c", code, str(target)], cwd=tmp_path, check=True, capture_output=True,
                         text=True, env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"})
    assert out.stdout.strip() == "Role: PM"
    assert (target / "assistant" / "sample" / "applicants.csv").is_file()

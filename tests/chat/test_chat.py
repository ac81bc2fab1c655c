"""The chat driven by scripted input: slash commands run the CLI's code, plain requests go through the agent's
planning (with a stub router or a scripted LLM), context carries over turns, writes are confirmed, errors and
Ctrl-C return to the prompt, Ctrl-D leaves."""
from __future__ import annotations

import json

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from assistant import Assistant, Settings
from assistant.chat import slots
from assistant.chat.context import Context, LastResult
from assistant.chat.plan import build
from assistant.chat.calibrate import evaluate, fit, fit_checked, leave_one_out
from assistant.chat.route import Facts, Policy, Route, Router, complete_args, decide
from assistant.chat.tools import BY_NAME, TOOLS, pick, which_question
from assistant.cli import app
from assistant.cli.repl import Chat

from fakes import FakeEmbedder, MemoryStore

CLI = typer.main.get_command(app)  # the chat runs slash commands through the CLI's click group

ROWS = ("id,role,dept,level\n1,product manager,Product,senior\n2,product marketing manager,Marketing,junior\n"
        "3,data analyst,Data,junior\n4,data scientist,Data,senior\n5,sales manager,Sales,\n")


class StubRouter:
    """Routes by a table of request -> (tool, args): tests the chat's planning and running, not the models."""

    def __init__(self, table: dict[str, tuple[str, dict]], unsure: set[str] = frozenset(), second: str = "answer"):
        self.table, self.unsure, self.seen, self.second = table, unsure, [], second

    def choose(self, request, facts, vector=None):
        self.seen.append((request, facts))
        tool = self.table[request][0]
        scores = {tool: 0.4, self.second: 0.1, **{t.name: 0.05 for t in TOOLS if t.name not in (tool, self.second)}}
        return Route(tool, request not in self.unsure, scores, scores, scores)

    def fill(self, tool, request, facts):
        return complete_args(tool, dict(self.table[request][1]), request, facts)


class Script:
    """Input lines; an exception instance in the list is raised instead (KeyboardInterrupt, EOFError)."""

    def __init__(self, *lines):
        self.lines, self.prompts = list(lines), []

    def __call__(self, prompt):
        self.prompts.append(prompt)
        if not self.lines:
            raise EOFError
        line = self.lines.pop(0)
        if isinstance(line, BaseException):
            raise line
        return line


@pytest.fixture
def assistant(tmp_path):
    return Assistant(Settings(home=tmp_path / "ws"), embedder=FakeEmbedder(), store=MemoryStore())


def chat(assistant, *lines, router=None):
    c = Chat(assistant, CLI, read=Script(*lines), router=router or StubRouter({}))
    return c, c.run()


def test_slash_commands_share_the_cli_and_use_fills_the_collection(assistant, write, capsys):
    path = write("r.csv", ROWS)
    c, code = chat(assistant, f"/ingest {path} -c roles --id-column id", "/use roles", "/search data -k 2 --json",
                   "/collections", "/models --json", "/quit", "/search never reached")
    out = capsys.readouterr().out
    assert code == 0
    assert "embedded and stored" in out
    hits = json.loads(out[out.index("{"):out.index("\n}\n") + 2])["hits"]
    assert [h["id"] for h in hits][:1] in (["3"], ["4"]) and len(hits) == 2
    assert "roles" in out and "never reached" not in out
    assert '"id": "gemma3-270m"' in out  # /models --json is `models list --json`
    assert c.ctx.last.kind == "search" and c.ctx.last.ids == [h["id"] for h in hits]


def test_bad_slash_commands_are_messages_and_the_chat_goes_on(assistant, capsys):
    c, code = chat(assistant, "/search", "/nosuch", '/search "unclosed', "/use nowhere", "/search x -c nope",
                   "/help")
    captured = capsys.readouterr()
    text = captured.out + captured.err
    assert code == 0
    assert "Missing" in text and "/search --help" in text
    assert "No such command" in text and "/help lists the commands" in text
    assert "close the quotes" in text
    assert "no collection named 'nowhere'" in text
    assert "no collection 'nope'" in text
    assert "Slash commands" in text and "/classify" in text and "/use" in text


def test_ctrl_c_at_the_prompt_and_in_a_job_returns_to_the_prompt_ctrl_d_leaves(assistant, write, capsys,
                                                                               monkeypatch):
    import assistant.facade as facade

    write_path = write("r.csv", ROWS)

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(facade.Assistant, "search", interrupted)
    c, code = chat(assistant, KeyboardInterrupt(), f"/ingest {write_path} -c roles --id-column id",
                   "/search data", "/collections", EOFError())
    out = capsys.readouterr()
    assert code == 0
    assert "Interrupted" in out.err and "roles" in out.out  # the command after the interrupted one ran


def test_context_follow_ups_narrow_and_classify_the_previous_result(assistant, write, capsys):
    assistant.ingest(write("r.csv", ROWS), "roles", id_column="id")
    assistant.cluster("roles", k=2)
    router = StubRouter({
        "find the data people": ("search", {"query": "data analyst scientist", "k": "3"}),
        "now only those in cluster 1": ("filter", {}),
        "classify them as junior or senior": ("classify", {}),
    })
    c, code = chat(assistant, "find the data people", "now only those in cluster 1",
                   "classify them as junior or senior", "/context", router=router)
    out = capsys.readouterr().out
    assert code == 0
    assert "→ /search 'data analyst scientist' -c roles -k 3" in out
    assert "→ /search 'data analyst scientist' -c roles -k 3 --where _cluster=1" in out
    searched = [line for line in out.splitlines() if "--ids" in line][0]
    assert "/classify --labels junior,senior -c roles --ids" in searched
    assert c.ctx.last.kind == "classify"
    assert "counts:" in out  # the classify table was drawn by the CLI's own renderer


def test_a_missing_argument_is_asked_for_and_the_answer_completes_the_plan(assistant, write, capsys):
    assistant.ingest(write("r.csv", ROWS), "roles", id_column="id")
    router = StubRouter({"find managers": ("search", {"query": "manager"}),
                         "classify them by seniority": ("classify", {})})
    c, _ = chat(assistant, "find managers", "classify them by seniority", "junior, senior", router=router)
    out = capsys.readouterr().out
    assert "Into which labels?" in out
    assert "/classify --labels junior,senior -c roles --ids" in out


def test_writes_are_shown_and_confirmed_first(assistant, write, capsys):
    path = write("more.csv", ROWS)
    router = StubRouter({f"load {path}": ("ingest", {})})
    c, _ = chat(assistant, f"load {path}", "n", f"load {path}", "y", router=router)
    out = capsys.readouterr().out
    assert out.count(f"→ /ingest {path} -c more") == 2
    assert "Not run." in out
    assert assistant.store.count("more") == 5
    assert c.read.prompts.count("This writes records to the store. Run it? [y/N] ") == 2


def test_when_unsure_it_asks_which_tool_and_the_next_line_answers(assistant, write, capsys):
    assistant.ingest(write("r.csv", ROWS), "roles", id_column="id")
    router = StubRouter({"data people": ("search", {}), "who is senior": ("search", {})},
                        unsure={"data people", "who is senior"})
    c, _ = chat(assistant, "data people", router=router)
    out = capsys.readouterr().out
    assert "Search for similar records, or answer a question from them? (search / answer)" in out
    assert "→" not in out and c.ctx.last is None  # nothing ran
    assert c.ctx.pending == {"choices": ["search", "answer"], "request": "data people"}
    c, _ = chat(assistant, "data people", "search", router=router)
    out = capsys.readouterr().out
    assert "→ /search 'data people' -c roles" in out and c.ctx.last.kind == "search"
    assert [r for r, _ in router.seen].count("search") == 0  # the reply was an answer, not a request
    c, _ = chat(assistant, "data people", "who is senior", router=router)  # picks neither: a new request, asked again
    out = capsys.readouterr().out
    assert out.count("(search / answer)") == 2 and c.ctx.pending["request"] == "who is senior"


def test_agent_errors_are_messages(assistant, capsys):
    router = StubRouter({"find managers": ("search", {"query": "manager"})})
    c, code = chat(assistant, "find managers", "/use", router=router)
    out = capsys.readouterr().out
    assert code == 0 and "Which collection?" in out and "collections: none" in out


def test_no_command_opens_the_chat(monkeypatch):
    import assistant.backends.embedder

    monkeypatch.setattr(assistant.backends.embedder, "SentenceTransformerEmbedder", lambda *a, **k: FakeEmbedder())
    r = CliRunner().invoke(app, [], input="/collections --json\n/quit\n")
    assert r.exit_code == 0, r.output
    assert "assistant chat" in r.output and "[]" in r.output
    r = CliRunner().invoke(app, ["chat"], input="")
    assert r.exit_code == 0 and "assistant chat" in r.output


# -- routing ---------------------------------------------------------------------------------------------------
class ToolLLM:
    """Scores the tool named in `prefer` highest and answers argument JSON from a queue (shape-checked)."""

    name, n_ctx, chat_template = "tool-llm", 4096, None

    def __init__(self, prefer, answers=()):
        self.prefer, self.answers, self.prompts = prefer, list(answers), []

    def continuation_logprobs(self, prompt, continuations):
        """A constant bias toward `help` (which calibration must remove), plus `prefer` for real requests."""
        self.prompts.append(prompt)
        real = "Request: N/A" not in prompt
        return [(3.0 if c == 'help"' else 0.0) + (5.0 if real and c == f'{self.prefer}"' else 0.0) for c in continuations]

    def generate_json(self, requests):
        from assistant.core.jsongen import Generation, Machine

        out = []
        for r in requests:
            self.prompts.append(r.prompt)
            text = json.dumps(self.answers.pop(0))
            m = Machine.of(r.shape)
            assert m.feed_text(text) and m.done, text
            out.append(Generation(text))
        return out


def test_decide_acts_only_at_the_policys_level_on_the_weighted_average():
    emb = {"search": 0.5, "answer": 0.4, "cluster": 0.1}
    llm = {"search": 0.1, "answer": 0.8, "cluster": 0.1}
    emb_only = decide(emb, llm, Policy(1.0, 0.5))
    assert emb_only.tool == "search" and emb_only.sure and emb_only.runners_up(1) == ["answer"]
    assert not decide(emb, llm, Policy(1.0, 0.51)).sure
    llm_heavy = decide(emb, llm, Policy(0.2, 0.7))  # 0.2 * 0.4 + 0.8 * 0.8 = 0.72
    assert llm_heavy.tool == "answer" and llm_heavy.sure and abs(llm_heavy.scores["answer"] - 0.72) < 1e-9
    assert decide(emb, {}, Policy(0.2, 0.5)).tool == "search"  # no LLM scores: the embedding alone


def test_fit_keeps_wrong_actions_within_the_allowance_and_leave_one_out_never_sees_the_row():
    def row(expected, emb_top, p):
        emb = {"search": 1 - p, "answer": 1 - p}
        emb[emb_top] = p
        return {"emb": emb, "llm": {}, "expected": expected}

    # confident and right at 0.9+, a confident wrong one at 0.85, unsure ones below
    rows = [row("search", "search", 0.9 + i / 1000) for i in range(30)] + [row("answer", "search", 0.85)] + \
           [row("answer", "answer", 0.6 + i / 1000) for i in range(9)] + [row("search", "answer", 0.7)]
    policy = fit(rows, target=0.05)  # 41 rows: at most 1 wrong action allowed
    out = evaluate(rows, policy)
    assert out.wrong <= 1 and out.right >= 30 and policy.emb_weight == 1.0
    strict = evaluate(rows, fit(rows, target=0.02))  # 0 wrong allowed: acts only above 0.85
    assert strict.wrong == 0 and strict.right == 30 and strict.asked == 11
    assert strict.rates()["asked_offered_right"] == round(11 / 41, 3)  # the two named tools hold the right one
    loo, policies = leave_one_out(rows, target=0.02)
    assert loo.n == len(rows) and len(policies) == len(rows)
    assert fit([], target=0.05).sure > 1  # nothing to learn from: never act
    checked, loo, allowance, _ = fit_checked(rows, target=0.05)
    assert loo.wrong <= 0.05 * len(rows) and allowance in (0.05, 0.04, 0.03, 0.02) and checked.sure <= 1


def test_the_question_names_two_tools_and_the_reply_picks_one():
    question = which_question("search", "answer")
    assert question.startswith("Search for similar records, or answer a question from them?")
    assert pick("answer", ["search", "answer"]) == "answer"
    assert pick("search please", ["search", "answer"]) == "search"
    assert pick("the second", ["search", "answer"]) == "answer" and pick("1", ["search", "answer"]) == "search"
    assert pick("both", ["search", "answer"]) is None and pick("search or answer", ["search", "answer"]) is None
    assert pick("find people who know python and also speak two languages fluently", ["search", "answer"]) is None


def test_router_scores_tools_and_fills_constrained_arguments(monkeypatch):
    import assistant.chat.route as route_mod

    request = "find 5 nurses with icu experience"
    assert Router(FakeEmbedder(), lambda: ToolLLM("search", [])).choose(request, Facts()).llm == {}  # unmeasured
    monkeypatch.setitem(route_mod.POLICIES, "tool-llm", Policy(0.5, 0.6))  # a model whose vote counts
    llm = ToolLLM("search", [{"query": "nurses with icu experience", "k": "5"}])
    router = Router(FakeEmbedder(), lambda: llm)
    request = "find 5 nurses with icu experience"
    route = router.choose(request, Facts(collections=["staff"]))
    assert set(route.scores) == {t.name for t in TOOLS} and abs(sum(route.scores.values()) - 1) < 1e-6
    assert route.llm["search"] > 0.9
    args = router.fill(BY_NAME["search"], request, Facts(collections=["staff"]))
    assert args == {"query": "nurses with icu experience", "k": "5"}
    assert 'Request: find 5 nurses' in llm.prompts[0] and "Request: N/A" in llm.prompts[1]
    assert "(one of: 5, none)" in llm.prompts[2]  # a number can only be one written in the request


def test_router_shows_the_nearest_labelled_requests_to_a_model_whose_policy_has_shots(monkeypatch):
    import assistant.chat.route as route_mod

    labelled = (("answer", "how many nurses are there"), ("search", "nurses with icu experience"),
                ("cluster", "group the records"))
    monkeypatch.setitem(route_mod.POLICIES, "tool-llm", Policy(0.5, 0.6, shots=2))
    llm = ToolLLM("answer", [])
    router = Router(FakeEmbedder(), lambda: llm, labelled=labelled)
    route = router.choose("how many nurses are there", Facts())
    assert len(llm.prompts) == 1  # not calibrated: the examples' commands are the signal
    prompt = llm.prompts[0]
    shown = prompt.split("Earlier requests and their commands:")[1].split("Request:")[0]
    # the request itself is never its own example; the most similar comes last, next to the request
    assert '"how many nurses are there" ->' not in shown
    texts = [line.rsplit(" -> ", 1)[0].strip('"') for line in shown.strip().splitlines()]
    vectors = FakeEmbedder().embed(["how many nurses are there", *texts])
    sims = vectors[1:] @ vectors[0]
    assert len(texts) == 2 and sims[0] <= sims[1]
    assert max(route.llm, key=route.llm.get) == "answer"
    # the neighbours are those of the request asked about, whatever was routed before
    other = "nurses with icu experience please"
    assert router.nearest(other, FakeEmbedder().embed([other])[0], 1) == [("nurses with icu experience", "search")]


def test_the_embedding_vote_can_be_a_logistic_regression_over_the_examples():
    labelled = tuple(("answer", f"how many {w} are there") for w in ("nurses", "engineers", "clerks")) + \
        tuple(("search", f"find people like a {w}") for w in ("nurse", "engineer", "clerk"))
    router = Router(FakeEmbedder(), lambda: None, labelled=labelled)
    lr = router.embedding_scores("how many drivers are there", kind="lr")
    knn = router.embedding_scores("how many drivers are there", kind="knn")
    mean = router.embedding_scores("how many drivers are there", kind="mean")
    assert max(lr, key=lr.get) == "answer" and abs(sum(lr.values()) - 1) < 1e-6 and set(lr) == set(knn)
    assert all(abs(mean[t] - (lr[t] + knn[t]) / 2) < 1e-9 for t in lr)


def test_arguments_the_model_gets_wrong_are_read_from_the_request():
    facts = Facts(fields=["city", "cuisine", "cluster"])
    assert complete_args(BY_NAME["classify"], {"labels": ["them", "them by"], "save": "yes"},
                         "classify them as positive, neutral or negative", facts) == {
        "labels": ["positive", "neutral", "negative"]}
    assert complete_args(BY_NAME["classify"], {"labels": ["x", "x y"], "save": "yes"},
                         "classify them by mood and save it", facts) == {"save": "yes"}
    assert complete_args(BY_NAME["filter"], {"field": "city", "value": "2"}, "only cluster 2", facts) == {
        "field": "_cluster", "value": "2"}
    assert complete_args(BY_NAME["ingest"], {}, "please load ./data/people.csv", facts) == {
        "file": "./data/people.csv"}
    assert complete_args(BY_NAME["fill"], {}, "fill in the missing cuisine", facts) == {"field": "cuisine"}


def test_slots():
    assert slots.numbers("top 5 in cluster 2 from data1.csv") == ["5"]
    assert slots.files("read notes.jsonl and ~/x/job.txt") == ["notes.jsonl", "~/x/job.txt"]
    assert slots.cluster_number("keep cluster #3") == "3"
    assert slots.label_list("tag as either urgent or normal") == ["urgent", "normal"]
    assert slots.label_list("classify them by seniority") == []


def test_plans_for_each_tool_use_the_context():
    ctx = Context(collection="c")
    assert build("cluster", {"k": "4"}, ctx).command == "/cluster -c c -k 4"
    assert build("answer", {"question": "who speaks French?"}, ctx).command == "/ask 'who speaks French?' -c c"
    assert build("fill", {"field": "city", "save": "yes"}, ctx).writes
    assert build("fill", {"field": "city"}, ctx).writes is None
    assert build("rerank", {"file": "job.txt", "n": "10"}, ctx).command == "/rerank job.txt -c c -n 10"
    assert "Narrow down what?" in build("filter", {"field": "_cluster", "value": "1"}, ctx).ask
    ctx.last = LastResult("search", ["search", "q", "-c", "c", "--where", "_cluster=0"], "c", ["a"])
    assert build("filter", {"field": "_cluster", "value": "1"}, ctx).argv == [
        "search", "q", "-c", "c", "--where", "_cluster=1"]
    assert build("use", {"collection": "d"}, ctx).command == "/use d"
    assert build("search", {"query": "x"}, Context()).ask.startswith("Which collection?")


def test_context_remembers_results_of_commands():
    from assistant.core.results import SearchHit, SearchResult

    ctx = Context(argv=["search", "q", "-c", "c"])
    ctx.remember(SearchResult(collection="c", query="q", k=2, hits=[
        SearchHit(rank=1, id="a", similarity=0.9, text="", metadata={})]), {})
    assert ctx.last.ids == ["a"] and ctx.collection == "c" and ctx.refers_back("classify them")
    assert not ctx.refers_back("find nurses")


def test_the_tools_cover_every_job():
    names = {t.name for t in TOOLS}
    assert {"search", "rerank", "classify", "extract", "fill", "cluster", "ingest", "answer"} <= names
    assert all(len(t.examples) >= 3 for t in TOOLS)
    emb = FakeEmbedder()
    router = Router(emb, lambda: None)
    scores = router.embedding_scores("cluster the applicants", np.asarray(emb.embed(["cluster the applicants"])[0]))
    assert max(scores, key=scores.get) == "cluster"


def test_ask_answers_from_the_retrieved_records_and_cites_only_them(assistant, write, capsys):
    from assistant.jobs.answer import answer_shape

    assistant.ingest(write("r.csv", ROWS), "roles", id_column="id")
    assistant._llm = ToolLLM("answer", [{"sources": ["2"], "answer": "product marketing manager"}])
    result = assistant.answer("who does product marketing?", "roles", k=3)
    assert result.cited == ["2"] and result.answer == "product marketing manager"
    assert len(result.hits) == 3 and "product marketing manager" in assistant._llm.prompts[0]
    from assistant.core.jsongen import Machine

    assert not Machine.of(answer_shape(["1", "2"])).feed_text('{"sources": ["9')  # only retrieved ids
    quoting = Machine.of(answer_shape(["1"], ["role: data analyst"]))
    assert not quoting.clone().feed_text('{"sources": [], "answer": "an analyst')  # only a passage of a record
    assert quoting.feed_text('{"sources": [], "answer": "data analyst"}')
    assistant._llm.answers.append({"sources": [], "answer": "role"})
    c, _ = chat(assistant, "/ask 'who sells?' -k 2", router=StubRouter({}))
    out = capsys.readouterr().out
    assert "answer from 'roles'" in out and "the 2 records it read" in out
    assert c.ctx.last.kind == "answer"


def test_the_chat_gives_the_writer_lock_back_after_a_write(tmp_path, write, monkeypatch, capsys):
    import assistant.backends.embedder

    monkeypatch.setattr(assistant.backends.embedder, "SentenceTransformerEmbedder", lambda *a, **k: FakeEmbedder())
    a = Assistant(Settings(home=tmp_path / "ws"))  # the real on-disk Chroma store
    path = write("r.csv", ROWS)
    c, code = chat(a, f"/ingest {path} -c roles --id-column id", "/search data -c roles -k 1")
    assert code == 0 and "embedded and stored" in capsys.readouterr().out
    assert not a.store.holds_writer_lock
    from assistant.backends.store import ChromaStore

    other = ChromaStore(a.settings.store_path)  # another writer (same process here; the lock test covers others)
    other.delete_collection("roles")
    other.close()

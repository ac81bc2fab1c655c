"""The llama.cpp backend: the token trie, scoring against the real bundled models, and broken model files."""
from __future__ import annotations

import numpy as np
import pytest

from assistant.backends.catalog import resolve_llm
from assistant.backends.llamacpp import LlamaCppLLM
from assistant.backends.token_trie import TokenTrie
from assistant.core.errors import ContextOverflowError, ModelLoadError, ModelNotFoundError
from assistant.core.settings import Settings


def test_trie_shares_prefixes_and_wants_only_scored_positions():
    t = TokenTrie()
    a = t.add([1, 2, 3, 4], seq=0, score_from=3)
    b = t.add([1, 2, 3, 5, 6], seq=1, score_from=3)
    assert a[:3] == b[:3] and len(t.token) == 6  # 1,2,3 shared; 4; 5,6
    assert t.seqs[a[0]] == [0, 1] and t.seqs[a[3]] == [0]
    assert [t.wants[n] for n in b] == [False, False, True, True, False]  # logits where the next token is scored
    assert t.cost_of([1, 2, 9, 9]) == 2 and t.cost_of([1, 2, 3]) == 0


@pytest.fixture(scope="module")
def smol():
    return LlamaCppLLM(resolve_llm("smollm2-135m-instruct", Settings().models_dir), n_ctx=2048).load()


@pytest.fixture(scope="module")
def gemma():
    return LlamaCppLLM(resolve_llm("gemma3-270m", Settings().models_dir), n_ctx=2048).load()


@pytest.mark.real
def test_packed_scoring_equals_one_at_a_time(smol):
    base = smol.prompt_tokens("The capital of France is")
    conts = [smol.tokenize(" Paris"), smol.tokenize(" a city in Europe"), smol.tokenize(" London")]
    joint = smol.score_sequences([(base + c, len(base)) for c in conts])
    single = [smol.score_sequences([(base + c, len(base))])[0] for c in conts]
    for j, s, c in zip(joint, single, conts):
        assert j.shape == (len(c),) and np.allclose(j, s, atol=1e-3)
    assert joint[0].sum() > joint[2].sum()  # Paris is likelier than London
    assert all((r <= 0).all() for r in joint)


@pytest.mark.real
def test_prefix_is_evaluated_once(smol):
    base = smol.prompt_tokens("A long shared prefix about the history of the city of Paris and its rivers.")
    before = smol.stats.snapshot()
    smol.score_sequences([(base + smol.tokenize(w), len(base)) for w in (" yes", " no", " maybe")])
    used = smol.stats.since(before)
    assert used.tokens_evaluated == len(base) + 3  # not 3 * len(base)
    assert used.decode_calls == 1


@pytest.mark.real
def test_chat_template_and_plain_prompt(smol, gemma):
    assert "<|im_start|>assistant" in smol.chat_prompt("hi")  # SmolLM2's template, from the GGUF
    assert gemma.chat_template is None and gemma.chat_prompt("hi") == "hi"  # a base model: plain text
    assert gemma.prompt_tokens("hi")[0] == gemma.bos()[0]


@pytest.mark.real
def test_next_token_probs_and_gemma(gemma):
    p = gemma.next_token_probs("The capital of France is", [" Paris", " banana"])
    assert 0 <= p[1] < p[0] <= 1
    lp = gemma.continuation_logprobs("The capital of France is", [" Paris", " banana"])
    assert lp[0] > lp[1]


@pytest.mark.real
def test_context_overflow_is_a_clear_error(smol):
    toks = [1] * (smol.n_ctx + 5)
    with pytest.raises(ContextOverflowError) as e:
        smol.score_sequences([(toks, 1)])
    assert "n_ctx" in e.value.fix


def test_missing_and_broken_model_files(tmp_path):
    with pytest.raises(ModelNotFoundError, match="does not exist"):
        LlamaCppLLM(tmp_path / "nope.gguf").load()
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"not a model at all" * 100)
    with pytest.raises(ModelLoadError, match="not a GGUF"):
        LlamaCppLLM(bad).load()


@pytest.mark.real
def test_truncated_gguf(tmp_path):
    src = resolve_llm("smollm2-135m-instruct", Settings().models_dir)
    cut = tmp_path / "cut.gguf"
    with open(src, "rb") as fh:
        cut.write_bytes(fh.read(5_000_000))
    with pytest.raises(ModelLoadError, match="could not load"):
        LlamaCppLLM(cut).load()


def test_resolve_llm_errors(tmp_path):
    with pytest.raises(ModelNotFoundError) as e:
        resolve_llm("smollm2-135m-instruct", tmp_path)
    assert "assistant models install" in e.value.fix
    with pytest.raises(ModelNotFoundError):
        resolve_llm("no-such-model.gguf", tmp_path)


@pytest.mark.real
def test_ctrl_c_while_the_model_loads_is_raised_once_it_is_loaded(monkeypatch, python_sigint):
    """llama.cpp calls Python (its log callback) while loading; a Ctrl-C raised in there was swallowed by ctypes and
    the job ran to its end. Now it waits for the load and is raised after it: nothing half-loaded, nothing lost."""
    import os
    import signal

    from assistant.backends import llamacpp

    real_check = llamacpp.check_gguf

    def check_then_ctrl_c(path):
        real_check(path)
        os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(llamacpp, "check_gguf", check_then_ctrl_c)
    llm = LlamaCppLLM(resolve_llm("smollm2-135m-instruct", Settings().models_dir), n_ctx=512)
    with pytest.raises(KeyboardInterrupt):
        llm.load()
    assert llm._ctx is not None  # the load finished before the interrupt was raised
    llm.close()

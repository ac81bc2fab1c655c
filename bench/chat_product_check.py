"""The shipped router (assistant/chat/route.py: POLICIES, its own embedding batches and its own fit of the
logistic regression) on bench/data/chat_heldout2, with the cached LLM scores of bench/chat_scores.py: does the
product decide as bench/chat_routing.py does? (The int8 encoder's numbers move a little with the batch, so the
two can differ by a request or two.)

    python bench/chat_product_check.py
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
from chat_routing import embedding_rows, llm_rows  # noqa: E402
from chat_scores import load  # noqa: E402

from assistant import Assistant, Settings  # noqa: E402
from assistant.chat.calibrate import evaluate  # noqa: E402
from assistant.chat.route import NO_LLM, POLICIES, Router  # noqa: E402


def main() -> None:
    embedder = Assistant(Settings()).embedder
    router = Router(embedder, lambda: None)
    items = load("heldout2")
    vectors = embedder.embed([it["request"] for it in items])
    shipped = {kind: [router.embedding_scores(it["request"], v, kind) for it, v in zip(items, vectors)]
               for kind in ("lr", "mean")}
    for model, policy in [("(embedding only)", NO_LLM), *POLICIES.items()]:
        llm = [{}] * len(items) if model.startswith("(") else \
            llm_rows(model, "heldout2", policy.shots, None if policy.shots else "prior")
        for name, emb in (("product", shipped[policy.emb]), ("bench", embedding_rows("heldout2", policy.emb))):
            rows = [{"emb": e, "llm": x, "expected": it["tool"]} for e, x, it in zip(emb, llm, items)]
            print(model, name, evaluate(rows, policy).rates())


if __name__ == "__main__":
    main()

"""A cheap guess of the batch's language (script, then stopwords), to tell when the embedding model cannot read it.

The default embedding model (all-MiniLM-L6-v2) was trained on English: on Chinese reviews its similarities are
noise, and an ensemble that gives it full weight scored below the majority class (issue 12). No dependency: the
script of the letters decides for non-Latin text; for Latin text, the share of each language's commonest function
words. Too few words to tell (labels, names, codes) counts as English: the check never penalises what it cannot read.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Sequence

SCRIPTS = {  # the start of a letter's Unicode name -> the language (family) shown to the user
    "CJK": "Chinese", "HIRAGANA": "Japanese", "KATAKANA": "Japanese", "HANGUL": "Korean",
    "CYRILLIC": "Cyrillic-script (e.g. Russian)", "ARABIC": "Arabic", "HEBREW": "Hebrew", "GREEK": "Greek",
    "DEVANAGARI": "Hindi", "THAI": "Thai",
}
STOPWORDS = {  # distinctive, frequent function words; a word in two lists counts for the first
    "English": "the and of to is that it for you with this are have be not but they at from my we by "
               "on or can your has been would there their what which if about".split(),
    "German": "der und ist nicht ich das mit sie es ein eine zu auf für den dem des sich auch wie bitte "
              "mein meine wir ihr noch nach bei aber oder wurde habe hat kann sind schon".split(),
    "French": "le la les et est une des du que pour pas je vous il elle dans sur avec ce mais très sont "
              "au aux été qui mon ma".split(),
    "Spanish": "el los las y es una que por para con del muy pero lo su se como al fue está mi".split(),
    "Italian": "il gli e è della che per non sono una con del molto ma ho mi questo nel alla".split(),
    "Portuguese": "o os e é uma que para com não do da muito mas em foi meu minha são".split(),
    "Dutch": "de het een en is niet ik dat van met voor op zijn maar ook bij naar heb wij".split(),
}
MIN_WORDS = 20  # fewer stopword hits than this over the batch: too little to tell
SAMPLE = 200  # texts looked at (spread over the batch): enough to tell, cheap on a big one
ENGLISH_ONLY_MODELS = ("all-minilm", "all-mpnet", "all-distilroberta", "multi-qa-minilm", "multi-qa-mpnet",
                       "paraphrase-minilm", "paraphrase-mpnet", "bge-small-en", "bge-base-en", "e5-small-v2")


_OWNER: dict[str, str] = {}
for _language, _words in STOPWORDS.items():
    for _word in _words:
        _OWNER.setdefault(_word, _language)  # the first list that names a word owns it


def guess_language(texts: Sequence[str]) -> str:
    """The batch's main language as a word ("English", "German", "Chinese"...); "English" when it cannot tell."""
    step = max(1, len(texts) // SAMPLE)
    sample = [str(t) for t in texts[::step]]
    scripts: dict[str, int] = {}
    latin = 0
    for text in sample:
        for ch in text:
            if not ch.isalpha():
                continue
            if ch.isascii():
                latin += 1
                continue
            name = unicodedata.name(ch, "")
            family = next((lang for key, lang in SCRIPTS.items() if name.startswith(key)), None)
            if family is None:
                latin += name.startswith("LATIN")
            else:
                scripts[family] = scripts.get(family, 0) + (2 if family in ("Chinese", "Japanese") else 1)
    # A CJK character carries about a word: count it twice against Latin letters so mixed text ("iPhone 拍照很好")
    # goes by its words.
    if scripts and max(scripts.values()) > latin:
        return max(scripts, key=scripts.get)
    hits: dict[str, int] = {}
    for text in sample:
        for word in re.findall(r"[^\W\d_]+", text.lower()):
            language = _OWNER.get(word)
            if language:
                hits[language] = hits.get(language, 0) + 1
    if sum(hits.values()) < MIN_WORDS:
        return "English"
    best = max(hits, key=hits.get)
    return best if hits[best] > 1.5 * hits.get("English", 0) else "English"


def english_only(embedding_model: str | None) -> bool:
    """Whether an embedding model (a name or a folder) is one of the known English-only sentence-transformers."""
    if not embedding_model:
        return False
    name = Path(str(embedding_model)).name.lower()
    return name.startswith(ENGLISH_ONLY_MODELS)


def language_note(texts: Sequence[str], embedding_model: str | None, method: str) -> tuple[str, str | None, bool]:
    """The batch's language, the note to show the user once (None: nothing to say), and whether the embedding part
    gets no weight.

    An English-only model on another script (Chinese, Cyrillic...) gets no weight: its word pieces are mostly
    unknown or single characters, and its similarities were noise on Chinese reviews. On another Latin-script
    language it shares words (Login, Passwort, App, Retoure) and kept real signal on German tickets
    (bench/results_issue-12-classify.md), so there the agreement checks set its weight.
    """
    language = guess_language(texts) if texts else "English"
    if language == "English" or not english_only(embedding_model) or method == "llm":
        return language, None, False
    model = Path(str(embedding_model)).name
    fix = "use --embedding-model with a multilingual sentence-transformers folder (see models.md)"
    other_script = language in SCRIPTS.values()
    if method == "embedding":
        reads = "cannot read them" if other_script else "reads them poorly"
        return language, f"records look like {language}: the English embedding model {model} {reads}; " \
                         f"use --method llm, or {fix}", False
    if other_script:
        return language, (f"records look like {language}: the English embedding model {model} is given no weight "
                          f"and the LLM decides; {fix}"), True
    return language, (f"records look like {language}: the English embedding model {model} reads them poorly, so "
                      f"its weight is set by how well it agrees with the LLM; {fix}"), False

"""The tools the chat agent can choose: what each does (for routing), its arguments, and the slash command it runs.

Descriptions and example requests are what the embedding router compares a request with; they describe the
jobs in general words, not any one data set.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Param:
    """One argument. `kind` says where its value may come from, so the model can only pick a possible one:
    text / texts: copied from the request; number: a number written in the request; field: a field of the
    collection; file: a file name written in the request; collection: an existing collection; flag: yes/no."""

    name: str
    kind: str
    help: str


@dataclass(frozen=True)
class Tool:
    name: str
    description: str
    examples: tuple[str, ...]
    params: tuple[Param, ...] = ()
    needs_collection: bool = True

    def texts(self) -> list[str]:
        """What a request is compared with: the description and the example requests."""
        return [self.description, *self.examples]


TOOLS: tuple[Tool, ...] = (
    Tool("search", "find the records most similar to a description (semantic search)",
         ("find candidates who know python and sql", "search for reviews about slow delivery",
          "show me people similar to a senior data engineer", "look for records that mention machine learning",
          "which products are like a red wool scarf", "top 5 matches for a nurse with intensive care experience",
          "any tickets about password resets?",
          "restaurants similar to a quiet italian place with a terrace",
          "the candidates closest to this description: a nurse who speaks spanish"),
         (Param("query", "text", "the text to search for, copied from the request"),
          Param("k", "number", "how many results"))),
    Tool("rerank", "rank the best matches for a job description or query with the language model",
         ("rank the best candidates for job.txt", "who are the 10 best applicants for this job description",
          "rerank the matches for the job in posting.txt", "order the strongest candidates for a backend engineer role",
          "best fits for the job, ranked by the model", "compare the top candidates pairwise for the role"),
         (Param("file", "file", "a file holding the job description"),
          Param("query", "text", "the job or query text when no file is named"),
          Param("n", "number", "how many matches to rank"))),
    Tool("classify", "sort records or texts into labels that you name (zero-shot classification)",
         ("classify them as positive or negative", "label these reviews by sentiment: positive, neutral, negative",
          "categorize the tickets into billing, bug report, feature request", "which of them are junior, mid or senior",
          "tag each record as spam or not spam", "put the records into categories sports, business, science",
          "classify them by seniority"),
         (Param("labels", "texts", "the labels, copied from the request"),
          Param("save", "flag", "yes when the request asks to save or write the labels to the records"))),
    Tool("extract", "pull names, skills, dates, companies or other values out of free text (span extraction)",
         ("extract names and skills from resumes.csv", "pull out the dates and companies mentioned in the notes",
          "find every person and organisation in the summaries", "get the skills from each summary",
          "highlight the locations in the text", "list the universities named in each record"),
         (Param("fields", "texts", "the kinds of values to extract, copied from the request"),
          Param("file", "file", "a file to extract from"),
          Param("text_field", "field", "the field holding the text"))),
    Tool("fill", "fill in missing values of a field from the other fields and similar records",
         ("fill in the missing EducationField values", "guess the missing city of each restaurant",
          "complete the empty department column", "impute the missing ages and save them",
          "some records have no category, infer it", "predict the blank values of the region field"),
         (Param("field", "field", "the field whose missing values to fill"),
          Param("save", "flag", "yes when the request asks to save, apply or write the values"))),
    Tool("cluster", "group the records into clusters and explain each cluster",
         ("cluster the applicants", "group the records into 5 clusters", "what groups are there in this data",
          "segment the customers", "show me the main clusters and what makes them different",
          "find natural groupings in the collection",
          "group the candidates and explain what each group has in common"),
         (Param("k", "number", "how many clusters"),)),
    Tool("ingest", "load a table file (CSV, TSV, JSONL, JSON or XLSX) into a collection",
         ("load applicants.csv", "ingest reviews.jsonl into a collection called reviews",
          "import the spreadsheet products.xlsx", "add the file tickets.csv to the store",
          "read data/people.tsv", "index this csv file: orders.csv"),
         (Param("file", "file", "the file to load"),
          Param("collection", "text", "the name of the collection, copied from the request")),
         needs_collection=False),
    Tool("answer", "answer a question from the records, citing the ids of the records used",
         ("which candidate has worked at Google?", "what do customers complain about most?",
          "does anyone speak Japanese?", "who has the most experience with react?",
          "what does the data say about late deliveries?", "is there an applicant from Ohio with a PhD?",
          "tell me about the applicant with the highest salary",
          "how many applicants are nurses?", "who has the most years of experience?",
          "what do they have in common?", "which department has the most people?",
          "what is the average age of the engineers?"),
         (Param("question", "text", "the question, copied from the request"),)),
    Tool("filter", "narrow the previous result to records where a field has a value, such as a cluster",
         ("now only those in cluster 2", "just the ones from the Sales department", "only show those where city is Boston",
          "keep only the records in cluster 0", "filter them to gender female", "restrict that to cluster 4",
          "same but only women"),
         (Param("field", "field", "the field to filter on (cluster for a cluster number)"),
          Param("value", "text", "the value the field must have, copied from the request"))),
    Tool("use", "switch to another collection",
         ("use the reviews collection", "switch to products", "work on the orders collection",
          "change the collection to tickets"),
         (Param("collection", "collection", "the collection to use"),), needs_collection=False),
    Tool("collections", "list the collections in the workspace and their sizes",
         ("what collections do I have", "list my datasets", "show the collections", "which tables are loaded"),
         needs_collection=False),
    Tool("models", "list the language and embedding models that are installed",
         ("which models are installed", "list the models", "what llm are you using"), needs_collection=False),
    Tool("help", "explain what the chat can do and list the slash commands",
         ("what can you do", "help", "how do I use this", "what commands are there"), needs_collection=False),
)

BY_NAME = {t.name: t for t in TOOLS}

# How the chat names a tool when it asks which of two the user meant ("search for similar records, or answer
# a question from them?"); the first word is also a reply that picks it.
OFFERS = {"search": "search for similar records", "rerank": "rank the best matches with the model",
          "classify": "classify them into labels", "extract": "extract values from the text",
          "fill": "fill in missing values", "cluster": "cluster them into groups", "ingest": "ingest a file",
          "answer": "answer a question from them", "filter": "filter the last result", "use": "use another collection",
          "collections": "list the collections", "models": "list the models", "help": "show the help"}
_REPLY_WORDS = {"search": {"search", "similar", "find"}, "rerank": {"rank", "rerank"}, "classify": {"classify", "label"},
                "extract": {"extract"}, "fill": {"fill"}, "cluster": {"cluster", "group", "groups"},
                "ingest": {"ingest", "load"}, "answer": {"answer", "ask", "question"}, "filter": {"filter"},
                "use": {"use", "switch"}, "collections": {"collections"}, "models": {"models"}, "help": {"help"}}


def which_question(first: str, second: str) -> str:
    """One short question naming the two likeliest tools."""
    return f"{OFFERS[first][0].upper()}{OFFERS[first][1:]}, or {OFFERS[second]}? ({first} / {second})"


def pick(reply: str, choices: list[str]) -> str | None:
    """The tool a reply to `which_question` picks: its name or verb, "1"/"first", "2"/"second"; None when the
    reply names neither or both (then it is read as a new request)."""
    words = set(re.findall(r"[a-z0-9]+", reply.lower()))
    ordinal = [{"1", "first", "former"}, {"2", "second", "latter"}]
    hits = [t for i, t in enumerate(choices[:2]) if words & (_REPLY_WORDS[t] | {t} | ordinal[i])]
    return hits[0] if len(hits) == 1 and len(words) <= 6 else None

# A request asking one of these changes stored data: it is shown and confirmed before it runs.
WRITES = {"ingest": "writes records to the store", "fill": "writes the filled values to the records",
          "classify": "writes the labels to the records"}

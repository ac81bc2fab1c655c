"""Build bench/eval_long/resumes.jsonl: 25 job-description queries x 20 long resume-like candidates, with graded
relevance, for `assistant eval rerank` on long documents.

Synthetic, from the sample applicants (assistant/sample/applicants.csv): each candidate is one applicant written out
as a resume of about 450-600 words (profile = the applicant's Summary, experience bullets drawn from summaries of
other applicants of the same role, education, skills, and role-neutral sections that long real resumes carry).
Relevance: 2 = the role asked for at the seniority asked for; 1 = the role at another seniority, or an adjacent role
(Data Analyst ~ Data Scientist, Sales Executive ~ Account Manager...); 0 = anything else. Seeded: rerun to get the
same file. Usage: python bench/eval_long/make.py
"""
from __future__ import annotations

import csv
import json
import random
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent.parent / "assistant" / "sample" / "applicants.csv"
ADJACENT = {
    "Software Engineer": {"Data Scientist"}, "Data Scientist": {"Data Analyst", "Software Engineer"},
    "Data Analyst": {"Data Scientist"}, "Product Manager": {"Product Marketing Manager"},
    "Product Marketing Manager": {"Product Manager", "Marketing Specialist"},
    "Marketing Specialist": {"Product Marketing Manager"}, "Sales Executive": {"Account Manager"},
    "Account Manager": {"Sales Executive"}, "Recruiter": {"HR Specialist"}, "HR Specialist": {"Recruiter"},
    "Laboratory Technician": {"Research Scientist"}, "Research Scientist": {"Laboratory Technician"},
}
DUTIES = {
    "Software Engineer": "design, build and run backend services and APIs, review code, keep CI/CD and tests healthy, "
                         "and own reliability of production systems",
    "Data Scientist": "build machine learning models for forecasting, churn and pricing, run experiments, and work "
                      "with product and engineering to ship models to production",
    "Data Analyst": "build dashboards and reports, write SQL and dbt models, and answer business questions for "
                    "finance, sales and operations",
    "Product Manager": "own the roadmap, write PRDs and user stories, prioritise the backlog with engineering, and "
                       "define product metrics and OKRs",
    "Product Marketing Manager": "own positioning and messaging, run product launches and go-to-market plans, and "
                                 "enable sales with competitive intelligence",
    "Marketing Specialist": "run campaigns across paid search, social and email, manage budgets, and report on "
                            "conversion and reach",
    "Sales Executive": "prospect, run discovery and demos, negotiate and close new business against a quota, and keep "
                       "the pipeline accurate in the CRM",
    "Account Manager": "manage a book of existing customers, renewals and upsell, run business reviews, and keep "
                       "churn low",
    "Recruiter": "run full-cycle hiring, source candidates, screen and coordinate interviews, and partner with hiring "
                 "managers on offers",
    "HR Specialist": "handle onboarding, HR policies, employee relations, payroll questions and HRIS records",
    "Laboratory Technician": "prepare samples, run assays and instruments, keep lab records to GLP standards, and "
                             "maintain equipment",
    "Research Scientist": "design and run research studies, analyse results, publish, and lead scientific projects "
                          "and grant applications",
}
FILLER = [
    "References are available on request. Happy to share work samples and a portfolio during the process.",
    "Languages: English (fluent); conversational Spanish. Comfortable working across time zones with remote teams.",
    "Volunteering: mentors students at a local coding and careers club twice a month; organised a charity run.",
    "Interests: long-distance running, chess, cooking for friends, and reading history and popular science.",
    "Certifications and training: first aid at work; project management fundamentals; data protection awareness.",
    "Availability: three months' notice period; open to hybrid work; holds a full driving licence.",
]

COMPANIES = ["a family-owned logistics firm", "a Series B fintech start-up", "a public insurance group",
             "a regional hospital network", "a global consumer-goods brand", "a university spin-out",
             "a 200-person media company", "a government agency"]
FILLER_DUTIES = ["reported to the head of the department and worked with colleagues across three offices",
                 "took part in the yearly planning cycle, budgeting and quarterly reviews",
                 "documented processes for the team wiki and onboarded new joiners",
                 "joined the cross-team working group on tooling and internal communication"]


def years(summary: str) -> int:
    m = re.search(r"(\d+) years?", summary)
    return int(m.group(1)) if m else 0


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def resume(row: dict, same_role: list[dict], rng: random.Random) -> str:
    others = rng.sample(same_role, k=min(10, len(same_role)))
    bullets = list(dict.fromkeys(s for o in others for s in sentences(o["Summary"])[1:]))[:12]
    span = max(years(row["Summary"]), 2)
    history = [f"- {2026 - span + i * span // 3}-{2026 - span + (i + 1) * span // 3}: {row['Role']} at "
               f"{rng.choice(COMPANIES)}; {rng.choice(FILLER_DUTIES)}" for i in range(3)]
    parts = [
        f"{row['Role']} - applicant {row['ApplicantID']}",
        f"Age {row['Age']}; {row['Gender']}; education: {row['EducationField']}; travel: {row['TravelPreference']}; "
        f"lives {row['DistanceFromHome']} km from the office.",
        "", "Profile", row["Summary"], "", "Experience",
        *[f"- {b}" for b in bullets],
        "", "Employment history", *history,
        "", "Education",
        f"- Degree in {row['EducationField']}; coursework in statistics, writing and project work.",
        "", "Other", *rng.sample(FILLER, k=len(FILLER)),
    ]
    return "\n".join(parts)


def job(role: str, senior: bool, variant: int) -> str:
    level = "Senior " if senior else ""
    need = "at least 8 years" if senior else "1 to 5 years"
    extra = ("You will mentor others and set direction for the team." if senior
             else "You will learn from experienced colleagues and grow quickly.")
    team = ["a fast-growing software company", "a mid-sized retailer", "a healthcare technology scale-up"][variant % 3]
    return (f"{level}{role}\n\nWe are hiring a {level}{role} at {team}. In this role you will {DUTIES[role]}. "
            f"We are looking for {need} of experience as a {role}. {extra} We offer hybrid work, a learning budget "
            "and a friendly team.")


def main() -> None:
    rows = list(csv.DictReader(SAMPLE.open(encoding="utf-8")))
    by_role: dict[str, list[dict]] = {}
    for r in rows:
        by_role.setdefault(r["Role"], []).append(r)
    rng = random.Random(16)
    roles = sorted(by_role)
    specs = [(role, senior) for role in roles for senior in (True, False)] + [("Software Engineer", True)]
    out = []
    for qi, (role, senior) in enumerate(specs[:25]):
        same = by_role[role]
        near = [r for a in sorted(ADJACENT[role]) for r in by_role[a]]
        far = [r for r in rows if r["Role"] != role and r["Role"] not in ADJACENT[role]]
        fits = [r for r in same if (years(r["Summary"]) >= 8) == senior]
        picked = rng.sample(fits, min(4, len(fits)))
        picked += rng.sample([r for r in same if r not in picked], 6 - len(picked))
        picked += rng.sample(near, 4) + rng.sample(far, 10)
        cands = []
        for r in picked:
            rel = 2 if r["Role"] == role and (years(r["Summary"]) >= 8) == senior else 1 if (
                r["Role"] == role or r["Role"] in ADJACENT[role]) else 0
            cands.append({"docid": f"q{qi:02d}-{r['ApplicantID']}", "text": resume(r, by_role[r["Role"]], rng),
                          "rel": rel})
        rng.shuffle(cands)
        out.append({"qid": f"q{qi:02d}", "query": job(role, senior, qi), "candidates": cands})
    path = HERE / "resumes.jsonl"
    path.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in out), encoding="utf-8")
    words = [len(c["text"].split()) for q in out for c in q["candidates"]]
    print(f"{path}: {len(out)} queries x {len(out[0]['candidates'])} candidates, "
          f"{min(words)}-{max(words)} words (mean {sum(words) / len(words):.0f})")


if __name__ == "__main__":
    main()

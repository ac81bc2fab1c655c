"""Deterministic generator for the synthetic applicant sample.

Run:  python assistant/sample/make_sample.py

Writes applicants.csv and job.txt next to this script. Standard library only;
the output depends only on SEED, so re-running reproduces identical files.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

SEED = 20240611
N_APPLICANTS = 400
HERE = Path(__file__).resolve().parent.parent / "assistant" / "sample"  # where the sample files live

COLUMNS = [
    "ApplicantID", "Age", "Gender", "Role", "HiringDepartment",
    "TravelPreference", "DistanceFromHome", "EducationField", "Summary",
]

# Spellings used for deliberately missing cells (mixed on purpose).
MISSING_TOKENS = ["", "N/A", "nan", "null", "None"]
MISSING_RATE = {  # per-column probability of a missing cell
    "Age": 0.07,
    "Gender": 0.065,
    "TravelPreference": 0.06,
    "DistanceFromHome": 0.07,
    "EducationField": 0.065,
    "Summary": 0.015,
}

# role -> (department, count, education weights, travel weights, age range)
ROLES = {
    "Product Manager": ("Product", 44,
        {"Business": 4, "Computer Science": 4, "Technical Degree": 2, "Marketing": 1, "Other": 1},
        (2, 6, 2), (25, 58)),
    "Product Marketing Manager": ("Marketing", 40,
        {"Marketing": 6, "Business": 4, "Technical Degree": 1, "Other": 1},
        (2, 6, 3), (25, 56)),
    "Software Engineer": ("Engineering", 48,
        {"Computer Science": 7, "Technical Degree": 4, "Other": 1},
        (5, 5, 1), (21, 60)),
    "Data Scientist": ("Data", 30,
        {"Computer Science": 4, "Technical Degree": 3, "Life Sciences": 2, "Other": 1},
        (4, 6, 1), (24, 55)),
    "Data Analyst": ("Data", 32,
        {"Business": 3, "Computer Science": 3, "Technical Degree": 2, "Marketing": 1, "Other": 1},
        (4, 6, 1), (21, 52)),
    "Sales Executive": ("Sales", 38,
        {"Business": 5, "Marketing": 4, "Life Sciences": 1, "Medical": 1, "Other": 1},
        (1, 5, 5), (23, 62)),
    "Account Manager": ("Sales", 30,
        {"Business": 5, "Marketing": 3, "Other": 2},
        (1, 5, 4), (23, 60)),
    "HR Specialist": ("Human Resources", 24,
        {"Human Resources": 6, "Business": 2, "Other": 2},
        (4, 5, 1), (22, 60)),
    "Recruiter": ("Human Resources", 24,
        {"Human Resources": 5, "Business": 2, "Marketing": 1, "Other": 2},
        (3, 5, 2), (21, 55)),
    "Marketing Specialist": ("Marketing", 30,
        {"Marketing": 7, "Business": 2, "Other": 1},
        (3, 6, 1), (21, 50)),
    "Research Scientist": ("Research & Development", 30,
        {"Life Sciences": 6, "Medical": 4, "Technical Degree": 1},
        (3, 5, 2), (26, 62)),
    "Laboratory Technician": ("Research & Development", 30,
        {"Life Sciences": 5, "Medical": 3, "Technical Degree": 2, "Other": 1},
        (5, 5, 1), (21, 58)),
}

TRAVEL = ["Non-Travel", "Travel_Rarely", "Travel_Frequently"]
GENDERS = (["Female", "Male", "Non-binary"], (47, 47, 6))

# ---------------------------------------------------------------------------
# Summary building blocks. {yoe} = years of experience, {title} = seniority
# prefixed role, {tool}/{tool2} are drawn from the role's tool list.
# ---------------------------------------------------------------------------
BLOCKS = {
    "Product Manager": {
        "open": [
            "{title} with {yoe} years of experience owning B2B SaaS roadmaps from discovery to delivery.",
            "{title} who has spent {yoe} years turning customer problems into shipped features.",
            "{yoe} years in product management, most recently owning the roadmap for a payments platform.",
            "Hands-on {title_lc} with {yoe} years of experience across mobile, web and API products.",
            "{title} with {yoe} years leading cross-functional squads of engineers, designers and analysts.",
        ],
        "skill": [
            "Runs continuous discovery with weekly customer interviews and usability tests.",
            "Prioritises the backlog with RICE and opportunity-solution trees, and says no when it matters.",
            "Writes clear PRDs, user stories and acceptance criteria that engineering partners actually read.",
            "Partners closely with engineering leads on scoping, trade-offs and sprint planning.",
            "Defines product metrics, OKRs and success criteria before a single line of code is written.",
            "Comfortable with SQL and {tool} for validating hypotheses and sizing opportunities.",
            "Translates stakeholder requests into a prioritised, outcome-based roadmap.",
            "Works with product marketing on launch readiness, but keeps the focus on the problem, the user and the roadmap.",
        ],
        "achieve": [
            "Led the rebuild of the onboarding flow, cutting time-to-value by {pct}% and lifting activation.",
            "Shipped a self-serve billing module that reduced support tickets by {pct}%.",
            "Re-prioritised a stalled roadmap, \"killing\" three low-impact epics and delivering the core feature a quarter early.",
            "Introduced dual-track agile, so discovery and delivery run in parallel with the engineering team.",
            "Grew weekly active users by {pct}% through experiment-driven iteration on the core workflow.",
            "Owned the product vision for an API platform, from discovery interviews to GA.",
        ],
        "close": [
            "Tools: {tool}, {tool2}, Jira and Figma.",
            "Believes the best roadmaps are \"outcomes, not outputs\".",
            "Looking for a team where product, design and engineering decide together.",
            "Happiest in the messy early stages of discovery.",
        ],
        "tools": ["Amplitude", "Mixpanel", "Productboard", "Aha!", "Looker", "Pendo", "Linear", "Confluence"],
    },
    "Product Marketing Manager": {
        "open": [
            "{title} with {yoe} years of experience bringing B2B SaaS products to market.",
            "{yoe} years in product marketing, focused on positioning, messaging and launches.",
            "{title} who has spent {yoe} years turning complex products into stories that sell.",
            "Strategic {title_lc} with {yoe} years of go-to-market experience in enterprise software.",
            "{title} with {yoe} years owning positioning and launch strategy for developer and data tools.",
        ],
        "skill": [
            "Builds positioning and messaging frameworks grounded in customer and win/loss research.",
            "Plans and runs tiered product launches, from beta announcements to major GA moments.",
            "Creates sales enablement: pitch decks, battlecards, demo scripts and objection handling.",
            "Runs competitive intelligence programs and keeps battlecards current for the sales team.",
            "Partners with product managers to understand the roadmap and translate features into customer value.",
            "Defines ideal customer profiles, personas and segment-specific value propositions.",
            "Owns the go-to-market plan with demand generation, sales and customer success.",
            "Writes launch copy, web pages and analyst briefings, and trains the field on new messaging.",
        ],
        "achieve": [
            "Repositioned a mid-market product for enterprise buyers, contributing to a {pct}% lift in win rate.",
            "Led the go-to-market for a flagship launch that generated {pct}% more pipeline than forecast.",
            "Built a sales enablement program, including a \"why we win\" battlecard series, adopted by 200+ reps.",
            "Rewrote core messaging after {n} customer interviews, improving website conversion by {pct}%.",
            "Launched {n} products in two years, coordinating product, sales, PR and customer success.",
            "Set up a competitive intelligence hub that cut deal losses to the main rival by {pct}%.",
        ],
        "close": [
            "Tools: {tool}, {tool2}, HubSpot and Gong.",
            "Believes great positioning is \"the difference between a feature and a reason to buy\".",
            "Looking for a role close to both product and the sales floor.",
            "Happiest when a launch lands, the message sticks and sales asks for more.",
        ],
        "tools": ["Klue", "Crayon", "Highspot", "Seismic", "Salesforce", "Wynter", "Notion"],
    },
    "Software Engineer": {
        "open": [
            "{title} with {yoe} years of experience building backend services in {tool} and {tool2}.",
            "{yoe} years writing production code, most recently on a high-traffic e-commerce platform.",
            "Full-stack {title_lc} with {yoe} years of experience, comfortable from database to UI.",
            "{title} who has spent {yoe} years designing distributed systems and APIs.",
        ],
        "skill": [
            "Designs REST and gRPC APIs, writes thorough tests and cares about code review.",
            "Experienced with Kubernetes, Terraform and CI/CD pipelines on AWS.",
            "Profiles and optimises hot paths, reducing latency and cloud spend.",
            "Mentors junior engineers and leads design reviews.",
            "Builds React front ends with TypeScript, accessibility and performance in mind.",
            "Practises trunk-based development, feature flags and observability-first engineering.",
        ],
        "achieve": [
            "Migrated a monolith to services, cutting deploy time by {pct}%.",
            "Reduced p99 latency of the checkout API by {pct}% through caching and query tuning.",
            "Built an event-driven ingestion pipeline handling {n} million messages a day.",
            "Led the \"zero downtime\" database migration for the core platform.",
        ],
        "close": [
            "Stack: {tool}, {tool2}, PostgreSQL and Redis.",
            "Open-source contributor, enjoys pairing and clean, boring code.",
            "Looking for a team that values ownership, on-call sanity and good tests.",
        ],
        "tools": ["Python", "Go", "Java", "TypeScript", "Rust", "Kotlin", "C#", "Node.js"],
    },
    "Data Scientist": {
        "open": [
            "{title} with {yoe} years of experience building predictive models in production.",
            "{yoe} years applying machine learning to pricing, churn and forecasting problems.",
            "{title} who has spent {yoe} years at the boundary of statistics and engineering.",
        ],
        "skill": [
            "Designs and analyses A/B tests with proper power analysis and guardrail metrics.",
            "Builds models with {tool} and scikit-learn, and deploys them with MLflow.",
            "Strong in causal inference, time-series forecasting and Bayesian methods.",
            "Works with product and engineering to frame questions before modelling.",
            "Experienced with NLP, embeddings and text classification.",
        ],
        "achieve": [
            "Built a churn model that let customer success save {pct}% of at-risk accounts.",
            "Improved demand forecast accuracy by {pct}%, reducing inventory costs.",
            "Shipped a recommendation system that raised click-through by {pct}%.",
            "Set up the experimentation platform used by {n} product teams.",
        ],
        "close": [
            "Tools: {tool}, {tool2}, Spark and SQL.",
            "Prefers simple models that people \"actually trust\" over clever ones that nobody uses.",
            "Holds a graduate degree in a quantitative field.",
        ],
        "tools": ["Python", "R", "PyTorch", "XGBoost", "Databricks", "TensorFlow", "Stan", "pandas"],
    },
    "Data Analyst": {
        "open": [
            "{title} with {yoe} years of experience turning raw data into decisions.",
            "{yoe} years building dashboards and reports for finance, sales and operations teams.",
            "Detail-oriented {title_lc} with {yoe} years of SQL and BI experience.",
        ],
        "skill": [
            "Writes complex SQL, models data in dbt and works daily in {tool}.",
            "Defines KPIs with stakeholders and keeps metric definitions consistent.",
            "Cleans messy spreadsheets, reconciles sources and documents data lineage.",
            "Presents findings clearly to non-technical audiences.",
            "Automates recurring reporting with Python and scheduled queries.",
        ],
        "achieve": [
            "Replaced {n} manual reports with a single self-serve dashboard.",
            "Identified a pricing leak worth {pct}% of monthly revenue.",
            "Built the weekly business review pack used by the leadership team.",
            "Cut month-end reporting time by {pct}% through automation.",
        ],
        "close": [
            "Tools: {tool}, {tool2}, Excel and SQL.",
            "Enjoys answering the question behind the question.",
            "Known internally as the person who asks \"where does this number come from?\"",
        ],
        "tools": ["Tableau", "Power BI", "Looker", "Metabase", "dbt", "BigQuery", "Snowflake"],
    },
    "Sales Executive": {
        "open": [
            "{title} with {yoe} years of experience closing new business in enterprise software.",
            "{yoe} years in quota-carrying sales roles, consistently above target.",
            "Hunter-minded {title_lc} with {yoe} years of full-cycle B2B sales experience.",
            "{title} who has spent {yoe} years selling medical devices and healthcare solutions.",
        ],
        "skill": [
            "Runs full-cycle deals from prospecting and discovery calls to negotiation and close.",
            "Uses MEDDICC to qualify opportunities and forecast accurately in {tool}.",
            "Builds pipeline through cold outreach, events and partner referrals.",
            "Comfortable presenting to C-level buyers and procurement teams.",
            "Negotiates multi-year contracts with complex legal and security reviews.",
        ],
        "achieve": [
            "Closed {pct}% above quota for three consecutive years.",
            "Opened a new territory and grew it to {n} enterprise accounts.",
            "Won the largest deal in company history, a {n}-seat, three-year contract.",
            "Named \"Rookie of the Year\" and later President's Club winner.",
        ],
        "close": [
            "Tools: {tool}, {tool2} and LinkedIn Sales Navigator.",
            "Motivated by competition, clear targets and happy customers.",
            "Open to frequent travel to customer sites.",
        ],
        "tools": ["Salesforce", "HubSpot", "Outreach", "Gong", "Salesloft", "ZoomInfo"],
    },
    "Account Manager": {
        "open": [
            "{title} with {yoe} years of experience growing existing customer accounts.",
            "{yoe} years managing a portfolio of mid-market and enterprise clients.",
            "Relationship-focused {title_lc} with {yoe} years in B2B account management.",
        ],
        "skill": [
            "Runs quarterly business reviews and account plans with key stakeholders.",
            "Drives renewals, upsell and cross-sell while protecting customer trust.",
            "Coordinates support, billing and product teams to resolve escalations quickly.",
            "Tracks account health and expansion pipeline in {tool}.",
        ],
        "achieve": [
            "Maintained {pct}% gross retention across a book of {n} accounts.",
            "Expanded the top account by {pct}% through a multi-product upsell.",
            "Turned around {n} at-risk accounts after a difficult migration.",
            "Recognised as \"Customer Champion\" two years running.",
        ],
        "close": [
            "Tools: {tool}, {tool2} and Zendesk.",
            "Believes renewals are earned every day, not at the end of the contract.",
            "Calm under pressure, organised, and a good listener.",
        ],
        "tools": ["Salesforce", "Gainsight", "HubSpot", "ChurnZero", "Totango"],
    },
    "HR Specialist": {
        "open": [
            "{title} with {yoe} years of experience across employee relations, payroll and HR operations.",
            "{yoe} years supporting managers and employees through the whole employee lifecycle.",
            "People-focused {title_lc} with {yoe} years in fast-growing companies.",
        ],
        "skill": [
            "Handles onboarding, offboarding, contracts and HR records in {tool}.",
            "Advises managers on performance reviews, policies and employment law.",
            "Runs engagement surveys and turns the results into action plans.",
            "Designs learning and development programs and tracks completion.",
            "Supports compensation and benefits cycles, including benchmarking.",
        ],
        "achieve": [
            "Rolled out a new HRIS for {n} employees with minimal disruption.",
            "Reduced voluntary attrition by {pct}% through a revamped onboarding program.",
            "Wrote the company's first hybrid-work and parental leave policies.",
            "Led the \"listening tour\" that reshaped the performance review process.",
        ],
        "close": [
            "Tools: {tool}, {tool2} and Excel.",
            "CIPD certified, discreet and pragmatic.",
            "Cares about fairness, clarity and consistency.",
        ],
        "tools": ["Workday", "BambooHR", "Personio", "HiBob", "SAP SuccessFactors", "Culture Amp"],
    },
    "Recruiter": {
        "open": [
            "{title} with {yoe} years of experience in full-cycle technical and commercial hiring.",
            "{yoe} years sourcing and closing candidates for engineering, sales and product roles.",
            "Candidate-first {title_lc} with {yoe} years in agency and in-house recruiting.",
        ],
        "skill": [
            "Partners with hiring managers on role scoping, job descriptions and interview plans.",
            "Sources passive candidates with Boolean search and {tool}.",
            "Manages pipelines and hiring data in {tool2}.",
            "Runs structured interviews and fair, consistent debriefs.",
            "Builds employer branding content and diversity sourcing programs.",
        ],
        "achieve": [
            "Hired {n} engineers in twelve months while cutting time-to-hire by {pct}%.",
            "Raised offer acceptance rate to {pct}% by improving candidate experience.",
            "Built a diverse pipeline that doubled female hires in engineering.",
            "Created an \"interviewer academy\" that trained over 100 interviewers.",
        ],
        "close": [
            "Tools: {tool}, {tool2} and LinkedIn Recruiter.",
            "Enjoys matching the right person with the right team.",
            "Fluent in talking to engineers and to finance, sometimes on the same day.",
        ],
        "tools": ["Gem", "Greenhouse", "Lever", "Ashby", "SmartRecruiters", "Workable"],
    },
    "Marketing Specialist": {
        "open": [
            "{title} with {yoe} years of experience in digital and content marketing.",
            "{yoe} years running campaigns across paid search, social and email.",
            "Creative, data-driven {title_lc} with {yoe} years in B2C and B2B marketing.",
        ],
        "skill": [
            "Plans and executes paid campaigns in Google Ads and Meta, optimising for CAC.",
            "Writes blog posts, newsletters and social copy, and manages the editorial calendar.",
            "Builds email nurture flows and segments audiences in {tool}.",
            "Runs SEO audits and keyword research to grow organic traffic.",
            "Organises webinars, events and trade-show presence.",
        ],
        "achieve": [
            "Grew organic traffic by {pct}% in a year through an SEO content program.",
            "Cut cost per lead by {pct}% by restructuring paid search campaigns.",
            "Ran a social campaign that reached {n} thousand people in two weeks.",
            "Launched the company newsletter, now with a {pct}% open rate.",
        ],
        "close": [
            "Tools: {tool}, {tool2}, Canva and Google Analytics.",
            "Loves a good headline, an even better A/B test.",
            "Looking to grow towards a campaign or brand lead role.",
        ],
        "tools": ["HubSpot", "Marketo", "Mailchimp", "Semrush", "Hootsuite", "Sprout Social"],
    },
    "Research Scientist": {
        "open": [
            "{title} with {yoe} years of experience in molecular biology and assay development.",
            "{yoe} years in pharmaceutical R&D, from target validation to preclinical studies.",
            "{title} who has spent {yoe} years running translational research programs.",
            "PhD-trained {title_lc} with {yoe} years in immunology and cell biology.",
        ],
        "skill": [
            "Designs experiments, analyses results in {tool} and writes up findings for publication.",
            "Experienced with CRISPR, flow cytometry, qPCR and cell-based assays.",
            "Leads small teams of scientists and technicians and manages lab budgets.",
            "Writes grant applications and study protocols under GLP.",
            "Collaborates with clinical and regulatory colleagues on study design.",
        ],
        "achieve": [
            "Co-authored {n} peer-reviewed papers, including two first-author publications.",
            "Developed an assay that cut screening time by {pct}%.",
            "Named inventor on a patent for a novel drug-delivery method.",
            "Led the \"Project Helix\" target discovery program through to candidate selection.",
        ],
        "close": [
            "Tools: {tool}, {tool2} and an electronic lab notebook.",
            "Driven by rigorous science and patient impact.",
            "Enjoys mentoring PhD students and postdocs.",
        ],
        "tools": ["GraphPad Prism", "R", "FlowJo", "ImageJ", "Benchling", "MATLAB"],
    },
    "Laboratory Technician": {
        "open": [
            "{title} with {yoe} years of experience in clinical and research laboratories.",
            "{yoe} years preparing samples, running assays and maintaining lab equipment.",
            "Meticulous {title_lc} with {yoe} years working under GLP and ISO 17025.",
        ],
        "skill": [
            "Prepares reagents, buffers and cell cultures following SOPs.",
            "Runs PCR, ELISA and HPLC, and records results in {tool}.",
            "Calibrates and maintains instruments, and manages stock and ordering.",
            "Follows strict biosafety, chain-of-custody and documentation rules.",
            "Supports scientists with sample processing and data entry.",
        ],
        "achieve": [
            "Reduced sample processing errors by {pct}% by redesigning the labelling workflow.",
            "Trained {n} new technicians on core lab procedures.",
            "Helped the lab pass its accreditation audit with zero major findings.",
            "Set up the \"first in, first out\" reagent inventory system.",
        ],
        "close": [
            "Tools: {tool}, {tool2} and Excel.",
            "Reliable, careful and comfortable with shift work.",
            "Interested in progressing towards a research associate role.",
        ],
        "tools": ["LIMS", "Benchling", "LabWare", "Thermo SampleManager"],
    },
}

# Short extra sentences shared across roles to add variety.
GENERIC = [
    "Fluent in English and Spanish.",
    "Fluent in English and German.",
    "Has worked remotely with teams across three time zones.",
    "Volunteers as a mentor for early-career professionals.",
    "Relocated recently, and is open to hybrid work.",
    "Prefers a small, fast-moving team.",
    "Enjoys writing internal documentation, and reading other people's.",
    "Returning to work after a career break.",
]


COMPANY_SIZE = ["seed-stage", "Series B", "mid-sized", "publicly listed", "family-owned",
                "global", "fast-growing", "200-person"]
INDUSTRY = ["fintech", "healthtech", "logistics", "retail", "insurance", "edtech", "telecoms",
            "travel", "media", "cybersecurity", "HR tech", "e-commerce"]
INDUSTRY_RND = ["pharmaceutical", "biotech", "diagnostics", "contract research", "medical device",
                "university spin-out"]


def seniority(yoe: int) -> str:
    if yoe < 3:
        return "Junior"
    if yoe >= 12:
        return "Lead"
    if yoe >= 7:
        return "Senior"
    return ""


def make_summary(rng: random.Random, role: str, yoe: int) -> str:
    b = BLOCKS[role]
    prefix = seniority(yoe)
    title = f"{prefix} {role}" if prefix else role
    # "{title_lc}" follows an adjective, e.g. "Hands-on senior product manager".
    title_lc = title.lower()
    tool, tool2 = rng.sample(b["tools"], 2)
    fmt = dict(
        yoe=yoe, title=title, title_lc=title_lc, tool=tool, tool2=tool2,
        pct=rng.choice([12, 15, 18, 20, 22, 25, 30, 35, 40, 45]),
        n=rng.choice([3, 4, 5, 6, 8, 10, 12, 15, 25, 40]),
    )
    years = "year" if yoe == 1 else "years"
    n_sent = rng.choice([2, 3, 3, 4, 4])
    opener = rng.choice(b["open"])
    if "most recently" not in opener and rng.random() < 0.6:
        industries = INDUSTRY_RND if ROLES[role][0] == "Research & Development" else INDUSTRY
        size, industry = rng.choice(COMPANY_SIZE), rng.choice(industries)
        opener = opener[:-1] + f", most recently at a {size} {industry} company."
    sentences = [opener]
    skills = b["skill"]
    if yoe < 4:  # juniors do not mentor or lead teams
        skills = [x for x in skills if "entor" not in x and "Leads" not in x]
    pool = rng.sample(skills, 2) + [rng.choice(b["achieve"])]
    rng.shuffle(pool)
    sentences += pool[: max(1, n_sent - 1)]
    if len(sentences) < n_sent or rng.random() < 0.35:
        extra = rng.choice(b["close"]) if rng.random() < 0.75 else rng.choice(GENERIC)
        if len(sentences) >= 4:
            sentences[-1] = extra
        else:
            sentences.append(extra)
    text = " ".join(s.format(**fmt) for s in sentences)
    return text.replace(f"{yoe} years", f"{yoe} {years}")


def weighted(rng: random.Random, weights: dict[str, int]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def make_rows(rng: random.Random) -> list[dict[str, str]]:
    roles = [r for r, spec in ROLES.items() for _ in range(spec[1])]
    assert len(roles) == N_APPLICANTS, len(roles)
    rng.shuffle(roles)
    rows = []
    for i, role in enumerate(roles, start=1):
        dept, _, edu_w, travel_w, (lo, hi) = ROLES[role]
        # Skew ages towards the lower-middle of the range (triangular).
        age = int(round(rng.triangular(lo, hi, lo + (hi - lo) * 0.3)))
        age = max(21, min(62, age))
        yoe = max(1, min(age - 21, age - 22 - rng.randint(0, 4)))
        row = {
            "ApplicantID": f"A{i:04d}",
            "Age": str(age),
            "Gender": rng.choices(GENDERS[0], weights=GENDERS[1])[0],
            "Role": role,
            "HiringDepartment": dept,
            "TravelPreference": rng.choices(TRAVEL, weights=travel_w)[0],
            "DistanceFromHome": str(min(29, max(1, int(rng.expovariate(1 / 8)) + 1))),
            "EducationField": weighted(rng, edu_w),
            "Summary": make_summary(rng, role, yoe),
        }
        for col, rate in MISSING_RATE.items():
            if rng.random() < rate:
                row[col] = rng.choice(MISSING_TOKENS)
        rows.append(row)
    return rows


JOB_TEXT = """\
Product Marketing Manager

We are looking for a Product Marketing Manager to own how our analytics platform is positioned, launched and sold. You will be the bridge between product, sales and marketing: the person who turns roadmap features into clear customer value and makes sure the market hears it.

What you will do
- Own positioning and messaging for our core products, grounded in customer interviews, win/loss analysis and market research.
- Plan and run product launches end to end, from beta announcements to major releases, with a clear go-to-market plan for each.
- Partner closely with product managers to understand the roadmap, shape launch tiers and bring the voice of the customer back into prioritisation.
- Build sales enablement: pitch decks, battlecards, demo narratives, objection handling and training for account executives and customer success.
- Run our competitive intelligence program and keep the field up to date on competitors.
- Define personas, ideal customer profiles and segment-specific value propositions with demand generation.
- Measure launch impact on pipeline, win rate and adoption.

What you bring
- 4+ years of product marketing experience in B2B SaaS, ideally with technical or data products.
- A track record of launches that moved pipeline and revenue.
- Excellent writing and storytelling; you can explain complex products simply.
- Comfort working with product managers, engineers, sales leaders and executives.
- Experience with tools such as Salesforce, HubSpot, Gong, Highspot or Klue is a plus.
"""


def main() -> None:
    rng = random.Random(SEED)
    rows = make_rows(rng)
    with open(HERE / "applicants.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([row[c] for c in COLUMNS])
    (HERE / "job.txt").write_text(JOB_TEXT, encoding="utf-8")
    print(f"wrote {len(rows)} applicants to {HERE / 'applicants.csv'} and {HERE / 'job.txt'}")


if __name__ == "__main__":
    main()

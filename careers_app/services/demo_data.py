"""Deterministic demo content: the seed's posting, restored, and 40+ more around it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from careers_app.models import Office, Posting, Team
from careers_app.services.postings import slugify

SEED_SLUG = "machine-learning-engineer-data-science-cortex"
ENGINEERING_STEPS = [
    "Once your application is received, a recruiter will reach out pending your "
    "qualifications are a match for the role.",
    "If your background is a match, you may have 1-2 technical phone interviews or be "
    "given the chance to provide a work sample depending on the role.",
    "If the phone interviews go well or your work sample is strong, the final step "
    "includes interviews with 5-6 people held onsite in our office.",
]
GENERAL_STEPS = [
    "Once your application is received, a recruiter will reach out pending your "
    "qualifications are a match for the role.",
    "If your background is a match, you will have one or two video conversations with "
    "the hiring manager and a future teammate.",
    "The final step is a half-day of conversations with 4-5 people, in our office or by "
    "video, including a short exercise drawn from the work you would do.",
]

TEAMS: list[tuple[str, str]] = [
    ("engineering", "Engineering"),
    ("data-science", "Data Science"),
    ("design", "Design"),
    ("product", "Product Management"),
    ("marketing", "Marketing"),
    ("sales", "Sales"),
    ("people", "People"),
    ("finance", "Finance"),
]

# slug, display name, city, region, ISO country
OFFICES: list[tuple[str, str, str, str, str]] = [
    ("san-francisco", "San Francisco, CA", "San Francisco", "CA", "US"),
    ("new-york", "New York, NY", "New York", "NY", "US"),
    ("seattle", "Seattle, WA", "Seattle", "WA", "US"),
    ("boulder", "Boulder, CO", "Boulder", "CO", "US"),
    ("london", "London, United Kingdom", "London", "", "GB"),
    ("dublin", "Dublin, Ireland", "Dublin", "", "IE"),
    ("tokyo", "Tokyo, Japan", "Tokyo", "", "JP"),
    ("singapore", "Singapore", "Singapore", "", "SG"),
    ("sao-paulo", "São Paulo, Brazil", "São Paulo", "SP", "BR"),
    ("toronto", "Toronto, Canada", "Toronto", "ON", "CA"),
]

SEED_POSTING = {
    "slug": SEED_SLUG,
    "title": "Machine Learning Engineer - Data Science, Cortex",
    "team": "engineering",
    "office": "san-francisco",
    "who_we_are": (
        "As a centralized machine learning team within Twitter, Cortex builds a platform "
        "bringing deep learning and AI to all of Twitter products, Periscope and revenue, "
        "and enables data/research scientists across the company. We are also "
        "contributing our work back to the open-source community!"
    ),
    "what_youll_do": (
        "You will work with our team of machine learning, data science experts and "
        "software engineers to design, architect and maintain the next iterations or our "
        "data science platform, used all through the company. You will be a cornerstone "
        "in transforming Twitter through the best data and model exploration tools. You "
        "will have the option to work closely with our internal customers, as well as "
        "contribute to the open source community."
    ),
    "who_you_are": (
        "You have a passion for machine learning and improving the ways people consume "
        "the world, live. You are excited to join an incredibly talented, and fun team "
        "which loves to take on new challenges. You like a fast-paced & fun environment, "
        "believe in Twitter’s mission in the world and want to be a core actor in "
        "pushing it forward."
    ),
    "requirements": (
        "- Experience with “big data” platforms (Spark, Hadoop, MapReduce, …)\n"
        "- Excellent understanding of the JVM\n"
        "- Experience with software engineering best practices (e.g. unit testing, code "
        "reviews, design documentation)\n"
        "- Strong algorithms and data structures background\n"
        "- BS, MS, or PhD in Computer Science, Data Science/Analytics or equivalent work "
        "experience"
    ),
    "desired": (
        "- Experience with Spark/PySpark\n"
        "- Familiar with Scala\n"
        "- Experience with using Jupyter notebooks on a data analytics/modeling task"
    ),
    "process_name": "Engineering hiring process",
    "steps": ENGINEERING_STEPS,
}

# Per team: who we are, then roles as (title, what you'll do, requirements, desired).
_TEAM_TEXT: dict[str, tuple[str, list[tuple[str, str, list[str], list[str]]]]] = {
    "engineering": (
        "Our engineers build the systems that deliver hundreds of millions of Tweets a "
        "day: the timelines, the real-time search, the storage and the infrastructure "
        "under all of it. Small teams own their services end to end.",
        [
            (
                "Senior Backend Engineer - Timelines",
                "design and run the services that assemble every person's home timeline, keeping latency low as traffic grows",
                [
                    "5+ years building distributed backend services",
                    "Fluency in Scala, Java or Go",
                    "Experience operating services in production, including on-call",
                ],
                ["Experience with Finagle or gRPC", "Familiarity with caching at scale (Redis, Memcached)"],
            ),
            (
                "Site Reliability Engineer",
                "keep our fleet healthy: capacity planning, incident response, and automation that removes toil",
                [
                    "3+ years in an SRE or production engineering role",
                    "Strong Linux and networking fundamentals",
                    "Scripting in Python or Go",
                ],
                [
                    "Experience with Mesos, Aurora or Kubernetes",
                    "Experience with Prometheus-style monitoring",
                ],
            ),
            (
                "iOS Engineer",
                "build features used daily by millions in our iOS app, from composer to notifications",
                [
                    "3+ years shipping iOS apps in Swift",
                    "A strong sense of product quality and accessibility",
                    "Experience with automated UI testing",
                ],
                ["Experience with SwiftUI", "Contributions to open-source iOS libraries"],
            ),
            (
                "Android Engineer",
                "craft a fast, reliable Android app on a wide range of devices and networks",
                [
                    "3+ years building Android apps in Kotlin",
                    "Experience profiling performance and memory",
                    "Understanding of modern Android architecture components",
                ],
                ["Experience with Jetpack Compose", "Experience shipping to emerging markets"],
            ),
            (
                "Security Engineer - Application Security",
                "find and fix vulnerabilities before attackers do, and build tools that make the secure path the easy path",
                [
                    "Experience with threat modeling and code review for security",
                    "Solid knowledge of web vulnerabilities (XSS, CSRF, SSRF)",
                    "Programming skills in at least one of Python, Java, Go",
                ],
                ["Bug bounty or CTF experience", "Experience building static analysis tooling"],
            ),
            (
                "Frontend Engineer - Web",
                "build the web client people use every day, focusing on speed, accessibility and reliability",
                [
                    "3+ years building large web applications",
                    "Deep knowledge of JavaScript, React and the browser platform",
                    "Care for accessibility (WCAG 2.1)",
                ],
                ["Experience with performance budgets and Core Web Vitals", "Experience with GraphQL"],
            ),
            (
                "Staff Software Engineer - Storage",
                "lead the design of the storage systems that hold every Tweet, with strict durability and latency goals",
                [
                    "8+ years building large-scale storage or database systems",
                    "Track record of technical leadership across teams",
                    "Strong background in distributed systems",
                ],
                ["Experience with Manhattan, Cassandra or similar", "Published work on storage systems"],
            ),
            (
                "Machine Learning Engineer - Ads Ranking",
                "improve the models that choose which ads to show, from features to online experiments",
                [
                    "Experience training and deploying ML models in production",
                    "Strong coding skills in Python and Scala or Java",
                    "Understanding of A/B testing",
                ],
                [
                    "Experience with TensorFlow or PyTorch at scale",
                    "Experience with real-time feature stores",
                ],
            ),
        ],
    ),
    "data-science": (
        "Data Science turns the conversation on the platform into insight: we measure "
        "what matters, run the experiments, and help every team decide with evidence.",
        [
            (
                "Data Scientist - Product Analytics",
                "partner with product teams to define metrics, design experiments and explain what moved them",
                [
                    "Degree in a quantitative field or equivalent experience",
                    "Expert SQL and fluency in Python or R",
                    "Experience designing and analysing A/B tests",
                ],
                ["Experience with causal inference methods", "Experience with Presto or BigQuery"],
            ),
            (
                "Senior Data Scientist - Health",
                "measure and reduce abuse and harassment, working with policy and engineering teams",
                [
                    "4+ years of applied data science",
                    "Strong statistics background",
                    "Ability to communicate results to non-technical audiences",
                ],
                ["Experience with trust and safety problems", "Experience with NLP"],
            ),
            (
                "Data Engineer",
                "build reliable pipelines that move petabytes of data into the warehouse on time",
                [
                    "Experience with Spark, Hadoop or Beam",
                    "Strong SQL and data modeling skills",
                    "Experience with workflow schedulers such as Airflow",
                ],
                ["Experience with Scalding", "Experience with data quality monitoring"],
            ),
            (
                "Research Scientist - Recommendations",
                "research new approaches to recommendation and bring them to production with engineering partners",
                [
                    "PhD in Machine Learning, Statistics or a related field",
                    "Publications at top venues (NeurIPS, ICML, KDD, RecSys)",
                    "Strong programming skills in Python",
                ],
                ["Experience with graph neural networks", "Experience with large-scale embeddings"],
            ),
            (
                "Analytics Engineer",
                "model our core datasets so analysts and scientists can trust and reuse them",
                [
                    "Strong SQL and experience with dbt or similar",
                    "Experience with dimensional modeling",
                    "Attention to documentation and testing",
                ],
                ["Experience with Looker or Tableau", "Experience with data governance"],
            ),
        ],
    ),
    "design": (
        "Design shapes how people experience the public conversation. We are product "
        "designers, researchers, writers and brand designers working side by side.",
        [
            (
                "Senior Product Designer - Conversations",
                "design the experience of replies and conversations across web and mobile",
                [
                    "5+ years of product design experience with a strong portfolio",
                    "Skill in interaction and visual design",
                    "Experience with prototyping tools such as Figma",
                ],
                ["Experience designing for accessibility", "Experience with design systems"],
            ),
            (
                "UX Researcher",
                "plan and run research that shapes product strategy, from interviews to surveys",
                [
                    "3+ years of user research experience",
                    "Mastery of qualitative and quantitative methods",
                    "Excellent storytelling and presentation skills",
                ],
                ["Experience with international research", "Experience researching sensitive topics"],
            ),
            (
                "Content Designer",
                "write the words in our product so they are clear, kind and consistent in every language",
                [
                    "3+ years of UX writing or content design",
                    "Portfolio showing product writing",
                    "Experience working with localization teams",
                ],
                ["Experience writing for safety features", "Familiarity with voice and tone guidelines"],
            ),
            (
                "Brand Designer",
                "express our brand across campaigns, events and the product",
                [
                    "4+ years of brand or graphic design",
                    "Strong typography and layout skills",
                    "Experience with motion design",
                ],
                ["Experience with 3D tools", "Experience art directing photo shoots"],
            ),
        ],
    ),
    "product": (
        "Product managers set direction with design, engineering and research, and make "
        "sure we build the right things for the people who use our service.",
        [
            (
                "Product Manager - Growth",
                "lead the team that helps new people find their place on the platform in their first week",
                [
                    "4+ years of product management",
                    "Comfort with data and experimentation",
                    "Excellent written communication",
                ],
                ["Experience with consumer growth", "Technical background"],
            ),
            (
                "Senior Product Manager - Developer Platform",
                "lead our public API and the tools developers use to build on the platform",
                [
                    "5+ years of product management, including platform or API products",
                    "Ability to go deep with engineers on technical trade-offs",
                    "Empathy for developers",
                ],
                ["Experience with developer relations", "Experience with API monetization"],
            ),
            (
                "Product Manager - Safety",
                "build features that protect people from abuse while keeping conversation open",
                [
                    "3+ years of product management",
                    "Sound judgment on sensitive policy questions",
                    "Experience working with legal and policy teams",
                ],
                ["Background in trust and safety", "Experience with machine learning products"],
            ),
            (
                "Technical Program Manager - Infrastructure",
                "coordinate large infrastructure programs across many engineering teams",
                [
                    "5+ years of technical program management",
                    "Strong understanding of distributed systems",
                    "Skill at managing risk and dependencies",
                ],
                ["Experience with data center migrations", "Engineering background"],
            ),
        ],
    ),
    "marketing": (
        "Marketing tells the world what happens on the platform and why it matters, "
        "through campaigns, events and the people who use it every day.",
        [
            (
                "Product Marketing Manager - Consumer",
                "position and launch new consumer features around the world",
                [
                    "4+ years of product marketing",
                    "Excellent storytelling and writing",
                    "Experience with go-to-market planning",
                ],
                ["Experience with consumer apps", "Experience in international markets"],
            ),
            (
                "Social Media Manager",
                "run our own accounts, creating content that informs and delights",
                [
                    "3+ years managing brand social channels",
                    "A sharp, adaptable writing voice",
                    "Comfort working in real time",
                ],
                ["Video editing skills", "Experience with live events"],
            ),
            (
                "Marketing Analyst",
                "measure campaign effectiveness and turn results into recommendations",
                [
                    "2+ years in marketing analytics",
                    "Strong SQL and spreadsheet skills",
                    "Experience with attribution models",
                ],
                ["Experience with Python or R", "Experience with marketing mix models"],
            ),
            (
                "Events Marketing Manager",
                "plan and run our presence at major conferences and our own events",
                [
                    "4+ years of event marketing",
                    "Budget and vendor management experience",
                    "Calm under pressure",
                ],
                ["Experience with hybrid and virtual events", "Second language"],
            ),
        ],
    ),
    "sales": (
        "Our sales teams help advertisers of every size reach the people who matter to "
        "them, with solutions built on what is happening right now.",
        [
            (
                "Account Executive - Mid-Market",
                "grow a book of advertisers, from first meeting to long-term partnership",
                [
                    "3+ years of digital advertising sales",
                    "Track record of exceeding targets",
                    "Strong negotiation skills",
                ],
                ["Experience with social or programmatic advertising", "Existing agency relationships"],
            ),
            (
                "Client Partner - Retail",
                "lead strategic relationships with our largest retail advertisers",
                [
                    "7+ years of media sales",
                    "Experience managing senior client relationships",
                    "Strategic thinking and presentation skills",
                ],
                ["Retail industry expertise", "Experience with measurement partners"],
            ),
            (
                "Sales Development Representative",
                "find and qualify new advertisers for our account executives",
                [
                    "1+ years in sales, customer service or a similar role",
                    "Resilience and curiosity",
                    "Clear written and spoken communication",
                ],
                ["Experience with Salesforce", "Second language"],
            ),
            (
                "Solutions Engineer - Ads API",
                "help advertisers and partners integrate with our Ads API",
                [
                    "3+ years in a customer-facing technical role",
                    "Ability to read and write code (Python or JavaScript)",
                    "Understanding of REST APIs",
                ],
                ["Experience with ad tech", "Experience with OAuth"],
            ),
        ],
    ),
    "people": (
        "The People team builds the place where great people do their best work: "
        "recruiting, learning, benefits and an inclusive culture.",
        [
            (
                "Technical Recruiter",
                "find and hire engineers, partnering closely with hiring managers",
                [
                    "3+ years of technical recruiting",
                    "Experience sourcing passive candidates",
                    "Data-driven approach to pipeline management",
                ],
                ["Experience with university recruiting", "Experience with diversity sourcing"],
            ),
            (
                "People Business Partner",
                "advise leaders on organization design, performance and employee relations",
                [
                    "6+ years of HR business partnering",
                    "Sound judgment and discretion",
                    "Knowledge of employment law",
                ],
                ["Experience supporting engineering organizations", "Coaching certification"],
            ),
            (
                "Learning and Development Specialist",
                "design programs that help managers and employees grow",
                [
                    "3+ years designing learning programs",
                    "Facilitation skills",
                    "Experience measuring program impact",
                ],
                ["Experience with learning platforms", "Instructional design certification"],
            ),
        ],
    ),
    "finance": (
        "Finance keeps the company on a sound footing: planning, accounting, tax and the "
        "systems behind them.",
        [
            (
                "Financial Analyst - FP&A",
                "build forecasts and models that guide investment decisions",
                [
                    "2+ years in FP&A, banking or consulting",
                    "Advanced Excel and financial modeling",
                    "Clear communication of numbers",
                ],
                ["Experience with Anaplan or Adaptive", "CFA progress"],
            ),
            (
                "Senior Accountant",
                "own monthly close for key entities and improve our processes",
                ["CPA or equivalent", "4+ years of accounting experience", "Knowledge of US GAAP"],
                ["Experience with NetSuite", "Big Four experience"],
            ),
            (
                "Tax Manager - International",
                "manage international tax compliance and planning",
                ["6+ years of tax experience", "Knowledge of international tax principles", "CPA, JD or LLM"],
                ["Experience with transfer pricing", "Technology industry experience"],
            ),
        ],
    ),
}

_WHO_YOU_ARE = (
    "You care about the people who use what you build. You communicate clearly, you "
    "like to learn from colleagues with different backgrounds, and you take ownership "
    "of your work from idea to result."
)


def _bullets(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def demo_postings() -> list[dict[str, object]]:
    """The seed posting first, then the generated ones; the same list every time."""
    postings: list[dict[str, object]] = [dict(SEED_POSTING)]
    office_slugs = [o[0] for o in OFFICES]
    index = 0
    for team_slug, (who_we_are, roles) in _TEAM_TEXT.items():
        for title, what, requirements, desired in roles:
            offices = [office_slugs[(index * 3) % len(office_slugs)]]
            if index % 2 == 0:
                offices.append(office_slugs[(index * 3 + 4) % len(office_slugs)])
            for office in offices:
                name = next(o[1] for o in OFFICES if o[0] == office)
                postings.append(
                    {
                        "slug": slugify(f"{title} {name.split(',')[0]}"),
                        "title": title,
                        "team": team_slug,
                        "office": office,
                        "who_we_are": who_we_are,
                        "what_youll_do": f"You will {what}.",
                        "who_you_are": _WHO_YOU_ARE,
                        "requirements": _bullets(requirements),
                        "desired": _bullets(desired),
                        "process_name": (
                            "Engineering hiring process"
                            if team_slug in ("engineering", "data-science")
                            else "Hiring process"
                        ),
                        "steps": ENGINEERING_STEPS
                        if team_slug in ("engineering", "data-science")
                        else GENERAL_STEPS,
                    }
                )
            index += 1
    return postings


DEMO_EPOCH = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def load_demo_data(*, session: Session) -> int:
    """Insert the demo teams, offices and postings unless they are there. Returns the count added."""
    if session.exec(select(Posting.id).limit(1)).first() is not None:
        return 0
    teams = {slug: Team(slug=slug, name=name) for slug, name in TEAMS}
    offices = {
        slug: Office(slug=slug, name=name, city=city, region=region, country_code=cc)
        for slug, name, city, region, cc in OFFICES
    }
    session.add_all([*teams.values(), *offices.values()])
    session.flush()
    postings = demo_postings()
    for i, data in enumerate(postings):
        steps = data["steps"]
        assert isinstance(steps, list)
        session.add(
            Posting(
                slug=str(data["slug"]),
                title=str(data["title"]),
                team_id=teams[str(data["team"])].id,  # type: ignore[arg-type]
                office_id=offices[str(data["office"])].id,  # type: ignore[arg-type]
                status="open",
                published_at=DEMO_EPOCH - timedelta(days=(i * 7) % 45, hours=i),
                who_we_are=str(data["who_we_are"]),
                what_youll_do=str(data["what_youll_do"]),
                who_you_are=str(data["who_you_are"]),
                requirements=str(data["requirements"]),
                desired=str(data["desired"]),
                process_name=str(data["process_name"]),
                hiring_steps=list(steps),
            )
        )
    # One closed posting, so "closed means not found" can be seen in the demo too.
    session.add(
        Posting(
            slug="data-center-technician-boulder",
            title="Data Center Technician",
            team_id=teams["engineering"].id,  # type: ignore[arg-type]
            office_id=offices["boulder"].id,  # type: ignore[arg-type]
            status="closed",
            published_at=DEMO_EPOCH - timedelta(days=90),
            who_we_are="This role has been filled.",
            hiring_steps=list(ENGINEERING_STEPS),
        )
    )
    session.flush()
    return len(postings) + 1

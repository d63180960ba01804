"""The words resume autofill (services/candidates/resume_autofill.py) reads resumes with: section headings,
words no name has, family-name particles, labels, and countries and regions as resumes write
them, in the languages of the people who apply most (en, de, fr, es, pt, it, ja, zh, ko, ru, el).
"""

from __future__ import annotations

import re

from careers_app.services.platform.reference import COUNTRY_CODES, COUNTRY_NAMES, US_COUNTRY, US_STATES

SECTION_WORDS = {
    # en
    "experience", "work experience", "professional experience", "employment", "employment history",
    "work history", "education", "skills", "technical skills", "summary", "profile", "about me", "about",
    "objective", "projects", "languages", "certifications", "contact", "contact details", "references",
    "interests", "publications", "awards", "career history", "personal details", "key skills",
    # de, fr, es, pt, it
    "berufserfahrung", "ausbildung", "kenntnisse", "kontakt", "profil", "sprachen",
    "expérience", "expérience professionnelle", "formation", "compétences", "langues",
    "experiencia", "experiencia profesional", "educación", "habilidades", "idiomas", "contacto",
    "experiência", "experiência profissional", "formação", "educação", "competências", "contato",
    "esperienza", "istruzione", "competenze", "coordonnées", "persönliche daten", "datos personales",
    "工作经历", "教育背景", "技能", "경력", "학력", "기술",
    # ja, ru, el
    "職歴", "学歴", "スキル", "資格", "連絡先", "職務経歴",
    "опыт работы", "образование", "навыки", "контакты", "о себе",
    "εμπειρία", "επαγγελματική εμπειρία", "εκπαίδευση", "δεξιότητες", "επικοινωνία",
}  # fmt: skip

NOT_NAME_WORDS = {
    "resume", "résumé", "curriculum", "vitae", "cv", "lebenslauf", "page", "phone", "email", "e-mail",
    "mobile", "address", "linkedin", "github", "website", "portfolio", "engineer", "engineering",
    "developer", "manager", "management", "designer", "scientist", "analyst", "consultant", "director",
    "lead", "architect", "specialist", "intern", "student", "officer", "administrator", "assistant",
    "coordinator", "head", "senior", "junior", "principal", "staff", "product", "software", "data",
    "marketing", "sales", "nurse", "teacher", "accountant", "recruiter", "researcher", "professor",
    "technician", "operations", "full", "stack", "frontend", "backend", "devops", "university",
    "college", "school", "institute", "gmbh", "inc", "ltd", "llc", "sa", "ag", "present", "remote",
    "corp", "corporation", "company", "group", "bank", "labs", "technologies", "solutions", "systems",
    "ingenieur", "entwickler", "développeur", "ingénieur", "desarrollador", "ingeniero", "desenvolvedor",
    "engenheiro", "инженер", "разработчик", "менеджер", "μηχανικός", "προγραμματιστής",
    "references", "available", "request", "street", "road", "avenue", "city", "country",
    "english", "german", "french", "spanish", "italian", "portuguese", "dutch", "russian", "chinese",
    "japanese", "korean", "arabic", "hindi", "greek", "polish", "swedish", "turkish", "native", "fluent",
}  # fmt: skip
CONTACT_SECTIONS = {
    "contact", "contact details", "personal details", "kontakt", "contacto", "contato", "連絡先",
    "контакты", "επικοινωνία", "coordonnées", "persönliche daten", "datos personales",
}  # fmt: skip
NOT_NAME_SUBSTRINGS = (
    "エンジニア", "開発", "履歴書", "大学", "株式会社", "Инженер", "инженер", "工程师", "开发", "经理",
    "开发者", "개발자", "엔지니어", "디자이너",
)  # fmt: skip

# Family-name particles: they and what follows belong to the last name.
PARTICLES = {
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "das", "dos", "do", "du", "le", "la",
    "ter", "ten", "bin", "binti", "al", "el", "zu", "y", "af", "mac", "st.",
}  # fmt: skip

PHONE_LABELS = re.compile(  # whole words: "Intel" or "hotel" is no label
    r"(?<!\w)(phone|tel|mobile|mob|cell|handy|téléphone|tél|telefon|telefone|teléfono|telefono|celular|"
    r"電話|携帯|телефон|тел|τηλ|κινητό)(?!\w)",
    re.IGNORECASE,
)
LOCATION_LABELS = re.compile(
    r"^\s*(location|address|based in|lives in|home|city|wohnort|adresse|anschrift|ville|dirección|"
    r"endereço|cidade|ubicación|住所|所在地|адрес|город|διεύθυνση|πόλη)\s*[:：\-–]?\s*",
    re.IGNORECASE,
)
NAME_LABEL = re.compile(r"^\s*(name|full name|nom|nombre|nome|имя|фио|όνομα|氏名|名前)\s*[:：]\s*", re.I)
SEPARATORS = re.compile(r"\s*(?:\||•|·|▪|◦|⋅|●|■|◆|►|∙|✉|☎|📞|;|\t| {3,}| – | — )\s*")

# Names of countries as resumes write them, beside the wizard's own (reference.COUNTRY_NAMES).
COUNTRY_ALIASES: dict[str, str] = {
    "usa": US_COUNTRY, "u.s.a.": US_COUNTRY, "u.s.": US_COUNTRY, "us": US_COUNTRY,
    "united states of america": US_COUNTRY, "america": US_COUNTRY,
    "uk": "United Kingdom", "u.k.": "United Kingdom", "great britain": "United Kingdom",
    "england": "United Kingdom", "scotland": "United Kingdom", "wales": "United Kingdom",
    "northern ireland": "United Kingdom", "britain": "United Kingdom",
    "deutschland": "Germany", "allemagne": "Germany", "frankreich": "France", "españa": "Spain",
    "espana": "Spain", "brasil": "Brazil", "italia": "Italy", "méxico": "Mexico", "nederland": "Netherlands",
    "the netherlands": "Netherlands", "holland": "Netherlands", "österreich": "Austria",
    "schweiz": "Switzerland",
    "suisse": "Switzerland", "svizzera": "Switzerland", "polska": "Poland", "sverige": "Sweden",
    "norge": "Norway", "danmark": "Denmark", "suomi": "Finland", "türkiye": "Turkey", "turkiye": "Turkey",
    "belgië": "Belgium", "belgique": "Belgium", "éire": "Ireland", "česko": "Czech Republic",
    "czechia": "Czech Republic", "russia": "Russian Federation", "россия": "Russian Federation",
    "украина": "Ukraine", "україна": "Ukraine", "ελλάδα": "Greece", "ελλάς": "Greece",
    "日本": "Japan", "にほん": "Japan", "中国": "China", "台灣": "Chinese Taipei", "台湾": "Chinese Taipei",
    "taiwan": "Chinese Taipei", "한국": "Korea, Republic of", "대한민국": "Korea, Republic of",
    "south korea": "Korea, Republic of", "korea": "Korea, Republic of", "north korea":
    "Korea, Democratic People's Republic of", "भारत": "India", "vietnam": "Viet Nam",
    "iran": "Iran, Islamic Republic of",
    "syria": "Syrian Arab Republic", "laos": "Lao People's Democratic Republic", "bolivia":
    "Bolivia, Plurinational State of", "venezuela": "Venezuela, Bolivarian Republic of",
    "tanzania": "Tanzania, United Republic of", "moldova": "Moldova, Republic of",
    "north macedonia": "Macedonia, the Former Yugoslav Republic of", "uae": "United Arab Emirates",
    "ivory coast": "Cote d'Ivoire", "côte d'ivoire": "Cote d'Ivoire", "eswatini": "Swaziland",
    "palestine": "Palestinian Territory, Occupied", "dr congo": "Congo, Democratic Republic of",
}  # fmt: skip
COUNTRY_LOOKUP: dict[str, str] = {
    **{name.casefold(): name for name in COUNTRY_NAMES},
    **{k.casefold(): v for k, v in COUNTRY_ALIASES.items() if v in COUNTRY_CODES},
}
COUNTRY_RE = re.compile(
    r"(?<![\w.])("
    + "|".join(re.escape(k) for k in sorted(COUNTRY_LOOKUP, key=len, reverse=True))
    + r")(?![\w])",
    re.IGNORECASE,
)
US_STATE_CODES = {
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
    "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC",
    "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
}  # fmt: skip
US_STATE_NAMES = {s.casefold() for s in US_STATES}
# Regions written between a city and its country: "Pune, Maharashtra, India".
REGIONS = US_STATE_NAMES | {
    "maharashtra", "karnataka", "tamil nadu", "telangana", "kerala", "gujarat", "delhi", "west bengal",
    "uttar pradesh", "haryana", "rajasthan", "punjab", "são paulo", "rio de janeiro", "minas gerais",
    "sp", "rj", "mg", "pr", "rs", "sc", "ba", "ontario", "quebec", "québec", "british columbia", "alberta",
    "on", "qc", "bc", "ab", "nsw", "vic", "qld", "wa", "new south wales", "victoria", "queensland",
    "bavaria", "bayern", "berlin", "hessen", "nordrhein-westfalen", "baden-württemberg", "île-de-france",
    "ile-de-france", "catalonia", "cataluña", "england", "scotland", "wales", "greater london",
    "kanagawa", "osaka-fu", "tokyo-to", "attica", "αττική", "московская область",
}  # fmt: skip

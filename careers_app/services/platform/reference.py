"""Reference data from the seed page: option lists (content and order kept) and texts."""

from __future__ import annotations

from enum import StrEnum

from careers_app.i18n import N_

REQUIRED_MESSAGE = N_("This field is required.")
SUCCESS_TITLE = N_("Success")
SUCCESS_MESSAGE = N_("Thanks for applying!")
ERROR_TITLE = N_("Error")
ERROR_MESSAGE = N_("Submission failed. Please make sure all fields are correctly formatted.")
UPLOAD_HINT = N_("PDFs only; max file size is 1 MB.")


class Stage(StrEnum):
    """The hiring pipeline's stages, in board order (values are stored in the database)."""

    APPLIED = "applied"
    RECRUITER_SCREEN = "recruiter_screen"
    PHONE_INTERVIEW = "phone_interview"
    ONSITE = "onsite"
    OFFER = "offer"
    HIRED = "hired"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"  # closed by the candidate (status page); recruiters cannot move it


class PostingStatus(StrEnum):
    DRAFT = "draft"  # being written; not public
    OPEN = "open"  # public and accepting applications
    CLOSED = "closed"  # no longer public or accepting applications


STAGES: tuple[tuple[str, str], ...] = (
    (Stage.APPLIED, "Applied"),
    (Stage.RECRUITER_SCREEN, "Recruiter screen"),
    (Stage.PHONE_INTERVIEW, "Phone interview"),
    (Stage.ONSITE, "Onsite"),
    (Stage.OFFER, "Offer"),
    (Stage.HIRED, "Hired"),
    (Stage.REJECTED, "Rejected"),
    (Stage.WITHDRAWN, "Withdrawn"),
)
STAGE_KEYS: tuple[str, ...] = tuple(key for key, _ in STAGES)
# Where an application ends: decided (hired or not) or left. Every module names these two.
END_STAGES: tuple[str, ...] = (Stage.HIRED.value, Stage.REJECTED.value, Stage.WITHDRAWN.value)
EXIT_STAGES: tuple[str, ...] = (Stage.REJECTED.value, Stage.WITHDRAWN.value)  # ended without a hire

US_STATES: tuple[str, ...] = (
    "Alabama",
    "Alaska",
    "Arizona",
    "Arkansas",
    "California",
    "Colorado",
    "Connecticut",
    "Delaware",
    "Florida",
    "Georgia",
    "Hawaii",
    "Idaho",
    "Illinois",
    "Indiana",
    "Iowa",
    "Kansas",
    "Kentucky",
    "Louisiana",
    "Maine",
    "Maryland",
    "Massachusetts",
    "Michigan",
    "Minnesota",
    "Mississippi",
    "Missouri",
    "Montana",
    "Nebraska",
    "Nevada",
    "New Hampshire",
    "New Jersey",
    "New Mexico",
    "New York",
    "North Carolina",
    "North Dakota",
    "Ohio",
    "Oklahoma",
    "Oregon",
    "Pennsylvania",
    "Rhode Island",
    "South Carolina",
    "South Dakota",
    "Tennessee",
    "Texas",
    "Utah",
    "Vermont",
    "Virginia",
    "Washington",
    "West Virginia",
    "Wisconsin",
    "Wyoming",
    "District of Columbia",
    "American Samoa",
    "Guam",
    "Northern Mariana Islands",
    "Puerto Rico",
    "United States Minor Outlying Islands",
    "Virgin Islands, U.S.",
)

# (name as the seed lists it, ISO 3166-1 alpha-2 code), in the seed's order.
COUNTRIES: tuple[tuple[str, str], ...] = (
    ("Afghanistan", "AF"),
    ("Aland Islands", "AX"),
    ("Albania", "AL"),
    ("Algeria", "DZ"),
    ("Andorra", "AD"),
    ("Angola", "AO"),
    ("Anguilla", "AI"),
    ("Antarctica", "AQ"),
    ("Antigua and Barbuda", "AG"),
    ("Argentina", "AR"),
    ("Armenia", "AM"),
    ("Aruba", "AW"),
    ("Australia", "AU"),
    ("Austria", "AT"),
    ("Azerbaijan", "AZ"),
    ("Bahamas", "BS"),
    ("Bahrain", "BH"),
    ("Bangladesh", "BD"),
    ("Barbados", "BB"),
    ("Belarus", "BY"),
    ("Belgium", "BE"),
    ("Belize", "BZ"),
    ("Benin", "BJ"),
    ("Bermuda", "BM"),
    ("Bhutan", "BT"),
    ("Bolivia, Plurinational State of", "BO"),
    ("Bonaire, Sint Eustatius and Saba", "BQ"),
    ("Bosnia and Herzegovina", "BA"),
    ("Botswana", "BW"),
    ("Bouvet Island", "BV"),
    ("Brazil", "BR"),
    ("British Indian Ocean Territory", "IO"),
    ("Brunei Darussalam", "BN"),
    ("Bulgaria", "BG"),
    ("Burkina Faso", "BF"),
    ("Burundi", "BI"),
    ("Cambodia", "KH"),
    ("Cameroon", "CM"),
    ("Canada", "CA"),
    ("Cape Verde", "CV"),
    ("Cayman Islands", "KY"),
    ("Central African Republic", "CF"),
    ("Chad", "TD"),
    ("Chile", "CL"),
    ("China", "CN"),
    ("Chinese Taipei", "TW"),
    ("Christmas Island", "CX"),
    ("Cocos (Keeling) Islands", "CC"),
    ("Collectivity of Saint Martin", "MF"),
    ("Colombia", "CO"),
    ("Comoros", "KM"),
    ("Congo, Republic of", "CG"),
    ("Congo, Democratic Republic of", "CD"),
    ("Cook Islands", "CK"),
    ("Costa Rica", "CR"),
    ("Cote d'Ivoire", "CI"),
    ("Croatia", "HR"),
    ("Cuba", "CU"),
    ("Curaçao", "CW"),
    ("Cyprus", "CY"),
    ("Czech Republic", "CZ"),
    ("Denmark", "DK"),
    ("Djibouti", "DJ"),
    ("Dominica", "DM"),
    ("Dominican Republic", "DO"),
    ("Ecuador", "EC"),
    ("Egypt", "EG"),
    ("El Salvador", "SV"),
    ("Equatorial Guinea", "GQ"),
    ("Eritrea", "ER"),
    ("Estonia", "EE"),
    ("Ethiopia", "ET"),
    ("Falkland Islands (Malvinas)", "FK"),
    ("Faroe Islands", "FO"),
    ("Fiji", "FJ"),
    ("Finland", "FI"),
    ("France", "FR"),
    ("French Guiana", "GF"),
    ("French Polynesia", "PF"),
    ("French Southern Territories", "TF"),
    ("Gabon", "GA"),
    ("Gambia", "GM"),
    ("Georgia", "GE"),
    ("Germany", "DE"),
    ("Ghana", "GH"),
    ("Gibraltar", "GI"),
    ("Greece", "GR"),
    ("Greenland", "GL"),
    ("Grenada", "GD"),
    ("Guadeloupe", "GP"),
    ("Guatemala", "GT"),
    ("Guernsey", "GG"),
    ("Guinea", "GN"),
    ("Guinea-Bissau", "GW"),
    ("Guyana", "GY"),
    ("Haiti", "HT"),
    ("Heard Island and McDonald Islands", "HM"),
    ("Honduras", "HN"),
    ("Hungary", "HU"),
    ("Iceland", "IS"),
    ("India", "IN"),
    ("Indonesia", "ID"),
    ("Iran, Islamic Republic of", "IR"),
    ("Iraq", "IQ"),
    ("Ireland", "IE"),
    ("Isle of Man", "IM"),
    ("Israel", "IL"),
    ("Italy", "IT"),
    ("Jamaica", "JM"),
    ("Japan", "JP"),
    ("Jersey", "JE"),
    ("Jordan", "JO"),
    ("Kazakhstan", "KZ"),
    ("Kenya", "KE"),
    ("Kiribati", "KI"),
    ("Korea, Democratic People's Republic of", "KP"),
    ("Korea, Republic of", "KR"),
    ("Kuwait", "KW"),
    ("Kyrgyzstan", "KG"),
    ("Lao People's Democratic Republic", "LA"),
    ("Latvia", "LV"),
    ("Lebanon", "LB"),
    ("Lesotho", "LS"),
    ("Liberia", "LR"),
    ("Libya", "LY"),
    ("Liechtenstein", "LI"),
    ("Lithuania", "LT"),
    ("Luxembourg", "LU"),
    ("Macao", "MO"),
    ("Macedonia, the Former Yugoslav Republic of", "MK"),
    ("Madagascar", "MG"),
    ("Malawi", "MW"),
    ("Malaysia", "MY"),
    ("Maldives", "MV"),
    ("Mali", "ML"),
    ("Malta", "MT"),
    ("Martinique", "MQ"),
    ("Mauritania", "MR"),
    ("Mauritius", "MU"),
    ("Mayotte", "YT"),
    ("Mexico", "MX"),
    ("Moldova, Republic of", "MD"),
    ("Monaco", "MC"),
    ("Mongolia", "MN"),
    ("Montenegro", "ME"),
    ("Montserrat", "MS"),
    ("Morocco", "MA"),
    ("Mozambique", "MZ"),
    ("Myanmar", "MM"),
    ("Namibia", "NA"),
    ("Nauru", "NR"),
    ("Nepal", "NP"),
    ("Netherlands", "NL"),
    ("New Caledonia", "NC"),
    ("New Zealand", "NZ"),
    ("Nicaragua", "NI"),
    ("Niger", "NE"),
    ("Nigeria", "NG"),
    ("Niue", "NU"),
    ("Norfolk Island", "NF"),
    ("Norway", "NO"),
    ("Oman", "OM"),
    ("Pakistan", "PK"),
    ("Palestinian Territory, Occupied", "PS"),
    ("Panama", "PA"),
    ("Papua New Guinea", "PG"),
    ("Paraguay", "PY"),
    ("Peru", "PE"),
    ("Philippines", "PH"),
    ("Pitcairn", "PN"),
    ("Poland", "PL"),
    ("Portugal", "PT"),
    ("Qatar", "QA"),
    ("Reunion", "RE"),
    ("Romania", "RO"),
    ("Russian Federation", "RU"),
    ("Rwanda", "RW"),
    ("Saint Barthélemy", "BL"),
    ("Saint Helena, Ascension and Tristan da Cunha", "SH"),
    ("Saint Kitts and Nevis", "KN"),
    ("Saint Lucia", "LC"),
    ("Saint Pierre and Miquelon", "PM"),
    ("Saint Vincent and the Grenadines", "VC"),
    ("Samoa", "WS"),
    ("San Marino", "SM"),
    ("Sao Tome and Principe", "ST"),
    ("Saudi Arabia", "SA"),
    ("Senegal", "SN"),
    ("Serbia", "RS"),
    ("Seychelles", "SC"),
    ("Sierra Leone", "SL"),
    ("Singapore", "SG"),
    ("Sint Maarten", "SX"),
    ("Slovakia", "SK"),
    ("Slovenia", "SI"),
    ("Solomon Islands", "SB"),
    ("Somalia", "SO"),
    ("South Africa", "ZA"),
    ("South Georgia and the South Sandwich Islands", "GS"),
    ("South Sudan", "SS"),
    ("Spain", "ES"),
    ("Sri Lanka", "LK"),
    ("Sudan", "SD"),
    ("Suriname", "SR"),
    ("Svalbard and Jan Mayen", "SJ"),
    ("Swaziland", "SZ"),
    ("Sweden", "SE"),
    ("Switzerland", "CH"),
    ("Syrian Arab Republic", "SY"),
    ("Tajikistan", "TJ"),
    ("Tanzania, United Republic of", "TZ"),
    ("Thailand", "TH"),
    ("Timor-Leste", "TL"),
    ("Togo", "TG"),
    ("Tokelau", "TK"),
    ("Tonga", "TO"),
    ("Trinidad and Tobago", "TT"),
    ("Tunisia", "TN"),
    ("Turkey", "TR"),
    ("Turkmenistan", "TM"),
    ("Turks and Caicos Islands", "TC"),
    ("Tuvalu", "TV"),
    ("Uganda", "UG"),
    ("Ukraine", "UA"),
    ("United Arab Emirates", "AE"),
    ("United Kingdom", "GB"),
    ("United States", "US"),
    ("Uruguay", "UY"),
    ("Uzbekistan", "UZ"),
    ("Vanuatu", "VU"),
    ("Vatican City State", "VA"),
    ("Venezuela, Bolivarian Republic of", "VE"),
    ("Viet Nam", "VN"),
    ("Virgin Islands, British", "VG"),
    ("Wallis and Futuna", "WF"),
    ("Western Sahara", "EH"),
    ("Yemen", "YE"),
    ("Zambia", "ZM"),
    ("Zimbabwe", "ZW"),
)

US_COUNTRY = "United States"
COUNTRY_NAMES: tuple[str, ...] = tuple(name for name, _ in COUNTRIES)
COUNTRY_CODES: dict[str, str] = dict(COUNTRIES)

DECLINE = N_("Withhold / decline to disclose")

EEO_TITLE = N_("U.S. Equal Opportunity Employment Information (completion is voluntary)")
EEO_EXPLANATION: tuple[str, ...] = (
    N_(
        "At {company}, we have a bold aspiration to reach every person on the planet. We "
        "believe that goal is more attainable with a team that understands and represents "
        "different cultures and backgrounds and we are committed to an inclusive and diverse "
        "{company}."
    ),
    N_(
        "This is where you come in! Please take a few minutes to provide us with your "
        "information. You are not required to provide this information and you may decline "
        "to disclose. Your decision to provide information (or not) will not affect your "
        "employment or opportunities at {company}."
    ),
    N_(
        "{company} is an equal opportunity employer. We do not discriminate based on race, "
        "color, ethnicity, ancestry, national origin, religion, sex, gender, gender identity, "
        "gender expression, sexual orientation, age, disability, veteran status, genetic "
        "information, marital status or any legally protected status."
    ),
)

# (field, label, options) in the seed's order; every list offers DECLINE.
EEO_QUESTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("gender", N_("Gender"), (N_("Female"), N_("Male"), N_("Other or withhold / decline to disclose"))),
    (
        "race_ethnicity",
        N_("Race/Ethnicity"),
        (
            N_("Asian (not Hispanic or Latinx)"),
            N_("Black or African American (not Hispanic or Latinx)"),
            N_("Hispanic or Latinx"),
            N_("Native American or Alaska Native (not Hispanic or Latinx)"),
            N_("Native Hawaiian or Other Pacific Islander (not Hispanic or Latinx)"),
            N_("Two or more races / multiracial"),
            N_("White (not Hispanic or Latinx)"),
            DECLINE,
        ),
    ),
    (
        "veteran_status",
        N_("Veteran status"),
        (N_("I am not a U.S. veteran"), N_("I identify as a U.S. veteran"), DECLINE),
    ),
    (
        "gender_identity",
        N_("Gender identity"),
        (
            N_("Gender-nonconforming"),
            N_("Neither gender-nonconforming nor transgender"),
            N_("Transgender"),
            DECLINE,
        ),
    ),
    (
        "sexual_orientation",
        N_("Sexual orientation"),
        (N_("Bisexual"), N_("Gay"), N_("Heterosexual"), N_("Lesbian"), N_("Other"), DECLINE),
    ),
    (
        "veteran_branch",
        N_("Veteran branch of service"),
        (N_("Air Force"), N_("Army"), N_("Coast Guard"), N_("Marines"), N_("Navy"), N_("Other"), DECLINE),
    ),
)
EEO_FIELDS: tuple[str, ...] = tuple(field for field, _, _ in EEO_QUESTIONS)

AGENCY_NOTICE = (
    "{company} does not accept any unsolicited resumes from recruiting agencies and will "
    "not pay fees associated with any such resumes."
)

"""Job alerts in Spanish: an alert asked for on a Spanish board keeps its language
(``job_alert.language``, migration 0024), stores the Spanish consent words it showed, and its
confirmation and digest emails speak Spanish with links that open its pages in Spanish; the
pages themselves (plain HTTP) choose their language as every candidate page does (?lang=,
cookie, Accept-Language). English is unchanged (tests/unit/test_job_alerts.py)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select
from starlette.testclient import TestClient

from careers_app import i18n
from careers_app.components.job_alerts import job_alert_form
from careers_app.http import job_alerts_api
from careers_app.models import JobAlert, Outbox
from careers_app.services.jobboard import job_alerts
from careers_app.services.jobboard.job_alerts import ANSWER, Criteria, Mailing
from careers_app.services.platform.db import session_scope
from careers_app.settings import get_settings
from careers_app.states.job_alerts import JobAlertState
from careers_app.states.language import LanguageState
from tests.factories import make_office, make_posting, make_team
from tests.handler_calls import Tab
from tests.unit.test_handlers import app_db  # noqa: F401  (fixture)
from tests.unit.test_migration_0004 import _move_to, bare_engine  # noqa: F401 (fixture)

MAILING = Mailing(base_url="https://careers.example", company="Acme")
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
_LINK = re.compile(r"https?://[^/\s]+(/alerts/(?:confirm|unsubscribe))\?token=([A-Za-z0-9_-]+)(&lang=es)?")
SPANISH_CONSENT = (
    "Acme te enviará como mucho un correo al día cuando haya nuevos empleos que coincidan con esta "
    "alerta. Cada correo tiene un enlace para cancelar la suscripción; solo guardamos tu dirección y "
    "estos filtros."
)


def _subscribe(session: Session, email: str, criteria: Criteria = Criteria(), *, lang: str = "es") -> None:
    result = job_alerts.subscribe(
        email,
        criteria,
        client_key="net-1",
        page="/careers?lang=es",
        secret="s",
        mailing=MAILING,
        session=session,
        now=T0,
        lang=lang,
    )
    assert result.queued


def _mail(session: Session, email: str, kind: str) -> Outbox:
    mail = session.exec(
        select(Outbox).where(Outbox.to_email == email, Outbox.kind == kind).order_by(col(Outbox.id).desc())
    ).first()
    assert mail is not None
    return mail


def test_a_spanish_board_stores_the_spanish_consent_and_the_language_and_answers_in_spanish(
    app_db: Engine,  # noqa: F811
) -> None:
    tab = Tab("", "/careers?lang=es")
    tab.send(LanguageState, "detect")
    tab.send(JobAlertState, "subscribe", form_data={"email": "Ana@Example.org", "keyword": "python"})
    state, language = tab.state(JobAlertState), tab.state(LanguageState)
    assert state.answer == ANSWER  # what the server writes; the page shows it with tr()
    assert language.texts[state.answer].startswith("Revisa tu bandeja de entrada")
    with session_scope() as session:
        alert = session.exec(select(JobAlert)).one()
        assert alert.language == "es"
        company = get_settings().company_name  # the handler's
        assert alert.consent_text == SPANISH_CONSENT.replace("Acme", company)
        assert alert.consent_text == job_alerts.consent_text(company, "es")
        message = _mail(session, "ana@example.org", "job_alert_confirm")
        assert (
            message.subject
            == "Confirma tu alerta de empleo: Todos los empleos y una palabra clave que elegiste"
        )
        assert message.body.startswith("Hola:\n\nAlguien (esperamos que tú) pidió a")
        assert "El enlace muestra la palabra clave antes de que confirmes." in message.body
        assert "python" not in message.body  # never the keyword, in any language
        [(_path, _token, lang)] = _LINK.findall(message.body)
        assert lang == "&lang=es"
    # A field's error, in the tab's language too.
    tab.send(JobAlertState, "subscribe", form_data={"email": "ana@example.org", "keyword": "a" * 41})
    assert language.texts[state.errors["keyword"]] == "Usa como máximo 40 caracteres."


def test_an_english_board_stores_english_as_before(app_db: Engine) -> None:  # noqa: F811
    tab = Tab("", "/careers")
    tab.send(JobAlertState, "subscribe", form_data={"email": "en@example.org", "keyword": ""})
    with session_scope() as session:
        alert = session.exec(select(JobAlert)).one()
        company = get_settings().company_name  # the handler's
        assert alert.language == "en" and alert.consent_text == job_alerts.consent_text(company)
        assert alert.consent_text.startswith(f"{company} will email you at most once a day")
        message = _mail(session, "en@example.org", "job_alert_confirm")
        assert message.subject == "Confirm your job alert: All jobs" and "lang=" not in message.body


def test_the_alert_form_shows_its_consent_in_spanish() -> None:
    page = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), str(job_alert_form()))
    spanish = i18n.translate("es", job_alerts.CONSENT).replace(i18n.COMPANY, "")
    assert spanish.split(" te enviará")[1][:60] in page


def _pages_client() -> TestClient:
    return TestClient(job_alerts_api.http_routes())


def test_the_confirm_and_unsubscribe_pages_speak_the_requests_language(app_db: Engine) -> None:  # noqa: F811
    with session_scope() as session:
        team = make_team(session, "Data", "data-es")
        _subscribe(session, "pages@example.org", Criteria(team=team.slug), lang="es")
        [(path, token, _lang)] = _LINK.findall(_mail(session, "pages@example.org", "job_alert_confirm").body)
        # the alert was made just now (the link's lifetime counts from T0): move it to now
        session.execute(
            sa.text("update job_alert_token set expires_at = :t"),
            {"t": datetime.now(UTC) + timedelta(days=1)},
        )
    client = _pages_client()
    page = client.get(f"{path}?token={token}&lang=es")
    assert page.status_code == 200 and '<html lang="es">' in page.text
    assert "<h1>Confirma tu alerta de empleo</h1>" in page.text and "Empleos de Data" in page.text
    assert "Confirmar alerta de empleo" in page.text and "Confirm job alert" not in page.text
    assert f'action="{path}?lang=es"' in page.text  # the answer speaks it too
    # Without ?lang=: the cookie, then Accept-Language, as every candidate page chooses.
    by_cookie = client.get(
        f"{path}?token={token}", cookies={i18n.COOKIE: "es"}, headers={"accept-language": "en"}
    )
    by_browser = client.get(f"{path}?token={token}", headers={"accept-language": "es-MX,es;q=0.9"})
    english = client.get(f"{path}?token={token}", headers={"accept-language": "en-US"})
    assert "Confirma tu alerta" in by_cookie.text and "Confirma tu alerta" in by_browser.text
    assert "Confirm your job alert" in english.text and '<html lang="en">' in english.text
    assert page.headers["vary"] == "Accept-Language, Cookie"
    done = client.post(f"{path}?lang=es", data={"token": token})
    assert done.status_code == 200 and "<h1>Tu alerta de empleo está activada</h1>" in done.text
    assert "Te enviaremos por correo nuevos empleos: Empleos de Data." in done.text
    found = re.search(r'action="(/alerts/unsubscribe\?token=[^"&]+&amp;lang=es)"', done.text)
    assert found is not None
    unsubscribe = found.group(1).replace("&amp;", "&")
    asked = client.get(unsubscribe)
    assert "¿Cancelar la suscripción a esta alerta de empleo?" in asked.text
    gone = client.post(unsubscribe, data={})
    assert "<h1>Has cancelado la suscripción</h1>" in gone.text
    again = client.get(unsubscribe)
    assert again.status_code == 404 and "Enlace no válido" in again.text
    assert "Este enlace ha caducado o ya no es válido." in again.text


def test_a_spanish_alerts_digest_speaks_spanish(session: Session) -> None:
    team, office = make_team(session, "Data", "data-digest-es"), make_office(session, "Madrid")
    _subscribe(
        session,
        "digest@example.org",
        Criteria(team=team.slug, office=office.slug, keyword="python"),
        lang="es",
    )
    [(_p, token, _l)] = _LINK.findall(_mail(session, "digest@example.org", "job_alert_confirm").body)
    assert job_alerts.confirm(token, session=session, now=T0) is not None
    make_posting(session, team, office, title="Python Engineer", published_at=T0 + timedelta(hours=1))
    alert = session.exec(select(JobAlert)).one()
    assert job_alerts.queue_digest(alert, MAILING, session=session, now=T0 + timedelta(days=1))
    digest = _mail(session, "digest@example.org", "job_alert_digest")
    assert (
        digest.subject == "1 empleo nuevo en Acme: Empleos de Data en Madrid y una palabra clave que elegiste"
    )
    assert (
        "1 empleo nuevo en Acme para tu alerta “Empleos de Data en Madrid que coinciden con “python”"
        in digest.body
    )
    assert "Ver todas las vacantes: https://careers.example/careers?" in digest.body
    assert "El equipo de selección de Acme" in digest.body and "Hello" not in digest.body
    assert digest.list_unsubscribe.endswith("&lang=es")
    assert "<strong>Empleos de Data en Madrid que coinciden con “python”</strong>" in digest.html_body
    assert "Cancelar la suscripción</a> (un clic, sin necesidad de cuenta" in digest.html_body


def test_the_english_digest_keeps_its_words(session: Session) -> None:
    team, office = make_team(session, "Data", "data-digest-en"), make_office(session, "Boston, MA")
    _subscribe(session, "d-en@example.org", Criteria(team=team.slug, office=office.slug), lang="en")
    [(_p, token, _l)] = _LINK.findall(_mail(session, "d-en@example.org", "job_alert_confirm").body)
    job_alerts.confirm(token, session=session, now=T0)
    make_posting(session, team, office, title="A", published_at=T0 + timedelta(hours=1))
    make_posting(session, team, office, title="B", published_at=T0 + timedelta(hours=2))
    alert = session.exec(select(JobAlert)).one()
    assert job_alerts.queue_digest(alert, MAILING, session=session, now=T0 + timedelta(days=1))
    digest = _mail(session, "d-en@example.org", "job_alert_digest")
    assert digest.subject == "2 new jobs at Acme: Data jobs in Boston, MA"
    assert digest.body.startswith(
        "Hello,\n\n2 new jobs at Acme for your alert “Data jobs in Boston, MA”:\n\n"
    )
    assert digest.body.endswith(
        "You get this email because you asked for job alerts on our careers site. Unsubscribe (one click, "
        f"no account needed; the alert and our copies of its emails are deleted):\n{digest.list_unsubscribe}"
        "\n\nThe Acme recruiting team"
    )
    assert "lang=" not in digest.list_unsubscribe
    assert (
        "<p>Hello,</p>\n<p>2 new jobs at Acme for your alert <strong>Data jobs in Boston, MA</strong>:</p>"
        in digest.html_body
    )


def test_0024_gives_existing_alerts_english_and_goes_down_and_up(bare_engine: Engine) -> None:  # noqa: F811
    _move_to(bare_engine, "0023")
    with bare_engine.begin() as conn:
        conn.execute(
            sa.text(
                "insert into job_alert (email, team, office, keyword, consent_text, consent_page, created_at) "
                "values ('a@example.org', '', '', '', 'words', '/careers', '2026-01-01 00:00:00+00:00')"
            )
        )
    _move_to(bare_engine, "0024")
    with bare_engine.begin() as conn:
        assert conn.execute(sa.text("select language from job_alert")).scalar_one() == "en"
    _move_to(bare_engine, "0023", down=True)
    assert "language" not in {c["name"] for c in sa.inspect(bare_engine).get_columns("job_alert")}
    _move_to(bare_engine, "0024")

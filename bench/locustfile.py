"""The portal under load: Locust users who browse and write as people do, through the pages.

Run by bench/loadtest.py (`make loadtest`), which grows the demo, starts gunicorn and a
Celery worker and checks the database afterwards; alone (a portal already running):

    LOADTEST_ORGS=sosh-1,sosh-2 LOADTEST_PASSWORD=demo12345 .venv/bin/locust -f bench/locustfile.py \
        --headless --users 57 --spawn-rate 10 --run-time 4m --host http://127.0.0.1:18000

The mix (fixed counts): 25 curators (home page, the registry and its filters, participants'
cards, the board, pairs' pages, programmes), 25 mentors (their pairs, logging meetings),
5 committee members (the committee's dashboards), one secretary who asks for 50 PDFs over
the run (the roadmap PDFs of 40 organisations, then 10 quarterly reports) and one curator
who imports a file of 2,000 rows (upload, check, confirm). Everyone signs in once, with the
CSRF token of the sign-in form; every form is read from its page and posted with all it
holds (hidden inputs included), as a browser would.

Settings come from the environment (bench/loadtest.py sets them):
LOADTEST_ORGS (slugs, comma-separated), LOADTEST_MUNICIPALITY, LOADTEST_PASSWORD,
LOADTEST_IMPORT_FILE and LOADTEST_IMPORT_ORG (no import without them), LOADTEST_IMPORT_AT
(seconds after the start), LOADTEST_PDFS, LOADTEST_PDF_EVERY (seconds), LOADTEST_EVENTS
(a JSON-lines file: every failed request with its time, every meeting logged, every PDF and
import asked for, for the checks afterwards).
"""

import itertools
import json
import os
import random
import re
import time
from datetime import date, timedelta
from html.parser import HTMLParser
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from locust import HttpUser, between, events, task

ORGS = [s for s in os.environ.get("LOADTEST_ORGS", "sosh-1").split(",") if s]
MUNICIPALITY = os.environ.get("LOADTEST_MUNICIPALITY", "kalachinsk")
PASSWORD = os.environ.get("LOADTEST_PASSWORD", "demo12345")
IMPORT_FILE = os.environ.get("LOADTEST_IMPORT_FILE", "")
IMPORT_ORG = os.environ.get("LOADTEST_IMPORT_ORG", "")
IMPORT_AT = float(os.environ.get("LOADTEST_IMPORT_AT", "30"))
PDFS = int(os.environ.get("LOADTEST_PDFS", "50"))
PDF_EVERY = float(os.environ.get("LOADTEST_PDF_EVERY", "3"))
PDF_START = float(os.environ.get("LOADTEST_PDF_START", "20"))
EVENTS = os.environ.get("LOADTEST_EVENTS", "")
COMMITTEE_MEMBERS = int(os.environ.get("LOADTEST_COMMITTEE_MEMBERS", "5"))

# The production settings mark the session and CSRF cookies Secure; this test speaks plain
# http on loopback, which browsers treat as a secure context, so the cookies go back there too
# (requests builds a new cookie jar for every request: the policy is changed for all of them).
_return_ok_secure = DefaultCookiePolicy.return_ok_secure


def _loopback_is_secure(policy, cookie, request):
    host = urlsplit(request.get_full_url()).hostname
    return host in ("127.0.0.1", "localhost", "::1") or _return_ok_secure(policy, cookie, request)


DefaultCookiePolicy.return_ok_secure = _loopback_is_secure

_events_file = open(EVENTS, "a", buffering=1, encoding="utf-8") if EVENTS else None  # noqa: SIM115
_started = time.time()


def record(event: str, **data) -> None:
    if _events_file:
        _events_file.write(
            json.dumps({"t": round(time.time(), 3), "type": event, **data}, ensure_ascii=False) + "\n"
        )


@events.request.add_listener
def _record_failures(request_type, name, response_time, response_length, response=None, exception=None, **kw):
    if exception is not None:
        status = getattr(response, "status_code", None)
        record("failure", method=request_type, name=name, status=status, error=str(exception)[:300])


@events.user_error.add_listener
def _record_errors(user_instance, exception, tb, **kwargs):
    """A task that broke (a page without the form it should have…) counts as a failure."""
    record(
        "failure", method="TASK", name=type(user_instance).__name__, status=None, error=repr(exception)[:300]
    )


# --- Pages read as a browser reads them ---------------------------------------------------


class _Forms(HTMLParser):
    """The forms of a page with what a browser would submit: every named input (hidden ones
    included; checkboxes and radios when checked), the selected option of each select (the
    first when none is), textareas; not the submit buttons."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        form = self.forms[-1] if self.forms and self.forms[-1]["open"] else None
        if tag == "form":
            self.forms.append(
                {"open": True, "action": attrs.get("action") or "", "attrs": attrs, "fields": []}
            )
        elif form is None:
            return
        elif tag == "input" and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            form["fields"].append((attrs["name"], attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and attrs.get("name"):
            self._select = {"name": attrs["name"], "first": None, "chosen": None}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self._select["chosen"] = value
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        form = self.forms[-1] if self.forms and self.forms[-1]["open"] else None
        if form is None:
            return
        if tag == "select" and self._select is not None:
            value = self._select["chosen"] if self._select["chosen"] is not None else self._select["first"]
            if value is not None:
                form["fields"].append((self._select["name"], value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            form["fields"].append(tuple(self._textarea))
            self._textarea = None
        elif tag == "form":
            form["open"] = False


def forms_of(html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def form_where(html: str, *, action_ends: str = "", attr: tuple[str, str] | None = None) -> dict | None:
    for form in forms_of(html):
        if action_ends and not urlsplit(form["action"]).path.endswith(action_ends):
            continue
        if attr and form["attrs"].get(attr[0]) != attr[1]:
            continue
        return form
    return None


def with_values(form: dict, **values) -> list[tuple[str, str]]:
    """The form's fields with some values replaced (or added)."""
    fields = [(name, values[name] if name in values else value) for name, value in form["fields"]]
    present = {name for name, _ in fields}
    return fields + [(name, value) for name, value in values.items() if name not in present]


def links(html: str, pattern: str) -> list[str]:
    return sorted(set(re.findall(pattern, html)))


def alerts(html: str) -> list[str]:
    return re.findall(r'class="alert alert-(success|danger|info|warning)', html)


# --- The users ------------------------------------------------------------------------------


class PortalUser(HttpUser):
    abstract = True
    wait_time = between(2, 8)  # a person reads a page before the next click
    _numbers = None
    _signing_in = False

    def on_start(self):
        self.login = self.next_login()
        self.sign_in(self.login)

    @classmethod
    def next_number(cls) -> int:
        if cls._numbers is None:
            cls._numbers = itertools.count()
        return next(cls._numbers)

    def next_login(self) -> str:
        raise NotImplementedError

    def sign_in(self, username: str) -> None:
        self.client.cookies.clear()
        with self.client.get("/accounts/login/", name="accounts:login", catch_response=True) as page:
            if page.status_code != 200:
                page.failure(f"{page.status_code}")
        form = form_where(page.text, action_ends="/accounts/login/")
        if form is None:
            return  # the sign-in page failed (counted): the next task tries again
        with self.client.post(
            "/accounts/login/",
            data=with_values(form, username=username, password=PASSWORD),
            headers={"Referer": page.url},
            allow_redirects=False,
            name="accounts:login (POST)",
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign-in of {username} answered {response.status_code}")
        self.home = self.page("/", "home").url

    def page(self, url: str, name: str, **kwargs):
        """A page that must answer 200 and not be the sign-in page."""
        signed_out = False
        with self.client.get(url, name=name, catch_response=True, **kwargs) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
            elif "/accounts/login/" in urlsplit(response.url).path:
                response.failure("sent to the sign-in page")
                signed_out = True
        if signed_out and getattr(self, "login", None) and not self._signing_in:
            self._signing_in = True  # as a person would: sign in again (once)
            try:
                self.sign_in(self.login)
            finally:
                self._signing_in = False
        return response

    def post_form(self, page, form: dict, name: str, data=None, files=None):
        """Posts like a browser: to the form's action (or the page itself), with the page as
        Referer, then follows the redirect as a separate request (as the browser shows it)."""
        url = urljoin(page.url, form["action"] or page.url)
        with self.client.post(
            url,
            data=data if data is not None else form["fields"],
            files=files,
            headers={"Referer": page.url},
            allow_redirects=False,
            name=name,
            catch_response=True,
        ) as response:
            if response.status_code not in (302, 303):
                response.failure(f"{response.status_code}")
                return None
        location = urljoin(url, response.headers["Location"])
        return self.page(location, f"{name} → redirect")


class Curator(PortalUser):
    fixed_count = 25

    def next_login(self):
        self.org = ORGS[self.next_number() % len(ORGS)]
        self.participants: list[str] = []
        self.pairs: list[str] = []
        return f"curator-{self.org}"

    @task(2)
    def home_page(self):
        self.page(f"/o/{self.org}/", "organizations:home")

    @task(4)
    def registry(self):
        page_number = random.choice([None, None, 2, 3, 4, 6])
        query = f"?page={page_number}" if page_number else ""
        response = self.page(f"/o/{self.org}/participants/{query}", "participants:list")
        found = links(response.text, rf'href="(/o/{self.org}/participants/\d+/)"')
        if found:
            self.participants = found

    @task(1)
    def registry_filtered(self):
        """A filter of the registry: posted, kept in the session, then shown; then cleared."""
        response = self.page(f"/o/{self.org}/participants/", "participants:list")
        form = form_where(response.text, attr=("role", "search"))
        if form is None:
            return
        choice = random.choice(
            [{"programme_role": "mentor"}, {"consent": "missing"}, {"status": "in_pair"}, {"query": "ова"}]
        )
        self.post_form(response, form, "participants:list (filter)", data=with_values(form, **choice))
        self.post_form(response, form, "participants:list (reset)", data=with_values(form, reset="1"))

    @task(3)
    def participant_card(self):
        if not self.participants:
            return self.registry()
        self.page(random.choice(self.participants), "participants:detail")

    @task(3)
    def board(self):
        response = self.page(f"/o/{self.org}/programmes/board/", "pairs:board")
        found = links(response.text, rf'href="(/o/{self.org}/programmes/pairs/\d+/)"')
        if found:
            self.pairs = found

    @task(3)
    def pair_page(self):
        if not self.pairs:
            return self.board()
        self.page(random.choice(self.pairs), "pairs:pair")

    @task(1)
    def programmes(self):
        response = self.page(f"/o/{self.org}/programmes/", "pairs:programmes")
        found = links(response.text, rf'href="(/o/{self.org}/programmes/\d+/)"')
        if found:
            self.page(random.choice(found), "pairs:programme")


class Mentor(PortalUser):
    fixed_count = 25

    def next_login(self):
        # The mentors of other organisations than the curators' first ones.
        self.org = ORGS[(self.next_number() + 13) % len(ORGS)]
        self.pairs: list[str] = []
        return f"mentor-{self.org}"

    @task(1)
    def home_page(self):
        self.page(f"/o/{self.org}/", "organizations:home")

    @task(2)
    def my_pairs(self):
        response = self.page(f"/o/{self.org}/programmes/mine/", "pairs:my_pairs")
        found = links(response.text, rf'href="(/o/{self.org}/programmes/mine/\d+/)"')
        if found:
            self.pairs = found

    @task(4)
    def my_pair(self):
        if not self.pairs:
            return self.my_pairs()
        self.page(random.choice(self.pairs), "pairs:my_pair")

    @task(1)
    def log_meeting(self):
        """The meeting form of the pair's page, filled in and posted with all it holds."""
        if not self.pairs:
            return self.my_pairs()
        pair_url = random.choice(self.pairs)
        response = self.page(pair_url, "pairs:my_pair")
        form = form_where(response.text, attr=("id", "log-meeting"))
        if form is None:
            return  # a pair that no longer works has no form
        held_on = date.today() - timedelta(days=random.randint(0, 60))
        data = with_values(
            form,
            kind="regular",
            confirm_order="on",  # regular before a pair's planning meeting is out of the sequence
            held_on=held_on.isoformat(),
            place="Кабинет 214",
            notes=f"Нагрузочный тест: встреча {random.randint(1, 10**9)}",
        )
        shown = self.post_form(response, form, "pairs:meeting_add", data=data)
        if shown is not None:
            kinds = alerts(shown.text)
            result = "logged" if "success" in kinds else "refused" if "danger" in kinds else "unknown"
            record("meeting", pair=pair_url, result=result, login=self.login)


class Committee(PortalUser):
    fixed_count = COMMITTEE_MEMBERS

    def next_login(self):
        number = self.next_number() % COMMITTEE_MEMBERS
        return f"committee-{MUNICIPALITY}" + (f"-{number + 1}" if number else "")

    @task(3)
    def dashboard(self):
        self.page(f"/m/{MUNICIPALITY}/", "committee:dashboard")

    @task(3)
    def monitoring(self):
        self.page(f"/m/{MUNICIPALITY}/monitoring/", "committee_monitoring:dashboard")

    @task(1)
    def roadmap(self):
        self.page(f"/m/{MUNICIPALITY}/roadmap/", "committee_roadmap:list")


class Secretary(PortalUser):
    """Asks for PDFs one after another, each as the curator of its organisation: the official
    PDF of the roadmaps of the first 40 organisations, then the quarter's report of others."""

    fixed_count = 1
    wait_time = between(0, 0)

    def on_start(self):
        wanted = [("roadmap", org) for org in ORGS[:40]]
        wanted += [("report", org) for org in ORGS[: PDFS - len(wanted)]]
        self.queue = [(kind, org, 1) for kind, org in wanted[:PDFS]]
        self.done = 0

    @task
    def next_pdf(self):
        if not self.queue:
            time.sleep(5)
            return
        due = _started + PDF_START + self.done * PDF_EVERY
        time.sleep(max(0.0, due - time.time()))
        kind, org, attempt = self.queue.pop(0)
        self.done += 1
        try:
            asked = self.ask(kind, org)
        except Exception as error:  # noqa: BLE001  (a page that failed: counted, tried again)
            record("failure", method="TASK", name="Secretary", status=None, error=repr(error)[:300])
            asked = False
        record("pdf", kind=kind, org=org, attempt=attempt, result="asked" if asked else "failed")
        if not asked and attempt < 3:
            self.queue.append((kind, org, attempt + 1))  # a person tries again a little later

    def ask(self, kind: str, org: str) -> bool:
        self.sign_in(f"curator-{org}")
        if kind == "roadmap":
            listing = self.page(f"/o/{org}/roadmap/", "roadmap:list")
            found = links(listing.text, rf'href="(/o/{org}/roadmap/\d+/)"')
            detail = self.page(found[0], "roadmap:detail") if found else None
            form = form_where(detail.text, action_ends="/pdf/") if detail else None
            shown = self.post_form(detail, form, "roadmap:pdf") if form else None
        else:
            reports = self.page(f"/o/{org}/monitoring/reports/", "monitoring:reports")
            form = form_where(reports.text, attr=("data-testid", "report-form"))
            today = date.today()
            quarter = f"{today.year}-Q{(today.month - 1) // 3 + 1}"  # typed in, as a person does
            data = with_values(form, period=quarter) if form else None
            shown = self.post_form(reports, form, "monitoring:reports (POST)", data=data) if form else None
        return shown is not None and shown.status_code == 200 and "danger" not in alerts(shown.text)


class Importer(PortalUser):
    """One curator imports a file of 2,000 rows: upload, wait for the check, confirm, wait."""

    fixed_count = 1 if IMPORT_FILE else 0
    wait_time = between(0, 0)

    def next_login(self):
        self.finished = False
        return f"curator-{IMPORT_ORG}"

    @task
    def import_file(self):
        if self.finished:
            time.sleep(5)
            return
        self.finished = True
        time.sleep(max(0.0, _started + IMPORT_AT - time.time()))
        start = self.page(f"/o/{IMPORT_ORG}/participants/import/", "participants:import")
        form = form_where(start.text, attr=("enctype", "multipart/form-data"))
        content = Path(IMPORT_FILE).read_bytes()
        files = {"file": (Path(IMPORT_FILE).name, content, "application/octet-stream")}
        shown = self.post_form(start, form, "participants:import (upload)", files=files)
        if shown is None:
            record("import", stage="upload failed")
            return
        run_url = shown.url
        record("import", stage="uploaded", run=run_url)
        page = self.wait_for(run_url, ['data-testid="import-confirm"', *ENDED])
        if page is None or 'data-testid="import-confirm"' not in page.text:
            record("import", stage="check failed", run=run_url)
            return
        self.post_form(page, form_where(page.text, action_ends="/confirm/"), "participants:import_confirm")
        record("import", stage="confirmed", run=run_url)
        page = self.wait_for(run_url, ENDED)
        record("import", stage="finished" if page is not None else "did not end", run=run_url)

    def wait_for(self, url, markers, limit=900):
        """Polls the run as its page does (htmx, every second); when the page says the work
        stopped, reads the whole page, and returns it once it shows one of `markers`."""
        deadline = time.time() + limit
        while time.time() < deadline:
            poll = self.page(url, "participants:import_run (poll)", headers={"HX-Request": "true"})
            if "HX-Refresh" in poll.headers:
                page = self.page(url, "participants:import_run")
                if any(marker in page.text for marker in markers):
                    return page
            time.sleep(1)
        return None


# The run page once the import ended: imported, or refused with its errors.
ENDED = ['data-testid="import-done"', 'data-testid="import-error"', 'data-testid="import-file-error"']
